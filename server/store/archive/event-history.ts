/**
 * The whole log, wherever its events are: the monthly archives first, then the hot store. The
 * replay of a past moment reads it (a moment inside an archived month: the nearest kept snapshot
 * and the archive's events after it), and so does a start whose snapshot does not fit the code.
 * An event is in one of the two only (see retention.ts); the hot store is read after the last
 * archived seq all the same, so a reader never sees one twice.
 */
import type { SqliteDatabase } from '../database';
import type { EventStore } from '../event-store';
import type { StoredEvent } from '../../domains/domain';
import type { SqliteSnapshotStore } from '../../replay/snapshot-store';
import {
  ArchiveReader,
  archivedAbout,
  archivedBatches,
  storedOf,
  type ArchivedBatch,
  type ArchivedEvent,
} from './archive-files';

export class EventHistory {
  readonly #db: SqliteDatabase;
  readonly #hot: EventStore;
  readonly #snapshots: SqliteSnapshotStore;
  readonly #reader: ArchiveReader;

  constructor(db: SqliteDatabase, dataDir: string, hot: EventStore, snapshots: SqliteSnapshotStore) {
    this.#db = db;
    this.#hot = hot;
    this.#snapshots = snapshots;
    this.#reader = new ArchiveReader(dataDir);
  }

  #batches(): ArchivedBatch[] {
    return archivedBatches(this.#db);
  }

  #events(batch: ArchivedBatch): ArchivedEvent[] {
    return this.#reader.events(batch);
  }

  /** Every event after `afterSeq`, in order: archived ones, then hot ones. */
  *readAll(afterSeq = 0): Generator<StoredEvent> {
    let last = afterSeq;
    for (const batch of this.#batches()) {
      if (batch.seqTo <= last) continue;
      for (const event of this.#events(batch)) {
        if (event.seq <= last) continue;
        last = event.seq;
        yield storedOf(event);
      }
    }
    yield* this.#hot.readAll(last);
  }

  /** Up to `limit` events after `afterSeq` (a start's rebuild reads page by page). */
  readAfter(afterSeq: number, limit: number): StoredEvent[] {
    const batches = this.#batches();
    if (batches.length === 0 || afterSeq >= batches.at(-1)!.seqTo) return this.#hot.readAfter(afterSeq, limit);
    const page: StoredEvent[] = [];
    for (const event of this.readAll(afterSeq)) {
      page.push(event);
      if (page.length >= limit) break;
    }
    return page;
  }

  /**
   * The first event of a kind whose `data[field]` equals `value`, archived or hot (a report's
   * creation, with the reporter's contact, may be months old). Archived seqs all come before hot
   * ones, so the archive is searched first: only the batches recorded as holding `value` for a
   * recorded look-up (`archived_lookups`), every batch for any other.
   */
  findFirst(domain: string, kind: string, field: string, value: string): StoredEvent | null {
    return (
      this.#reader.findFirst(archivedBatches(this.#db, { domain, field, value }), domain, kind, field, value) ??
      this.#hot.findFirst(domain, kind, field, value)
    );
  }

  /** One report's events (and the like), archived first, then hot: see `EventLog.eventsAbout`. */
  eventsAbout(domain: string, field: string, value: string): StoredEvent[] {
    const through = (
      this.#db.prepare('SELECT coalesce(max(seq_to), 0) AS s FROM archived_batches').get() as { s: number }
    ).s;
    const batches = archivedBatches(this.#db, { domain, field, value });
    return [
      ...archivedAbout(this.#reader, batches, domain, field, value),
      ...this.#hot.eventsAbout(domain, field, value).filter((event) => event.seq > through),
    ];
  }

  /** The first and last events' acceptance times and the last seq, or null for an empty log. */
  span(): { first: number; last: number; lastSeq: number } | null {
    const hot = this.#snapshots.span();
    const first = this.#batches()[0];
    if (!first) return hot;
    const lastBatch = this.#batches().at(-1)!;
    return {
      first: first.firstReceivedAt,
      last: hot?.last ?? lastBatch.lastReceivedAt,
      lastSeq: hot?.lastSeq ?? lastBatch.seqTo,
    };
  }

  /** The seq of the last event accepted at or before `at` (0 when none was), archived or hot. */
  seqAt(at: number): number {
    const hot = this.#snapshots.seqAt(at);
    if (hot > 0) return hot;
    // Before the first hot event: the last archived batch begun by then holds the answer.
    const batch = this.#batches()
      .filter((candidate) => candidate.firstReceivedAt <= at)
      .at(-1);
    if (!batch) return 0;
    if (batch.lastReceivedAt <= at) return batch.seqTo;
    let seq = 0;
    for (const event of this.#events(batch)) {
      if (event.receivedAt > at) break;
      seq = event.seq;
    }
    return seq;
  }
}
