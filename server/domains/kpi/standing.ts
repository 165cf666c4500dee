/** KPI arithmetic: % of plan, standing (the colour on the wall) and the same period last year. */
import type { KpiStanding } from '../../protocol/topics';

/** Achievement against the target, 1 = on plan; for lower-is-better indicators the ratio is inverted. */
export function percentOfPlan(value: number, target: number | null, higherIsBetter: boolean): number | null {
  if (target === null || target === 0 || value === 0 && !higherIsBetter) return null;
  return higherIsBetter ? value / target : target / value;
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
