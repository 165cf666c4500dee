import { describe, expect, it } from 'vitest';
import type { ScheduleEntry } from '../../config/schema/display-care';
import { citySecondOfDay, inWindow, lastOccurrence } from './city-time';
import { displayModeAt, displayModeUntil, pixelShiftAt } from './display-mode';

const TZ = 'Asia/Ho_Chi_Minh';
const HOUR = 3_600_000;
/** 2026-11-28 00:00 in Lạng Sơn is 2026-11-27 17:00Z. */
const MIDNIGHT = Date.UTC(2026, 10, 27, 17, 0, 0);
const at = (hh: number, mm = 0, ss = 0) => MIDNIGHT + hh * HOUR + mm * 60_000 + ss * 1000;

describe('city time', () => {
  it('reads the clock in the configured zone, not the machine’s', () => {
    expect(citySecondOfDay(Date.UTC(2026, 10, 27, 16, 59, 59), TZ)).toBe(23 * 3600 + 59 * 60 + 59);
    expect(citySecondOfDay(Date.UTC(2026, 10, 27, 17, 0, 0), TZ)).toBe(0);
    expect(citySecondOfDay(Date.UTC(2026, 10, 27, 17, 0, 0), 'UTC')).toBe(17 * 3600);
  });

  it('knows windows that cross midnight', () => {
    const night = { from: '22:00', to: '06:00' };
    expect(inWindow(at(21, 59, 59), night, TZ)).toBe(false);
    expect(inWindow(at(22), night, TZ)).toBe(true);
    expect(inWindow(at(0), night, TZ)).toBe(true);
    expect(inWindow(at(5, 59, 59), night, TZ)).toBe(true);
    expect(inWindow(at(6), night, TZ)).toBe(false);
    expect(inWindow(at(12), { from: '09:00', to: '17:00' }, TZ)).toBe(true);
    expect(inWindow(at(17), { from: '09:00', to: '17:00' }, TZ)).toBe(false);
    expect(inWindow(at(12), { from: '09:00', to: '09:00' }, TZ)).toBe(false);
  });

  it('finds the last time the city clock read HH:MM', () => {
    expect(lastOccurrence(at(3, 30), '03:30', TZ)).toBe(at(3, 30));
    expect(lastOccurrence(at(3, 29, 59) + 500, '03:30', TZ)).toBe(at(3, 30) - 24 * HOUR);
    expect(lastOccurrence(at(14, 5, 7) + 250, '03:30', TZ)).toBe(at(3, 30));
  });
});

describe('displayModeAt', () => {
  const schedule: ScheduleEntry[] = [
    { from: '23:00', to: '05:00', mode: 'blank', brightness: 0.6 },
    { from: '18:30', to: '23:00', mode: 'night', brightness: 0.7 },
  ];

  it('switches at the city’s 23:00 (16:00Z), whatever the screen PC thinks', () => {
    expect(displayModeAt(Date.UTC(2026, 10, 28, 15, 59, 59), schedule, TZ)).toEqual({ mode: 'night', brightness: 0.7 });
    expect(displayModeAt(Date.UTC(2026, 10, 28, 16, 0, 0), schedule, TZ)).toEqual({ mode: 'blank', brightness: 0 });
  });

  it('is full brightness outside every entry, and the first matching entry wins', () => {
    expect(displayModeAt(at(12), schedule, TZ)).toEqual({ mode: 'day', brightness: 1 });
    expect(displayModeAt(at(4, 59), schedule, TZ).mode).toBe('blank');
    expect(displayModeAt(at(5), schedule, TZ).mode).toBe('day');
    const overlapping: ScheduleEntry[] = [{ from: '20:00', to: '21:00', mode: 'blank', brightness: 1 }, ...schedule];
    expect(displayModeAt(at(20, 30), overlapping, TZ).mode).toBe('blank');
    expect(displayModeAt(at(12), [], TZ).mode).toBe('day');
  });
});

describe('pixelShiftAt', () => {
  const shift = { maxPx: 4, everyMinutes: 3 };

  it('moves every few minutes, never further than maxPx, and visits every side', () => {
    const seen = new Set<string>();
    let previous: string | null = null;
    let moves = 0;
    for (let step = 0; step < 36; step++) {
      const { x, y } = pixelShiftAt(step * 3 * 60_000 + 1000, shift);
      expect(Math.abs(x)).toBeLessThanOrEqual(4);
      expect(Math.abs(y)).toBeLessThanOrEqual(4);
      const key = `${x},${y}`;
      if (previous !== null && key !== previous) moves++;
      previous = key;
      seen.add(key);
    }
    expect(moves).toBeGreaterThanOrEqual(30);
    expect([...seen].some((key) => key.startsWith('4,'))).toBe(true);
    expect([...seen].some((key) => key.startsWith('-4,'))).toBe(true);
    expect([...seen].some((key) => key.endsWith(',4'))).toBe(true);
    expect([...seen].some((key) => key.endsWith(',-4'))).toBe(true);
    expect(seen.has('2,2')).toBe(true);
  });

  it('holds still within one step, so every tile of a wall shows the same offset', () => {
    expect(pixelShiftAt(at(12), shift)).toEqual(pixelShiftAt(at(12) + 60_000, shift));
  });

  it('stays home when turned off', () => {
    expect(pixelShiftAt(at(12, 7), { maxPx: 0, everyMinutes: 3 })).toEqual({ x: 0, y: 0 });
  });
});

describe('until when the schedule holds', () => {
  it('says when the current window ends, in city time, for the words of a dark screen', () => {
    const led: ScheduleEntry[] = [
      { from: '23:00', to: '05:00', mode: 'blank', brightness: 0 },
      { from: '18:30', to: '23:00', mode: 'night', brightness: 0.7 },
    ];
    expect(displayModeUntil(at(23, 25), led, TZ)).toBe('05:00');
    expect(displayModeUntil(at(2), led, TZ)).toBe('05:00');
    expect(displayModeUntil(at(20), led, TZ)).toBe('23:00');
    expect(displayModeUntil(at(12), led, TZ)).toBeNull();
  });
});
