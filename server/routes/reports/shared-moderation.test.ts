/**
 * The moderation undo window on two servers sharing one PostgreSQL schema and one Redis (real
 * servers both, on one injected clock): a decision held through one process is taken back through
 * the other and never stored; a decision held through a process that then stops is stored by the
 * other once its window closes, once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { reportsReadModel } from '../../domains/reports/aggregator';
import type { ModerationQueue } from '../../protocol/reports-handling';
import type { TestApp } from '../../test-support/test-app';
import { startTwoServers, type TwoServers } from '../../test-support/two-servers';
import { waitUntil } from '../../test-support/wait-until';
import { callAs } from '../../test-support/call-as';

const UNDO_MS = 10_000;
const SLOW = { timeout: 90_000 };
const systems: TwoServers[] = [];
afterEach(async () => {
  for (const system of systems.splice(0)) await system.close();
}, 60_000);

async function start(): Promise<{ leader: TestApp; follower: TestApp; clock: { now: number } }> {
  const clock = { now: Date.UTC(2026, 11, 4, 3, 0) };
  const system = await startTwoServers({ now: () => clock.now, moderationUndoMs: UNDO_MS });
  systems.push(system);
  const aggregating = (app: TestApp) => app.ioc.app.scaleout?.aggregating() === true;
  await waitUntil(() => aggregating(system.a) || aggregating(system.b), 'a leader with its aggregators rebuilt');
  const [leader, follower] = aggregating(system.a) ? [system.a, system.b] : [system.b, system.a];
  return { leader, follower, clock };
}

const call = callAs;

/** A new report, through the leader, once its read model holds it (the decision route reads it there). */
async function newReport(leader: TestApp, id: string): Promise<void> {
  const response = await leader.post({
    domain: 'reports',
    kind: 'report.created',
    data: { reportId: id, category: 'waste', title: `Rác ${id}`, description: 'Mô tả', lat: 21.855, lon: 106.749 },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  await waitUntil(() => reportsReadModel(leader.ioc.runtime)?.get(id) !== undefined, 'the leader holds the report');
}

/** The decisions stored for a report in the shared store (anything after its creation). */
async function storedDecisions(app: TestApp, id: string): Promise<string[]> {
  const { rows } = await app.ioc.app.shared!.pool.query<{ kind: string; payload: Record<string, unknown> }>(
    "SELECT kind, payload FROM events WHERE payload->>'reportId' = $1 AND kind <> 'report.created' ORDER BY seq",
    [id],
  );
  return rows.map((row) => `${row.kind} ${String(row.payload.status ?? row.payload.publication ?? '')}`.trim());
}

describe('the moderation undo window on two servers', () => {
  it('approved through one process, taken back through the other: never stored', SLOW, async () => {
    const { leader, follower, clock } = await start();
    const id = 'r-undo-elsewhere';
    await newReport(leader, id);
    const moderator = await leader.signIn('operator');

    const held = await call(leader, moderator, 'POST', `/api/v1/reports/${id}/decision`, { decision: 'approve' });
    expect(held).toMatchObject({ status: 200, body: { reportId: id, decision: 'approve' } });
    // The other process lists it as pending and takes it back.
    const queue = await call<ModerationQueue>(follower, moderator, 'GET', '/api/v1/reports/moderation-queue');
    expect(queue.body.pending.map((decision) => decision.reportId)).toEqual([id]);
    expect(await call(follower, moderator, 'DELETE', `/api/v1/reports/${id}/decision`)).toEqual({
      status: 200,
      body: { ok: true },
    });

    // Past the window: the leader's queue stores what is due before it answers, and nothing is.
    clock.now += 2 * UNDO_MS;
    const after = await call<ModerationQueue>(leader, moderator, 'GET', '/api/v1/reports/moderation-queue');
    expect(after.body.pending).toEqual([]);
    expect(await storedDecisions(leader, id)).toEqual([]);
    expect(reportsReadModel(leader.ioc.runtime)!.get(id)!.status).toBe('new');
    // Taken back once: a second undo, on either process, has nothing to take.
    expect((await call(leader, moderator, 'DELETE', `/api/v1/reports/${id}/decision`)).status).toBe(409);
  });

  it('held through a process that then stops: stored by the other when the window closes, once', SLOW, async () => {
    const { leader, follower, clock } = await start();
    const id = 'r-held-then-gone';
    await newReport(leader, id);
    const moderator = await leader.signIn('operator');
    expect(
      (await call(leader, moderator, 'POST', `/api/v1/reports/${id}/decision`, { decision: 'approve' })).status,
    ).toBe(200);
    const queue = await call<ModerationQueue>(follower, moderator, 'GET', '/api/v1/reports/moderation-queue');
    expect(queue.body.pending.map((decision) => decision.reportId)).toEqual([id]);
    await leader.close();
    await waitUntil(() => follower.ioc.app.scaleout?.aggregating() === true, 'the other process leads');

    clock.now += UNDO_MS;
    await waitUntil(
      () => reportsReadModel(follower.ioc.runtime)?.get(id)?.status === 'approved',
      'the approval stored by the process left',
    );
    expect(await storedDecisions(follower, id)).toEqual(['report.moderated', 'report.status approved']);
    const after = await call<ModerationQueue>(follower, moderator, 'GET', '/api/v1/reports/moderation-queue');
    expect(after.body.pending).toEqual([]);
  });
});
