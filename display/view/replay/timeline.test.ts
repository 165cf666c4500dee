import { describe, expect, it } from 'vitest';
import { lastEvening, liveAddress, momentText, positionOf, timelineMarks, timelineWindow } from './timeline';

const TZ = 'Asia/Ho_Chi_Minh';
const HOUR = 3_600_000;
// 2026-12-04 10:00 in Lạng Sơn (UTC+7).
const NOW = Date.UTC(2026, 11, 4, 3, 0);

describe('the replay timeline', () => {
  it('spans the last 24 hours or 7 days when the moment is in them, otherwise centres on it', () => {
    expect(timelineWindow(NOW - 5 * HOUR, NOW, 'day')).toEqual({ from: NOW - 24 * HOUR, to: NOW });
    expect(timelineWindow(NOW - 3 * 24 * HOUR, NOW, 'week')).toEqual({ from: NOW - 7 * 24 * HOUR, to: NOW });
    const old = NOW - 30 * 24 * HOUR;
    expect(timelineWindow(old, NOW, 'day')).toEqual({ from: old - 12 * HOUR, to: old + 12 * HOUR });
    expect(positionOf(NOW - 6 * HOUR, { from: NOW - 24 * HOUR, to: NOW })).toBe(0.75);
    expect(positionOf(NOW + HOUR, { from: NOW - 24 * HOUR, to: NOW })).toBe(1);
  });

  it('marks every 3 hours of the city’s day, midnight in the city’s time zone', () => {
    const marks = timelineMarks({ from: NOW - 24 * HOUR, to: NOW }, TZ);
    expect(marks).toHaveLength(8);
    const midnight = marks.filter((mark) => mark.midnight);
    expect(midnight.map((mark) => mark.at)).toEqual([Date.UTC(2026, 11, 3, 17, 0)]);
    expect(timelineMarks({ from: NOW - 7 * 24 * HOUR, to: NOW }, TZ).every((mark) => mark.midnight)).toBe(true);
  });

  it('writes the moment in city time as the address reads it', () => {
    expect(momentText(Date.UTC(2026, 10, 20, 1, 0), TZ)).toBe('2026-11-20T08:00');
    expect(momentText(Date.UTC(2026, 10, 20, 1, 0, 30), TZ)).toBe('2026-11-20T08:00:30');
    expect(lastEvening(NOW, TZ)).toBe(Date.UTC(2026, 11, 3, 11, 0)); // 18:00 on the 3rd
  });

  it('goes live on the same dashboard, keeping the language', () => {
    expect(liveAddress('main', '?at=2026-11-20T08:00')).toBe('/view/main');
    expect(liveAddress('main', '?at=2026-11-20T08:00&lang=en')).toBe('/view/main?lang=en');
  });
});
