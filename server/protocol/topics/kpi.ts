/** Payload of the socio-economic indicators topic (`kpi.values`). Browser-safe: `typebox` only. */
import Type, { type Static } from 'typebox';
import { LocalizedText, Nullable } from './shared';

export const KpiStanding = Type.Union([
  Type.Literal('very_good'),
  Type.Literal('good'),
  Type.Literal('fair'),
  Type.Literal('bad'),
  Type.Literal('very_bad'),
]);
export type KpiStanding = Static<typeof KpiStanding>;

/** After FIWARE `KeyPerformanceIndicator`: one indicator's latest period. */
export const KpiValue = Type.Object({
  /** The indicator code, e.g. `grdp-growth`. */
  id: Type.String(),
  name: LocalizedText,
  unit: LocalizedText,
  /** Period key: `2026`, `2026-Q4`, `2026-11`, `2026-11-28`, or a custom interval `2026-11-15/2026-12-14`. */
  period: Type.String(),
  periodKind: Type.Union([
    Type.Literal('year'),
    Type.Literal('quarter'),
    Type.Literal('month'),
    Type.Literal('day'),
    Type.Literal('custom'),
  ]),
  /** First and last day of the period in the city's calendar (FIWARE `calculationPeriod`). */
  periodFrom: Type.String(),
  periodTo: Type.String(),
  /** value ÷ target, as reported ("đạt 95,2 % kế hoạch"); null without a target. */
  percentOfPlan: Nullable(Type.Number()),
  /** (value − same period last year) ÷ |last year|; null without last year's value. */
  changeVsLastYear: Nullable(Type.Number()),
  /** The department responsible for the indicator (FIWARE `organization`). */
  organisation: Type.String(),
  value: Type.Number(),
  target: Nullable(Type.Number()),
  /** Value of the same period a year before. */
  previous: Nullable(Type.Number()),
  standing: KpiStanding,
  /** Whether more is better; a lower-is-better target is a ceiling (trucks waiting, crashes). */
  higherIsBetter: Type.Boolean(),
  /** The period has not ended in the city's calendar: its figure is so far, not final. */
  running: Type.Boolean(),
  /** A year-to-date figure ("lũy kế"): `value` and `target` are sums since January. */
  cumulative: Type.Boolean(),
  /** The plan for the period's whole year; a year-to-date figure is compared with it as "kế hoạch năm". */
  annualTarget: Nullable(Type.Number()),
  /** Recent values, oldest first, for the sparkline. */
  history: Type.Array(Type.Number()),
  /** The period of each value in `history` ("2026-10", "2026-Q3", "2025-11-15/2025-12-14"). */
  historyPeriods: Type.Array(Type.String()),
  source: Type.String(),
  updatedAt: Type.Number(),
});
export type KpiValue = Static<typeof KpiValue>;
