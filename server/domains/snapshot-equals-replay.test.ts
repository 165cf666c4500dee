/**
 * A start from a snapshot equals a full replay of the same log (issues 14 and 17): after a restart
 * a wall must show what it would have shown had the server replayed everything. Every domain's
 * simulator runs 39 simulated hours through the real store, runtime and hub (each event checked
 * as ingest would, a tick at every step), across a midnight and a month end in the city's time
 * zone, with reports settling after one day and the shipped config (reporting templates, notice
 * topics, exception rules). Snapshots are taken at a mid-day, just before midnight, just before the
 * month ends and just after it; each one restored plus the rest of the log is compared with the
 * whole log replayed, both ticked at the same moment: every topic (data, in order, and whether
 * simulated) and every aggregator's `snapshot.save()`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { domains } from './index';
import { DomainRuntime, type RuntimeSnapshot } from './runtime';
import type { DomainContext, IngestEvent } from './domain';
import { loadFixtures } from '../fixtures/fixtures';
import { seededRandom } from '../feeds/simulator/random';
import { TopicHub } from '../realtime/topic-hub';
import { openDatabase } from '../store/database';
import { EventStore } from '../store/event-store';
import { storedForm } from '../test-support/simulated-event';
import { loadConfig, type LoadedConfig } from '../config/load-config';
import { TIME_ZONE } from '../test-support/domain-harness';
import type { TopicName } from '../protocol/topics';

const fixtures = loadFixtures();
/** A time of the city's calendar (UTC+7, no daylight saving). */
const cityTime = (month: number, day: number, hour: number, minute = 0) =>
  Date.UTC(2026, month - 1, day, hour - 7, minute);
const START = cityTime(11, 29, 11);
const END = cityTime(12, 1, 2);
/** Each on a step of the run (every five minutes from the start), right after its tick. */
const MOMENTS = {
  'mid-day': cityTime(11, 29, 12),
  'before midnight': cityTime(11, 29, 23, 45),
  'before the month ends': cityTime(11, 30, 23, 45),
  'after the month ended': cityTime(12, 1, 0, 15),
};
const STEP_MS = 5 * 60_000;
/** A fifth of the normal volume: two days of every kind of change in a few seconds of replay. */
const RATE = 0.2;

let config: LoadedConfig;

function contextAt(clock: { now: number }, hub?: TopicHub): DomainContext {
  return {
    fixtures,
    timeZone: TIME_ZONE,
    now: () => clock.now,
    reportsSettleAfterDays: 1,
    reportingTemplates: () => [...config.reporting.values()],
    noticeTopics: () => config.app.notices.topics,
    exceptionRules: () => config.exceptions,
    ...(hub ? { topicState: (name: TopicName) => hub.current(name) } : {}),
  };
}

function runtimeAt(clock: { now: number }) {
  const hub = new TopicHub({ emit: () => {}, now: () => clock.now });
  hub.stop(); // flushed by hand, as the replay does
  return { hub, runtime: new DomainRuntime(domains, contextAt(clock, hub), hub) };
}

const toNew = storedForm;

/** Every topic as a screen subscribing now would get it: its data (newest first) and whether simulated. */
function topicStates(hub: TopicHub): Record<string, unknown> {
  return Object.fromEntries(
    hub.list().map((info) => {
      const { data, simulated } = hub.snapshot(info.name as TopicName);
      return [info.name, { data, simulated }];
    }),
  );
}

/**
 * A saved state in plain terms: references resolved to what they point to, the codec's ids gone,
 * a Set's items in a fixed order (nothing reads a Set's order: the aggregators sort what they
 * publish from one), a Map's entries in its own order (that order is published).
 */
function plain(encoded: unknown): unknown {
  const byId = new Map<number, unknown>();
  const walk = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const tagged = value as Record<string, unknown>;
    if ('$n' in tagged || '$u' in tagged) return tagged;
    if ('$r' in tagged) return byId.get(tagged.$r as number);
    let result: unknown;
    if ('$a' in tagged) result = (tagged.$a as unknown[]).map(walk);
    else if ('$m' in tagged) result = { map: (tagged.$m as unknown[][]).map(([key, item]) => [walk(key), walk(item)]) };
    else if ('$s' in tagged)
      result = {
        set: (tagged.$s as unknown[])
          .map(walk)
          .map((item) => [JSON.stringify(item), item] as const)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([, item]) => item),
      };
    else result = Object.fromEntries(Object.entries(tagged.$o as object).map(([key, item]) => [key, walk(item)]));
    byId.set(tagged.$i as number, result);
    return result;
  };
  return walk(encoded);
}

function savedStates(runtime: DomainRuntime): Record<string, unknown> {
  return Object.fromEntries(
    runtime.domains.map((domain) => [domain.name, plain(runtime.aggregator(domain.name)!.snapshot!.save())]),
  );
}

