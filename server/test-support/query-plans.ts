/**
 * What a store asked its database, and the plan the database makes of it: the tests that say "this
 * look-up is answered from an index, not by reading the log" on both backends.
 */
import type pg from 'pg';
import type { SqliteDatabase } from '../store/database';

/** Records each SQL text the SQLite database prepares; `plan` explains the latest one. */
export function sqlitePlans(db: SqliteDatabase) {
  const prepared: string[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    prepared.push(sql);
    return prepare(sql);
  }) as typeof db.prepare;
  return {
    /** `EXPLAIN QUERY PLAN` of the last statement prepared, with these parameters. */
    plan: (...values: unknown[]): string =>
      (prepare(`EXPLAIN QUERY PLAN ${prepared.at(-1)!}`).all(...values) as Array<{ detail: string }>)
        .map((row) => row.detail)
        .join('; '),
  };
}

/** Records each query the pool is given; `plan` explains the latest one. */
export function pgPlans(pool: pg.Pool) {
  const asked: Array<{ sql: string; values: unknown[] }> = [];
  const query = pool.query.bind(pool);
  pool.query = ((sql: string, values: unknown[]) => {
    asked.push({ sql, values });
    return query(sql, values);
  }) as typeof pool.query;
  return {
    /** `EXPLAIN` of the last query, on a connection that reads a table whole only when nothing else can answer. */
    plan: async (): Promise<string> => {
      const { sql, values } = asked.at(-1)!;
      const client = await pool.connect();
      try {
        // An empty table is read whole by choice; without that choice only a matching index is cheaper.
        await client.query('SET enable_seqscan = off');
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, values);
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      } finally {
        await client.query('RESET enable_seqscan');
        client.release();
      }
    },
  };
}
