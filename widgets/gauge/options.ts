import Type, { type Static } from 'typebox';

/** A half-circle gauge of a KPI's achievement against its plan (`kpi.values`, by `code`). */
export const options = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 64 }),
    /** The end of the scale, as a share of the plan (1.2 = 120 %). */
    max: Type.Number({ exclusiveMinimum: 0, maximum: 10, default: 1.2 }),
  },
  { additionalProperties: false },
);
export type GaugeOptions = Static<typeof options>;
