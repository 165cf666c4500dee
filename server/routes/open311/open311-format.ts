/**
 * Open311 GeoReport v2 wire formats: JSON or XML by the path's extension, errors as
 * `[{code, description}]` (`<errors><error>` in XML), times in ISO 8601 with the city's offset.
 *
 * XML nests every list as the specification's examples do: a plural element around one element
 * per item (`<endpoints><endpoint>`, `<formats><format>`, `<attributes><attribute>`), and an empty
 * list is an empty element (`<attributes></attributes>`), never a missing one.
 */
import { XMLBuilder } from 'fast-xml-parser';
import { zoneOffsetMs } from '../../domains/calendar';

export type Open311Format = 'json' | 'xml';

/** The element of one item of each list, by the list's element (as in the spec's examples). */
const ITEM_OF: Readonly<Record<string, string>> = {
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
  notes: 'note',
};

const builder = new XMLBuilder({
  ignoreAttributes: true,
  format: true,
  suppressEmptyNode: false,
  processEntities: true,
});

/** `2026-11-28T10:15:00+07:00` for the city's time zone. */
export function open311Time(ms: number, timeZone: string): string {
  const offset = zoneOffsetMs(ms, timeZone);
  const local = new Date(ms + offset).toISOString().slice(0, 19);
  const sign = offset >= 0 ? '+' : '-';
  const minutes = Math.abs(offset) / 60_000;
  return `${local}${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * A date of a query in the spec's w3 format, or null when it is not one. A client that does not
 * encode the query sends `+07:00` as ` 07:00` (a `+` in a query is a space): read it as meant.
 */
export function parseOpen311Date(raw: string): number | null {
  const text = raw.trim().replace(/ (\d\d:?\d\d)$/, '+$1');
  if (!/^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?)?(Z|[+-]\d\d:?\d\d)?$/.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

/** XML has no null: an empty element says "not known"; lists become plural-around-singular. */
function xmlShape(value: unknown, key: string | null): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    const item = key === null ? null : ITEM_OF[key];
    const items = value.map((entry) => xmlShape(entry, item ?? null));
    if (item === undefined || item === null) return items;
    return items.length === 0 ? '' : { [item]: items };
  }
  if (typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([name, entry]) => [name, xmlShape(entry, name)]));
  return value;
}

/** XML as the GeoReport examples write it: a root, one `item` element per entry of a list body. */
export function toXml(root: string, item: string | null, body: unknown): string {
  const shaped = xmlShape(body, null);
  const content = item === null ? shaped : Array.isArray(shaped) && shaped.length === 0 ? '' : { [item]: shaped };
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ [root]: content }) as string}`;
}

export interface Open311Error {
  code: number;
  description: string;
}

export function errorsXml(errors: Open311Error[]): string {
  return toXml('errors', 'error', errors);
}

/** The format a URL asks for: `.xml` before the query, else JSON (also for a path without one). */
export function formatOfUrl(url: string): Open311Format {
  return /\.xml$/i.test(url.split('?')[0] ?? '') ? 'xml' : 'json';
}
