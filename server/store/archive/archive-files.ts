/**
 * The monthly archive files and their record (`archived_batches`, migration 012): what left the
 * hot store, where it is, and how to read it back. A month's file is a run of gzip members, one
 * per archived batch, which `gunzip` reads as one NDJSON file; the record says where each member
 * starts, so a reader decodes only the batch it needs.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { SqliteDatabase } from '../database';
import type { StoredEvent } from '../../domains/domain';

export interface ArchivedBatch {
  seqFrom: number;
  seqTo: number;
  month: string;
  file: string;
  offset: number;
  length: number;
  events: number;
  sha256: string;
  firstReceivedAt: number;
  lastReceivedAt: number;
}

/** One archived event: the stored event and when it was accepted (the replay's moments need it). */
export type ArchivedEvent = StoredEvent & { receivedAt: number };

interface BatchRow {
  seq_from: number;
  seq_to: number;
  month: string;
  file: string;
  offset: number;
  length: number;
  events: number;
  sha256: string;
  first_received_at: number;
  last_received_at: number;
}

export const monthFileName = (month: string) => `events-${month}.ndjson.gz`;
export const manifestFileName = (month: string) => `events-${month}.manifest.json`;

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The look-ups recorded for each archived batch (`archived_lookups`): the fields the hot store has
 * partial indexes for. A look-up of another field reads every batch.
 */
const ARCHIVE_LOOKUPS: ReadonlyArray<{ domain: string; field: string }> = [
  { domain: 'reports', field: 'reportId' },
  { domain: 'reports', field: 'reporter.trackingCodeHash' },
];

export const isRecordedLookup = (domain: string, field: string) =>
  ARCHIVE_LOOKUPS.some((lookup) => lookup.domain === domain && lookup.field === field);

/** The look-up values of a batch's events (`payload`: an event's data as JSON text), once each. */
export function lookupsOf(
  rows: ReadonlyArray<{ domain: string; payload: string }>,
): Array<{ domain: string; field: string; value: string }> {
  const found = new Map<string, { domain: string; field: string; value: string }>();
  for (const row of rows) {
    const fields = ARCHIVE_LOOKUPS.filter((lookup) => lookup.domain === row.domain);
    if (fields.length === 0) continue;
    const data = JSON.parse(row.payload) as unknown;
    for (const { domain, field } of fields) {
      const value = valueAt(data, field);
      if (typeof value === 'string') found.set(`${domain}\u0000${field}\u0000${value}`, { domain, field, value });
    }
  }
  return [...found.values()];
}

/**
 * Every archived batch, in seq order; with `about`, only those that may hold an event whose
 * `data[field]` is `value` (recorded in `archived_lookups`, or archived before it was kept).
 */
export function archivedBatches(
  db: SqliteDatabase,
  about?: { domain: string; field: string; value: string },
): ArchivedBatch[] {
  const rows =
    about && isRecordedLookup(about.domain, about.field)
      ? db
          .prepare<[string, string, string], BatchRow>(
            `SELECT * FROM archived_batches WHERE lookups_recorded = 0 OR seq_from IN
               (SELECT seq_from FROM archived_lookups WHERE domain = ? AND field = ? AND value = ?)
             ORDER BY seq_from`,
          )
          .all(about.domain, about.field, about.value)
      : db.prepare<[], BatchRow>('SELECT * FROM archived_batches ORDER BY seq_from').all();
  return rows.map((row) => ({
    seqFrom: row.seq_from,
    seqTo: row.seq_to,
    month: row.month,
    file: row.file,
    offset: row.offset,
    length: row.length,
    events: row.events,
    sha256: row.sha256,
    firstReceivedAt: row.first_received_at,
    lastReceivedAt: row.last_received_at,
  }));
}

/**
 * Reads the archived events for a history (SQLite's or PostgreSQL's), keeping the last batch it
 * decoded: a rebuild reads one batch page after page.
 */
export class ArchiveReader {
  readonly #dataDir: string;
  #decoded: { batch: ArchivedBatch; events: ArchivedEvent[] } | null = null;

  constructor(dataDir: string) {
    this.#dataDir = dataDir;
  }

