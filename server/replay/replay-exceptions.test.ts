/**
 * "Needs attention" in the past: the exceptions stage judges the topics of the moment replayed
 * (never the live hub's), and says since when each item needed attention as the live system said
 * it, to five minutes. The simulators and the shipped rules, a morning of events, no snapshot: the
 * replay of a moment goes through hours of log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domains } from '../domains/index';
import type { DomainContext, IngestEvent, StoredEvent } from '../domains/domain';
import { DomainRuntime } from '../domains/runtime';
import { TopicHub } from '../realtime/topic-hub';
import { loadFixtures } from '../fixtures/fixtures';
import { seededRandom } from '../feeds/simulator/random';
import { loadConfig } from '../config/load-config';
import { TIME_ZONE } from '../test-support/domain-harness';
import type { ExceptionItem } from '../protocol/topics/exceptions';
import { migrate, openDatabase } from '../store/database';
import { SqliteSnapshotStore } from './snapshot-store';
import { ReplayCursors } from './topics-at';
import { JUDGE_EVERY_MS, JUDGE_WINDOW_MS } from '../domains/judge-as-time-passes';

// 07:00 on Friday 4/12/2026 in Hà Nội.
const START = Date.UTC(2026, 11, 4, 0, 0, 0);
const MINUTES = 240;

const log: StoredEvent[] = [];
/** What the live hub published after each simulated minute. */
const live = new Map<number, ExceptionItem[]>();
let replay: ReplayCursors;
let folder: string;
/** The live context without its clock and hub (a start makes its own). */
let liveContext: Omit<DomainContext, 'now' | 'topicState'>;

beforeAll(async () => {
  const config = await loadConfig();
  let now = START;
  const hub = new TopicHub({ emit: () => {}, now: () => now });
  hub.stop();
  const context: Omit<DomainContext, 'now'> = {
    fixtures: loadFixtures(),
    timeZone: TIME_ZONE,
    reportingTemplates: () => [...config.reporting.values()],
    exceptionRules: () => config.exceptions,
    topicState: (name) => hub.current(name),
  };
  liveContext = context;
  const runtime = new DomainRuntime(domains, { ...context, now: () => now }, hub);
  const store = (events: IngestEvent[]): StoredEvent[] =>
    events
      .sort((a, b) => (a.time as number) - (b.time as number))
      .map((event) => {
        const stored: StoredEvent = {
          seq: log.length + 1,
          domain: event.domain,
          kind: event.kind,
          time: now,
          source: 'simulator',
          simulated: true,
          idempotencyKey: event.id ?? null,
          data: event.data,
        };
        log.push(stored);
        return stored;
      });
  const simulators = domains.map((domain) => domain.createSimulator({ ...context, now: () => now }, seededRandom(11)));
  runtime.apply(store(simulators.flatMap((simulator) => simulator.seed(now))));
  hub.flush();
  for (let minute = 1; minute <= MINUTES; minute++) {
    now += 60_000;
    runtime.apply(store(simulators.flatMap((simulator) => simulator.step(now, 60_000, 1))));
    runtime.tick(now);
    hub.flush();
    live.set(now, (hub.current('exceptions.now') as { items: ExceptionItem[] }).items);
  }

  folder = mkdtempSync(path.join(tmpdir(), 'ioc-replay-exceptions-'));
  const db = openDatabase(path.join(folder, 'store.db'));
  migrate(db);
  const timeOf = (seq: number) => log[seq - 1]!.time;
  replay = new ReplayCursors({
    store: {
      readAfter: (afterSeq, limit) => log.slice(afterSeq, afterSeq + limit),
      span: () => ({ first: log[0]!.time, last: log.at(-1)!.time, lastSeq: log.length }),
      seqAt: (at) => log.findLast((event) => timeOf(event.seq) <= at)?.seq ?? 0,
    },
    snapshots: new SqliteSnapshotStore(db),
    domains,
    // The live context, as the server gives it: its topicState reads the live hub, now at the end.
    context,
    now: () => now,
  });
}, 120_000);

afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const itemsAt = async (at: number): Promise<ExceptionItem[]> => {
  const answer = await replay.topicsAt(at, 'internal', new Set(['exceptions.now']));
  if (!answer.ok) throw new Error(answer.en);
  return (answer.topics[0]!.data as { items: ExceptionItem[] }).items;
};

/** Says, for the live list at `at`, how far each "since" of `judged` lies from it (as the replay test checks). */
function compareSince(judged: ExceptionItem[], at: number): number {
  const byId = new Map(judged.map((item) => [item.id, item.since]));
  let compared = 0;
  for (const item of live.get(at)!) {
    const since = byId.get(item.id)!;
    if (item.since < at - JUDGE_WINDOW_MS) {
      // Began before the judged window: said to have begun at its start, never later.
      expect(since, `${item.id} at ${new Date(at).toISOString()}`).toBeGreaterThanOrEqual(item.since);
      expect(since, `${item.id} at ${new Date(at).toISOString()}`).toBeLessThanOrEqual(
        at - JUDGE_WINDOW_MS + JUDGE_EVERY_MS,
      );
      continue;
    }
    expect(Math.abs(since - item.since), `${item.id} at ${new Date(at).toISOString()}`).toBeLessThanOrEqual(
      JUDGE_EVERY_MS,
    );
    if (item.since < at - 30 * 60_000) compared++;
  }
  return compared;
}

describe('what needs attention after a start', () => {
  it('says since when, to five minutes within the judged hours, as the live list said before the restart', async () => {
    let compared = 0;
    for (const minute of [90, 150, 200, MINUTES]) {
      // A start from the whole log (no snapshot fits) at that minute of the simulated morning.
      const at = START + minute * 60_000;
      const stored = log.filter((event) => event.time <= at);
      const hub = new TopicHub({ emit: () => {}, now: () => at });
      hub.stop();
      const runtime = new DomainRuntime(
        domains,
        { ...liveContext, now: () => at, topicState: (name) => hub.current(name) },
        hub,
      );
      await runtime.rebuild({ readAfter: (afterSeq, limit) => stored.slice(afterSeq, afterSeq + limit) });
      const items = (hub.current('exceptions.now') as { items: ExceptionItem[] }).items;
      const withoutSince = (list: ExceptionItem[]) => list.map(({ since: _since, ...rest }) => rest);
      expect(withoutSince(items), `minute ${minute}`).toEqual(withoutSince(live.get(at)!));
      compared += compareSince(items, at);
    }
    // Some item began long before its start: one judgement at the start would say it began then.
    expect(compared).toBeGreaterThan(0);
  });
});

describe('what needed attention at a past moment', () => {
  it('has some exceptions to compare (the shipped rules fire on a simulated morning)', () => {
    expect([...live.values()].some((items) => items.length > 0)).toBe(true);
  });

  it('is judged from the figures of that moment, not from the live ones', async () => {
    for (const minute of [30, 90, 150, 200, MINUTES]) {
      const at = START + minute * 60_000;
      const withoutSince = (items: ExceptionItem[]) => items.map(({ since: _since, ...rest }) => rest);
      expect(withoutSince(await itemsAt(at)), `minute ${minute}`).toEqual(withoutSince(live.get(at)!));
    }
  });

  it('says since when, to five minutes within the judged hours, as the live list said', async () => {
    let compared = 0;
    for (const minute of [90, 150, 200, MINUTES]) {
      const at = START + minute * 60_000;
      compared += compareSince(await itemsAt(at), at);
    }
    // Some item began long before its moment: a replay judging only at the moment would fail here.
    expect(compared).toBeGreaterThan(0);
  });
});
