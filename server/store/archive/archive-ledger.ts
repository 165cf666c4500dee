/**
 * What retention needs of the database that holds the hot store, whichever it is: the archived
 * batches recorded so far, the oldest hot events, and the commit point of a batch (delete its
 * events, record it, its idempotency keys and its look-ups, in one transaction). SQLite's is here; PostgreSQL's
 * is `../pg/pg-archive-ledger.ts`. The month files themselves are written by `retention.ts`.
 */
import type { SqliteDatabase } from '../database';
import { archivedBatches, lookupsOf, recordArchivedKeys, type ArchivedBatch } from './archive-files';

/** A hot event as the archive writes it (`payload`: the event's data as JSON text). */
export interface HotRow {
  seq: number;
  domain: string;
  kind: string;
  time: number;
  receivedAt: number;
  source: string;
  simulated: boolean;
  idempotencyKey: string | null;
  payload: string;
}

export interface ArchiveLedger {
  /** Every archived batch, in seq order. */
  batches(): Promise<ArchivedBatch[]>;
  /** The newest hot seq (0: none). */
  newestSeq(): Promise<number>;
  /** Up to `limit` hot events with seq ≤ `throughSeq`, oldest first. */
  oldest(throughSeq: number, limit: number): Promise<HotRow[]>;
  /** The commit point: the batch's events leave the hot store, the batch and their keys are recorded. */
  commit(batch: ArchivedBatch, rows: readonly HotRow[], archivedAt: number): Promise<void>;
}

interface SqliteHotRow {
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

/**
 * The commit deleted exactly the batch's events, or it is rolled back: another writer in between
 * (a second archiver, a restore) must not leave an event neither hot nor archived.
 */
export function expectDeleted(deleted: number | null, batch: ArchivedBatch): void {
  if (deleted !== batch.events)
    throw new Error(
      `retention: ${deleted} hot events between seq ${batch.seqFrom} and ${batch.seqTo}, not ${batch.events}`,
    );
}

/** A batch's `archived_batches` values, in the column order both stores' INSERT names. */
export function batchRecord(batch: ArchivedBatch, archivedAt: number) {
  return [
    batch.seqFrom,
    batch.seqTo,
    batch.month,
    batch.file,
    batch.offset,
    batch.length,
    batch.events,
    batch.sha256,
    batch.firstReceivedAt,
    batch.lastReceivedAt,
    archivedAt,
  ] as const;
}

/** The ledger of the SQLite store; first records the keys of batches archived before migration 014. */
export function sqliteLedger(db: SqliteDatabase, dataDir: string): ArchiveLedger {
  recordArchivedKeys(db, dataDir);
  const oldest = db.prepare<[number, number], SqliteHotRow>(
    `SELECT seq, domain, kind, time, received_at, source, simulated, idempotency_key, payload FROM events
     WHERE seq <= ? ORDER BY seq LIMIT ?`,
  );
  const remove = db.prepare<[number, number]>('DELETE FROM events WHERE seq BETWEEN ? AND ?');
  const record = db.prepare(
    `INSERT INTO archived_batches (seq_from, seq_to, month, file, offset, length, events, sha256,
       first_received_at, last_received_at, archived_at, keys_recorded, lookups_recorded)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1)`,
  );
  const lookup = db.prepare<[string, string, string, number]>(
    'INSERT OR IGNORE INTO archived_lookups (domain, field, value, seq_from) VALUES (?, ?, ?, ?)',
  );
  const keep = db.prepare<[string, number]>('INSERT OR IGNORE INTO archived_keys (idempotency_key, seq) VALUES (?, ?)');
  const commit = db.transaction((batch: ArchivedBatch, rows: readonly HotRow[], archivedAt: number) => {
    expectDeleted(remove.run(batch.seqFrom, batch.seqTo).changes, batch);
    record.run(...batchRecord(batch, archivedAt));
    // The keys stay known to ingest: a retry of an archived event is a duplicate, not a new event.
    for (const row of rows) if (row.idempotencyKey !== null) keep.run(row.idempotencyKey, row.seq);
    // And a report's events are found in this batch without reading the others.
    for (const { domain, field, value } of lookupsOf(rows)) lookup.run(domain, field, value, batch.seqFrom);
  });
  return {
    batches: () => Promise.resolve(archivedBatches(db)),
    newestSeq: () =>
      Promise.resolve((db.prepare('SELECT coalesce(max(seq), 0) AS s FROM events').get() as { s: number }).s),
    oldest: (throughSeq, limit) =>
      Promise.resolve(
        oldest.all(throughSeq, limit).map((row) => ({
          seq: row.seq,
          domain: row.domain,
          kind: row.kind,
          time: row.time,
          receivedAt: row.received_at,
          source: row.source,
          simulated: row.simulated === 1,
          idempotencyKey: row.idempotency_key,
          payload: row.payload,
        })),
      ),
    commit: (batch, rows, archivedAt) => Promise.resolve(commit(batch, rows, archivedAt)),
  };
}
