/**
 * An indicator's own baseline: the median of the same weekday over the weeks before today. A
 * Monday is compared with Mondays (a market day, a weekend, an office day each have their usual);
 * the median, not the mean, so that one past surge does not raise the bar for ever.
 */

export interface DailyRow {
  date: string;
  value: number;
}

export interface Baseline {
  median: number;
  /** How many same-weekday days it stands on. */
  days: number;
}

const DAY_MS = 86_400_000;

/** `2026-12-04` minus `days` days, as a date key (calendar arithmetic at noon UTC: no time zone involved). */
export function daysBefore(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day, 12) - days * DAY_MS).toISOString().slice(0, 10);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The median of `today`'s weekday over the `weeks` weeks before it, from the rows the series has;
 * null when fewer than `minWeeks` of those days are in it (too little history to call anything unusual).
 */
export function sameWeekdayBaseline(
  rows: readonly DailyRow[],
  today: string,
  weeks: number,
  minWeeks: number,
): Baseline | null {
  const byDate = new Map(rows.map((row) => [row.date, row.value]));
  const values: number[] = [];
  for (let week = 1; week <= weeks; week++) {
    const value = byDate.get(daysBefore(today, 7 * week));
    if (value !== undefined) values.push(value);
  }
  if (values.length < minWeeks || values.length === 0) return null;
  return { median: median(values), days: values.length };
}
