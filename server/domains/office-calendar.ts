/**
 * The city's office calendar in its time zone: months, working days, office hours and deadlines in
 * working days, for the domains whose clocks run on office time (administrative procedures,
 * electronic documents).
 *
 * Formatting a date in a time zone costs tens of microseconds and the simulators walk weeks of
 * office days for thousands of items, so the local days overlapping each UTC day are computed
 * once and cached.
 *
 * Public holidays (Tết and the others, partly lunar) are not modelled: real feeds send their own
 * due dates; only the simulators compute deadlines here.
 */
import { dayKey, startOfDay } from './calendar';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const MAX_CACHED_DAYS = 5_000;

/** Morning and afternoon sessions, in ms after local midnight (7:30–11:30, 13:30–17:00). */
const OFFICE_SESSIONS: ReadonlyArray<readonly [number, number]> = [
  [7.5 * HOUR, 11.5 * HOUR],
  [13.5 * HOUR, 17 * HOUR],
];
/** When the offices close: deadlines in working days end then. */
const CLOSING_TIME = 17 * HOUR;
/** A "same day" request received after this is due the next working day. */
const SAME_DAY_CUTOFF = 15 * HOUR;

interface LocalDay {
  key: string;
  start: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

export interface OfficeCalendar {
  dayKey(ms: number): string;
  /** `YYYY-MM` of the local month. */
  monthKey(ms: number): string;
  startOfDay(ms: number): number;
  /** Monday to Friday: the civil service week. */
  isWorkingDay(ms: number): boolean;
  isOfficeHours(ms: number): boolean;
  /** Local midnight of the first working day after the day of `ms`. */
  nextWorkingDay(ms: number): number;
  /**
   * The deadline of a request received at `receivedAt` with `workingDays` to handle it: closing
   * time of the n-th working day after the day it came in; for 0 ("trong ngày"), closing time of
   * that day when it came in on a working day before 15:00, else of the next working day.
   */
  deadline(receivedAt: number, workingDays: number): number;
  /** When the offices next open (or `ms` itself during office hours). */
  nextOpening(ms: number): number;
  /** The office sessions between two instants, clipped to them, in order. */
  officeIntervals(from: number, to: number): Array<[number, number]>;
  /**
   * The instant a fraction `u` (0..1) of the way through the office time between two instants,
   * or null when no office time lies between them.
   */
  officeTimeBetween(from: number, to: number, u: number): number | null;
}

export function createOfficeCalendar(timeZone: string): OfficeCalendar {
  /** Per UTC day (epoch day number): the local days that overlap it, in order. */
  const utcDays = new Map<number, LocalDay[]>();
  const localDayAt = (at: number): LocalDay => {
    const key = dayKey(at, timeZone);
    const [y, m, d] = key.split('-').map(Number) as [number, number, number];
    return { key, start: startOfDay(at, timeZone), weekday: new Date(Date.UTC(y, m - 1, d)).getUTCDay() };
  };
  const day = (ms: number): LocalDay => {
    const utcDay = Math.floor(ms / DAY);
    let overlapping = utcDays.get(utcDay);
    if (!overlapping) {
      if (utcDays.size >= MAX_CACHED_DAYS) utcDays.clear();
      overlapping = [localDayAt(utcDay * DAY)];
      // Local days are 23–25 h long, so a UTC day overlaps two of them, rarely three.
      for (;;) {
        const next = localDayAt(overlapping.at(-1)!.start + DAY + 2 * HOUR);
        if (next.start >= (utcDay + 1) * DAY) break;
        overlapping.push(next);
      }
      utcDays.set(utcDay, overlapping);
    }
    for (let i = overlapping.length - 1; i > 0; i--) if (ms >= overlapping[i]!.start) return overlapping[i]!;
    return overlapping[0]!;
  };
  /** Local midnight of the day after the one starting at `start` (days are 23–25 h where DST exists). */
  const followingDay = (start: number) => day(start + DAY + 2 * HOUR).start;
  const isWorkingDay = (ms: number) => {
    const weekday = day(ms).weekday;
    return weekday >= 1 && weekday <= 5;
  };
  const nextWorkingDay = (ms: number) => {
    let start = followingDay(day(ms).start);
    while (!isWorkingDay(start + 12 * HOUR)) start = followingDay(start);
    return start;
  };

  function officeIntervals(from: number, to: number): Array<[number, number]> {
    const intervals: Array<[number, number]> = [];
    for (let start = day(from).start; start < to; start = followingDay(start)) {
      if (!isWorkingDay(start + 12 * HOUR)) continue;
      for (const [open, close] of OFFICE_SESSIONS) {
        const a = Math.max(from, start + open);
        const b = Math.min(to, start + close);
        if (b > a) intervals.push([a, b]);
      }
    }
    return intervals;
  }

  return {
    dayKey: (ms) => day(ms).key,
    monthKey: (ms) => day(ms).key.slice(0, 7),
    startOfDay: (ms) => day(ms).start,
    isWorkingDay,
    isOfficeHours(ms) {
      if (!isWorkingDay(ms)) return false;
      const time = ms - day(ms).start;
      return OFFICE_SESSIONS.some(([open, close]) => time >= open && time < close);
    },
    nextWorkingDay,
    deadline(receivedAt, workingDays) {
      const start = day(receivedAt).start;
      if (workingDays === 0) {
        const sameDay = isWorkingDay(receivedAt) && receivedAt - start < SAME_DAY_CUTOFF;
        return (sameDay ? start : nextWorkingDay(receivedAt)) + CLOSING_TIME;
      }
      let due = start;
      for (let i = 0; i < workingDays; i++) due = nextWorkingDay(due);
      return due + CLOSING_TIME;
    },
    officeIntervals,
    nextOpening(ms) {
      let start = day(ms).start;
      // A week and a day always holds a working day, whatever the weekend.
      for (let i = 0; i < 8; i++, start = followingDay(start)) {
        if (!isWorkingDay(start + 12 * HOUR)) continue;
        for (const [open, close] of OFFICE_SESSIONS) if (ms < start + close) return Math.max(ms, start + open);
      }
      return ms;
    },
    officeTimeBetween(from, to, u) {
      const intervals = officeIntervals(from, to);
      const total = intervals.reduce((sum, [a, b]) => sum + (b - a), 0);
      if (total === 0) return null;
      let left = Math.min(Math.max(u, 0), 0.999_999) * total;
      for (const [a, b] of intervals) {
        if (left < b - a) return Math.round(a + left);
        left -= b - a;
      }
      return intervals.at(-1)![1];
    },
  };
}
