/**
 * A secret of this server, made once and kept in the database (`server_secrets`): it signs
 * proof-of-work challenges and derives tracking codes, so it must outlive a restart — a tracking
 * code handed to a citizen keeps working — and it goes with the database into backups. On
 * PostgreSQL (several processes, one system) it is one secret for all of them: a challenge fetched
 * through one process is accepted by another, a tracking code given through one is found by all.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { SqliteDatabase } from '../../store/database';

export function serverSecret(db: SqliteDatabase, name: string, now: number): Buffer {
  // Insert-if-absent then read: two starts racing on one database still agree on one secret.
  db.prepare('INSERT INTO server_secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING').run(
    name,
    randomBytes(32),
    now,
  );
  const row = db.prepare('SELECT value FROM server_secrets WHERE name = ?').get(name) as { value: Buffer };
  return row.value;
}

/** The data folder's secret if it has one, without making one. */
export function existingServerSecret(db: SqliteDatabase, name: string): Buffer | null {
  const row = db.prepare('SELECT value FROM server_secrets WHERE name = ?').get(name) as { value: Buffer } | undefined;
  return row?.value ?? null;
}

/**
 * The shared secret on PostgreSQL. The first process to ask offers `seed` (its data folder's own
 * secret, so the codes handed out while the system ran on SQLite alone keep working) or a new one;
 * every later process, whatever it offers, reads the one stored.
 */
export async function sharedServerSecret(
  pool: pg.Pool,
  name: string,
  now: number,
  seed: Buffer | null,
): Promise<Buffer> {
  await pool.query(
    'INSERT INTO server_secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING',
    [name, seed ?? randomBytes(32), now],
  );
  const { rows } = await pool.query<{ value: Buffer }>('SELECT value FROM server_secrets WHERE name = $1', [name]);
  return rows[0]!.value;
}
