/**
 * Where snapshots live: `SnapshotStore` says what a start, the writer and the replay need of them;
 * `SqliteSnapshotStore` keeps them in SQLite (table `snapshots`, migration 010) and finds the log's
 * moments there (which event was the last one accepted at a given time), `PgSnapshotStore`
 * (`pg-snapshot-store.ts`) in PostgreSQL. Snapshots are derived data: any of them may be deleted,
 * a start then replays more of the log.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { SqliteDatabase } from '../store/database';
import type { RuntimeSnapshot } from '../domains/runtime';
import type { Awaitable } from '../store/event-log';

export interface SnapshotInfo {
  seq: number;
  receivedAt: number;
  takenAt: number;
}

export interface SnapshotRetention {
  /** Every snapshot of these last hours is kept… */
  keepAllHours: number;
  /**
   * …and before them the first of each span of these hours (UTC, from the epoch): a moment older
   * than `keepAllHours` replays at most this span of events after its snapshot (24: one a day).
   */
  keepEveryHours: number;
}

/** A kept snapshot's place, and its size stored (gzip bytes): what decoding it would cost. */
export interface SnapshotHeader extends SnapshotInfo {
  bytes: number;
}

export type LoadedSnapshot = SnapshotInfo & { snapshot: RuntimeSnapshot };

/** The snapshots of one store, SQLite's (answers at once) or PostgreSQL's (over the network). */
export interface SnapshotStore {
  /** Stores a snapshot (its JSON, compressed); `receivedAt` is when its last event was accepted. */
  save(snapshot: RuntimeSnapshot, receivedAt: number, takenAt: number): Awaitable<void>;
  /** The newest snapshot that covers no event after `maxSeq`, decoded, or null. */
  latest(maxSeq?: number): Awaitable<LoadedSnapshot | null>;
  /** The same snapshot's place and size, without reading or decoding its state. */
  latestHeader(maxSeq?: number): Awaitable<SnapshotHeader | null>;
  list(): Awaitable<SnapshotInfo[]>;
  /** Applies the retention (see `SqliteSnapshotStore.prune`); returns how many were deleted. */
  prune(now: number, retention: SnapshotRetention): Awaitable<number>;
  /** When the event `seq` was accepted, or null when there is none in the hot store. */
  receivedAt(seq: number): Awaitable<number | null>;
}

export function encodeSnapshot(snapshot: RuntimeSnapshot): Buffer {
  return gzipSync(JSON.stringify(snapshot), { level: 1 });
}

export function decodeSnapshot(state: Buffer): RuntimeSnapshot {
  return JSON.parse(gunzipSync(state).toString('utf8')) as RuntimeSnapshot;
}

export class SqliteSnapshotStore implements SnapshotStore {
  readonly #db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.#db = db;
  }

  save(snapshot: RuntimeSnapshot, receivedAt: number, takenAt: number): void {
    const state = encodeSnapshot(snapshot);
    this.#db
      .prepare(
        `INSERT OR REPLACE INTO snapshots (seq, received_at, taken_at, format, versions, state) VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(snapshot.seq, receivedAt, takenAt, snapshot.format, JSON.stringify(snapshot.versions), state);
  }

  latest(maxSeq = Number.MAX_SAFE_INTEGER): LoadedSnapshot | null {
    const row = this.#db
      .prepare<[number], { seq: number; received_at: number; taken_at: number; state: Buffer }>(
        'SELECT seq, received_at, taken_at, state FROM snapshots WHERE seq <= ? ORDER BY seq DESC LIMIT 1',
      )
      .get(maxSeq);
    if (!row) return null;
    return {
      seq: row.seq,
      receivedAt: row.received_at,
      takenAt: row.taken_at,
      snapshot: decodeSnapshot(row.state),
    };
  }

  latestHeader(maxSeq = Number.MAX_SAFE_INTEGER): SnapshotHeader | null {
    const row = this.#db
      .prepare<[number], { seq: number; received_at: number; taken_at: number; bytes: number }>(
        'SELECT seq, received_at, taken_at, length(state) AS bytes FROM snapshots WHERE seq <= ? ORDER BY seq DESC LIMIT 1',
      )
      .get(maxSeq);
    return row ? { seq: row.seq, receivedAt: row.received_at, takenAt: row.taken_at, bytes: row.bytes } : null;
  }

  list(): SnapshotInfo[] {
    return this.#db
      .prepare<[], { seq: number; received_at: number; taken_at: number }>(
        'SELECT seq, received_at, taken_at FROM snapshots ORDER BY seq',
      )
      .all()
      .map((row) => ({ seq: row.seq, receivedAt: row.received_at, takenAt: row.taken_at }));
  }

  /**
   * Keeps every snapshot of the last `keepAllHours`, and of older ones the first of each span of
   * `keepEveryHours`, and always the newest: retention archives the events it covers, so a start
   * needs it. The spans are fixed on the epoch, not on the snapshots, so a snapshot kept once stays
   * kept as time goes on (the same ones whenever pruning runs).
   */
  prune(now: number, { keepAllHours, keepEveryHours }: SnapshotRetention): number {
    const before = now - keepAllHours * 3_600_000;
    // Bound as a whole number: SQLite divides integers only by an integer (a REAL gives no spans).
    const span = Math.max(1, Math.round(keepEveryHours * 3_600_000));
    return this.#db
      .prepare(
        `DELETE FROM snapshots WHERE received_at < ? AND seq NOT IN (
           SELECT MIN(seq) FROM snapshots WHERE received_at < ? GROUP BY received_at / CAST(? AS INTEGER))
         AND seq <> (SELECT MAX(seq) FROM snapshots)`,
      )
      .run(before, before, span).changes;
  }

  receivedAt(seq: number): number | null {
    const row = this.#db
      .prepare<[number], { received_at: number }>('SELECT received_at FROM events WHERE seq = ?')
      .get(seq);
    return row?.received_at ?? null;
  }

  /** The first and last events' acceptance times, or null for an empty log. */
  span(): { first: number; last: number; lastSeq: number } | null {
    const first = this.#db
      .prepare<[], { received_at: number }>('SELECT received_at FROM events ORDER BY seq LIMIT 1')
      .get();
    const last = this.#db
      .prepare<[], { received_at: number; seq: number }>(
        'SELECT received_at, seq FROM events ORDER BY seq DESC LIMIT 1',
      )
      .get();
    return first && last ? { first: first.received_at, last: last.received_at, lastSeq: last.seq } : null;
  }

  /**
   * The seq of the last event accepted at or before `at` (0 when none was). Events are accepted
   * in seq order, so their acceptance times rise with it: a binary search on the primary key
   * finds the moment without an index on `received_at`, which every write would have to pay for.
   */
  seqAt(at: number): number {
    const next = this.#db.prepare<[number], { seq: number; received_at: number }>(
      'SELECT seq, received_at FROM events WHERE seq >= ? ORDER BY seq LIMIT 1',
    );
    const span = this.span();
    if (!span) return 0;
    let low = 0; // accepted at or before `at` (0: none)
    let high = span.lastSeq + 1; // accepted after `at`
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      const row = next.get(middle);
      if (!row || row.seq >= high) {
        high = middle;
        continue;
      }
      if (row.received_at <= at) low = row.seq;
      else high = row.seq;
    }
    return low;
  }
}
