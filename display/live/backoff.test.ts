import { describe, expect, it } from 'vitest';
import { leavingDelay, RECONNECT_BACKOFF, reconnectDelay } from './backoff';

describe('reconnectDelay', () => {
  it('doubles from 0.5 s and stops growing at 30 s', () => {
    const top = () => 0; // no jitter drawn: the ceiling itself
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((attempt) => reconnectDelay(attempt, RECONNECT_BACKOFF, top))).toEqual([
      500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000,
    ]);
  });

  it('shortens each wait by a random share of at most half, so screens spread out', () => {
    expect(reconnectDelay(10, RECONNECT_BACKOFF, () => 0.999_999)).toBe(15_000);
    expect(reconnectDelay(10, RECONNECT_BACKOFF, () => 0.5)).toBe(22_500);
    const draws = Array.from({ length: 200 }, () => reconnectDelay(20));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(15_000);
    expect(Math.max(...draws)).toBeLessThanOrEqual(30_000);
    expect(new Set(draws).size).toBeGreaterThan(50);
  });

  it('stays a real, bounded wait after a week of attempts (where Socket.IO’s own backoff gives 0)', () => {
    for (const attempt of [1023, 1024, 1100, 20_000, Number.MAX_SAFE_INTEGER]) {
      for (const draw of [0, 0.3, 0.999]) {
        const delay = reconnectDelay(attempt, RECONNECT_BACKOFF, () => draw);
        expect(Number.isFinite(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(15_000);
        expect(delay).toBeLessThanOrEqual(30_000);
      }
    }
  });
});

describe('leavingDelay', () => {
  it('is the server’s pause plus a random share of its jitter, not the outage backoff', () => {
    const notice = { reconnectAfterMs: 250, jitterMs: 1000 };
    expect(leavingDelay(notice, () => 0)).toBe(250);
    expect(leavingDelay(notice, () => 0.5)).toBe(750);
    const draws = Array.from({ length: 200 }, () => leavingDelay(notice));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(250);
    expect(Math.max(...draws)).toBeLessThanOrEqual(1250);
    expect(new Set(draws).size).toBeGreaterThan(50);
  });

  it('stays bounded whatever the notice says', () => {
    expect(leavingDelay({ reconnectAfterMs: 1e9, jitterMs: 1e9 }, () => 1)).toBe(10_000);
    expect(leavingDelay({ reconnectAfterMs: -5, jitterMs: Number.NaN }, () => 0.5)).toBe(0);
  });
});
