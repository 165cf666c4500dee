/**
 * Retention's ledger on PostgreSQL (`archived_batches`, `archived_keys`: pg-migrations 004). One
 * server archives at a time: the run holds a session advisory lock, and a server that does not get
 * it skips its turn. A batch's commit takes the append lock too, so no group commit runs between
 * the delete of an event and the record of its key: a retry is a duplicate on either side of it.
 */
import type pg from 'pg';
import { isRecordedLookup, lookupsOf, type ArchivedBatch } from '../archive/archive-files';
import { batchRecord, expectDeleted, type ArchiveLedger, type HotRow } from '../archive/archive-ledger';
import { LOCK_NAMESPACE, LOCKS } from './pg-database';

interface BatchRow {
  seq_from: string;
  seq_to: string;
  month: string;
  file: string;
  offset: string;
  length: string;
  events: number;
  sha256: string;
  first_received_at: string;
  last_received_at: string;
}

const BATCH_COLUMNS =
  'seq_from, seq_to, month, file, "offset", length, events, sha256, first_received_at, last_received_at';

/**
 * Every archived batch on this database, in seq order; with `about`, only those that may hold an
 * event whose `data[field]` is `value` (as SQLite's `archivedBatches`).
 */
export async function pgArchivedBatches(
  db: pg.Pool | pg.PoolClient,
  about?: { domain: string; field: string; value: string },
): Promise<ArchivedBatch[]> {
  const { rows } =
    about && isRecordedLookup(about.domain, about.field)
      ? await db.query<BatchRow>(
          `SELECT ${BATCH_COLUMNS} FROM archived_batches WHERE NOT lookups_recorded OR seq_from IN
             (SELECT seq_from FROM archived_lookups WHERE domain = $1 AND field = $2 AND value = $3)
           ORDER BY seq_from`,
          [about.domain, about.field, about.value],
        )
      : await db.query<BatchRow>(`SELECT ${BATCH_COLUMNS} FROM archived_batches ORDER BY seq_from`);
  return rows.map((row) => ({
    seqFrom: Number(row.seq_from),
    seqTo: Number(row.seq_to),
    month: row.month,
    file: row.file,
    offset: Number(row.offset),
    length: Number(row.length),
    events: row.events,
    sha256: row.sha256,
    firstReceivedAt: Number(row.first_received_at),
    lastReceivedAt: Number(row.last_received_at),
  }));
}

interface PgHotRow {
  seq: string;
  domain: string;
  kind: string;
  time: string;
  received_at: string;
  source: string;
  simulated: boolean;
  idempotency_key: string | null;
  payload: string;
}

/**
 * The ledger for one run, holding the retention lock; null when another server is archiving now.
 * `release` frees the lock and the connection.
 */
export async function openPgArchiveLedger(
  pool: pg.Pool,
): Promise<{ ledger: ArchiveLedger; release: () => Promise<void> } | null> {
  const session = await pool.connect();
  let held = false;
  try {
    const { rows } = await session.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${LOCK_NAMESPACE}, $1) AS ok`, [
      LOCKS.retention,
    ]);
    held = rows[0]!.ok;
  } finally {
    if (!held) session.release();
  }
  if (!held) return null;
  const ledger: ArchiveLedger = {
    batches: () => pgArchivedBatches(session),
    newestSeq: async () =>
      Number((await session.query<{ s: string }>('SELECT coalesce(max(seq), 0) AS s FROM events')).rows[0]!.s),
    oldest: async (throughSeq, limit) => {
      const { rows } = await session.query<PgHotRow>(
        `SELECT seq, domain, kind, time, received_at, source, simulated, idempotency_key, payload::text AS payload
         FROM events WHERE seq <= $1 ORDER BY seq LIMIT $2`,
        [throughSeq, limit],
      );
      return rows.map((row): HotRow => ({
        seq: Number(row.seq),
        domain: row.domain,
        kind: row.kind,
        time: Number(row.time),
        receivedAt: Number(row.received_at),
        source: row.source,
        simulated: row.simulated,
        idempotencyKey: row.idempotency_key,
        payload: row.payload,
      }));
    },
    commit: async (batch, rows, archivedAt) => {
      await session.query('BEGIN');
      try {
        await session.query(`SELECT pg_advisory_xact_lock(${LOCK_NAMESPACE}, $1)`, [LOCKS.append]);
        const deleted = await session.query('DELETE FROM events WHERE seq BETWEEN $1 AND $2', [
          batch.seqFrom,
          batch.seqTo,
        ]);
        expectDeleted(deleted.rowCount, batch);
        await session.query(
          `INSERT INTO archived_batches (seq_from, seq_to, month, file, "offset", length, events, sha256,
             first_received_at, last_received_at, archived_at, lookups_recorded)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, true)`,
          [...batchRecord(batch, archivedAt)],
        );
        // A report's events are found in this batch without reading the others.
        const lookups = lookupsOf(rows);
        await session.query(
          `INSERT INTO archived_lookups (domain, field, value, seq_from)
           SELECT d, f, v, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS l(d, f, v) ON CONFLICT DO NOTHING`,
          [lookups.map((l) => l.domain), lookups.map((l) => l.field), lookups.map((l) => l.value), batch.seqFrom],
        );
        const keyed = rows.filter((row) => row.idempotencyKey !== null);
        // The keys stay known to ingest: a retry of an archived event is a duplicate, not a new event.
        await session.query(
          `INSERT INTO archived_keys (idempotency_key, seq)
           SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT DO NOTHING`,
          [keyed.map((row) => row.idempotencyKey), keyed.map((row) => row.seq)],
        );
        await session.query('COMMIT');
      } catch (error) {
        await session.query('ROLLBACK').catch(() => {});
        throw error;
      }
    },
  };
  return {
    ledger,
    release: async () => {
      try {
        await session.query(`SELECT pg_advisory_unlock(${LOCK_NAMESPACE}, $1)`, [LOCKS.retention]);
        session.release();
      } catch (error) {
        // A connection that may still hold the lock never goes back to the pool.
        session.release(error as Error);
      }
    },
  };
}
