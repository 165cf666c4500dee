/**
 * Reading the shared shapes (`Breakdown`, `Series`, `MapPoint[]`, `ListItem[]`, numbers) out of
 * any topic by `topic` and `field`: the generic widgets bind through here, so a new domain whose
 * summary uses these shapes shows on the wall with no widget change. The guards check the shape at
 * run time because the pair comes from a config file, not from the type checker.
 */
import Type, { type TSchema } from 'typebox';
import { Value } from 'typebox/value';
// The shared schemas, not `topics.ts`: the display bundle takes these few, not every domain's.
import {
  Breakdown,
  BreakdownRow,
  ListItem,
  type LocalizedText,
  MapPoint,
  Series,
  SeriesLine,
} from '../server/protocol/topics/shared';
import type { TopicName } from '../server/protocol/topics';
import type { ReadShape, TopicData } from './widget';

/** Options fragment: which topic, and which field of it (a dotted path; none = the whole topic). */
const TOPIC_PATTERN = '^[a-z][a-z0-9-]*\\.[a-z][a-z0-9-]*$';
export const topicOption = Type.String({ pattern: TOPIC_PATTERN, maxLength: 64 });
/** `topicOption` for a widget that reads `topic` unless the dashboard names another. */
export const topicOptionDefault = (topic: TopicName) =>
  Type.String({ pattern: TOPIC_PATTERN, maxLength: 64, default: topic });
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

/**
 * The guards are the shared payload schemas, checked at run time. A Breakdown or a Series is
 * checked as an envelope (its rows or lines only as a list): a widget then keeps the rows and lines
 * it can draw one by one (`usableRows`, `usableLines`), so one bad row never blanks the others.
 */
const guard =
  <T>(schema: TSchema) =>
  (value: unknown): value is T =>
    Value.Check(schema, value);
const AnyList = Type.Array(Type.Unknown());
const pick = <P extends Record<string, TSchema>, K extends keyof P & string>(properties: P, keys: readonly K[]) =>
  Type.Object(Object.fromEntries(keys.map((key) => [key, properties[key]!])) as Pick<P, K>);

export const isBreakdown = guard<Breakdown>(
  Type.Object({ ...pick(Breakdown.properties, ['unit', 'format']).properties, rows: AnyList }),
);
export const isSeries = guard<Series>(
  Type.Object({ ...pick(Series.properties, ['xKind']).properties, x: AnyList, lines: AnyList }),
);
/** Every item a place (at least its position); the map then draws the points it can. */
export const isMapPoints = guard<MapPoint[]>(Type.Array(pick(MapPoint.properties, ['lon', 'lat'])));
const isListItems = guard<ListItem[]>(Type.Array(pick(ListItem.properties, ['title', 'time'])));

/** The guard of each shape a manifest may declare (`FieldRead.shape`); `number` also takes null (a rate not known yet). */
export const SHAPE_GUARDS: Record<ReadShape, (value: unknown) => boolean> = {
  number: (value) => value === null || Value.Check(Type.Number(), value),
  breakdown: isBreakdown,
  series: isSeries,
  list: isListItems,
  points: isMapPoints,
};

/** The shapes in words, for the messages of the config check and of the widgets. */
export const SHAPE_NAMES: Record<ReadShape, LocalizedText> = {
  number: { vi: 'một số', en: 'a number' },
  breakdown: { vi: 'một bảng phân tổ (Breakdown)', en: 'a Breakdown' },
  series: { vi: 'một chuỗi số liệu (Series)', en: 'a Series' },
  list: { vi: 'một danh sách (ListItem[])', en: 'a list (ListItem[])' },
  points: { vi: 'một danh sách địa điểm (MapPoint[])', en: 'a list of places (MapPoint[])' },
};

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
  if (!guard(value))
    return { value: null, notice: { vi: `${where} không phải ${expected.vi}`, en: `${where} is not ${expected.en}` } };
  return { value, notice: null };
}

export const NOTHING_YET: LocalizedText = { vi: 'Chưa có dữ liệu', en: 'Nothing yet' };

const usableRow = guard<BreakdownRow>(pick(BreakdownRow.properties, ['key', 'label', 'value']));
const usableLine = guard<SeriesLine>(
  Type.Object({ ...pick(SeriesLine.properties, ['key', 'label']).properties, values: AnyList }),
);

/** The rows a widget can draw: a finite value and a label; anything else is skipped, not drawn as 0. */
export function usableRows(breakdown: Breakdown): BreakdownRow[] {
  return breakdown.rows.filter(usableRow);
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
  return series.lines.filter(usableLine);
}

/** A place the map can draw: where, what it is and its name; a value, if any, a number. */
export const isUsablePoint = guard<MapPoint>(
  pick(MapPoint.properties, ['id', 'lon', 'lat', 'label', 'kind', 'kindName', 'value']),
);

/** One line of a list that a widget can show: an id, a time and a plain-text title. */
export const isListItem = guard<ListItem>(pick(ListItem.properties, ['id', 'title', 'time']));
