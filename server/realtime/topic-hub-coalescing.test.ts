/**
 * Leading-edge coalescing, on a hand-driven clock and timer: a quiet topic's change goes out at
 * once, what follows within a tick is coalesced, and a burst costs at most one message per topic
 * and tick, its last value always delivered.
 */
import { describe, expect, it } from 'vitest';
import { TopicHub } from './topic-hub';
import { ManualScheduler } from '../test-support/manual-scheduler';
import type { TopicDefinition } from '../domains/domain';
import type { TopicDeltaMessage, TrafficSummary } from '../protocol/index';

const TICK = 16;

const topic = (name: 'traffic.summary' | 'security.summary', kind: 'state' | 'alert' = 'state'): TopicDefinition => ({
  name,
  audience: 'public',
  kind,
  shape: 'value',
  title: { vi: name, en: name },
  expectedIntervalMs: 60_000,
});

function summary(activeIncidents: number): TrafficSummary {
  const none = { crashes: 0, injuries: 0, deaths: 0 };
  return {
    activeIncidents,
    crashesToday: 0,
    injuriesToday: 0,
    deathsToday: 0,
    monthToDate: none,
    monthToDateLastYear: none,
    monthChange: none,
    yearToDate: none,
    yearToDateLastYear: none,
    yearChange: none,
  };
}

function makeHub() {
  const scheduler = new ManualScheduler();
  const sent: Array<{ at: number; message: TopicDeltaMessage }> = [];
  const hub = new TopicHub({
    emit: (_room, message) => sent.push({ at: scheduler.time, message }),
    tickMs: TICK,
    scheduler,
  });
  hub.define(topic('traffic.summary'));
  hub.define(topic('security.summary'));
  const out = hub.writer(false);
  const set = (n: number) => out.set('traffic.summary', summary(n));
  return { hub, scheduler, sent, set, out };
}

const incidents = (message: TopicDeltaMessage) => (message.delta as { set: TrafficSummary }).set.activeIncidents;

describe('TopicHub leading-edge coalescing', () => {
  it('sends a quiet topic’s first change at once, after the writes of the same turn', () => {
    const { scheduler, sent, set } = makeHub();
    set(1);
    set(2); // the same turn (one request's events): one message with the latest value
    expect(sent).toHaveLength(0);
    scheduler.runDueNow();
    expect(sent.map((s) => [s.at, incidents(s.message)])).toEqual([[0, 2]]);
  });

  it('coalesces what follows within the tick, then is immediate again once the topic was quiet a tick', () => {
    const { scheduler, sent, set } = makeHub();
    set(1);
    scheduler.runDueNow();
    scheduler.advanceTo(3);
    set(2);
    scheduler.advanceTo(9);
    set(3);
    scheduler.runDueNow();
    expect(sent).toHaveLength(1); // held: the topic sent less than a tick ago
    scheduler.advanceTo(TICK);
    expect(sent.map((s) => [s.at, incidents(s.message)])).toEqual([
      [0, 1],
      [TICK, 3],
    ]);
    scheduler.advanceTo(100);
    set(4);
    scheduler.runDueNow();
    expect(sent.at(-1)).toMatchObject({ at: 100 });
    expect(incidents(sent.at(-1)!.message)).toBe(4);
  });

  it('bounds a burst to one message per tick and always delivers the last value', () => {
    const { scheduler, sent, set } = makeHub();
    // A change every millisecond for one second: a thousand changes.
    for (let n = 1; n <= 1000; n++) {
      scheduler.advanceTo(n);
      set(n);
    }
    scheduler.advanceTo(2000);
    expect(scheduler.pending).toBe(0);
    const times = sent.map((s) => s.at);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(TICK);
    expect(sent.length).toBeLessThanOrEqual(Math.ceil(1000 / TICK) + 1);
    expect(sent.length).toBeGreaterThan(1000 / TICK - 2);
    expect(sent[0]!.at).toBe(1); // the first change was not held back
    expect(incidents(sent.at(-1)!.message)).toBe(1000);
    expect(sent.map((s) => s.message.seq)).toEqual(sent.map((_, i) => i + 1));
  });

  it('holds only the busy topic: another topic quiet for a tick still goes out at once', () => {
    const { scheduler, sent, set, out } = makeHub();
    for (let n = 1; n <= 40; n++) {
      scheduler.advanceTo(n);
      set(n);
      if (n === 20) {
        out.set('security.summary', { tiles: [] } as never);
        scheduler.runDueNow();
        expect(sent.at(-1)).toMatchObject({ at: 20, message: { topic: 'security.summary' } });
      }
    }
    scheduler.advanceTo(200);
    expect(sent.filter((s) => s.message.topic === 'security.summary')).toHaveLength(1);
  });

  it('publishes the derived values at most once a tick, and after each apply', () => {
    const { hub, scheduler, set } = makeHub();
    const steps: number[] = [];
    hub.beforeEachFlush(() => steps.push(scheduler.time));
    for (let n = 1; n <= 100; n++) {
      scheduler.advanceTo(n);
      set(n);
      hub.requestFlush();
    }
    scheduler.advanceTo(500);
    for (let i = 1; i < steps.length; i++) expect(steps[i]! - steps[i - 1]!).toBeGreaterThanOrEqual(TICK);
    expect(steps[0]).toBe(1);
    expect(steps.at(-1)).toBeGreaterThanOrEqual(100);
  });
});
