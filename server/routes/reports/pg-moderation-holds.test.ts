/**
 * Held moderation decisions on PostgreSQL, as two processes use them (two pools on one schema):
 * due decisions claimed by both at once go to one of them each, and an undo racing a claim (the
 * undoing process's clock a moment behind) gets a decision the claimant then does not: every
 * decision ends stored once or taken back, never both, never twice.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgPool } from '../../store/pg/pg-database';
import { freshPgSchema, type TestSchema } from '../../test-support/pg-schema';
import { PgModerationHolds, type Hold } from './moderation-holds';

const T = Date.UTC(2026, 11, 4, 3, 0);
const N = 60;
let schema: TestSchema;
let pools: pg.Pool[] = [];
let userId = 0;

beforeAll(async () => {
  schema = freshPgSchema();
  pools = [await openPgPool({ url: schema.url, schema: schema.schema }), await openPgPool(schema)];
  const { rows } = await pools[0]!.query<{ id: string }>(
    `INSERT INTO users (username, password_hash, role, created_at) VALUES ('kiem-duyet', 'x', 'operator', $1) RETURNING id`,
    [T],
  );
  userId = Number(rows[0]!.id);
}, 60_000);
afterAll(async () => {
  for (const pool of pools) await pool.end();
  await schema?.drop();
});

const holdOf = (i: number, commitsAt: number): Hold => ({
  reportId: `r-${i}`,
  decision: i % 2 === 0 ? 'approve' : 'reject',
  commitsAt,
  userId,
  ip: '203.0.113.9',
});

describe('moderation holds on PostgreSQL', () => {
  it('claims each due decision for one process only, and never one that was taken back', async () => {
    const [a, b] = pools.map((pool) => new PgModerationHolds(pool)) as [PgModerationHolds, PgModerationHolds];
    for (let i = 0; i < N; i++) expect(await (i % 2 === 0 ? a : b).hold(holdOf(i, T + (i % 5)), T - 10_000)).toBe(true);
    // A second decision on a held report is refused, whichever process holds it.
    expect(await b.hold(holdOf(0, T), T - 10_000)).toBe(false);

    const claims: Promise<Hold[]>[] = [];
    const undos: Promise<Hold | null>[] = [];
    for (let round = 0; round < 6; round++) {
      claims.push(a.claimDue(T + 5), b.claimDue(T + 5));
      // The undoing process's clock is behind: to it these windows are still open.
      for (let i = round; i < N; i += 6) undos.push((i % 2 === 0 ? b : a).takeBack(`r-${i}`, T - 1));
    }
    const claimed = (await Promise.all(claims)).flat().map((hold) => hold.reportId);
    const undone = (await Promise.all(undos)).flatMap((hold) => (hold ? [hold.reportId] : []));
    // Claimed by one process or taken back by one, each exactly once, and all accounted for.
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(undone.filter((id) => claimed.includes(id))).toEqual([]);
    expect([...claimed, ...undone].sort()).toEqual(Array.from({ length: N }, (_, i) => `r-${i}`).sort());
    expect(await a.all()).toEqual([]);
  });

  it('does not claim a decision before its window closes, nor take one back after', async () => {
    const holds = new PgModerationHolds(pools[0]!);
    expect(await holds.hold(holdOf(100, T), T - 10_000)).toBe(true);
    expect(await holds.claimDue(T - 1)).toEqual([]);
    expect(await holds.takeBack('r-100', T)).toBeNull();
    expect(await new PgModerationHolds(pools[1]!).get('r-100')).toEqual(holdOf(100, T));
    expect(await holds.claimDue(T)).toEqual([holdOf(100, T)]);
    expect(await holds.claimDue(T)).toEqual([]);
  });
});
