/**
 * The citizens' secret on PostgreSQL: the first process to ask stores what it offers (its data
 * folder's secret, so codes handed out on SQLite alone keep working), every later one reads that.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgPool } from '../../store/pg/pg-database';
import { freshPgSchema, type TestSchema } from '../../test-support/pg-schema';
import { sharedServerSecret } from './server-secret';

let schema: TestSchema;
let pool: pg.Pool;

beforeAll(async () => {
  schema = freshPgSchema();
  pool = await openPgPool(schema);
}, 60_000);
afterAll(async () => {
  await pool?.end();
  await schema?.drop();
});

describe('the shared server secret', () => {
  it("keeps the first process's data-folder secret; later offers do not replace it", async () => {
    const first = randomBytes(32);
    expect(await sharedServerSecret(pool, 'citizen', 1, first)).toEqual(first);
    expect(await sharedServerSecret(pool, 'citizen', 2, randomBytes(32))).toEqual(first);
    expect(await sharedServerSecret(pool, 'citizen', 3, null)).toEqual(first);
  });

  it('makes a new one when the first process has none', async () => {
    const made = await sharedServerSecret(pool, 'other', 1, null);
    expect(made).toHaveLength(32);
    expect(await sharedServerSecret(pool, 'other', 2, randomBytes(32))).toEqual(made);
  });
});
