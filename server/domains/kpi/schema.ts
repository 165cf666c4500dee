import Type, { type Static } from 'typebox';

/** `2026`, `2026-Q4`, `2026-11` or a custom period such as the traffic-safety month `2026-11-15`. */
export const PERIOD_PATTERN = '^\\d{4}(-Q[1-4]|-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?)?$';

export const KpiValueReported = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*$' }),
    period: Type.String({ pattern: PERIOD_PATTERN, maxLength: 10 }),
    value: Type.Number({ minimum: -1e12, maximum: 1e12 }),
    target: Type.Optional(Type.Number({ minimum: -1e12, maximum: 1e12 })),
    /** The same period a year before, as the source reports it; the history, when it has that period, wins. */
    previous: Type.Optional(Type.Number({ minimum: -1e12, maximum: 1e12 })),
  },
  { additionalProperties: false },
);
export type KpiValueReported = Static<typeof KpiValueReported>;

/** One indicator as `fixtures/kpi/definitions.json` describes it (after FIWARE KeyPerformanceIndicator). */
export interface KpiDefinition {
  code: string;
  name: { vi: string; en: string };
  unit: { vi: string; en: string };
  higherIsBetter: boolean;
  periodKind: 'month' | 'quarter' | 'year' | 'day';
  decimals: number;
  source: string;
  organisation: string;
  /** Year to date: grows through the year and starts again in January. */
  cumulative: boolean;
  /** The plan for each whole year, by year (`"2026"`). */
  annualTarget: Record<string, number>;
  history: Array<{ period: string; value: number; target: number | null }>;
}