/**
 * The one thing left out: since when each exception needs attention. It is not a function of the
 * log: the exceptions stage notes the moment a flush first judged it, and the live system flushes
 * as events come, whereas a start judges every five minutes of the log's last three hours
 * (`judge-as-time-passes.ts`). For what began earlier a full replay says the window's start, a
 * start from a snapshot the snapshot's moment (see README, "Replay and bounded start";
 * `replay-exceptions.test.ts` checks "since" after a start). The ranking sorts by it, so the items
 * are compared in id order. Everything else of the exceptions is compared.
 */
function withoutSince(topics: Record<string, unknown>, saves: Record<string, unknown>) {
  const items = (topic: unknown) => {
    const { data, simulated } = topic as { data: { items: Array<{ id: string; since: number }> }; simulated: boolean };
    const sorted = [...data.items].sort((a, b) => (a.id < b.id ? -1 : 1)).map(({ since: _since, ...item }) => item);
    return { data: { items: sorted }, simulated };
  };
  const since = (saves.exceptions as { since: { map: Array<[string, number]> } }).since;
  return {
    topics: {
      ...topics,
      'exceptions.now': items(topics['exceptions.now']),
      'exceptions.alarms': items(topics['exceptions.alarms']),
    },
    saves: { ...saves, exceptions: since.map.map(([id]) => id).sort() },
  };
}

/** The keys whose values differ, so that a failure names the topics or domains first. */
function differing(actual: Record<string, unknown>, expected: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
  return [...keys].filter((key) => JSON.stringify(actual[key]) !== JSON.stringify(expected[key])).sort();
}

/**
 * Runs the simulators as the live server does: each domain's step posted as one request, checked
 * by its aggregator first (a refused request is not stored, as ingest answers 409), applied, then
 * a tick and a flush; a snapshot (through JSON, as stored) at each moment.
 */
async function liveRun() {
  const clock = { now: START };
  const store = new EventStore(openDatabase(':memory:'));
  const live = runtimeAt(clock);
  const random = seededRandom(7);
  const simulators = domains.map((domain) => domain.createSimulator(contextAt(clock), random));
  const post = async (events: IngestEvent[]) => {
    if (events.length === 0) return;
    const conflict = live.runtime
      .aggregator(events[0]!.domain)
      ?.check?.(events.map((event) => ({ kind: event.kind, data: event.data })));
    if (conflict) return;
    const { stored } = await store.append(events.map(toNew));
    live.runtime.apply(stored);
  };
  const seed = simulators.flatMap((simulator) => simulator.seed(clock.now));
  await post(seed.sort((a, b) => (a.time as number) - (b.time as number)));
  live.runtime.tick(clock.now);
  live.hub.flush();
  const snapshots = new Map<string, RuntimeSnapshot>();
  const due = Object.entries(MOMENTS);
  while (clock.now < END) {
    clock.now += STEP_MS;
    for (const simulator of simulators) await post(simulator.step(clock.now, STEP_MS, RATE));
    live.runtime.tick(clock.now);
    live.hub.flush();
    if (due.length > 0 && clock.now === due[0]![1]) {
      snapshots.set(due.shift()![0], JSON.parse(JSON.stringify(live.runtime.snapshot())) as RuntimeSnapshot);
    }
  }
  return { store, snapshots };
}

describe('a start from a snapshot equals a full replay', () => {
  let store: EventStore;
  let snapshots: Map<string, RuntimeSnapshot>;
  let expectedTopics: Record<string, unknown>;
  let expectedSaves: Record<string, unknown>;

  beforeAll(async () => {
    config = await loadConfig();
    ({ store, snapshots } = await liveRun());
    // The restart: a fresh runtime made now, the whole log replayed, one tick now.
    const full = runtimeAt({ now: END });
    expect(await full.runtime.rebuild(store)).toBe(store.count());
    ({ topics: expectedTopics, saves: expectedSaves } = withoutSince(topicStates(full.hub), savedStates(full.runtime)));
  }, 120_000);

  for (const moment of Object.keys(MOMENTS)) {
    it(`from the snapshot taken ${moment}`, async () => {
      const snapshot = snapshots.get(moment);
      expect(snapshot, 'taken at its moment').toBeDefined();
      if (!snapshot) return;
      expect(snapshot.seq).toBeGreaterThan(0);
      const restored = runtimeAt({ now: END });
      expect(await restored.runtime.rebuild(store, snapshot)).toBe(store.count() - snapshot.seq);

      const { topics, saves } = withoutSince(topicStates(restored.hub), savedStates(restored.runtime));
      expect(differing(topics, expectedTopics)).toEqual([]);
      expect(differing(saves, expectedSaves)).toEqual([]);
      // The same again in full, for the diff of what differs when something does.
      expect(topics).toEqual(expectedTopics);
      expect(saves).toEqual(expectedSaves);
    }, 60_000);
  }
});
