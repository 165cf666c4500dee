/**
 * A fresh PostgreSQL schema for one test file on the real server (127.0.0.1:5432, db `test`,
 * `IOC_TEST_DATABASE_URL` to point elsewhere), dropped after; and a unique Redis key prefix.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_DATABASE_URL = process.env.IOC_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.IOC_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestSchema {
  url: string;
  schema: string;
  drop(): Promise<void>;
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** The schema is created by the store's own migration run; `drop` removes it whatever it holds. */
export function freshPgSchema(): TestSchema {
  const schema = uniqueName('ioc_test');
  return {
    url: TEST_DATABASE_URL,
    schema,
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
