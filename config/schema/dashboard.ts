import Type, { type Static } from 'typebox';
import { Identifier, LocalizedText, Version } from './common';

/** Where a widget sits on the dashboard grid (1-based column and row, spans in cells). */
const GridArea = Type.Object(
  {
    column: Type.Integer({ minimum: 1, maximum: 48 }),
    row: Type.Integer({ minimum: 1, maximum: 48 }),
    columns: Type.Integer({ minimum: 1, maximum: 48, default: 1 }),
    rows: Type.Integer({ minimum: 1, maximum: 48, default: 1 }),
  },
  { additionalProperties: false },
);
export type GridArea = Static<typeof GridArea>;

export const WidgetPlacement = Type.Object(
  {
    id: Identifier,
    /** A widget type: a folder under `widgets/`. */
    type: Identifier,
    title: Type.Optional(LocalizedText),
    /**
     * A shorter title for a frame too narrow for the whole one even over two lines (a tile of a
     * 24-column grid): shown instead of cutting the title, which stays its accessible name.
     */
    shortTitle: Type.Optional(LocalizedText),
    area: GridArea,
    /** Options of the widget type, validated against `widgets/<type>/options.ts`. */
    options: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type WidgetPlacement = Static<typeof WidgetPlacement>;

/** `config/dashboards/<id>.yaml`. */
export const Dashboard = Type.Object(
  {
    version: Version,
    id: Identifier,
    title: LocalizedText,
    audience: Type.Union([Type.Literal('internal'), Type.Literal('public')], { default: 'internal' }),
    grid: Type.Object(
      {
        columns: Type.Integer({ minimum: 1, maximum: 48 }),
        rows: Type.Integer({ minimum: 1, maximum: 48 }),
      },
      { additionalProperties: false },
    ),
    widgets: Type.Array(WidgetPlacement, { minItems: 1, maxItems: 64 }),
  },
  { additionalProperties: false, $id: 'dashboard' },
);
export type Dashboard = Static<typeof Dashboard>;
