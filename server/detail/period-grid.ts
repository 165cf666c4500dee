/**
 * The periods a detail is counted by — days or months of the city's calendar — and the period a
 * comparison looks at. Keys as the KPIs write them: `2026-12-04`, `2026-12`.
 */
import { addDays, addMonths, dayKey, localTime, monthKey } from '../domains/calendar';
import type { CompareBasis } from '../protocol/detail';

export type Grain = 'day' | 'month';

export function periodOf(ms: number, grain: Grain, timeZone: string): string {
  return grain === 'day' ? dayKey(ms, timeZone) : monthKey(ms, timeZone);
}

/** The `count` periods ending with `period`, oldest first. */
export function periodsEndingWith(period: string, grain: Grain, count: number): string[] {
  return Array.from({ length: count }, (_, i) => shiftPeriod(period, grain, i - count + 1));
}

function shiftPeriod(period: string, grain: Grain, by: number): string {
  return grain === 'day' ? addDays(period, by) : addMonths(period, by);
}

/** The period a comparison looks at (plan: none, the plan is of the same period). */
export function comparedPeriod(period: string, grain: Grain, basis: CompareBasis): string | null {
  if (basis === 'plan') return null;
  if (basis === 'previous') return shiftPeriod(period, grain, -1);
  // The same day or month a year before (29 February falls back to the 28th).
  const year = String(Number(period.slice(0, 4)) - 1).padStart(4, '0');
  const same = `${year}${period.slice(4)}`;
  return grain === 'day' && same.endsWith('-02-29') ? `${year}-02-28` : same;
}

/** First day of a period (`YYYY-MM-DD`). */
export function firstDay(period: string, grain: Grain): string {
  return grain === 'day' ? period : `${period}-01`;
}

/** [from, to) in epoch ms, in the city's time zone. */
export function boundsOf(period: string, grain: Grain, timeZone: string): { from: number; to: number } {
  const start = firstDay(period, grain);
  const next = grain === 'day' ? addDays(period, 1) : `${addMonths(period, 1)}-01`;
  return { from: localTime(start, 0, 0, timeZone), to: localTime(next, 0, 0, timeZone) };
}