  events(batch: ArchivedBatch): ArchivedEvent[] {
    if (this.#decoded?.batch.seqFrom !== batch.seqFrom || this.#decoded.batch.sha256 !== batch.sha256)
      this.#decoded = { batch, events: readBatch(this.#dataDir, batch) };
    return this.#decoded.events;
  }

  /** Up to `limit` archived events after `afterSeq`, in order. */
  page(batches: readonly ArchivedBatch[], afterSeq: number, limit: number): StoredEvent[] {
    const page: StoredEvent[] = [];
    for (const batch of batches) {
      if (batch.seqTo <= afterSeq) continue;
      for (const event of this.events(batch)) {
        if (event.seq <= afterSeq) continue;
        page.push(storedOf(event));
        if (page.length >= limit) return page;
      }
    }
    return page;
  }

  /**
   * The first archived event of a kind whose `data[field]` equals `value`. Every batch may be
   * read: it serves an operator's audited look-up (a report's creation), not a hot path.
   */
  findFirst(batches: readonly ArchivedBatch[], domain: string, kind: string, field: string, value: string) {
    for (const batch of batches) {
      const found = this.events(batch).find(
        (event) => event.domain === domain && event.kind === kind && valueAt(event.data, field) === value,
      );
      if (found) return storedOf(found);
    }
    return null;
  }
}

/** `data` at a dotted path (`reporter.trackingCodeHash`), as SQLite's `json_extract(…, '$.a.b')`. */
function valueAt(data: unknown, path: string): unknown {
  let value = data;
  for (const key of path.split('.')) value = (value as Record<string, unknown> | null | undefined)?.[key];
  return value;
}

/** Every archived event of a domain whose `data[field]` equals `value`, in seq order (every batch is read). */
export function archivedAbout(
  reader: ArchiveReader,
  batches: readonly ArchivedBatch[],
  domain: string,
  field: string,
  value: string,
): StoredEvent[] {
  return batches.flatMap((batch) =>
    reader
      .events(batch)
      .filter((event) => event.domain === domain && (event.data as Record<string, unknown> | null)?.[field] === value)
      .map(storedOf),
  );
}

export function storedOf({ receivedAt: _receivedAt, ...event }: ArchivedEvent): StoredEvent {
  return event;
}

/** The events of one batch, read from its month's file and checked against its checksum. */
function readBatch(dataDir: string, batch: ArchivedBatch): ArchivedEvent[] {
  const fd = openSync(path.resolve(dataDir, batch.file), 'r');
  const bytes = Buffer.alloc(batch.length);
  try {
    let read = 0;
    while (read < batch.length) {
      const n = readSync(fd, bytes, read, batch.length - read, batch.offset + read);
      if (n === 0) break;
      read += n;
    }
    if (read !== batch.length)
      throw new Error(`archive ${batch.file}: ends before the batch from seq ${batch.seqFrom}`);
  } finally {
    closeSync(fd);
  }
  if (sha256(bytes) !== batch.sha256)
    throw new Error(`archive ${batch.file}: checksum of the batch from seq ${batch.seqFrom} differs`);
  return gunzipSync(bytes)
    .toString('utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as ArchivedEvent);
}

/**
 * The idempotency keys of batches archived before `archived_keys` existed (migration 014), read
 * from their files once: until then a retry of one of their events would be stored again.
 */
export function recordArchivedKeys(db: SqliteDatabase, dataDir: string): number {
  const pending = db
    .prepare<[], { seq_from: number }>('SELECT seq_from FROM archived_batches WHERE keys_recorded = 0')
    .all()
    .map((row) => row.seq_from);
  if (pending.length === 0) return 0;
  const batches = new Map(archivedBatches(db).map((batch) => [batch.seqFrom, batch]));
  const keep = db.prepare<[string, number]>('INSERT OR IGNORE INTO archived_keys (idempotency_key, seq) VALUES (?, ?)');
  const done = db.prepare<[number]>('UPDATE archived_batches SET keys_recorded = 1 WHERE seq_from = ?');
  let keys = 0;
  for (const seqFrom of pending) {
    const events = readBatch(dataDir, batches.get(seqFrom)!);
    db.transaction(() => {
      for (const event of events) {
        if (event.idempotencyKey === null) continue;
        keep.run(event.idempotencyKey, event.seq);
        keys++;
      }
      done.run(seqFrom);
    })();
  }
  return keys;
}
