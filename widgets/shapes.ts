/**
 * Reading the shared shapes (`Breakdown`, `Series`, `MapPoint[]`, `ListItem[]`, numbers) out of
 * any topic by `topic` and `field`: the generic widgets bind through here, so a new domain whose
 * summary uses these shapes shows on the wall with no widget change. The guards check the shape at
 * run time because the pair comes from a config file, not from the type checker.
 */
import Type from 'typebox';
import type { Breakdown, BreakdownRow, ListItem, LocalizedText, MapPoint, Series, SeriesLine, TopicName } from '../server/protocol/topics';
import type { TopicData } from './widget';

/** Options fragment: which topic, and which field of it (a dotted path; none = the whole topic). */
const TOPIC_PATTERN = '^[a-z][a-z0-9-]*\\.[a-z][a-z0-9-]*$';
export const topicOption = Type.String({ pattern: TOPIC_PATTERN, maxLength: 64 });
/** `topicOption` for a widget that reads `topic` unless the dashboard names another. */
export const topicOptionDefault = (topic: TopicName) => Type.String({ pattern: TOPIC_PATTERN, maxLength: 64, default: topic });
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

/**
 * What a generic widget got at `topic` + `field`: null while the topic has no data yet (the frame
 * says "waiting"); otherwise the value, or a notice saying in words why there is nothing to draw,
 * so that a typo in a dashboard shows on the wall instead of an endless "waiting for data".
 */
export type ShapeRead<T> = { value: T; notice: null } | { value: null; notice: LocalizedText };

export function readShape<T>(
  data: TopicData,
  topic: string | undefined,
  field: string | undefined,
  guard: (value: unknown) => value is T,
  expected: LocalizedText,
): ShapeRead<T> | null {
  if (!topic) return { value: null, notice: { vi: 'Thiếu tùy chọn "topic"', en: 'The "topic" option is missing' } };
  if (!Object.hasOwn(data, topic)) return null;
  const value = pickField(data, topic, field);
  const where = field ? `${topic} → ${field}` : topic;
  if (value === undefined) return { value: null, notice: { vi: `Không có trường ${where}`, en: `No field ${where}` } };
  if (value === null) return { value: null, notice: NOTHING_YET };
  if (!guard(value)) return { value: null, notice: { vi: `${where} không phải ${expected.vi}`, en: `${where} is not ${expected.en}` } };
  return { value, notice: null };
}

export const NOTHING_YET: LocalizedText = { vi: 'Chưa có dữ liệu', en: 'Nothing yet' };

const isText = (value: unknown): value is LocalizedText => isObject(value) && typeof value.vi === 'string' && typeof value.en === 'string';

/** The rows a widget can draw: a finite value and a label; anything else is skipped, not drawn as 0. */
export function usableRows(breakdown: Breakdown): BreakdownRow[] {
  return breakdown.rows.filter(
    (row): row is BreakdownRow =>
      isObject(row) && typeof row.key === 'string' && isText(row.label) && typeof row.value === 'number' && Number.isFinite(row.value),
  );
}

/** One value per x key: missing or non-numeric entries become gaps (null), never zeros. */
export function lineValues(line: SeriesLine, length: number): Array<number | null> {
  const values: unknown[] = Array.isArray(line.values) ? line.values : [];
  return Array.from({ length }, (_, index) => {
    const value = values[index];
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  });
}

/** The lines a chart can draw: a key, a label and a list of values. */
export function usableLines(series: Series): SeriesLine[] {
  return series.lines.filter((line): line is SeriesLine => isObject(line) && typeof line.key === 'string' && isText(line.label) && Array.isArray(line.values));
}

/** One line of a list that a widget can show: an id, a time and a plain-text title. */
export function isListItem(value: unknown): value is ListItem {
  return isObject(value) && typeof value.id === 'string' && typeof value.title === 'string' && typeof value.time === 'number' && Number.isFinite(value.time);
}
