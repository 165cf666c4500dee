import Type, { type Static } from 'typebox';

/**
 * What to chart: the data of a known topic shape.
 * - `reports-daily`: received vs resolved per day (`reports.daily`);
 * - `reports-by-category` / `reports-by-ward`: counts (`reports.summary`);
 * - `kpi-history`: the recent values of one KPI (`kpi.values`, with `code`).
 */
export const options = Type.Object(
  {
    data: Type.Union(
      [Type.Literal('reports-daily'), Type.Literal('reports-by-category'), Type.Literal('reports-by-ward'), Type.Literal('kpi-history')],
      { default: 'reports-daily' },
    ),
    chart: Type.Union([Type.Literal('line'), Type.Literal('bar'), Type.Literal('pie')], { default: 'line' }),
    code: Type.Optional(Type.String({ maxLength: 64 })),
    /** Bars along the y axis: long category names stay readable. */
    horizontal: Type.Boolean({ default: false }),
    /** At most this many categories or wards (the rest are summed as "other"). */
    top: Type.Integer({ minimum: 1, maximum: 20, default: 8 }),
  },
  { additionalProperties: false },
);
export type ChartOptions = Static<typeof options>;
