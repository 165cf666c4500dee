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

/**
 * The same period one year before: `2026-11` → `2025-11`, `2026-Q4` → `2025-Q4`, `2026` → `2025`,
 * `2026-11-15/2026-12-14` → `2025-11-15/2025-12-14`.
 */
export function samePeriodLastYear(period: string): string {
  if (period.includes('/')) return period.split('/').map(samePeriodLastYear).join('/');
  const year = Number(period.slice(0, 4));
  return `${year - 1}${period.slice(4)}`;
}

export type PeriodKind = 'year' | 'quarter' | 'month' | 'day' | 'custom';

/**
 * `2026` year, `2026-Q4` quarter, `2026-11` month, `2026-11-28` day, and a custom period as an
 * ISO interval of dates, `2026-11-15/2026-12-14` (the traffic-safety month runs 15th to 14th).
 */
export function periodKindOf(period: string): PeriodKind {
  if (period.includes('/')) return 'custom';
  if (period.length === 4) return 'year';
  if (period[5] === 'Q') return 'quarter';
  return period.length === 7 ? 'month' : 'day';
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** First and last day of a period, as dates of the city's calendar (FIWARE `calculationPeriod`). */
export function periodBounds(period: string): { from: string; to: string } {
  const year = Number(period.slice(0, 4));
  switch (periodKindOf(period)) {
    case 'custom': {
      const [from, to] = period.split('/') as [string, string];
      return { from, to };
    }
    case 'year':
      return { from: `${year}-01-01`, to: `${year}-12-31` };
    case 'quarter': {
      const first = (Number(period[6]) - 1) * 3 + 1;
      return { from: `${year}-${pad(first)}-01`, to: `${year}-${pad(first + 2)}-${lastDayOfMonth(year, first + 2)}` };
    }
    case 'month': {
      const month = Number(period.slice(5, 7));
      return { from: `${period}-01`, to: `${period}-${lastDayOfMonth(year, month)}` };
    }
    case 'day':
      return { from: period, to: period };
  }
}

/** A real date of the calendar (`2026-02-30` is not). */
function isDate(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  return m >= 1 && m <= 12 && d >= 1 && d <= lastDayOfMonth(y, m);
}

/** Why a period the schema's pattern let through cannot be, or null: dates that exist, from ≤ to, at most a year. */
export function periodProblem(period: string): string | null {
  const { from, to } = periodBounds(period);
  if (!isDate(from) || !isDate(to)) return `period ${period} names a day that does not exist`;
  if (from > to) return `period ${period} ends before it starts`;
  const days = (date: string) =>
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
  if (days(to) - days(from) > 366) return `period ${period} is longer than a year`;
  return null;
}

/**
 * The custom period of an indicator whose periods start on `startDay` of each month (15 → from
 * the 15th to the 14th of the next month) that contains the given date.
 */
export function customPeriodContaining(date: string, startDay: number): string {
  let year = Number(date.slice(0, 4));
  let month = Number(date.slice(5, 7));
  if (Number(date.slice(8, 10)) < startDay) [year, month] = month === 1 ? [year - 1, 12] : [year, month - 1];
  const [endYear, endMonth] = month === 12 ? [year + 1, 1] : [year, month + 1];
  return `${year}-${pad(month)}-${pad(startDay)}/${endYear}-${pad(endMonth)}-${pad(startDay - 1)}`;
}

/** The period after this one, of the same kind (quarters, months and custom monthly periods). */
export function nextPeriod(period: string): string {
  if (periodKindOf(period) === 'custom') {
    const to = period.split('/')[1]!;
    const [y, m, d] = to.split('-').map(Number) as [number, number, number];
    // Monthly custom periods end on the day before their start day (2..28), in the same month.
    return customPeriodContaining(`${y}-${pad(m)}-${pad(d + 1)}`, d + 1);
  }
  const year = Number(period.slice(0, 4));
  if (periodKindOf(period) === 'quarter') {
    const quarter = Number(period[6]);
    return quarter === 4 ? `${year + 1}-Q1` : `${year}-Q${quarter + 1}`;
  }
  const month = Number(period.slice(5, 7));
  return month === 12 ? `${year + 1}-01` : `${year}-${pad(month + 1)}`;
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
  if (lastYearAnnual === undefined || lastYearAnnual === 0 || lastYearTarget === null || lastYearTarget === undefined)
    return null;
  return Number(((lastYearTarget * annual) / lastYearAnnual).toFixed(decimals));
}
