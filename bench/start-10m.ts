/**
 * A start with 10 million events in the store (`npm run bench:start -- --events 10000000`): every
 * domain's simulator, one step a simulated second, about 1,000 events a second (the issue's load:
 * the traffic sensors' feed scaled up, the people's domains at their normal rate), written straight into a SQLite file in a temp folder in batched
 * transactions. Then, timed, each on a store opened afresh as a start does:
 *   - before: no snapshot, the whole log replayed (how every start worked before migration 010);
 *   - after: the newest snapshot (taken once the log is written) and the tail written after it
 *     (`--tail`, the default snapshot schedule's 50,000 events at most) replayed.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { arg } from './bench-support';
import { domains } from '../server/domains/index';
import { DomainRuntime } from '../server/domains/runtime';
import type { DomainContext, IngestEvent } from '../server/domains/domain';
import { loadFixtures } from '../server/fixtures/fixtures';
import { seededRandom } from '../server/feeds/simulator/random';
import { TopicHub } from '../server/realtime/topic-hub';
import { openDatabase, type SqliteDatabase } from '../server/store/database';
import { EventStore } from '../server/store/event-store';
import { SqliteSnapshotStore } from '../server/replay/snapshot-store';
import { startSnapshot } from '../server/replay/snapshot-writer';

const total = arg('events', 10_000_000);
const tail = arg('tail', 50_000);
/** The sensor feed's simulator rate; by default the one that gives about 1,000 events/s. */
const rate = arg('rate', 0);
const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const SECOND = 1000;
const SENSOR_DOMAINS = new Set(['traffic']);

const dir = mkdtempSync(path.join(tmpdir(), 'ioc-bench-start-'));
const file = path.join(dir, 'ioc.sqlite');
const fixtures = loadFixtures();
const context = (clock: { now: number }): DomainContext => ({
  fixtures,
  timeZone: TIME_ZONE,
  now: () => clock.now,
  reportingTemplates: () => [],
  noticeTopics: () => [],
});
const runtimeOn = (clock: { now: number }) => {
  const hub = new TopicHub({ emit: () => {}, now: () => clock.now });
  hub.stop();
  return new DomainRuntime(domains, context(clock), hub);
};

/**
 * The simulators' events for one simulated second. A city's thousand events a second are its
 * sensors' (the traffic feed): that feed runs at `perSecond`, the people's domains (reports,
 * notices, social services…) at their normal rate 1, so their states hold a plausible number of
 * reports rather than millions.
 */
function generator(clock: { now: number }) {
  const random = seededRandom(2026);
  const simulators = domains.map((domain) => ({
    sensor: SENSOR_DOMAINS.has(domain.name),
    simulator: domain.createSimulator(context(clock), random),
  }));
  return (perSecond: number): IngestEvent[] =>
    simulators.flatMap(({ sensor, simulator }) => simulator.step(clock.now, SECOND, sensor ? perSecond : 1));
}

/** Writes `count` events from `clock.now` on, a transaction per 20,000; returns when it stopped. */
function write(
  db: SqliteDatabase,
  clock: { now: number },
  next: (perSecond: number) => IngestEvent[],
  count: number,
  perSecond: number,
): number {
  const insert = db.prepare(
    `INSERT INTO events (domain, kind, time, received_at, source, simulated, idempotency_key, payload)
     VALUES (?, ?, ?, ?, ?, 1, ?, ?)`,
  );
  let written = 0;
  const batch = db.transaction((limit: number) => {
    let inBatch = 0;
    while (inBatch < limit) {
      clock.now += SECOND;
      for (const event of next(perSecond)) {
        insert.run(
          event.domain,
          event.kind,
          typeof event.time === 'number' ? event.time : clock.now,
          clock.now,
          event.source ?? 'simulator',
          event.id ?? null,
          JSON.stringify(event.data),
        );
        inBatch++;
      }
    }
    return inBatch;
  });
  const started = performance.now();
  while (written < count) {
    written += batch(Math.min(20_000, count - written));
    if (written % 1_000_000 < 20_000)
      console.error(
        `… ${written.toLocaleString('en')} events, ${Math.round(written / ((performance.now() - started) / 1000)).toLocaleString('en')}/s`,
      );
  }
  return written;
}

/** The sensor feed's rate that gives about 1,000 events a simulated second. */
function calibrate(): number {
  const clock = { now: Date.now() };
  const next = generator(clock);
  let events = 0;
  for (let second = 0; second < 60; second++) {
    clock.now += SECOND;
    events += next(100).length;
  }
  return (100 * 1000) / Math.max(1, events / 60);
}

const time = async <T>(run: () => Promise<T> | T): Promise<{ ms: number; value: T }> => {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
};

/** A start as the server makes it: open the file (migrations), load the snapshot that fits, replay the rest. */
async function start(useSnapshot: boolean, clock: { now: number }) {
  const db = openDatabase(file);
  const runtime = runtimeOn(clock);
  const snapshots = new SqliteSnapshotStore(db);
  const chosen = useSnapshot ? (await startSnapshot(runtime, snapshots)).snapshot : null;
  const replayed = await runtime.rebuild(new EventStore(db), chosen);
  return { db, runtime, replayed, fromSnapshot: chosen?.seq ?? null };
}

const perSecond = rate > 0 ? rate : calibrate();
const clock = { now: Date.now() - Math.ceil((total + tail) / 1000) * SECOND };
const firstMoment = clock.now;
const generation = performance.now();
const writer = openDatabase(file);
// One generator for the log and its tail: the simulators go on, their ids never repeat.
const next = generator(clock);
const written = write(writer, clock, next, total, perSecond);
writer.close();
const generationS = (performance.now() - generation) / 1000;

// Before: the whole log, no snapshot.
const before = await time(() => start(false, { now: clock.now }));
// The snapshot a running server would have written: the state after the whole log.
const snapshotTaken = await time(() => {
  const snapshot = before.value.runtime.snapshot();
  if (!snapshot) throw new Error(`no snapshot: ${before.value.runtime.snapshotBlocker}`);
  const store = new SqliteSnapshotStore(before.value.db);
  store.save(snapshot, store.receivedAt(snapshot.seq) ?? clock.now, clock.now);
  return snapshot.seq;
});
const { n: snapshotKB } = before.value.db.prepare('SELECT max(length(state)) AS n FROM snapshots').get() as {
  n: number;
};
before.value.db.close();
// The events accepted after the snapshot: the tail a start replays.
const tailWriter = openDatabase(file);
const tailWritten = write(tailWriter, clock, next, tail, perSecond);
tailWriter.close();
const after = await time(() => start(true, { now: clock.now }));
const lastSeq = after.value.runtime.lastSeq;
after.value.db.close();

console.log(
  JSON.stringify(
    {
      events: written + tailWritten,
      simulatedHours: Math.round((clock.now - firstMoment) / 3_600_000),
      trafficSimulatorRate: Math.round(perSecond),
      generationS: Math.round(generationS),
      databaseMB: Math.round(statSync(file).size / 1e6),
      beforeFullReplayMs: Math.round(before.ms),
      beforeReplayed: before.value.replayed,
      snapshotMs: Math.round(snapshotTaken.ms),
      snapshotSeq: snapshotTaken.value,
      snapshotKB: Math.round(snapshotKB / 1000),
      afterStartMs: Math.round(after.ms),
      afterReplayed: after.value.replayed,
      afterFromSnapshot: after.value.fromSnapshot,
      lastSeq,
    },
    null,
    2,
  ),
);
rmSync(dir, { recursive: true, force: true });
