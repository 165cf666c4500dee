import Type, { type Static } from 'typebox';

const DATE = '\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])';
/**
 * `2026`, `2026-Q4`, `2026-11`, a day `2026-11-28`, or a custom period as an ISO interval of
 * dates such as the traffic-safety month `2026-11-15/2026-12-14`.
 */
const PERIOD_PATTERN = `^(\\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?|${DATE}(/${DATE})?)$`;

export const KpiValueReported = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*$' }),
    period: Type.String({ pattern: PERIOD_PATTERN, maxLength: 21 }),
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
  periodKind: 'month' | 'quarter' | 'year' | 'day' | 'custom';
  /** For `custom`: periods run from this day of a month to the day before it in the next (15 → 15th–14th). */
  customStartDay?: number;
  decimals: number;
  source: string;
  organisation: string;
  /** Year to date: grows through the year and starts again in January. */
  cumulative: boolean;
  /** The plan for each whole year, by year (`"2026"`). */
  annualTarget: Record<string, number>;
  history: Array<{ period: string; value: number; target: number | null }>;
}
