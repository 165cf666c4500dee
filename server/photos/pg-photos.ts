/**
 * Photos in PostgreSQL (PG migration 005, table `photos`) when several server processes form one
 * system: a citizen's photo uploaded through one process is served by every other, under the same
 * rules (the routes decide who may see which copy). Content-addressed like the folder: the id is
 * the SHA-256 of the upload, so the same upload through two processes at once is one row.
 * The size limits are checked before anything reaches here (`PhotoStore.put`): a cleaned copy is
 * at most a few MB, well within a `bytea`.
 */
import type pg from 'pg';
import type { PhotoBytes, PhotoCopy } from './photo-store';

const COLUMN: Record<PhotoCopy, string> = { full: 'full_copy', public: 'public_copy' };

export class PgPhotos implements PhotoBytes {
  readonly #pool: pg.Pool;
  readonly #now: () => number;

  constructor(pool: pg.Pool, now: () => number) {
    this.#pool = pool;
    this.#now = now;
  }

  async has(id: string): Promise<boolean> {
    const { rows } = await this.#pool.query('SELECT 1 FROM photos WHERE id = $1', [id]);
    return rows.length > 0;
  }

  async read(id: string, copy: PhotoCopy): Promise<Buffer | null> {
    const { rows } = await this.#pool.query<{ bytes: Buffer }>(
      `SELECT ${COLUMN[copy]} AS bytes FROM photos WHERE id = $1`,
      [id],
    );
    return rows[0]?.bytes ?? null;
  }

  async write(id: string, copies: Record<PhotoCopy, Buffer>): Promise<void> {
    await this.#pool.query(
      `INSERT INTO photos (id, full_copy, public_copy, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
      [id, copies.full, copies.public, this.#now()],
    );
  }
}
