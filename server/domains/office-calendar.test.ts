import { describe, expect, it } from 'vitest';
import { createOfficeCalendar } from './office-calendar';
import { dayKey, startOfDay } from './calendar';

const TIME_ZONE = 'Asia/Ho_Chi_Minh';
/** Epoch ms of a local time in Hà Nội (UTC+7). */
const local = (y: number, m: number, d: number, h = 0, min = 0, s = 0) => Date.UTC(y, m - 1, d, h - 7, min, s);

describe('office calendar', () => {
  const calendar = createOfficeCalendar(TIME_ZONE);

  it('agrees with the calendar on local days and midnight, in any time zone', () => {
    for (const zone of [TIME_ZONE, 'Europe/Paris', 'America/New_York', 'Pacific/Kiritimati', 'Asia/Kathmandu']) {
      const zoned = createOfficeCalendar(zone);
      // Every 181 minutes through a year (across the DST changes where there are some).
      for (let at = Date.UTC(2026, 0, 1); at < Date.UTC(2027, 0, 1); at += 181 * 60_000) {
        if (zoned.dayKey(at) !== dayKey(at, zone) || zoned.startOfDay(at) !== startOfDay(at, zone)) {
          throw new Error(`${zone} ${new Date(at).toISOString()}: ${zoned.dayKey(at)} ${zoned.startOfDay(at)}`);
        }
      }
    }
    // 16:59:59Z is still the 30th in Hà Nội; 17:00:00Z is the 1st, in a new month.
    expect(calendar.monthKey(Date.UTC(2026, 10, 30, 16, 59, 59))).toBe('2026-11');
    expect(calendar.monthKey(Date.UTC(2026, 10, 30, 17, 0, 0))).toBe('2026-12');
  });

  it('knows the working week and the office sessions', () => {
    expect(calendar.isWorkingDay(local(2026, 11, 30, 12))).toBe(true); // Monday
    expect(calendar.isWorkingDay(local(2026, 11, 28, 12))).toBe(false); // Saturday
    expect(calendar.isWorkingDay(local(2026, 11, 29, 23, 59))).toBe(false); // Sunday night
    expect(calendar.isOfficeHours(local(2026, 11, 30, 7, 29, 59))).toBe(false);
    expect(calendar.isOfficeHours(local(2026, 11, 30, 7, 30))).toBe(true);
    expect(calendar.isOfficeHours(local(2026, 11, 30, 12, 0))).toBe(false); // lunch
    expect(calendar.isOfficeHours(local(2026, 11, 30, 16, 59, 59))).toBe(true);
    expect(calendar.isOfficeHours(local(2026, 11, 30, 17, 0))).toBe(false);
    expect(calendar.isOfficeHours(local(2026, 11, 28, 9, 0))).toBe(false);
    expect(calendar.nextOpening(local(2026, 11, 27, 17, 30))).toBe(local(2026, 11, 30, 7, 30)); // Friday evening → Monday
    expect(calendar.nextOpening(local(2026, 11, 30, 12, 0))).toBe(local(2026, 11, 30, 13, 30));
    expect(calendar.nextOpening(local(2026, 11, 30, 9, 0))).toBe(local(2026, 11, 30, 9, 0));
  });

  it('sets deadlines in working days, and "the same day" before 15:00 only', () => {
    expect(calendar.deadline(local(2026, 11, 30, 14, 59), 0)).toBe(local(2026, 11, 30, 17));
    expect(calendar.deadline(local(2026, 11, 30, 15, 0), 0)).toBe(local(2026, 12, 1, 17));
    expect(calendar.deadline(local(2026, 11, 27, 16, 0), 0)).toBe(local(2026, 11, 30, 17)); // Friday afternoon → Monday
    expect(calendar.deadline(local(2026, 11, 28, 10, 0), 0)).toBe(local(2026, 11, 30, 17)); // online on Saturday
    expect(calendar.deadline(local(2026, 11, 27, 9, 0), 1)).toBe(local(2026, 11, 30, 17));
    expect(calendar.deadline(local(2026, 11, 30, 9, 0), 3)).toBe(local(2026, 12, 3, 17));
    expect(calendar.deadline(local(2026, 11, 30, 9, 0), 15)).toBe(local(2026, 12, 21, 17)); // three weeks of five days
    expect(calendar.deadline(local(2026, 11, 29, 22, 0), 5)).toBe(local(2026, 12, 4, 17)); // Sunday night: counting starts Monday
  });

  it('picks instants inside the office sessions between two times', () => {
    const from = local(2026, 11, 27, 16, 0); // Friday 16:00
    const to = local(2026, 11, 30, 9, 0); // Monday 09:00
    expect(calendar.officeIntervals(from, to)).toEqual([
      [from, local(2026, 11, 27, 17)],
      [local(2026, 11, 30, 7, 30), to],
    ]);
    // Two and a half hours of office time: the half-way point is 15 minutes into Monday.
    expect(calendar.officeTimeBetween(from, to, 0.5)).toBe(local(2026, 11, 30, 7, 45));
    expect(calendar.officeTimeBetween(from, to, 0)).toBe(from);
    expect(calendar.officeTimeBetween(from, to, 1)).toBeLessThanOrEqual(to);
    expect(calendar.officeTimeBetween(local(2026, 11, 28, 8), local(2026, 11, 29, 20), 0.5)).toBeNull(); // a weekend
    for (let u = 0; u < 1; u += 0.01) {
      const at = calendar.officeTimeBetween(from, local(2026, 12, 11, 12), u)!;
      expect(calendar.isOfficeHours(at), new Date(at).toISOString()).toBe(true);
    }
  });
});
