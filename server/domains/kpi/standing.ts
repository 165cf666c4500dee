/** KPI arithmetic: % of plan, standing (the colour on the wall), periods and the same period last year. */
import type { KpiStanding } from '../../protocol/topics';

/**
 * Achievement against the target, 1 = on plan; for lower-is-better indicators the ratio is
 * inverted. Null without a usable target. Nothing at all of a lower-is-better quantity (no truck
 * waiting) beats any positive limit: Infinity.
 */
export function percentOfPlan(value: number, target: number | null, higherIsBetter: boolean): number | null {
  if (target === null || target === 0) return null;
  if (higherIsBetter) return value / target;
  if (value <= 0) return target > 0 ? Number.POSITIVE_INFINITY : null;
  return target / value;
}

export function standingOf(ratio: number | null): KpiStanding {
  if (ratio === null) return 'fair';
  if (ratio >= 1.05) return 'very_good';
  if (ratio >= 1) return 'good';
  if (ratio >= 0.95) return 'fair';
  if (ratio >= 0.85) return 'bad';
  return 'very_bad';
}

/** The same period one year before: `2026-11` → `2025-11`, `2026-Q4` → `2025-Q4`, `2026` → `2025`. */
export function samePeriodLastYear(period: string): string {
  const year = Number(period.slice(0, 4));
  return `${year - 1}${period.slice(4)}`;
}

export type PeriodKind = 'year' | 'quarter' | 'month' | 'day';

/** `2026` year, `2026-Q4` quarter, `2026-11` month, `2026-11-15` day (a custom period ending that day). */
export function periodKindOf(period: string): PeriodKind {
  if (period.length === 4) return 'year';
  if (period[5] === 'Q') return 'quarter';
  return period.length === 7 ? 'month' : 'day';
}

/**
 * The plan for a period the city has not given one for: last year's same-period plan scaled by
 * the ratio of the annual plans. One rule fits rates (8 % stays 8 %), limits, seasonal flows and
 * year-to-date sums (the prorated annual plan); a whole year takes its annual plan.
 */
export function derivedTarget(
  period: string,
  annualTarget: Readonly<Record<string, number>>,
  targetOf: (period: string) => number | null | undefined,
  decimals: number,
): number | null {
  const year = period.slice(0, 4);
  const annual = annualTarget[year];
  if (annual === undefined) return null;
  if (periodKindOf(period) === 'year') return annual;
  const lastYearAnnual = annualTarget[String(Number(year) - 1)];
  const lastYearTarget = targetOf(samePeriodLastYear(period));
  if (lastYearAnnual === undefined || lastYearAnnual === 0 || lastYearTarget === null || lastYearTarget === undefined) return null;
  return Number(((lastYearTarget * annual) / lastYearAnnual).toFixed(decimals));
}
