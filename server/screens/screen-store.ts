/**
 * Where the registry keeps its screens: those paired through the console (stored whole) and
 * operators' changes to the screens of `config/screens/` (only the changed fields; `null` removes
 * a field). In the data folder's SQLite for one process (here), in PostgreSQL when several
 * processes share them (`pg-screen-store.ts`). Reads are synchronous, writes are awaited.
 */
import type { SqliteDatabase } from '../store/database';

export interface StoredScreen {
  id: string;
  /** True: made by pairing, `definition` is the whole screen. False: changes to a config screen. */
  paired: boolean;
  definition: Record<string, unknown>;
  createdAt: number;
  createdBy: string;
  updatedAt: number;
  updatedBy: string;
}

interface Row {
  id: string;
  paired: number;
  definition: string;
  created_at: number;
  created_by: string;
  updated_at: number;
  updated_by: string;
}

const toStored = (row: Row): StoredScreen => ({
  id: row.id,
  paired: row.paired === 1,
  definition: JSON.parse(row.definition) as Record<string, unknown>,
  createdAt: row.created_at,
  createdBy: row.created_by,
  updatedAt: row.updated_at,
  updatedBy: row.updated_by,
});

export interface ScreenEntry {
  id: string;
  paired: boolean;
  definition: Record<string, unknown>;
}

export interface ScreenStore {
  all(): StoredScreen[];
  get(id: string): StoredScreen | null;
  /** Writes several screens at once (the tiles of a wall change together, or not at all). */
  put(entries: ScreenEntry[], actor: string): Promise<void>;
  remove(id: string): Promise<boolean>;
  /** Another process changed these screens (they are read again already). */
  onChangedElsewhere(listener: (screenIds: string[]) => void): void;
}

export class SqliteScreenStore implements ScreenStore {
  readonly #db: SqliteDatabase;
  readonly #now: () => number;

  constructor(db: SqliteDatabase, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  all(): StoredScreen[] {
    return (this.#db.prepare('SELECT * FROM screens ORDER BY id').all() as Row[]).map(toStored);
  }

  get(id: string): StoredScreen | null {
    const row = this.#db.prepare('SELECT * FROM screens WHERE id = ?').get(id) as Row | undefined;
    return row ? toStored(row) : null;
  }

  async put(entries: ScreenEntry[], actor: string): Promise<void> {
    const now = this.#now();
    const upsert = this.#db
      .prepare(`INSERT INTO screens (id, paired, definition, created_at, created_by, updated_at, updated_by)
      VALUES (@id, @paired, @definition, @now, @actor, @now, @actor)
      ON CONFLICT (id) DO UPDATE SET paired = excluded.paired, definition = excluded.definition, updated_at = excluded.updated_at, updated_by = excluded.updated_by`);
    this.#db.transaction(() => {
      for (const entry of entries)
        upsert.run({
          id: entry.id,
          paired: entry.paired ? 1 : 0,
          definition: JSON.stringify(entry.definition),
          now,
          actor,
        });
    })();
  }

  async remove(id: string): Promise<boolean> {
    return this.#db.prepare('DELETE FROM screens WHERE id = ?').run(id).changes > 0;
  }

  /** One process owns this file: nobody else changes it. */
  onChangedElsewhere(): void {}
}
