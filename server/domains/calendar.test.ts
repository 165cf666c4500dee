import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  dayKey,
  daysInMonth,
  hourKey,
  isRealDay,
  lastMonths,
  localTime,
  monthKey,
  monthsEndingWith,
  weekdayOf,
} from './calendar';

const HANOI = 'Asia/Ho_Chi_Minh';

describe('calendar in the city’s time zone', () => {
  it('turns the hour, the day and the month at local midnight, not UTC’s', () => {
    expect(hourKey(Date.UTC(2026, 10, 30, 16, 59, 59), HANOI)).toBe('2026-11-30T23');
    expect(hourKey(Date.UTC(2026, 10, 30, 17, 0, 0), HANOI)).toBe('2026-12-01T00');
    expect(monthKey(Date.UTC(2026, 10, 30, 16, 59, 59), HANOI)).toBe('2026-11');
    expect(monthKey(Date.UTC(2026, 10, 30, 17, 0, 0), HANOI)).toBe('2026-12');
    expect(hourKey(Date.UTC(2026, 10, 30, 17, 0, 0), 'UTC')).toBe('2026-11-30T17');
    expect(hourKey(Date.UTC(2026, 10, 30, 6, 30, 0), HANOI)).toBe('2026-11-30T13');
  });

  it('counts months and days across years, leap years included', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-11', -12)).toBe('2025-11');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2026-03', -26)).toBe('2024-01');
    expect(lastMonths(Date.UTC(2026, 0, 15), 3, HANOI)).toEqual(['2025-11', '2025-12', '2026-01']);
    expect([daysInMonth('2026-02'), daysInMonth('2028-02'), daysInMonth('2026-11'), daysInMonth('2026-12')]).toEqual([
      28, 29, 30, 31,
    ]);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect([
      isRealDay('2028-02-29'),
      isRealDay('2026-02-29'),
      isRealDay('2026-04-31'),
      isRealDay('2026-12-31'),
    ]).toEqual([true, false, false, true]);
  });

  it('knows the weekday of a day and the instant of a local wall-clock time', () => {
    expect(weekdayOf('2026-11-28')).toBe(6); // a Saturday
    expect(weekdayOf('2026-11-29')).toBe(0);
    expect(localTime('2026-11-30', 7, 30, HANOI)).toBe(Date.UTC(2026, 10, 30, 0, 30));
    expect(localTime('2026-12-01', 0, 0, HANOI)).toBe(Date.UTC(2026, 10, 30, 17, 0));
    // Minutes past 59 roll over, as the simulators use them.
    expect(localTime('2026-11-30', 0, 8 * 60 + 15, HANOI)).toBe(Date.UTC(2026, 10, 30, 1, 15));
    expect(dayKey(localTime('2026-11-30', 23, 59, HANOI), HANOI)).toBe('2026-11-30');
  });

  describe('monthsEndingWith', () => {
    it('lists the months ending with a month, across the new year', () => {
      expect(monthsEndingWith('2026-02', 4)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
      expect(monthsEndingWith('2026-12', 12)).toEqual([
        '2026-01',
        '2026-02',
        '2026-03',
        '2026-04',
        '2026-05',
        '2026-06',
        '2026-07',
        '2026-08',
        '2026-09',
        '2026-10',
        '2026-11',
        '2026-12',
      ]);
    });
  });
});
