/**
 * The screens registry's stored screens on PostgreSQL, shared by every server process of one
 * system. All of them are held in memory (a few hundred rows), so the registry reads them without
 * waiting; a write goes to PostgreSQL and, in the same transaction, notifies the other processes,
 * which read the table again and tell the registry which screens changed.
 */
import type { SharedDatabase } from '../services/store';
import { inTransaction } from '../store/pg/pg-database';
import type { ScreenEntry, ScreenStore, StoredScreen } from './screen-store';

interface Row {
  id: string;
  paired: boolean;
  definition: Record<string, unknown>;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

const PART = 'screens';

const toStored = (row: Row): StoredScreen => ({
  id: row.id,
  paired: row.paired,
  definition: row.definition,
  createdAt: Number(row.created_at),
  createdBy: row.created_by,
  updatedAt: Number(row.updated_at),
  updatedBy: row.updated_by,
});

/** Whether a stored screen differs from what this process held. */
const differs = (before: StoredScreen | undefined, after: StoredScreen | undefined): boolean =>
  before?.updatedAt !== after?.updatedAt ||
  before?.paired !== after?.paired ||
  JSON.stringify(before?.definition) !== JSON.stringify(after?.definition);

export class PgScreenStore implements ScreenStore {
  readonly #shared: SharedDatabase;
  readonly #now: () => number;
  #screens = new Map<string, StoredScreen>();
  readonly #listeners = new Set<(screenIds: string[]) => void>();
  /** Reloads one after the other: a notification during a reload reads again after it. */
  #reloading: Promise<void> = Promise.resolve();

  private constructor(shared: SharedDatabase, now: () => number) {
    this.#shared = shared;
    this.#now = now;
  }

  static async open(shared: SharedDatabase, now: () => number): Promise<PgScreenStore> {
    const store = new PgScreenStore(shared, now);
    store.#screens = await store.#read();
    shared.notifications.subscribe(PART, () => void store.#reload(new Set()));
    return store;
  }

  all(): StoredScreen[] {
    return [...this.#screens.values()];
  }

  get(id: string): StoredScreen | null {
    return this.#screens.get(id) ?? null;
  }

  async put(entries: ScreenEntry[], actor: string): Promise<void> {
    const now = this.#now();
    await inTransaction(this.#shared.pool, async (client) => {
      for (const entry of entries) {
        await client.query(
          `INSERT INTO screens (id, paired, definition, created_at, created_by, updated_at, updated_by)
           VALUES ($1, $2, $3, $4, $5, $4, $5)
           ON CONFLICT (id) DO UPDATE SET paired = excluded.paired, definition = excluded.definition,
             updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
          [entry.id, entry.paired, JSON.stringify(entry.definition), now, actor],
        );
      }
      await this.#shared.notifications.notify(PART, client);
    });
    await this.#reload(new Set(entries.map((entry) => entry.id)));
  }

  async remove(id: string): Promise<boolean> {
    const removed = await inTransaction(this.#shared.pool, async (client) => {
      const gone = ((await client.query('DELETE FROM screens WHERE id = $1', [id])).rowCount ?? 0) > 0;
      if (gone) await this.#shared.notifications.notify(PART, client);
      return gone;
    });
    if (removed) await this.#reload(new Set([id]));
    return removed;
  }

  onChangedElsewhere(listener: (screenIds: string[]) => void): void {
    this.#listeners.add(listener);
  }

  async #read(): Promise<Map<string, StoredScreen>> {
    const { rows } = await this.#shared.pool.query<Row>('SELECT * FROM screens ORDER BY id');
    return new Map(rows.map((row) => [row.id, toStored(row)]));
  }

  /**
   * Reads the table again and tells the listeners what others changed; `own` are the screens this
   * process just wrote (the registry knows of them), not reported. What another process wrote in
   * between is reported here, so its notification arriving after finds nothing new and is quiet.
   */
  #reload(own: ReadonlySet<string>): Promise<void> {
    this.#reloading = this.#reloading.then(async () => {
      let next: Map<string, StoredScreen>;
      try {
        next = await this.#read();
      } catch {
        // PostgreSQL is away: keep what is held; the reconnect reads everything again.
        return;
      }
      const before = this.#screens;
      const ids = new Set([...before.keys(), ...next.keys()]);
      const changed = [...ids].filter((id) => !own.has(id) && differs(before.get(id), next.get(id)));
      this.#screens = next;
      if (changed.length > 0) this.#listeners.forEach((listener) => listener(changed));
    });
    return this.#reloading;
  }
}
