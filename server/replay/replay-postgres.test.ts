/**
 * Snapshots and the past on PostgreSQL (the real server, a schema of its own), against the same
 * log in SQLite: every domain's simulator writes two days into both stores with the same seqs and
 * acceptance times, and the snapshot writer takes the same snapshots into each. Then a start on
 * PostgreSQL reads only the events after its snapshot, `topicsAt` answers as on SQLite, a later
 * moment goes on from the replay kept before it, and the route answers on a server on that schema.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domains } from '../domains/index';
import { DomainRuntime } from '../domains/runtime';
import type { DomainContext, StoredEvent } from '../domains/domain';
import { loadFixtures } from '../fixtures/fixtures';
import { seededRandom } from '../feeds/simulator/random';
import { TopicHub } from '../realtime/topic-hub';
import { localTime } from '../domains/calendar';
import { openDataStore } from '../store/data-folder';
import type { SqliteDatabase } from '../store/database';
import { EventStore } from '../store/event-store';
import { EventHistory } from '../store/archive/event-history';
import type { PastLog } from '../store/event-log';
import { openPgPool } from '../store/pg/pg-database';
import { PgEventStore } from '../store/pg/pg-event-store';
import { PgEventHistory } from '../store/pg/pg-event-history';
import { freshPgSchema, type TestSchema } from '../test-support/pg-schema';
import { startTestApp } from '../test-support/test-app';
import { loadConfig } from '../config/load-config';
import { SqliteSnapshotStore, type SnapshotStore } from './snapshot-store';
import { PgSnapshotStore } from './pg-snapshot-store';
import { SnapshotWriter, startSnapshot } from './snapshot-writer';
import { ReplayCursors } from './topics-at';

const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = localTime('2026-03-02', 0, 0, TIME_ZONE);
const END = START + 48 * HOUR;
const fixtures = loadFixtures();
// A snapshot every 200 events: two days at rate 0.02 are ≈930 events (the simulators write ≈23,300 a day).
const SCHEDULE = { everyEvents: 200, everyMinutes: 24 * 60, keepAllHours: 48, keepEveryHours: 3 };

const contextAt = (clock: { now: number }): DomainContext => ({
  fixtures,
  timeZone: TIME_ZONE,
  now: () => clock.now,
  reportingTemplates: () => [],
  noticeTopics: () => [],
});

function runtimeAt(clock: { now: number }) {
  const hub = new TopicHub({ emit: () => {}, now: () => clock.now });
  hub.stop();
  return { hub, runtime: new DomainRuntime(domains, contextAt(clock), hub) };
}

let schema: TestSchema;
let pool: pg.Pool;
let dir: string;
let db: SqliteDatabase;
let sqlite: { history: EventHistory; snapshots: SqliteSnapshotStore };
let postgres: { history: PgEventHistory; snapshots: PgSnapshotStore };
let lastSeq = 0;

/** Ten-minute steps of the simulators into both stores, with their acceptance times. */
async function generate(): Promise<void> {
  const clock = { now: START };
  const live = runtimeAt(clock);
  const writers = [sqlite.snapshots, postgres.snapshots].map(
    (store) => new SnapshotWriter(live.runtime, store, SCHEDULE, () => clock.now),
  );
  const random = seededRandom(29);
  const simulators = domains.map((domain) => domain.createSimulator(contextAt(clock), random));
  const insertSqlite = db.prepare<[string, string, number, number, string, string | null, string], { seq: number }>(
    `INSERT INTO events (domain, kind, time, received_at, source, simulated, idempotency_key, payload)
     VALUES (?, ?, ?, ?, ?, 1, ?, ?) RETURNING seq`,
  );
  while (clock.now < END) {
    clock.now += 10 * MINUTE;
    const stored: StoredEvent[] = [];
    for (const event of simulators.flatMap((simulator) => simulator.step(clock.now, 10 * MINUTE, 0.02))) {
      const time = typeof event.time === 'number' ? event.time : clock.now;
      const source = event.source ?? 'simulator';
      const key = event.id ?? null;
      const payload = JSON.stringify(event.data);
      const { seq } = insertSqlite.get(event.domain, event.kind, time, clock.now, source, key, payload)!;
      const { rows } = await pool.query<{ seq: string }>(
        `INSERT INTO events (domain, kind, time, received_at, source, simulated, idempotency_key, payload)
         VALUES ($1, $2, $3, $4, $5, true, $6, $7) RETURNING seq`,
        [event.domain, event.kind, time, clock.now, source, key, payload],
      );
      expect(Number(rows[0]!.seq)).toBe(seq);
      stored.push({
        seq,
        domain: event.domain,
        kind: event.kind,
        time,
        source,
        simulated: true,
        idempotencyKey: key,
        data: event.data,
      });
    }
    live.runtime.apply(stored);
    live.runtime.tick(clock.now);
    live.hub.flush();
    if (writers[0]!.due()) for (const writer of writers) await writer.take();
  }
  lastSeq = live.runtime.lastSeq;
}

