/**
 * The shapes every domain shares, as TypeBox schemas with their types derived from them.
 *
 * Most domains publish a summary topic whose fields are numbers, `Breakdown`s and `Series`, plus
 * collections of `MapPoint`s or `ListItem`s. The generic widgets (kpi-tile, ranking, chart, table,
 * the map's points and choropleth) read these shapes by `topic` and `field`, so adding a domain
 * needs no change to any widget. The same schemas give the types, the display's run-time guards
 * (`widgets/shapes.ts`) and the config check of every dashboard's fields.
 *
 * The display bundles this module: it may import `typebox` and nothing else (no Node modules).
 */
import Type, { type Static, type TSchema } from 'typebox';

/** `T | null`: a figure that does not exist yet (a rate before anything was handled). */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const LocalizedText = Type.Object({ vi: Type.String(), en: Type.String() });
export type LocalizedText = Static<typeof LocalizedText>;

export const Tone = Type.Union([
  Type.Literal('good'),
  Type.Literal('fair'),
  Type.Literal('bad'),
  Type.Literal('neutral'),
]);
export type Tone = Static<typeof Tone>;

/** `percent`: values are shares 0..1, shown with one decimal. */
const NumberFormat = Type.Union([Type.Literal('number'), Type.Literal('percent')]);

/** One row of a breakdown: a ward, an agency, a kind… with its value. */
export const BreakdownRow = Type.Object({
  /** Stable key: the ward code in a per-ward breakdown (the map colours wards by it), else a slug. */
  key: Type.String(),
  label: LocalizedText,
  value: Type.Number(),
  /** A second figure shown beside the value, e.g. the number of cases behind a rate. */
  detail: Type.Optional(Type.Number()),
});
export type BreakdownRow = Static<typeof BreakdownRow>;

export const Breakdown = Type.Object({
  unit: LocalizedText,
  format: NumberFormat,
  higherIsBetter: Type.Boolean(),
  /** What `detail` counts, when rows have it. */
  detailUnit: Type.Optional(LocalizedText),
  /** In any order; widgets sort. Rows too small to publish are already left out of public topics. */
  rows: Type.Array(BreakdownRow),
});
export type Breakdown = Static<typeof Breakdown>;

export const SeriesLine = Type.Object({
  key: Type.String(),
  label: LocalizedText,
  /** One value per entry of `x`; null where there is no data. */
  values: Type.Array(Nullable(Type.Number())),
});
export type SeriesLine = Static<typeof SeriesLine>;

/** Values over time, on a category axis of city-time keys. */
export const Series = Type.Object({
  unit: LocalizedText,
  format: NumberFormat,
  /** `day`: `2026-11-28`; `month`: `2026-11`; `hour`: `2026-11-28T14` — all in the city's time zone. */
  xKind: Type.Union([Type.Literal('day'), Type.Literal('month'), Type.Literal('hour')]),
  x: Type.Array(Type.String()),
  lines: Type.Array(SeriesLine),
});
export type Series = Static<typeof Series>;

/** A place on the map: a school, an attraction, a security incident. */
export const MapPoint = Type.Object({
  id: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  label: LocalizedText,
  /** For the legend and the symbol, e.g. `school`, `attraction`, `theft`. */
  kind: Type.String(),
  kindName: LocalizedText,
  tone: Tone,
  /** The symbol grows with it when given (visitors today, pupils). */
  value: Type.Optional(Type.Number()),
  /** One short line under the name, e.g. "1.245 học sinh · 96,2 % có mặt". */
  detail: Type.Optional(LocalizedText),
});
export type MapPoint = Static<typeof MapPoint>;

/** A line in a list: a social post, an overdue dossier, a document. Plain text, never HTML. */
export const ListItem = Type.Object({
  id: Type.String(),
  time: Type.Number(),
  /** Plain text; it may be written by the public and is always displayed as text. */
  title: Type.String(),
  /** Where it comes from: source, agency, ward. */
  meta: Type.Optional(LocalizedText),
  tone: Type.Optional(Tone),
});
export type ListItem = Static<typeof ListItem>;
