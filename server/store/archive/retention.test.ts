/**
 * Retention on a generated nine-month log (every domain's simulator, written with its acceptance
 * times, snapshots taken by the writer as the server would): the right events move, in whole
 * months and seq ranges; the past reads the same before and after; a start needs no archived
 * event; a run that crashes between two steps loses nothing and doubles nothing when run again.
 * The same suite on both stores: the SQLite file, and the same log copied into a PostgreSQL schema
 * of its own on the real server (there a start replays the whole log, archives included, as no
 * snapshot is kept on PostgreSQL yet; the replay of past moments is SQLite's only).
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../database';
import { EventStore } from '../event-store';
import { EventHistory } from './event-history';
import { archivedBatches, sha256, type ArchivedBatch } from './archive-files';
import { sqliteLedger } from './archive-ledger';
import {
  retentionCutoff,
  runRetention,
  type RetentionResult,
  type RetentionRun,
  type RetentionStep,
} from './retention';
import { SqliteSnapshotStore } from '../../replay/snapshot-store';
import { SnapshotWriter, startSnapshot } from '../../replay/snapshot-writer';
import { simulatedEventWriter } from '../../test-support/simulated-event';
import { ReplayCursors } from '../../replay/topics-at';
import { DomainRuntime } from '../../domains/runtime';
import { domains } from '../../domains/index';
import type { DomainContext, StoredEvent } from '../../domains/domain';
import { loadFixtures } from '../../fixtures/fixtures';
import { seededRandom } from '../../feeds/simulator/random';
import { TopicHub } from '../../realtime/topic-hub';
import { localTime } from '../../domains/calendar';
import type pg from 'pg';
import { openPgPool } from '../pg/pg-database';
import { PgEventStore } from '../pg/pg-event-store';
import { PgEventHistory } from '../pg/pg-event-history';
import { openPgArchiveLedger, pgArchivedBatches } from '../pg/pg-archive-ledger';
import { freshPgSchema, type TestSchema } from '../../test-support/pg-schema';
import type { WholeLog } from '../event-log';

const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const HOUR = 3_600_000;
const fixtures = loadFixtures();
const policy = { hotMonths: 6, archiveDir: 'archive', batchEvents: 100 };
/** The log runs from 2026-01-03 to 2026-09-20, city time; retention runs on 2026-09-20. */
const START = localTime('2026-01-03', 0, 0, TIME_ZONE);
const END = localTime('2026-09-20', 12, 0, TIME_ZONE);

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

const topicsOf = (hub: TopicHub) => new Map(hub.list().map((info) => [info.name, hub.current(info.name)]));

/** Six-hour steps of the simulators, written with their acceptance times; a snapshot now and then. */
async function generate(dir: string): Promise<void> {
  const db = openDatabase(path.join(dir, 'ioc.sqlite'));
  const store = new EventStore(db);
  const snapshots = new SqliteSnapshotStore(db);
  const clock = { now: START };
  const live = runtimeAt(clock);
  const writer = new SnapshotWriter(
    live.runtime,
    snapshots,
    { everyEvents: 1000, everyMinutes: 24 * 60, keepAllHours: 48, keepEveryHours: 24 },
    () => clock.now,
  );
  const random = seededRandom(17);
  const simulators = domains.map((domain) => domain.createSimulator(contextAt(clock), random));
  const write = simulatedEventWriter(db);
  // A transaction per step (the writer's snapshots are written between them).
  while (clock.now < END) {
    clock.now += 6 * HOUR;
    const stored = db.transaction(() =>
      write(
        simulators.flatMap((simulator) => simulator.step(clock.now, 6 * HOUR, 0.0003)),
        clock.now,
      ),
    )();
    live.runtime.apply(stored);
    live.runtime.tick(clock.now);
    live.hub.flush();
    if (writer.due()) await writer.take();
  }
  await writer.take();
  store.close();
  db.close();
}

/** One store holding a copy of the generated log, for one test. */
interface Fixture {
  /** The data folder: the archive goes in `archive/` below it. */
  dir: string;
  /** A retention run on this store (PostgreSQL: holding the retention lock, as the server does). */
  retain(options: Omit<RetentionRun, 'dataDir' | 'policy' | 'timeZone' | 'now'>): Promise<RetentionResult>;
  batches(): Promise<ArchivedBatch[]>;
  hotSeqs(): Promise<number[]>;
  /** The whole log (archives, then the hot store), as a start or a look-up reads it. */
  whole: WholeLog;
  /** The hot store alone. */
  hot: WholeLog;
  /** SQLite's own parts, for the replay of past moments. */
  sqlite: { db: SqliteDatabase; store: EventStore; snapshots: SqliteSnapshotStore; history: EventHistory } | null;
  close(): Promise<void>;
}

