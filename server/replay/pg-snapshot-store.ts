/**
 * Snapshots on PostgreSQL (table `snapshots`, PostgreSQL migration 006), the same rows and the same
 * retention as SQLite's (`snapshot-store.ts`). Only the aggregation leader writes them
 * (`services/scaleout.ts`); every process reads them: a start, a new leader at takeover and the
 * replay of a past moment. Two leaders for a moment (one losing its session as the other takes
 * the lock) write the same state for the same seq, so a second write of a seq replaces the first.
 */
import type pg from 'pg';
import type { RuntimeSnapshot } from '../domains/runtime';
import {
  decodeSnapshot,
  encodeSnapshot,
  type LoadedSnapshot,
  type SnapshotHeader,
  type SnapshotInfo,
  type SnapshotRetention,
  type SnapshotStore,
} from './snapshot-store';

interface InfoRow {
  seq: string;
  received_at: string;
  taken_at: string;
}

const infoOf = (row: InfoRow): SnapshotInfo => ({
  seq: Number(row.seq),
  receivedAt: Number(row.received_at),
  takenAt: Number(row.taken_at),
});

export class PgSnapshotStore implements SnapshotStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async save(snapshot: RuntimeSnapshot, receivedAt: number, takenAt: number): Promise<void> {
    await this.#pool.query(
      `INSERT INTO snapshots (seq, received_at, taken_at, format, versions, state) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (seq) DO UPDATE SET received_at = EXCLUDED.received_at, taken_at = EXCLUDED.taken_at,
         format = EXCLUDED.format, versions = EXCLUDED.versions, state = EXCLUDED.state`,
      [snapshot.seq, receivedAt, takenAt, snapshot.format, JSON.stringify(snapshot.versions), encodeSnapshot(snapshot)],
    );
  }

  async latest(maxSeq = Number.MAX_SAFE_INTEGER): Promise<LoadedSnapshot | null> {
    const { rows } = await this.#pool.query<InfoRow & { state: Buffer }>(
      'SELECT seq, received_at, taken_at, state FROM snapshots WHERE seq <= $1 ORDER BY seq DESC LIMIT 1',
      [maxSeq],
    );
    const row = rows[0];
    return row ? { ...infoOf(row), snapshot: decodeSnapshot(row.state) } : null;
  }

  async latestHeader(maxSeq = Number.MAX_SAFE_INTEGER): Promise<SnapshotHeader | null> {
    const { rows } = await this.#pool.query<InfoRow & { bytes: number }>(
      `SELECT seq, received_at, taken_at, octet_length(state) AS bytes FROM snapshots
       WHERE seq <= $1 ORDER BY seq DESC LIMIT 1`,
      [maxSeq],
    );
    const row = rows[0];
    return row ? { ...infoOf(row), bytes: Number(row.bytes) } : null;
  }

  async list(): Promise<SnapshotInfo[]> {
    const { rows } = await this.#pool.query<InfoRow>('SELECT seq, received_at, taken_at FROM snapshots ORDER BY seq');
    return rows.map(infoOf);
  }

  /** As SQLite's: every one of the last `keepAllHours`, the first of each older span, the newest. */
  async prune(now: number, { keepAllHours, keepEveryHours }: SnapshotRetention): Promise<number> {
    const before = now - keepAllHours * 3_600_000;
    const span = Math.max(1, Math.round(keepEveryHours * 3_600_000));
    const { rowCount } = await this.#pool.query(
      `DELETE FROM snapshots WHERE received_at < $1 AND seq NOT IN (
         SELECT min(seq) FROM snapshots WHERE received_at < $1 GROUP BY received_at / $2::bigint)
       AND seq <> (SELECT max(seq) FROM snapshots)`,
      [before, span],
    );
    return rowCount ?? 0;
  }

  async receivedAt(seq: number): Promise<number | null> {
    const { rows } = await this.#pool.query<{ received_at: string }>('SELECT received_at FROM events WHERE seq = $1', [
      seq,
    ]);
    return rows[0] ? Number(rows[0].received_at) : null;
  }
}
