/**
 * Reading the shared shapes (`Breakdown`, `Series`, `MapPoint[]`, `ListItem[]`, numbers) out of
 * any topic by `topic` and `field`: the generic widgets bind through here, so a new domain whose
 * summary uses these shapes shows on the wall with no widget change. The guards check the shape at
 * run time because the pair comes from a config file, not from the type checker.
 */
import Type from 'typebox';
import type { Breakdown, ListItem, MapPoint, Series, TopicName } from '../server/protocol/topics';
import type { TopicData } from './widget';

/** Options fragment: which topic, and which field of it (a dotted path; none = the whole topic). */
export const topicOption = Type.String({ pattern: '^[a-z][a-z0-9-]*\\.[a-z][a-z0-9-]*$', maxLength: 64 });
export const fieldOption = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)*$', maxLength: 96 });

/** The value at `field` of a topic's data, or the data itself without a field. */
export function pickField(data: TopicData, topic: string, field: string | undefined): unknown {
  let value: unknown = (data as Record<string, unknown>)[topic];
  if (field) {
    for (const part of field.split('.')) {
      if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
      value = (value as Record<string, unknown>)[part];
    }
  }
  return value;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

export function isBreakdown(value: unknown): value is Breakdown {
  return isObject(value) && Array.isArray(value.rows) && (value.format === 'number' || value.format === 'percent') && isObject(value.unit);
}

export function isSeries(value: unknown): value is Series {
  return isObject(value) && Array.isArray(value.x) && Array.isArray(value.lines) && typeof value.xKind === 'string';
}

export function isMapPoints(value: unknown): value is MapPoint[] {
  return Array.isArray(value) && value.every((item) => isObject(item) && typeof item.lon === 'number' && typeof item.lat === 'number');
}

export function isListItems(value: unknown): value is ListItem[] {
  return Array.isArray(value) && value.every((item) => isObject(item) && typeof item.title === 'string' && typeof item.time === 'number');
}

/** A topic name from config, typed for `topics()`; the server checks at load that it exists. */
export function asTopic(topic: string): TopicName {
  return topic as TopicName;
}
