/**
 * Retention on a generated nine-month log (every domain's simulator, written with its acceptance
 * times, snapshots taken by the writer as the server would): the right events move, in whole
 * months and seq ranges; the past reads the same before and after; a start needs no archived
 * event; a run that crashes between two steps loses nothing and doubles nothing when run again.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../database';
import { EventStore } from '../event-store';
import { EventHistory } from './event-history';
import { archivedBatches, sha256 } from './archive-files';
import { retentionCutoff, runRetention, type RetentionStep } from './retention';
import { SnapshotStore } from '../../replay/snapshot-store';
import { SnapshotWriter, startSnapshot } from '../../replay/snapshot-writer';
import { ReplayCursors } from '../../replay/topics-at';
import { DomainRuntime } from '../../domains/runtime';
import { domains } from '../../domains/index';
import type { DomainContext } from '../../domains/domain';
import { loadFixtures } from '../../fixtures/fixtures';
import { seededRandom } from '../../feeds/simulator/random';
import { TopicHub } from '../../realtime/topic-hub';
import { localTime } from '../../domains/calendar';

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

interface Fixture {
  dir: string;
  db: SqliteDatabase;
  store: EventStore;
  snapshots: SnapshotStore;
  history: EventHistory;
}

/** Six-hour steps of the simulators, written with their acceptance times; a snapshot now and then. */
function generate(dir: string): void {
  const db = openDatabase(path.join(dir, 'ioc.sqlite'));
  const store = new EventStore(db);
  const snapshots = new SnapshotStore(db);
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
  const insert = db.prepare<[string, string, number, number, string, string | null, string], { seq: number }>(
    `INSERT INTO events (domain, kind, time, received_at, source, simulated, idempotency_key, payload)
     VALUES (?, ?, ?, ?, ?, 1, ?, ?) RETURNING seq`,
  );
  db.transaction(() => {
    while (clock.now < END) {
      clock.now += 6 * HOUR;
      const stored = simulators
        .flatMap((simulator) => simulator.step(clock.now, 6 * HOUR, 0.0003))
        .map((event) => {
          const time = typeof event.time === 'number' ? event.time : clock.now;
          const source = event.source ?? 'simulator';
          const { seq } = insert.get(
            event.domain,
            event.kind,
            time,
            clock.now,
            source,
            event.id ?? null,
            JSON.stringify(event.data),
          )!;
          return {
            seq,
            domain: event.domain,
            kind: event.kind,
            time,
            source,
            simulated: true,
            idempotencyKey: event.id ?? null,
            data: event.data,
          };
        });
      live.runtime.apply(stored);
      live.runtime.tick(clock.now);
      live.hub.flush();
      if (writer.due()) writer.take();
    }
    writer.take();
  })();
  store.close();
  db.close();
}

/** A copy of the generated log, for one test. */
function copyOf(template: string): Fixture {
  const dir = mkdtempSync(path.join(tmpdir(), 'ioc-retention-'));
  copyFileSync(path.join(template, 'ioc.sqlite'), path.join(dir, 'ioc.sqlite'));
  const db = openDatabase(path.join(dir, 'ioc.sqlite'));
  const store = new EventStore(db);
  const snapshots = new SnapshotStore(db);
  return { dir, db, store, snapshots, history: new EventHistory(db, dir, store, snapshots) };
}

const coveredSeq = (fixture: Fixture) =>
  startSnapshot(runtimeAt({ now: END }).runtime, fixture.snapshots).snapshot?.seq ?? 0;

const hotSeqs = (db: SqliteDatabase) =>
  (db.prepare('SELECT seq FROM events ORDER BY seq').all() as Array<{ seq: number }>).map((row) => row.seq);

/** Every seq the archive records, from its batches' ranges (checked contiguous by the tests). */
const archivedSeqs = (db: SqliteDatabase) =>
  archivedBatches(db).flatMap((batch) =>
    Array.from({ length: batch.seqTo - batch.seqFrom + 1 }, (_, index) => batch.seqFrom + index),
  );

/** Some moments: inside archived months (mid-batch and at month ends) and in the hot months. */
const MOMENTS = [
  localTime('2026-01-20', 9, 30, TIME_ZONE),
  localTime('2026-02-28', 23, 59, TIME_ZONE),
  localTime('2026-03-11', 14, 0, TIME_ZONE),
  localTime('2026-03-31', 20, 0, TIME_ZONE),
  localTime('2026-04-02', 7, 0, TIME_ZONE),
  localTime('2026-07-15', 12, 0, TIME_ZONE),
];

function replayAll(fixture: Fixture) {
  // A fresh replay each time: nothing kept from an earlier answer.
  const replay = new ReplayCursors({
    store: fixture.history,
    snapshots: fixture.snapshots,
    domains,
    context: contextAt({ now: END }),
    now: () => END,
  });
  return MOMENTS.map((at) => {
    const answer = replay.topicsAt(at, 'internal');
    if (!answer.ok) throw new Error(answer.en);
    return { seq: answer.seq, topics: answer.topics.map((topic) => [topic.topic, topic.data]) };
  });
}

let template: string;
let fixture: Fixture;
let seqsBefore: number[];

beforeAll(() => {
  template = mkdtempSync(path.join(tmpdir(), 'ioc-retention-log-'));
  generate(template);
}, 120_000);

afterAll(() => rmSync(template, { recursive: true, force: true }));

beforeEach(() => {
  fixture = copyOf(template);
  seqsBefore = hotSeqs(fixture.db);
});

