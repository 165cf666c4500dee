import Type, { type Static } from 'typebox';
import { fieldOption, topicOptionDefault } from '../shapes';

const Text = Type.Object({ vi: Type.String(), en: Type.String() }, { additionalProperties: false });

/**
 * A tile shows one figure: a KPI of `kpi.values` (by `code`), or the number at `field` (a dotted
 * path) of any topic, e.g. `reports.summary` + `onTimeRate`, or a new domain's summary.
 */
export const options = Type.Object(
  {
    topic: topicOptionDefault('kpi.values'),
    /** The KPI code, for `kpi.values`. */
    code: Type.Optional(Type.String({ maxLength: 64 })),
    /** The path to a number in the topic, e.g. `onTimeRate`, `visitors.today`. */
    field: Type.Optional(fieldOption),
    format: Type.Union([Type.Literal('number'), Type.Literal('percent')], { default: 'number' }),
    digits: Type.Integer({ minimum: 0, maximum: 3, default: 0 }),
    unit: Type.Optional(Text),
    /**
     * Whether to show the figure against its target ("95,2 % kế hoạch", "242,6 % so với ngưỡng")
     * and the same period last year: ratios for the people who set the targets, not for a
     * passer-by; public panels turn them off and keep the figure, its unit and its period.
     */
    compare: Type.Boolean({ default: true }),
    /** For summary fields: whether a higher value is good, and the thresholds of the colours. */
    higherIsBetter: Type.Boolean({ default: true }),
    good: Type.Optional(Type.Number()),
    bad: Type.Optional(Type.Number()),
  },
  { additionalProperties: false },
);
export type KpiTileOptions = Static<typeof options>;
