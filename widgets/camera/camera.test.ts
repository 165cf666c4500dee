import { afterEach, describe, expect, it, vi } from 'vitest';
import { Value } from 'typebox/value';
import { bindCamera, mosaicFor } from './bind';
import { options } from './options';
import { retryDelay, SignalWatch, type SignalState, type StreamEvents } from './signal';

afterEach(() => void vi.useRealTimers());

/** As the config loader checks a placement: defaults filled in first. */
const valid = (value: object) => Value.Check(options, Value.Default(options, structuredClone(value)));
const camera = (id: string) => ({ id, name: { vi: id, en: id }, hls: `http://cam.local/${id}/index.m3u8` });

describe('camera options and mosaic', () => {
  it('takes HLS with an MJPEG fallback, or MJPEG alone, and nothing else', () => {
    expect(valid({ cameras: [{ ...camera('a'), mjpeg: 'http://cam.local/a.mjpg' }] })).toBe(true);
    expect(valid({ cameras: [{ id: 'b', name: { vi: 'b', en: 'b' }, mjpeg: '/mjpeg/b' }] })).toBe(true);
    expect(valid({ cameras: [{ id: 'c', name: { vi: 'c', en: 'c' } }] })).toBe(false);
    expect(valid({ cameras: [{ ...camera('d'), hls: 'javascript:alert(1)' }] })).toBe(false);
    expect(valid({ cameras: [camera('e')], mosaic: 6 })).toBe(false);
  });

  it('picks the smallest mosaic that holds the cameras, and shows no more than its tiles', () => {
    expect([1, 2, 4, 5, 9].map(mosaicFor)).toEqual([1, 4, 4, 9, 9]);
    const five = Array.from({ length: 5 }, (_, i) => camera(`c${i}`));
    const defaults = { stallSeconds: 8, maxRetrySeconds: 60 };
    expect(bindCamera({}, { ...defaults, cameras: five }).side).toBe(3);
    const four = bindCamera({}, { ...defaults, cameras: five, mosaic: 4 });
    expect(four.side).toBe(2);
    expect(four.cameras.map((c) => c.id)).toEqual(['c0', 'c1', 'c2', 'c3']);
  });
});

describe('SignalWatch', () => {
  it('doubles the wait between retries up to the limit', () => {
    expect([1, 2, 3, 4, 10].map((n) => retryDelay(n, 30_000, () => 0))).toEqual([2000, 4000, 8000, 16_000, 30_000]);
    expect(retryDelay(1, 30_000, () => 1)).toBe(1500);
  });

  it('plays, loses the signal when the picture stalls (since then, kept across retries), and recovers', () => {
    vi.useFakeTimers();
    let clock = 1_000_000;
    const states: SignalState[] = [];
    const opened: StreamEvents[] = [];
    const stopped: number[] = [];
    const watch = new SignalWatch(
      (events) => {
        const index = opened.push(events) - 1;
        return { stop: () => void stopped.push(index) };
      },
      { now: () => clock, stallMs: 5000, maxRetryMs: 60_000, onchange: (state) => states.push(state) },
    );
    watch.start();
    expect(watch.state).toEqual({ kind: 'connecting' });
    opened[0]!.progress();
    expect(watch.state).toEqual({ kind: 'playing' });
    vi.advanceTimersByTime(4000);
    opened[0]!.progress(); // still moving: no stall
    clock += 9000;
    vi.advanceTimersByTime(5001);
    expect(watch.state).toEqual({ kind: 'lost', since: 1_009_000, reason: 'stalled' });
    expect(stopped).toEqual([0]);

    // The first retry fails too: still lost since the first failure.
    vi.advanceTimersByTime(2000);
    expect(opened).toHaveLength(2);
    clock += 10_000;
    opened[1]!.failed('network');
    expect(watch.state).toEqual({ kind: 'lost', since: 1_009_000, reason: 'network' });
    opened[0]!.progress(); // a late event of a closed stream changes nothing
    expect(watch.state.kind).toBe('lost');

    vi.advanceTimersByTime(4000);
    opened[2]!.progress();
    expect(watch.state).toEqual({ kind: 'playing' });
    watch.stop();
    vi.advanceTimersByTime(120_000);
    expect(opened).toHaveLength(3);
    expect(states.map((state) => state.kind)).toEqual(['connecting', 'playing', 'lost', 'lost', 'playing']);
  });

  it('counts a stream that throws on opening as lost, and retries it', () => {
    vi.useFakeTimers();
    let attempts = 0;
    const watch = new SignalWatch(
      () => {
        attempts++;
        throw new Error('no player');
      },
      { now: () => 5, stallMs: 5000, maxRetryMs: 60_000, onchange: () => {} },
    );
    watch.start();
    expect(watch.state).toEqual({ kind: 'lost', since: 5, reason: 'no player' });
    vi.advanceTimersByTime(2000);
    expect(attempts).toBe(2);
    watch.stop();
  });
});
