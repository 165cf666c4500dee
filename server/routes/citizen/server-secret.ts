/**
 * A secret of this server, made once and kept in the database (`server_secrets`): it signs
 * proof-of-work challenges and derives tracking codes, so it must outlive a restart — a tracking
 * code handed to a citizen keeps working — and it goes with the database into backups.
 */
import { randomBytes } from 'node:crypto';
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
