/**
 * The aggregation lease on the real PostgreSQL. Advisory locks belong to the database, not to a
 * schema: with one constant key, a second system in the same database (another commune's, or a
 * test file running beside another) never got a leader while the first lived, and none of its
 * topics was published. The key is now the system's own (its schema); within one system exactly
 * one process leads.
 */
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openPgPool } from '../store/pg/pg-database';
import { freshPgSchema, TEST_DATABASE_URL, type TestSchema } from '../test-support/pg-schema';
import { waitUntil } from '../test-support/wait-until';
import { LeaderLease } from './leader-lease';

const leases: LeaderLease[] = [];
const schemas: TestSchema[] = [];
afterEach(async () => {
  for (const lease of leases.splice(0)) await lease.close();
  for (const schema of schemas.splice(0)) await schema.drop();
});

/** A system's schema, migrated as a server's start makes it. */
async function system(): Promise<TestSchema> {
  const schema = freshPgSchema();
  schemas.push(schema);
  await (await openPgPool(schema)).end();
  return schema;
}

async function lease(schema: TestSchema, retryMs = 50): Promise<LeaderLease> {
  const made = new LeaderLease({
    database: schema,
    onGained: async () => {},
    onLost: () => {},
    onEvents: () => {},
    retryMs,
  });
  leases.push(made);
  await made.start();
  return made;
}

describe('the aggregation lease', () => {
  it('is one per system: two systems in one database each have a leader', async () => {
    const first = await lease(await system());
    const second = await lease(await system());
    expect(first.leading).toBe(true);
    expect(second.leading).toBe(true);
  });

  it('is held by one process of a system at a time, and passes on when it is let go', async () => {
    const schema = await system();
    const first = await lease(schema);
    const second = await lease(schema);
    expect([first.leading, second.leading]).toEqual([true, false]);
    await first.close();
    await waitUntil(() => second.leading, 'the second process leads once the first lets go');
  });

  it('passes to a waiting follower as soon as the leader’s session dies, not at its next try', async () => {
    const schema = await system();
    // A try a minute apart: only the follower's waiting session can take over within the test.
    const first = await lease(schema, 60_000);
    const second = await lease(schema, 60_000);
    expect([first.leading, second.leading]).toEqual([true, false]);
    const crashedAt = Date.now();
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query('SELECT pg_terminate_backend($1)', [first.backendPid]);
    await admin.end();
    await waitUntil(() => second.leading, 'the waiting follower leads');
    // Generous for a loaded machine; a try-based follower would need the whole minute.
    expect(Date.now() - crashedAt).toBeLessThan(10_000);
    await waitUntil(() => !first.leading, 'the crashed one knows it lost the lease');
  });
});
