/**
 * A snapshot that cannot be written does not end the server: the writer runs on a timer, where a
 * throw is uncaught. Here the store's database is closed (as a full disk or a state too large for
 * one JSON string would fail the write); the writer reports it and waits for its schedule.
 */
import { describe, expect, it } from 'vitest';
import { domains } from '../domains/index';
import { DomainRuntime } from '../domains/runtime';
import type { DomainContext, StoredEvent } from '../domains/domain';
import { loadFixtures } from '../fixtures/fixtures';
import { seededRandom } from '../feeds/simulator/random';
import { TopicHub } from '../realtime/topic-hub';
import { openDatabase } from '../store/database';
import { waitUntil } from '../test-support/wait-until';
import { SqliteSnapshotStore } from './snapshot-store';
import { SnapshotWriter } from './snapshot-writer';

const clock = { now: Date.UTC(2026, 10, 20, 1) };
const context: DomainContext = {
  fixtures: loadFixtures(),
  timeZone: 'Asia/Ho_Chi_Minh',
  now: () => clock.now,
  reportingTemplates: () => [],
  noticeTopics: () => [],
};
const random = seededRandom(5);
const simulators = domains.map((domain) => domain.createSimulator(context, random));
let seq = 0;

/** A minute of every simulator's events, as the store would hand them to the runtime. */
function minute(): StoredEvent[] {
  clock.now += 60_000;
  return simulators
    .flatMap((simulator) => simulator.step(clock.now, 60_000, 1))
    .map((event) => ({
      seq: ++seq,
      domain: event.domain,
      kind: event.kind,
      time: typeof event.time === 'number' ? event.time : clock.now,
      source: 'simulator',
      simulated: true,
      idempotencyKey: event.id ?? null,
      data: event.data,
    }));
}

describe('the snapshot writer', () => {
  it('reports a snapshot it cannot write, keeps running, and tries again only when the schedule says', async () => {
    const hub = new TopicHub({ emit: () => {}, now: () => clock.now });
    hub.stop();
    const runtime = new DomainRuntime(domains, context, hub);
    const db = openDatabase(':memory:');
    const writer = new SnapshotWriter(
      runtime,
      new SqliteSnapshotStore(db),
      { everyEvents: 1_000_000, everyMinutes: 60, keepAllHours: 48, keepEveryHours: 3 },
      () => clock.now,
    );
    db.close();
    const errors: Error[] = [];
    writer.start(5, (error) => errors.push(error));
    try {
      while (runtime.lastSeq === 0) runtime.apply(minute());
      clock.now += 61 * 60_000;
      await waitUntil(() => errors.length === 1, 'the failed snapshot is reported');
      expect(errors[0]!.message).toMatch(/not open/);
      // Not due again at once: a write that failed is not retried every second.
      expect(writer.due()).toBe(false);
      runtime.apply(minute());
      expect(writer.due()).toBe(false);
      clock.now += 61 * 60_000;
      await waitUntil(() => errors.length === 2, 'tried again an hour later, reported again');
    } finally {
      writer.stop();
    }
  });
});