beforeAll(async () => {
  schema = freshPgSchema();
  pool = await openPgPool({ url: schema.url, schema: schema.schema });
  dir = mkdtempSync(path.join(tmpdir(), 'ioc-replay-pg-'));
  db = openDataStore(dir);
  const sqliteSnapshots = new SqliteSnapshotStore(db);
  sqlite = { history: new EventHistory(db, dir, new EventStore(db), sqliteSnapshots), snapshots: sqliteSnapshots };
  postgres = {
    history: new PgEventHistory(pool, dir, new PgEventStore(pool)),
    snapshots: new PgSnapshotStore(pool),
  };
  await generate();
}, 240_000);

afterAll(async () => {
  await pool?.end();
  db?.close();
  await schema?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The log with a count of the events read from it. */
function counted(log: PastLog): PastLog & { read: number } {
  const counting = {
    read: 0,
    span: () => log.span(),
    seqAt: (at: number) => log.seqAt(at),
    readAfter: async (after: number, limit: number) => {
      const page = await log.readAfter(after, limit);
      counting.read += page.length;
      return page;
    },
  };
  return counting;
}

const cursorsOn = (store: PastLog, snapshots: SnapshotStore) =>
  new ReplayCursors({ store, snapshots, domains, context: contextAt({ now: END }), now: () => END });

describe('snapshots on PostgreSQL', () => {
  it('the writer kept the same snapshots in PostgreSQL as in SQLite, with the same retention', async () => {
    const kept = await postgres.snapshots.list();
    expect(kept.length).toBeGreaterThanOrEqual(4);
    expect(kept).toEqual(sqlite.snapshots.list());
    // Pruned as if a day later: every 3 h span before the last 48 h keeps its first, as on SQLite.
    const later = END + 24 * HOUR;
    expect(await postgres.snapshots.prune(later, SCHEDULE)).toBe(sqlite.snapshots.prune(later, SCHEDULE));
    expect(await postgres.snapshots.list()).toEqual(sqlite.snapshots.list());
  });

  it('a start on PostgreSQL loads the newest snapshot and reads only the events after it', async () => {
    const { runtime, hub } = runtimeAt({ now: END });
    const started = await startSnapshot(runtime, postgres.snapshots);
    expect(started.reason).toBeNull();
    const tail = lastSeq - started.snapshot!.seq;
    expect(tail).toBeLessThan(lastSeq / 4);
    const log = counted(postgres.history);
    expect(await runtime.rebuild(log, started.snapshot)).toBe(tail);
    expect(log.read).toBe(tail);
    expect(runtime.lastSeq).toBe(lastSeq);
    expect(hub.list().length).toBeGreaterThan(0);
  });
});

describe('a new aggregation leader on PostgreSQL', () => {
  it('loads the newest snapshot at takeover and reads only the events after it', async () => {
    const { runtime } = runtimeAt({ now: END });
    runtime.pause(); // a follower, as every process but the leader
    const { snapshot } = await startSnapshot(runtime, postgres.snapshots);
    const log = counted(postgres.history);
    try {
      const replayed = await runtime.lead(new PgEventStore(pool), log, snapshot);
      expect(replayed).toBe(lastSeq - snapshot!.seq);
      expect(log.read).toBe(lastSeq - snapshot!.seq);
      expect(runtime.lastSeq).toBe(lastSeq);
    } finally {
      runtime.pause();
    }
  });
});

describe('topicsAt on PostgreSQL', () => {
  const moments = [3, 11.5, 20, 29.25, 40, 47.9].map((hours) => START + hours * HOUR);

  it('equals the SQLite answer for the same log at every moment, from the same snapshot', async () => {
    const onSqlite = cursorsOn(sqlite.history, sqlite.snapshots);
    const onPostgres = cursorsOn(postgres.history, postgres.snapshots);
    let fromSnapshot = 0;
    for (const at of moments) {
      const expected = await onSqlite.topicsAt(at, 'internal');
      const answer = await onPostgres.topicsAt(at, 'internal');
      if (!expected.ok || !answer.ok) throw new Error(`no answer at ${at}`);
      expect(answer.seq).toBe(expected.seq);
      expect(answer.fromSnapshot).toBe(expected.fromSnapshot);
      expect(answer.replayed).toBe(expected.replayed);
      expect(answer.topics).toEqual(expected.topics);
      if (answer.fromSnapshot !== null) fromSnapshot++;
    }
    expect(fromSnapshot).toBeGreaterThan(0);
    expect(await onPostgres.span()).toEqual(await onSqlite.span());
  });

  it('a moment before the first event is refused as such, naming at', async () => {
    const answer = await cursorsOn(postgres.history, postgres.snapshots).topicsAt(START - HOUR, 'internal');
    expect(answer).toMatchObject({ ok: false, reason: 'before-first-event' });
  });
});

describe('a later moment goes on from the replay kept before it', () => {
  it('a few minutes later, with a snapshot taken between, reads only the events between the two moments', async () => {
    for (const [store, snapshots] of [
      [sqlite.history, sqlite.snapshots],
      [postgres.history, postgres.snapshots],
    ] as const) {
      const kept = (await snapshots.list()).filter((info) => info.seq < lastSeq);
      const snapshot = kept[Math.floor(kept.length / 2)]!;
      // A moment just before the snapshot's, then one just after it.
      const before = snapshot.receivedAt - 20 * MINUTE;
      const after = snapshot.receivedAt + 10 * MINUTE;
      const log = counted(store);
      const cursors = cursorsOn(log, snapshots);
      const first = await cursors.topicsAt(before, 'internal');
      if (!first.ok) throw new Error(first.en);
      expect(first.seq).toBeLessThan(snapshot.seq);
      log.read = 0;
      const second = await cursors.topicsAt(after, 'internal');
      if (!second.ok) throw new Error(second.en);
      expect(second.seq).toBeGreaterThan(snapshot.seq);
      expect(second.fromSnapshot).toBeNull();
      expect(second.replayed).toBe(second.seq - first.seq);
      expect(log.read).toBe(second.seq - first.seq);
      // The same moment from the snapshot: the same event reached, the same topics published.
      const fresh = await cursorsOn(store, snapshots).topicsAt(after, 'internal');
      if (!fresh.ok) throw new Error(fresh.en);
      expect(fresh.fromSnapshot).toBe(snapshot.seq);
      expect(fresh.seq).toBe(second.seq);
      expect(second.topics.map((topic) => topic.topic)).toEqual(fresh.topics.map((topic) => topic.topic));
    }
  });
});

describe('the replay route on a server on PostgreSQL', () => {
  it('answers a past moment from the kept snapshot (no more "not available on PostgreSQL")', async () => {
    const app = await startTestApp({
      config: await loadConfig(),
      database: { url: schema.url, schema: schema.schema },
    });
    try {
      const { cookie } = await app.signIn('operator');
      const at = new Date(START + 30 * HOUR).toISOString();
      const response = await fetch(`${app.url}/api/v1/replay?dashboard=main&at=${encodeURIComponent(at)}`, {
        headers: { cookie },
      });
      const body = (await response.json()) as { fromSnapshot: number | null; first: number; topics: unknown[] };
      expect(response.status, JSON.stringify(body).slice(0, 300)).toBe(200);
      expect(body.fromSnapshot).not.toBeNull();
      expect(body.first).toBe(START + 10 * MINUTE);
      expect(body.topics.length).toBeGreaterThan(0);
      // The start on this schema loaded the newest snapshot: the live state is at the log's end.
      expect(app.ioc.app.runtime.lastSeq).toBe(lastSeq);
    } finally {
      await app.dispose();
    }
  }, 60_000);
});