function sqliteCopy(template: string): Fixture {
  const dir = mkdtempSync(path.join(tmpdir(), 'ioc-retention-'));
  copyFileSync(path.join(template, 'ioc.sqlite'), path.join(dir, 'ioc.sqlite'));
  const db = openDatabase(path.join(dir, 'ioc.sqlite'));
  const store = new EventStore(db);
  const snapshots = new SqliteSnapshotStore(db);
  const history = new EventHistory(db, dir, store, snapshots);
  return {
    dir,
    retain: (options) =>
      runRetention(sqliteLedger(db, dir), { dataDir: dir, policy, timeZone: TIME_ZONE, now: END, ...options }),
    batches: () => Promise.resolve(archivedBatches(db)),
    hotSeqs: () =>
      Promise.resolve(
        (db.prepare('SELECT seq FROM events ORDER BY seq').all() as Array<{ seq: number }>).map((row) => row.seq),
      ),
    whole: history,
    hot: store,
    sqlite: { db, store, snapshots, history },
    close: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

interface TemplateRow {
  seq: number;
  domain: string;
  kind: string;
  time: number;
  received_at: number;
  source: string;
  simulated: number;
  idempotency_key: string | null;
  payload: string;
}

/** The generated log copied into a fresh PostgreSQL schema, seqs and acceptance times kept. */
async function pgCopy(template: string): Promise<Fixture> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ioc-retention-pg-'));
  const schema: TestSchema = freshPgSchema();
  const pool: pg.Pool = await openPgPool({ url: schema.url, schema: schema.schema });
  const source = openDatabase(path.join(template, 'ioc.sqlite'));
  try {
    const rows = source.prepare('SELECT * FROM events ORDER BY seq').all() as TemplateRow[];
    for (let i = 0; i < rows.length; i += 5000) {
      const chunk = rows.slice(i, i + 5000);
      const column = <K extends keyof TemplateRow>(key: K) => chunk.map((row) => row[key]);
      await pool.query(
        `INSERT INTO events (seq, domain, kind, time, received_at, source, simulated, idempotency_key, payload)
         OVERRIDING SYSTEM VALUE
         SELECT seq, domain, kind, time, received_at, source, simulated, key, payload::jsonb FROM unnest(
           $1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::boolean[], $8::text[], $9::text[]
         ) AS t(seq, domain, kind, time, received_at, source, simulated, key, payload)`,
        [
          column('seq'),
          column('domain'),
          column('kind'),
          column('time'),
          column('received_at'),
          column('source'),
          chunk.map((row) => row.simulated === 1),
          column('idempotency_key'),
          column('payload'),
        ],
      );
    }
    await pool.query("SELECT setval(pg_get_serial_sequence('events', 'seq'), (SELECT max(seq) FROM events))");
  } finally {
    source.close();
  }
  const store = new PgEventStore(pool);
  return {
    dir,
    retain: async (options) => {
      const held = await openPgArchiveLedger(pool);
      if (!held) throw new Error('the retention lock is taken');
      try {
        return await runRetention(held.ledger, { dataDir: dir, policy, timeZone: TIME_ZONE, now: END, ...options });
      } finally {
        await held.release();
      }
    },
    batches: () => pgArchivedBatches(pool),
    hotSeqs: async () =>
      (await pool.query<{ seq: string }>('SELECT seq FROM events ORDER BY seq')).rows.map((row) => Number(row.seq)),
    whole: new PgEventHistory(pool, dir, store),
    hot: store,
    sqlite: null,
    close: async () => {
      await store.close();
      await schema.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every seq the archive records, from its batches' ranges (checked contiguous by the tests). */
const archivedSeqs = async (fixture: Fixture) =>
  (await fixture.batches()).flatMap((batch) =>
    Array.from({ length: batch.seqTo - batch.seqFrom + 1 }, (_, index) => batch.seqFrom + index),
  );

/** Every event of a log, read page by page as a rebuild reads it. */
async function readWhole(log: WholeLog): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for (;;) {
    const page = await log.readAfter(events.at(-1)?.seq ?? 0, 1000);
    events.push(...page);
    if (page.length < 1000) return events;
  }
}

/** Some moments: inside archived months (mid-batch and at month ends) and in the hot months. */
const MOMENTS = [
  localTime('2026-01-20', 9, 30, TIME_ZONE),
  localTime('2026-02-28', 23, 59, TIME_ZONE),
  localTime('2026-03-11', 14, 0, TIME_ZONE),
  localTime('2026-03-31', 20, 0, TIME_ZONE),
  localTime('2026-04-02', 7, 0, TIME_ZONE),
  localTime('2026-07-15', 12, 0, TIME_ZONE),
];

async function replayAll(sqlite: NonNullable<Fixture['sqlite']>) {
  // A fresh replay each time: nothing kept from an earlier answer.
  const replay = new ReplayCursors({
    store: sqlite.history,
    snapshots: sqlite.snapshots,
    domains,
    context: contextAt({ now: END }),
    now: () => END,
  });
  const answers = [];
  for (const at of MOMENTS) {
    const answer = await replay.topicsAt(at, 'internal');
    if (!answer.ok) throw new Error(answer.en);
    answers.push({ seq: answer.seq, topics: answer.topics.map((topic) => [topic.topic, topic.data]) });
  }
  return answers;
}

let template: string;
/** The newest snapshot's seq in the generated log: what a SQLite start would load. */
let covered: number;
/** When each event of the generated log was accepted. */
let receivedAtOf: Map<number, number>;

beforeAll(async () => {
  template = mkdtempSync(path.join(tmpdir(), 'ioc-retention-log-'));
  await generate(template);
  const db = openDatabase(path.join(template, 'ioc.sqlite'));
  covered = (await startSnapshot(runtimeAt({ now: END }).runtime, new SqliteSnapshotStore(db))).snapshot?.seq ?? 0;
  const times = db.prepare('SELECT seq, received_at FROM events').all() as Array<{ seq: number; received_at: number }>;
  receivedAtOf = new Map(times.map((row) => [row.seq, row.received_at]));
  db.close();
}, 120_000);

afterAll(() => rmSync(template, { recursive: true, force: true }));

const startFrom = async (log: Parameters<DomainRuntime['rebuild']>[0], snapshots: SqliteSnapshotStore | null) => {
  const { hub, runtime } = runtimeAt({ now: END });
  const snapshot = snapshots ? (await startSnapshot(runtime, snapshots)).snapshot : null;
  await runtime.rebuild(log, snapshot);
  return { seq: runtime.lastSeq, from: snapshot?.seq ?? 0, topics: topicsOf(hub) };
};

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`retention to monthly archives (${backend})`, () => {
    let fixture: Fixture;
    let seqsBefore: number[];

    beforeEach(async () => {
      fixture = backend === 'sqlite' ? sqliteCopy(template) : await pgCopy(template);
      seqsBefore = await fixture.hotSeqs();
    }, 120_000);

    afterEach(async () => {
      await fixture.close();
    }, 60_000);

    it('moves exactly the events accepted before the cutoff that a snapshot covers, month by month', async () => {
      const cutoff = retentionCutoff(END, policy.hotMonths, TIME_ZONE);
      expect(new Date(cutoff).toISOString()).toBe('2026-02-28T17:00:00.000Z'); // 2026-03-01 00:00 city time
      const whole = await readWhole(fixture.hot);
      const due = whole.filter((event) => event.seq <= covered && receivedAtOf.get(event.seq)! < cutoff);
      expect(due.length).toBeGreaterThan(policy.batchEvents * 2);

      const result = await fixture.retain({ coveredSeq: covered });

      expect(result.archived).toBe(due.length);
      expect(result.archivedThrough).toBe(due.at(-1)!.seq);
      expect(result.months).toEqual(['2026-01', '2026-02']);
      expect(result.batches).toBeGreaterThan(2);
      // Contiguous seq ranges, each batch in one month, and the hot store starts right after.
      const batches = await fixture.batches();
      batches.forEach((batch, index) => {
        if (index > 0) expect(batch.seqFrom).toBe(batches[index - 1]!.seqTo + 1);
        expect(batch.seqTo - batch.seqFrom + 1).toBe(batch.events);
      });
      expect(batches[0]!.seqFrom).toBe(1);
      const hot = await fixture.hotSeqs();
      expect(hot[0]).toBe(due.at(-1)!.seq + 1);
      expect(Math.min(...hot.map((seq) => receivedAtOf.get(seq)!))).toBeGreaterThanOrEqual(cutoff);
      expect([...(await archivedSeqs(fixture)), ...hot]).toEqual(seqsBefore);
      // The whole log reads the same, archives first: the same events, the same data.
      expect(await readWhole(fixture.whole)).toEqual(whole);

      // One gzip file per month, readable by gunzip as NDJSON, with a manifest whose checksum holds.
      for (const month of ['2026-01', '2026-02']) {
        const file = path.join(fixture.dir, 'archive', `events-${month}.ndjson.gz`);
        const manifest = JSON.parse(
          readFileSync(path.join(fixture.dir, 'archive', `events-${month}.manifest.json`), 'utf8'),
        ) as {
          events: number;
          sha256: string;
          firstSeq: number;
          lastSeq: number;
        };
        const lines = execFileSync('gunzip', ['-c', file], { encoding: 'utf8' }).trim().split('\n');
        expect(lines.length).toBe(manifest.events);
        expect((JSON.parse(lines[0]!) as { seq: number }).seq).toBe(manifest.firstSeq);
        expect((JSON.parse(lines.at(-1)!) as { seq: number }).seq).toBe(manifest.lastSeq);
        expect(sha256(readFileSync(file))).toBe(manifest.sha256);
      }
      // Run again: nothing more is due.
      const again = await fixture.retain({ coveredSeq: covered });
      expect(again.archived).toBe(0);
    });

    it('a start reads the same after archiving: from the snapshot on SQLite, through the archives in full', async () => {
      const snapshots = fixture.sqlite?.snapshots ?? null;
      const startBefore = await startFrom(fixture.hot, snapshots);
      const fullBefore = await startFrom(fixture.hot, null);
      const before = fixture.sqlite ? await replayAll(fixture.sqlite) : null;

      await fixture.retain({ coveredSeq: covered });
      const archived = await fixture.batches();
      expect(archived.length).toBeGreaterThan(0);
      // A past moment reads the same, inside archived months too (the replay: SQLite's).
      if (fixture.sqlite) expect(await replayAll(fixture.sqlite)).toEqual(before);

      if (snapshots) {
        // A start: the newest snapshot and the hot store alone (no archive given) give the same state.
        const startAfter = await startFrom(fixture.hot, snapshots);
        expect(startAfter.from).toBeGreaterThanOrEqual(archived.at(-1)!.seqTo);
        expect(startAfter).toEqual(startBefore);
      }
      // The whole history, archives included, rebuilds the same state (PostgreSQL's every start;
      // SQLite's when the snapshot does not fit the code).
      expect(await startFrom(fixture.whole, null)).toEqual(fullBefore);
    });

    it('never archives past the newest snapshot given: a start must not need archived events', async () => {
      const result = await fixture.retain({ coveredSeq: 40 });
      expect(result.archivedThrough).toBe(40);
      expect((await fixture.hotSeqs())[0]).toBe(41);
    });

    for (const step of ['appended', 'recorded'] as RetentionStep[]) {
      it(`a crash after the step "${step}" of a batch, then a new run: no event lost, none twice`, async () => {
        let steps = 0;
        await expect(
          fixture.retain({
            coveredSeq: covered,
            afterStep: (at) => {
              if (at === step && ++steps === 3) throw new Error('crash');
            },
          }),
        ).rejects.toThrow('crash');
        // At the crash: every event hot or archived, none both.
        expect([...(await archivedSeqs(fixture)), ...(await fixture.hotSeqs())]).toEqual(seqsBefore);
        expect((await readWhole(fixture.whole)).map((event) => event.seq)).toEqual(seqsBefore);

        // After each step of the next run too: on SQLite at the step itself (its reads are
        // synchronous); on PostgreSQL as soon as the step's reads answer, archive first (a batch
        // committed between the two reads is then in neither, never in both).
        const sqlite = fixture.sqlite;
        const seen: Array<{ archived: number[]; hot: number[] }> = [];
        let pending: Promise<void> = Promise.resolve();
        await fixture.retain({
          coveredSeq: covered,
          afterStep: () => {
            if (sqlite) {
              const archived = archivedBatches(sqlite.db).flatMap((batch) =>
                Array.from({ length: batch.seqTo - batch.seqFrom + 1 }, (_, index) => batch.seqFrom + index),
              );
              const hot = sqlite.db.prepare('SELECT seq FROM events ORDER BY seq').all() as Array<{ seq: number }>;
              expect(archived.length + hot.length).toBe(seqsBefore.length);
              seen.push({ archived, hot: hot.map((row) => row.seq) });
            } else {
              pending = pending.then(async () => {
                seen.push({ archived: await archivedSeqs(fixture), hot: await fixture.hotSeqs() });
              });
            }
          },
        });
        await pending;
        expect(seen.length).toBeGreaterThan(0);
        for (const { archived, hot } of seen) {
          const hotSet = new Set(hot);
          expect(archived.filter((seq) => hotSet.has(seq))).toEqual([]);
        }
        expect([...(await archivedSeqs(fixture)), ...(await fixture.hotSeqs())]).toEqual(seqsBefore);
        const read = await readWhole(fixture.whole);
        expect(read.map((event) => event.seq)).toEqual(seqsBefore);
        // The files hold exactly what the record says (the crashed run's extra bytes were cut off).
        for (const month of ['2026-01', '2026-02']) {
          const file = path.join(fixture.dir, 'archive', `events-${month}.ndjson.gz`);
          expect(existsSync(file)).toBe(true);
          const lines = execFileSync('gunzip', ['-c', file], { encoding: 'utf8' }).trim().split('\n');
          const seqs = lines.map((line) => (JSON.parse(line) as { seq: number }).seq);
          expect(new Set(seqs).size).toBe(seqs.length);
        }
      });
    }
  });
}
