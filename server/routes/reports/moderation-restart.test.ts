/**
 * The moderation queue's undo window across a restart of the app on the same data folder, on the
 * injected clock: a decision held before the restart is still pending after it (not dropped), can
 * still be taken back within its window (not refused as too late), is not stored early, and is
 * stored once the window closes — by the new process, as the moderator it was taken by.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test-support/test-app';
import { waitUntil } from '../../test-support/wait-until';
import type { ModerationQueue, Timeline } from '../../protocol/reports-handling';

const UNDO_MS = 10_000;
let app: TestApp;
let clock = Date.UTC(2026, 11, 4, 3, 0);
const now = () => clock;
let operator: { cookie: string; csrfToken: string };
let reports = 0;

async function restart(): Promise<void> {
  const dataDir = app.dataDir;
  await app.close();
  app = await startTestApp({ dataDir, now, moderationUndoMs: UNDO_MS });
}

async function call<T = Record<string, unknown>>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: {
      cookie: operator.cookie,
      'x-csrf-token': operator.csrfToken,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function newReport(): Promise<string> {
  const id = `r-${++reports}`;
  const response = await app.post({
    domain: 'reports',
    kind: 'report.created',
    data: { reportId: id, category: 'waste', title: `Rác ${id}`, description: 'Mô tả', lat: 21.855, lon: 106.749 },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return id;
}

const statusOf = async (id: string) => (await call<Timeline>('GET', `/api/v1/reports/${id}/timeline`)).body.status;
const pending = async () => (await call<ModerationQueue>('GET', '/api/v1/reports/moderation-queue')).body.pending;

beforeAll(async () => {
  app = await startTestApp({ now, moderationUndoMs: UNDO_MS });
  // The session is in the database too: the same person goes on after the restart.
  operator = await app.signIn('operator');
});
afterAll(async () => {
  await app.dispose();
});

describe('the moderation undo window across a restart', () => {
  it('a decision held before a restart can still be undone after it, within its window', async () => {
    const id = await newReport();
    const held = await call('POST', `/api/v1/reports/${id}/decision`, { decision: 'approve' });
    expect(held).toMatchObject({ status: 200, body: { commitsAt: clock + UNDO_MS } });
    await restart();
    clock += UNDO_MS / 2;
    expect(await pending()).toEqual([{ reportId: id, decision: 'approve', commitsAt: clock + UNDO_MS / 2 }]);
    expect(await call('DELETE', `/api/v1/reports/${id}/decision`)).toMatchObject({ status: 200, body: { ok: true } });
    expect(await pending()).toEqual([]);
    // Taken back stays taken back, through another restart and past the window.
    await restart();
    clock += UNDO_MS;
    expect(await pending()).toEqual([]);
    expect(await statusOf(id)).toBe('new');
  });

  it('a decision held before a restart is not stored early after it, and is stored once its window closes', async () => {
    const id = await newReport();
    await call('POST', `/api/v1/reports/${id}/decision`, { decision: 'reject' });
    await restart();
    // Not early: the window is the stored one, not one that restarts with the process.
    expect(await statusOf(id)).toBe('new');
    expect((await pending()).map((p) => p.reportId)).toEqual([id]);
    // A second decision on the same report is still refused while the first waits.
    expect((await call('POST', `/api/v1/reports/${id}/decision`, { decision: 'approve' })).status).toBe(409);
    clock += UNDO_MS;
    await waitUntil(async () => (await statusOf(id)) === 'rejected', 'the rejection is stored after the window');
    expect(await pending()).toEqual([]);
    // Too late to undo now, and saying so is true.
    expect((await call('DELETE', `/api/v1/reports/${id}/decision`)).status).toBe(409);
    const audit = (await app.ioc.security.auditLog(50)).map((entry) => `${entry.action} ${entry.target}`);
    expect(audit).toContain(`report.reject ${id}`);
  });
});
