/**
 * `npm run ioc -- store status`: which store the environment names, how much it holds, and (on
 * PostgreSQL) whether a process holds the aggregation lease now.
 */
import type { SqliteDatabase } from '../store/database';
import { EventStore } from '../store/event-store';
import { LOCK_NAMESPACE, LOCKS, openPgPool } from '../store/pg/pg-database';
import { PgEventStore } from '../store/pg/pg-event-store';

export async function storeStatus(db: SqliteDatabase, databaseUrl: string | undefined): Promise<string[]> {
  if (!databaseUrl) {
    const store = new EventStore(db);
    return [`store: SQLite (một tiến trình / one process)`, `events: ${store.count()}`, `last seq: ${store.lastSeq()}`];
  }
  const pool = await openPgPool({ url: databaseUrl, max: 1 });
  try {
    const store = new PgEventStore(pool);
    const { rows } = await pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_locks
       WHERE locktype = 'advisory' AND classid = (${LOCK_NAMESPACE})::oid AND objid = $1 AND objsubid = 2 AND granted
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [LOCKS.leader],
    );
    return [
      `store: PostgreSQL ${new URL(databaseUrl).host}`,
      `events: ${await store.count()}`,
      `last seq: ${await store.lastSeq()}`,
      `leader: ${Number(rows[0]!.n) > 0 ? 'có / held' : 'không có / none'}`,
    ];
  } finally {
    await pool.end();
  }
}
