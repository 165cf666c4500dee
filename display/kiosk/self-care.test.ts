import { describe, expect, it } from 'vitest';
import { defaultCare } from '../../config/schema/display-care';
import {
  HEAP_BASELINE_SPAN_MS,
  HEAP_WARMUP_MS,
  MIN_UPTIME_MS,
  UPDATE_RETRY_MS,
  heapGrowthMb,
  keepHeapSamples,
  nightlyDue,
  shouldReloadNow,
  type CareSettings,
  type CareState,
} from './self-care';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** 2026-11-28 00:00 in Lạng Sơn (UTC+7) is 2026-11-27 17:00Z. */
const MIDNIGHT = Date.UTC(2026, 10, 27, 17, 0, 0);
const at = (hh: number, mm = 0, ss = 0) => MIDNIGHT + hh * HOUR + mm * MINUTE + ss * 1000;

const care: CareSettings = { ...defaultCare('wall'), timeZone: 'Asia/Ho_Chi_Minh' };

function state(overrides: Partial<CareState> = {}): CareState {
  return {
    bootedAt: at(9),
    online: true,
    busy: false,
    ownBuild: 'b1',
    serverBuild: 'b1',
    newBuildSeenAt: null,
    spreadMs: 0,
    heapGrowthMb: null,
    lastUpdateReload: null,
    ...overrides,
  };
}

describe('shouldReloadNow', () => {
  it('leaves a healthy page alone', () => {
    expect(shouldReloadNow(at(14), care, state())).toBeNull();
  });

  it('never reloads a page younger than the minimum uptime, whatever the reason', () => {
    const young = state({
      bootedAt: at(14) - MIN_UPTIME_MS + 1000,
      serverBuild: 'b2',
      newBuildSeenAt: at(13),
      heapGrowthMb: 10_000,
    });
    expect(shouldReloadNow(at(14), care, young)).toBeNull();
    expect(shouldReloadNow(at(14) + 1000, care, young)).toBe('memory-critical');
  });

  describe('update', () => {
    const seen = state({ serverBuild: 'b2', newBuildSeenAt: at(14), spreadMs: 90_000 });

    it('loads a new build once this screen’s share of the spread has passed', () => {
      expect(shouldReloadNow(at(14, 1, 29), care, seen)).toBeNull();
      expect(shouldReloadNow(at(14, 1, 30), care, seen)).toBe('update');
    });

    it('waits while offline (only the kept shell would load) and while an emergency is on screen', () => {
      expect(shouldReloadNow(at(15), care, { ...seen, online: false })).toBeNull();
      expect(shouldReloadNow(at(15), care, { ...seen, busy: true })).toBeNull();
    });

    it('does not loop when a reload did not bring the new build', () => {
      const tried = { ...seen, lastUpdateReload: { build: 'b2', at: at(14, 2) } };
      expect(shouldReloadNow(at(14, 2) + UPDATE_RETRY_MS - 1, care, tried)).toBeNull();
      expect(shouldReloadNow(at(14, 2) + UPDATE_RETRY_MS, care, tried)).toBe('update');
      // An earlier attempt for another build does not hold this one back.
      expect(shouldReloadNow(at(14, 3), care, { ...seen, lastUpdateReload: { build: 'b1', at: at(14, 2) } })).toBe(
        'update',
      );
    });

    it('never updates without both ids (the dev server, an unbuilt server)', () => {
      expect(shouldReloadNow(at(15), care, { ...seen, ownBuild: null })).toBeNull();
      expect(shouldReloadNow(at(15), care, { ...seen, serverBuild: null })).toBeNull();
    });
  });

  describe('nightly', () => {
    it('reloads once the nightly time (03:30 city time) has passed while the page ran', () => {
      const ran = state({ bootedAt: at(9) - 24 * HOUR });
      expect(shouldReloadNow(at(3, 29, 59), care, ran)).toBeNull();
      expect(shouldReloadNow(at(3, 30), care, ran)).toBe('nightly');
      // 03:30 city time is 20:30Z the day before: the instant decides, not the screen PC's clock.
      expect(new Date(at(3, 30)).toISOString()).toBe('2026-11-27T20:30:00.000Z');
    });

    it('does not reload a page that itself started after (or just before) the nightly time', () => {
      expect(shouldReloadNow(at(3, 45), care, state({ bootedAt: at(3, 31) }))).toBeNull();
      expect(nightlyDue(at(3, 45), care, at(3, 25))).toBe(false);
      expect(nightlyDue(at(3, 45), care, at(3, 20))).toBe(true);
    });

    it('makes up for a missed night for two hours, not all day', () => {
      const ran = state({ bootedAt: at(1) });
      expect(shouldReloadNow(at(5, 29), care, ran)).toBe('nightly');
      expect(shouldReloadNow(at(5, 31), care, ran)).toBeNull();
    });

    it('can be turned off', () => {
      expect(shouldReloadNow(at(3, 31), { ...care, nightlyReload: null }, state({ bootedAt: at(1) }))).toBeNull();
    });
  });

  describe('memory', () => {
    it('waits for the quiet hours (02:00–05:00 city time) when the heap grew past the limit', () => {
      const grown = state({ bootedAt: at(0, 10), heapGrowthMb: care.maxHeapGrowthMb + 1 });
      const noNightly = { ...care, nightlyReload: null };
      expect(shouldReloadNow(at(14), noNightly, grown)).toBeNull();
      expect(shouldReloadNow(at(1, 59, 59), noNightly, grown)).toBeNull();
      expect(shouldReloadNow(at(2), noNightly, grown)).toBe('memory');
      expect(shouldReloadNow(at(5), noNightly, grown)).toBeNull();
      expect(shouldReloadNow(at(2), noNightly, { ...grown, heapGrowthMb: care.maxHeapGrowthMb })).toBeNull();
    });

    it('goes at once, even offline, when the heap doubled the limit (before the tab crashes)', () => {
      const critical = state({ heapGrowthMb: 2 * care.maxHeapGrowthMb + 1, online: false, busy: true });
      expect(shouldReloadNow(at(14), care, critical)).toBe('memory-critical');
    });

    it('reloads at any time when no quiet hours are set', () => {
      expect(
        shouldReloadNow(at(14), { ...care, quietHours: null }, state({ heapGrowthMb: care.maxHeapGrowthMb + 1 })),
      ).toBe('memory');
    });
  });
});

