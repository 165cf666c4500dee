import Type, { type Static } from 'typebox';

const Text = Type.Object({ vi: Type.String(), en: Type.String() }, { additionalProperties: false });

/**
 * A tile shows one figure: a KPI of `kpi.values` (by `code`), or one field of a summary topic
 * (`reports.summary`, `reports.public-summary`, `traffic.summary`).
 */
export const options = Type.Object(
  {
    topic: Type.Union(
      [Type.Literal('kpi.values'), Type.Literal('reports.summary'), Type.Literal('reports.public-summary'), Type.Literal('traffic.summary')],
      { default: 'kpi.values' },
    ),
    /** The KPI code, for `kpi.values`. */
    code: Type.Optional(Type.String({ maxLength: 64 })),
    /** The field of a summary topic, e.g. `onTimeRate`, `receivedToday`. */
    field: Type.Optional(Type.String({ maxLength: 64 })),
    format: Type.Union([Type.Literal('number'), Type.Literal('percent')], { default: 'number' }),
    digits: Type.Integer({ minimum: 0, maximum: 3, default: 0 }),
    unit: Type.Optional(Text),
    /** For summary fields: whether a higher value is good, and the thresholds of the colours. */
    higherIsBetter: Type.Boolean({ default: true }),
    good: Type.Optional(Type.Number()),
    bad: Type.Optional(Type.Number()),
  },
  { additionalProperties: false },
);
export type KpiTileOptions = Static<typeof options>;
