import Type, { type Static } from 'typebox';
import { fieldOption, topicOption } from '../shapes';

/**
 * What to chart:
 * - `series`: a `Series` at `topic` + `field` (any domain), as `line`, `bar` or `area`, `stacked`
 *   or side by side;
 * - `breakdown`: a `Breakdown` at `topic` + `field` (any domain), as `bar` (`horizontal` for long
 *   names) or `pie`, the `top` rows and the rest as "Khác / Other";
 * - `reports-daily`: received vs resolved per day (`reports.daily`);
 * - `reports-by-category` / `reports-by-ward`: counts (`reports.summary`);
 * - `kpi-history`: the recent values of one KPI (`kpi.values`, with `code`).
 */
export const options = Type.Object(
  {
    data: Type.Union(
      [
        Type.Literal('reports-daily'),
        Type.Literal('reports-by-category'),
        Type.Literal('reports-by-ward'),
        Type.Literal('kpi-history'),
        Type.Literal('series'),
        Type.Literal('breakdown'),
      ],
      { default: 'reports-daily' },
    ),
    /** For `series` and `breakdown`: the topic, and the path to the Series or Breakdown in it (none = the topic itself). */
    topic: Type.Optional(topicOption),
    field: Type.Optional(fieldOption),
    /** A breakdown is drawn as bars unless `pie`; `area` is a filled line. */
    chart: Type.Union([Type.Literal('line'), Type.Literal('bar'), Type.Literal('area'), Type.Literal('pie')], {
      default: 'line',
    }),
    /** Lines, areas or bars of a series piled on each other (parts of a total) rather than side by side. */
    stacked: Type.Boolean({ default: false }),
    code: Type.Optional(Type.String({ maxLength: 64 })),
    /** Bars along the y axis: long category names stay readable. */
    horizontal: Type.Boolean({ default: false }),
    /** At most this many categories or wards (the rest are summed as "other"). */
    top: Type.Integer({ minimum: 1, maximum: 20, default: 8 }),
  },
  { additionalProperties: false },
);
export type ChartOptions = Static<typeof options>;