afterEach(() => {
  fixture.db.close();
  rmSync(fixture.dir, { recursive: true, force: true });
});

describe('retention to monthly archives', () => {
  it('moves exactly the events accepted before the cutoff that a snapshot covers, month by month', async () => {
    const cutoff = retentionCutoff(END, policy.hotMonths, TIME_ZONE);
    expect(new Date(cutoff).toISOString()).toBe('2026-02-28T17:00:00.000Z'); // 2026-03-01 00:00 city time
    const covered = coveredSeq(fixture);
    const due = fixture.db
      .prepare('SELECT count(*) AS n, max(seq) AS last FROM events WHERE received_at < ? AND seq <= ?')
      .get(cutoff, covered) as { n: number; last: number };
    expect(due.n).toBeGreaterThan(policy.batchEvents * 2);

    const result = await runRetention(fixture.db, {
      dataDir: fixture.dir,
      policy,
      timeZone: TIME_ZONE,
      now: END,
      coveredSeq: covered,
    });

    expect(result.archived).toBe(due.n);
    expect(result.archivedThrough).toBe(due.last);
    expect(result.months).toEqual(['2026-01', '2026-02']);
    expect(result.batches).toBeGreaterThan(2);
    // Contiguous seq ranges, each batch in one month, and the hot store starts right after.
    const batches = archivedBatches(fixture.db);
    batches.forEach((batch, index) => {
      if (index > 0) expect(batch.seqFrom).toBe(batches[index - 1]!.seqTo + 1);
      expect(batch.seqTo - batch.seqFrom + 1).toBe(batch.events);
    });
    expect(batches[0]!.seqFrom).toBe(1);
    const hot = hotSeqs(fixture.db);
    expect(hot[0]).toBe(due.last + 1);
    expect(
      (fixture.db.prepare('SELECT min(received_at) AS t FROM events').get() as { t: number }).t,
    ).toBeGreaterThanOrEqual(cutoff);
    expect([...archivedSeqs(fixture.db), ...hot]).toEqual(seqsBefore);

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
    const again = await runRetention(fixture.db, {
      dataDir: fixture.dir,
      policy,
      timeZone: TIME_ZONE,
      now: END,
      coveredSeq: covered,
    });
    expect(again.archived).toBe(0);
  });

  it('a past moment reads the same after archiving, inside archived months too; a start needs no archived event', async () => {
    const before = replayAll(fixture);
    const startFrom = async (log: Parameters<DomainRuntime['rebuild']>[0], withSnapshot: boolean) => {
      const { hub, runtime } = runtimeAt({ now: END });
      const snapshot = withSnapshot ? startSnapshot(runtime, fixture.snapshots).snapshot : null;
      await runtime.rebuild(log, snapshot);
      return { seq: runtime.lastSeq, from: snapshot?.seq ?? 0, topics: topicsOf(hub) };
    };
    const startBefore = await startFrom(fixture.store, true);
    const fullBefore = await startFrom(fixture.store, false);

    await runRetention(fixture.db, {
      dataDir: fixture.dir,
      policy,
      timeZone: TIME_ZONE,
      now: END,
      coveredSeq: coveredSeq(fixture),
    });
    expect(archivedBatches(fixture.db).length).toBeGreaterThan(0);
    expect(replayAll(fixture)).toEqual(before);

    // A start: the newest snapshot and the hot store alone (no archive given) give the same state.
    const startAfter = await startFrom(fixture.store, true);
    expect(startAfter.from).toBeGreaterThanOrEqual(archivedBatches(fixture.db).at(-1)!.seqTo);
    expect(startAfter).toEqual(startBefore);
    // Code whose snapshot does not fit replays the whole history, archives included, to the same state.
    expect(await startFrom(fixture.history, false)).toEqual(fullBefore);
  });

  it('never archives past the newest snapshot: a start must not need archived events', async () => {
    const result = await runRetention(fixture.db, {
      dataDir: fixture.dir,
      policy,
      timeZone: TIME_ZONE,
      now: END,
      coveredSeq: 40,
    });
    expect(result.archivedThrough).toBe(40);
    expect(hotSeqs(fixture.db)[0]).toBe(41);
  });

  for (const step of ['appended', 'recorded'] as RetentionStep[]) {
    it(`a crash after the step "${step}" of a batch, then a new run: no event lost, none twice`, async () => {
      const covered = coveredSeq(fixture);
      const run = (afterStep?: (step: RetentionStep) => void) =>
        runRetention(fixture.db, {
          dataDir: fixture.dir,
          policy,
          timeZone: TIME_ZONE,
          now: END,
          coveredSeq: covered,
          afterStep,
        });
      let steps = 0;
      await expect(
        run((at) => {
          if (at === step && ++steps === 3) throw new Error('crash');
        }),
      ).rejects.toThrow('crash');
      // At the crash: every event hot or archived, none both.
      expect([...archivedSeqs(fixture.db), ...hotSeqs(fixture.db)]).toEqual(seqsBefore);
      expect([...fixture.history.readAll()].map((event) => event.seq)).toEqual(seqsBefore);

      // After each step of the next run too.
      await run(() => {
        const archived = archivedSeqs(fixture.db);
        const hot = new Set(hotSeqs(fixture.db));
        expect(archived.filter((seq) => hot.has(seq))).toEqual([]);
        expect(archived.length + hot.size).toBe(seqsBefore.length);
      });
      expect([...archivedSeqs(fixture.db), ...hotSeqs(fixture.db)]).toEqual(seqsBefore);
      const read = [...fixture.history.readAll()];
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
