import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import type { TopicSnapshot } from '../../../server/protocol/index';
import { ReplayPlayer, STEP_MS, type ReplayAnswer } from './replay-player.svelte';
import { ReplayFeed } from './replay-feed';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 11, 4, 10, 0);
const FIRST = NOW - 7 * 24 * 60 * MINUTE;

const headline = (at: number, value: number): TopicSnapshot =>
  ({
    topic: 'reports.summary',
    seq: 1,
    changedAt: at,
    simulated: false,
    data: { today: value },
  }) as unknown as TopicSnapshot;

/** A fake server that answers when the test says so, and remembers what it was asked. */
function fakeServer() {
  const asked: Array<number | string> = [];
  const pending: Array<() => void> = [];
  const fetchMoment = (at: number | string) =>
    new Promise<ReplayAnswer>((resolve) => {
      asked.push(at);
      const moment = typeof at === 'number' ? at : NOW - 12 * 60 * MINUTE;
      pending.push(() =>
        resolve(
          moment < FIRST
            ? { ok: false, status: 400, message: { vi: 'at: chưa có dữ liệu', en: 'at: nothing was recorded' } }
            : { ok: true, at: moment, first: FIRST, now: NOW, topics: [headline(moment, moment / MINUTE)] },
        ),
      );
    });
  return {
    asked,
    fetchMoment,
    answer: async () => {
      pending.shift()!();
      await drainAnswers();
    },
    pending,
  };
}

/** Timers run when the test says so; the clock is the test's. */
function manualTimers() {
  let queue: Array<{ callback: () => void; ms: number }> = [];
  const clock = { now: 0 };
  return {
    clock,
    queue: () => queue,
    setTimer: (callback: () => void, ms: number) => {
      const timer = { callback, ms };
      queue.push(timer);
      return timer;
    },
    clearTimer: (timer: unknown) => (queue = queue.filter((each) => each !== timer)),
    run: async () => {
      const due = queue.splice(0);
      for (const timer of due) {
        clock.now += timer.ms;
        timer.callback();
      }
      await drainAnswers();
    },
  };
}
/**
 * Lets the answers' promise chains run to their end. Every fake here answers in microtasks (no
 * timer, no I/O), so a bounded number of turns of the microtask queue is enough, whatever the load.
 */
async function drainAnswers(): Promise<void> {
  for (let turn = 0; turn < 50; turn++) await Promise.resolve();
}

function setup() {
  const server = fakeServer();
  const timers = manualTimers();
  const shown: TopicSnapshot[][] = [];
  const moved: number[] = [];
  const player = new ReplayPlayer({
    fetchMoment: server.fetchMoment,
    show: (topics) => shown.push([...topics]),
    moved: (at) => moved.push(at),
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
    clock: () => timers.clock.now,
  });
  return { server, timers, shown, moved, player };
}

describe('the replay player', () => {
  it('opens the moment of the address and shows its topics', async () => {
    const { server, player, shown, moved } = setup();
    const opened = player.jump('2026-12-03T17:00');
    await server.answer();
    await opened;
    expect(server.asked).toEqual(['2026-12-03T17:00']);
    expect(player.moment).toBe(NOW - 12 * 60 * MINUTE);
    expect(player.first).toBe(FIRST);
    expect(player.now).toBe(NOW);
    expect(shown).toHaveLength(1);
    expect(moved).toEqual([player.moment]);
  });

  it('plays forward a step of speed × STEP_MS at a time, asking again only once answered', async () => {
    const { server, timers, player } = setup();
    const start = NOW - 60 * MINUTE;
    const opened = player.jump(start);
    await server.answer();
    await opened;
    player.play(600);
    await timers.run();
    expect(server.asked).toEqual([start, start + 600 * STEP_MS]);
    // No answer yet: nothing more is asked however long it waits.
    await timers.run();
    expect(server.asked).toHaveLength(2);
    await server.answer();
    expect(player.moment).toBe(start + 600 * STEP_MS);
    // The next step waits out the rest of the step: at most two requests a second.
    expect(timers.queue()).toHaveLength(1);
    expect(timers.queue()[0]!.ms).toBeLessThanOrEqual(STEP_MS);
    expect(timers.queue()[0]!.ms).toBeGreaterThan(0);
  });

  it('stops at the server’s now, and on pause', async () => {
    const { server, timers, player } = setup();
    const opened = player.jump(NOW - 4 * MINUTE);
    await server.answer();
    await opened;
    player.play(600);
    await timers.run();
    expect(server.asked.at(-1)).toBe(NOW); // not beyond now
    await server.answer();
    expect(player.playing).toBe(false);
    expect(player.moment).toBe(NOW);
    player.play();
    expect(player.playing).toBe(false); // nothing left to play
    const back = player.jump(NOW - 30 * MINUTE);
    await server.answer();
    await back;
    player.play(60);
    player.pause();
    await timers.run();
    expect(server.asked.at(-1)).toBe(NOW - 30 * MINUTE);
  });

  it('a moment before the first event: says so, keeps the moment, shows nothing of it', async () => {
    const { server, player, shown } = setup();
    const opened = player.jump(FIRST - 60 * MINUTE);
    await server.answer();
    await opened;
    expect(player.refusal).toEqual({ vi: 'at: chưa có dữ liệu', en: 'at: nothing was recorded' });
    expect(player.moment).toBe(FIRST - 60 * MINUTE);
    expect(shown).toHaveLength(0);
  });

  it('an answer overtaken by a later jump is dropped', async () => {
    const { server, player } = setup();
    const first = player.jump(NOW - 60 * MINUTE);
    const second = player.jump(NOW - 30 * MINUTE);
    await server.answer();
    await server.answer();
    await Promise.all([first, second]);
    expect(player.moment).toBe(NOW - 30 * MINUTE);
  });
});

describe('the replay feed', () => {
  it('hands a moment’s topics to the widgets through the topic store, and the next moment replaces them', async () => {
    const feed = new ReplayFeed((callback) => callback());
    const topic = feed.store.topic('reports.summary');
    const seen: unknown[] = [];
    const stop = $effect.root(() => {
      $effect(() => {
        seen.push(topic.data);
      });
    });
    flushSync();
    await drainAnswers();
    // Nothing shown yet: the topic says there is no data at that moment, it is not "live".
    expect(topic.error?.code).toBe('unknown_topic');
    feed.show([headline(1, 11)]);
    await drainAnswers();
    flushSync();
    expect(topic.data).toEqual({ today: 11 });
    expect(topic.error).toBeNull();
    feed.show([headline(2, 22)]);
    await drainAnswers();
    flushSync();
    expect(topic.data).toEqual({ today: 22 });
    expect(seen.at(-1)).toEqual({ today: 22 });
    stop();
  });
});
