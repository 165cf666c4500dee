/**
 * The whole log on PostgreSQL: the monthly archives (recorded in `archived_batches`) first, then
 * the hot store. A start or a new leader rebuilds from it (PostgreSQL keeps no snapshot yet, so it
 * replays everything), and an operator's look-up of an old event finds it in the archive.
 *
 * Another server may archive a batch while a page is being read: the archive's end is read again
 * after the hot read, and the page is read again when it moved, so no event is skipped.
 */
import type pg from 'pg';
import type { StoredEvent } from '../../domains/domain';
import { ArchiveReader, archivedAbout } from '../archive/archive-files';
import type { WholeLog } from '../event-log';
import { pgArchivedBatches } from './pg-archive-ledger';
import type { PgEventStore } from './pg-event-store';

export class PgEventHistory implements WholeLog {
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
    const batches = await pgArchivedBatches(this.#pool);
    return (
      this.#reader.findFirst(batches, domain, kind, field, value) ??
      (await this.#hot.findFirst(domain, kind, field, value))
    );
  }

  /** One report's events (and the like), archived first, then hot: see `EventLog.eventsAbout`. */
  async eventsAbout(domain: string, field: string, value: string): Promise<StoredEvent[]> {
    const batches = await pgArchivedBatches(this.#pool);
    // A batch archived meanwhile is read from the hot store before and from the file after: one copy each.
    const archived = archivedAbout(this.#reader, batches, domain, field, value);
    const through = batches.at(-1)?.seqTo ?? 0;
    const hot = (await this.#hot.eventsAbout(domain, field, value)).filter((event) => event.seq > through);
    return [...archived, ...hot];
  }
}
