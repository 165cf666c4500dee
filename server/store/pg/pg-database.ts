/**
 * A PostgreSQL pool for the event store (`IOC_DATABASE_URL=postgres://…`), its schema brought up
 * to date with the numbered migrations of `server/store/pg-migrations/`. Several servers may start
 * at once: the migrations run under an advisory lock, so each is applied exactly once.
 */
import pg from 'pg';
import { fileURLToPath } from 'node:url';
import { readMigrations } from '../database';

const MIGRATIONS_DIR = fileURLToPath(new URL('../pg-migrations/', import.meta.url));
/**
 * Advisory locks are the database's, not a schema's: the first key is this system's, derived from
 * its schema, so two systems in one database (the province's communes, or the tests' parallel
 * schemas) never hold each other's leader, append or migration lock. With one constant, a second
 * system's servers all stayed followers while the first lived, and nothing was published.
 * Used inside SQL (`pg_advisory_lock(${LOCK_NAMESPACE}, $1)`): it is read on the lock's own connection.
 */
export const LOCK_NAMESPACE = `hashtext('ioc-wall:' || coalesce(current_schema(), ''))`;
export const LOCKS = { migrate: 1, append: 2, leader: 3, retention: 4 } as const;

export interface PgOptions {
  /** `postgres://user@host:5432/db` */
  url: string;
  /** A schema of its own (tests use a fresh one each run); default the connection's search_path. */
  schema?: string;
  /** Pool size; the group commit needs one connection, reads the others. */
  max?: number;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A client config that puts the schema first on the search_path. */
export function clientConfig(options: PgOptions): pg.ClientConfig {
  return {
    connectionString: options.url,
    ...(options.schema ? { options: `-c search_path=${quoteIdent(options.schema)}` } : {}),
  };
}

export async function openPgPool(options: PgOptions): Promise<pg.Pool> {
  const pool = new pg.Pool({ ...clientConfig(options), max: options.max ?? 4 });
  // An idle client losing its connection must not crash the process: the next query reports it.
  pool.on('error', () => {});
  const client = await pool.connect();
  try {
    if (options.schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(options.schema)}`);
    await migratePg(client);
  } finally {
    client.release();
  }
  return pool;
}

/**
 * Runs `work` in one transaction on a connection of `pool`: committed when it returns, rolled back
 * when it throws (the error goes on), the connection given back either way.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

async function migratePg(client: pg.PoolClient): Promise<number[]> {
  await client.query(`SELECT pg_advisory_lock(${LOCK_NAMESPACE}, $1)`, [LOCKS.migrate]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    const done: number[] = [];
    for (const migration of readMigrations(MIGRATIONS_DIR)) {
      if (applied.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          Date.now(),
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
      done.push(migration.version);
    }
    return done;
  } finally {
    await client.query(`SELECT pg_advisory_unlock(${LOCK_NAMESPACE}, $1)`, [LOCKS.migrate]);
  }
}
