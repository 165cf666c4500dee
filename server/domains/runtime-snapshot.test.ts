/**
 * Snapshots: the state after a snapshot plus the replay of the events after it equals the state
 * after replaying the whole log, whatever the moment the snapshot was taken (random simulator
 * runs, random moments). Real parts: the SQLite event store, the topic hub, every domain.
 */
import { describe, expect, it } from 'vitest';
import { domains } from './index';
import { DomainRuntime, type RuntimeSnapshot } from './runtime';
import type { DomainContext, IngestEvent } from './domain';
import { loadFixtures } from '../fixtures/fixtures';
import { seededRandom } from '../feeds/simulator/random';
import { TopicHub } from '../realtime/topic-hub';
import { openDatabase } from '../store/database';
import { EventStore } from '../store/event-store';
import { storedForm } from '../test-support/simulated-event';
import { TIME_ZONE } from '../test-support/domain-harness';
import type { TopicName } from '../protocol/topics';

const fixtures = loadFixtures();
// 21:00 on 27/11/2026 in Hà Nội: the run crosses midnight.
const START = Date.UTC(2026, 10, 27, 14, 0, 0);

function contextAt(clock: { now: number }): DomainContext {
  return { fixtures, timeZone: TIME_ZONE, now: () => clock.now, reportingTemplates: () => [], noticeTopics: () => [] };
}

function runtimeAt(clock: { now: number }) {
  const hub = new TopicHub({ emit: () => {}, now: () => clock.now });
  return { hub, runtime: new DomainRuntime(domains, contextAt(clock), hub) };
}

const toNew = storedForm;

/** Every topic's data, as a screen subscribing now would get it. */
function topicStates(hub: TopicHub): Record<string, unknown> {
  return Object.fromEntries(hub.list().map((info) => [info.name, hub.snapshot(info.name as TopicName).data]));
}

/**
 * Runs the simulators as the live server does (store, apply, a tick a second) for `seconds`,
 * taking a snapshot (through JSON, as stored) at each of `moments` (seconds into the run).
 */
async function liveRun(prngSeed: number, seconds: number, moments: Set<number>) {
  const clock = { now: START };
  const store = new EventStore(openDatabase(':memory:'));
  const live = runtimeAt(clock);
  const random = seededRandom(prngSeed);
  const simulators = domains.map((domain) => domain.createSimulator(contextAt(clock), random));
  const post = async (events: IngestEvent[]) => {
    if (events.length === 0) return;
    const { stored } = await store.append(events.map(toNew));
    live.runtime.apply(stored);
  };
  await post(simulators.flatMap((s) => s.seed(clock.now)).sort((a, b) => (a.time as number) - (b.time as number)));
  live.runtime.tick(clock.now);
  const snapshots: RuntimeSnapshot[] = [];
  for (let second = 1; second <= seconds; second++) {
    clock.now += 1000;
    // At 30 times the normal rate, so that a short run holds many changes of every kind.
    await post(simulators.flatMap((s) => s.step(clock.now, 1000, 30)));
    live.runtime.tick(clock.now);
    live.hub.flush();
    if (moments.has(second)) snapshots.push(JSON.parse(JSON.stringify(live.runtime.snapshot())) as RuntimeSnapshot);
  }
  return { clock, store, live, snapshots };
}

describe('aggregator snapshots', () => {
  it('every domain has one, so snapshots are taken', () => {
    const { runtime } = runtimeAt({ now: START });
    expect(runtime.snapshotBlocker).toBeNull();
  });

  for (const prngSeed of [1, 7, 42]) {
    it(`snapshot + tail equals a full replay (seed ${prngSeed}, random moments)`, async () => {
      const random = seededRandom(prngSeed * 977);
      const seconds = 240;
      const moments = new Set([1, ...Array.from({ length: 4 }, () => 1 + Math.floor(random() * (seconds - 1)))]);
      const { clock, store, snapshots } = await liveRun(prngSeed, seconds, moments);
      expect(snapshots.length).toBe(moments.size);

      // Made at the end, as a restart makes them (a KPI never reported once said when that was).
      const replayClock = { now: clock.now };
      const full = runtimeAt(replayClock);
      const restoredRuns = snapshots.map(() => runtimeAt(replayClock));
      const replayed = await full.runtime.rebuild(store);
      expect(replayed).toBe(store.count());
      const expected = topicStates(full.hub);

      for (const [index, snapshot] of snapshots.entries()) {
        expect(snapshot.seq).toBeGreaterThan(0);
        const restored = restoredRuns[index]!;
        const tail = await restored.runtime.rebuild(store, snapshot);
        expect(tail).toBe(store.count() - snapshot.seq);
        expect(topicStates(restored.hub)).toEqual(expected);
        expect(restored.runtime.lastSeq).toBe(full.runtime.lastSeq);
      }
    }, 120_000);
  }

  it('a snapshot of another aggregator version is refused, saying which', async () => {
    const { snapshots } = await liveRun(3, 5, new Set([5]));
    const snapshot = snapshots[0]!;
    const { runtime } = runtimeAt({ now: START });
    expect(runtime.unfit(snapshot)).toBeNull();
    const older = { ...snapshot, versions: { ...snapshot.versions, reports: snapshot.versions.reports! + 1 } };
    expect(runtime.unfit(older)).toMatch(/^reports: snapshot version/);
    expect(() => runtime.restore(older)).toThrow(/does not fit/);
  });
});
