/**
 * Open311 GeoReport v2 wire formats: JSON or XML by the path's extension, errors as
 * `[{code, description}]`, times in ISO 8601 with the city's offset (+07:00).
 */
import { XMLBuilder } from 'fast-xml-parser';
import { zoneOffsetMs } from '../../domains/calendar';

export type Open311Format = 'json' | 'xml';

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

/** XML as the GeoReport examples write it: a plural root, one element per item. */
export function toXml(root: string, item: string | null, body: unknown): string {
  const content = item === null ? body : { [item]: body };
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ [root]: content }) as string}`;
}

export interface Open311Error {
  code: number;
  description: string;
}

export function errorsXml(errors: Open311Error[]): string {
  return toXml('errors', 'error', errors);
}