describe('heap growth', () => {
  const boot = at(9);
  const sample = (minutes: number, mb: number) => ({ at: boot + minutes * MINUTE, mb });

  it('has no figure until the baseline span after warm-up is over', () => {
    const samples = [sample(1, 300), sample(6, 80), sample(10, 90)];
    expect(heapGrowthMb(samples, boot)).toBeNull();
  });

  it('compares the smallest recent sample with the smallest of the baseline span (garbage is not growth)', () => {
    const samples = [
      sample(1, 300), // before warm-up: loading, ignored
      sample(6, 80),
      sample(7, 120),
      sample(10, 85),
      sample(20, 150),
      sample(21, 400),
      sample(22, 140),
      sample(23, 160),
      sample(24, 145),
    ];
    expect(heapGrowthMb(samples, boot)).toBe(140 - 80);
  });

  it('keeps a bounded history over months of samples', () => {
    let samples: Array<{ at: number; mb: number }> = [];
    for (let minute = 0; minute < 60 * 24 * 30; minute++) {
      samples.push(sample(minute, 100 + minute / 1000));
      samples = keepHeapSamples(samples, boot);
    }
    const windowEnd = (HEAP_WARMUP_MS + HEAP_BASELINE_SPAN_MS) / MINUTE;
    expect(samples.length).toBeLessThanOrEqual(windowEnd + 5);
    expect(heapGrowthMb(samples, boot)).toBeCloseTo((60 * 24 * 30 - 5) / 1000 - 5 / 1000, 1);
  });
});
