/**
 * The whole log on PostgreSQL: the monthly archives (recorded in `archived_batches`) first, then
 * the hot store. A start or a new leader rebuilds from it (after the newest snapshot, or all of it
 * when none fits the code), the replay of a past moment reads it, and an operator's look-up of an
 * old event finds it in the archive.
 *
 * Another server may archive a batch while a page is being read: the archive's end is read again
 * after the hot read, and the page is read again when it moved, so no event is skipped.
 */
import type pg from 'pg';
import type { StoredEvent } from '../../domains/domain';
import { ArchiveReader, archivedAbout } from '../archive/archive-files';
import type { LogSpan, PastLog, WholeLog } from '../event-log';
import { pgArchivedBatches } from './pg-archive-ledger';
import type { PgEventStore } from './pg-event-store';

export class PgEventHistory implements WholeLog, PastLog {
  readonly #pool: pg.Pool;
  readonly #hot: PgEventStore;
  readonly #reader: ArchiveReader;

  constructor(pool: pg.Pool, dataDir: string, hot: PgEventStore) {
    this.#pool = pool;
    this.#hot = hot;
    this.#reader = new ArchiveReader(dataDir);
  }

  async #archivedThrough(): Promise<number> {
    const { rows } = await this.#pool.query<{ s: string }>(
      'SELECT coalesce(max(seq_to), 0) AS s FROM archived_batches',
    );
    return Number(rows[0]!.s);
  }

  async readAfter(afterSeq: number, limit: number): Promise<StoredEvent[]> {
    for (;;) {
      const batches = await pgArchivedBatches(this.#pool);
      const through = batches.at(-1)?.seqTo ?? 0;
      const page = afterSeq < through ? this.#reader.page(batches, afterSeq, limit) : [];
      if (page.length < limit) {
        const from = Math.max(afterSeq, through, page.at(-1)?.seq ?? 0);
        page.push(...(await this.#hot.readAfter(from, limit - page.length)));
      }
      if ((await this.#archivedThrough()) === through) return page;
    }
  }

  async findFirst(domain: string, kind: string, field: string, value: string): Promise<StoredEvent | null> {
    const batches = await pgArchivedBatches(this.#pool, { domain, field, value });
    return (
      this.#reader.findFirst(batches, domain, kind, field, value) ??
      (await this.#hot.findFirst(domain, kind, field, value))
    );
  }

  async #hotSpan(): Promise<LogSpan | null> {
    const { rows } = await this.#pool.query<{ first: string | null; last: string | null; last_seq: string | null }>(
      `SELECT (SELECT received_at FROM events ORDER BY seq LIMIT 1) AS first,
              (SELECT received_at FROM events ORDER BY seq DESC LIMIT 1) AS last,
              (SELECT max(seq) FROM events) AS last_seq`,
    );
    const row = rows[0];
    if (!row || row.first === null || row.last === null || row.last_seq === null) return null;
    return { first: Number(row.first), last: Number(row.last), lastSeq: Number(row.last_seq) };
  }

  /** The first and last events' acceptance times and the last seq, archived or hot; null when empty. */
  async span(): Promise<LogSpan | null> {
    const [hot, batches] = await Promise.all([this.#hotSpan(), pgArchivedBatches(this.#pool)]);
    const first = batches[0];
    if (!first) return hot;
    const lastBatch = batches.at(-1)!;
    return {
      first: first.firstReceivedAt,
      last: hot?.last ?? lastBatch.lastReceivedAt,
      lastSeq: hot?.lastSeq ?? lastBatch.seqTo,
    };
  }

  /**
   * The seq of the last event accepted at or before `at` (0 when none was), archived or hot. As on
   * SQLite, a binary search on the primary key (acceptance times rise with seq; with several
   * servers their clocks may differ by a few ms, so a moment may fall a few events either way):
   * no index on `received_at`, which every append would pay for.
   */
  async seqAt(at: number): Promise<number> {
    const hot = await this.#hotSeqAt(at);
    if (hot > 0) return hot;
    const batch = (await pgArchivedBatches(this.#pool)).filter((candidate) => candidate.firstReceivedAt <= at).at(-1);
    if (!batch) return 0;
    if (batch.lastReceivedAt <= at) return batch.seqTo;
    let seq = 0;
    for (const event of this.#reader.events(batch)) {
      if (event.receivedAt > at) break;
      seq = event.seq;
    }
    return seq;
  }

  async #hotSeqAt(at: number): Promise<number> {
    const span = await this.#hotSpan();
    if (!span) return 0;
    const next = async (from: number) => {
      const { rows } = await this.#pool.query<{ seq: string; received_at: string }>(
        'SELECT seq, received_at FROM events WHERE seq >= $1 ORDER BY seq LIMIT 1',
        [from],
      );
      return rows[0] ? { seq: Number(rows[0].seq), receivedAt: Number(rows[0].received_at) } : null;
    };
    let low = 0; // accepted at or before `at` (0: none)
    let high = span.lastSeq + 1; // accepted after `at`
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      const row = await next(middle);
      if (!row || row.seq >= high) {
        high = middle;
        continue;
      }
      if (row.receivedAt <= at) low = row.seq;
      else high = row.seq;
    }
    return low;
  }

  /** One report's events (and the like), archived first, then hot: see `EventLog.eventsAbout`. */
  async eventsAbout(domain: string, field: string, value: string): Promise<StoredEvent[]> {
    const through = await this.#archivedThrough();
    // Only the batches that hold its events (and any archived before they were recorded).
    const batches = await pgArchivedBatches(this.#pool, { domain, field, value });
    // A batch archived meanwhile is read from the hot store before and from the file after: one copy each.
    const archived = archivedAbout(this.#reader, batches, domain, field, value);
    const hot = (await this.#hot.eventsAbout(domain, field, value)).filter((event) => event.seq > through);
    return [...archived, ...hot];
  }
}
