/**
 * A follower keeps its own read models. Only the leader of several processes aggregates for the
 * screens; the others copied its topics and applied no event, so every route that reads an
 * aggregator beyond the topics (the dispatch board, a department's inbox, the moderation queue,
 * the handling actions that check a report's state, the figures entered) answered from an empty
 * model there: behind a balancer, half the officers saw an empty inbox. Two real servers on
 * PostgreSQL and Redis, through the routes the console and `/entry` use.
 */
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startTwoServers, type TwoServers } from '../test-support/two-servers';
import { testConfig, type TestApp } from '../test-support/test-app';
import { waitUntil } from '../test-support/wait-until';
import { TEST_DATABASE_URL } from '../test-support/pg-schema';
import { loadConfig } from '../config/load-config';
import type { Role } from '../access/roles';
import type { UserScope } from '../protocol/rest';
import type { HandlingList, ModerationQueue } from '../protocol/reports-handling';
import { callAs, type SignedIn } from '../test-support/call-as';

const systems: TwoServers[] = [];
afterEach(async () => {
  for (const system of systems.splice(0)) await system.close();
}, 60_000);
// Two apps, PostgreSQL and Redis on a loaded two-core machine: generous, the waits are conditions.
const SLOW = { timeout: 120_000 };

const URBAN = 'phong-kinh-te';
const IN_TAM_THANH = { lat: 21.855, lon: 106.749 };
// 3 December 2026, 10:00 in Lạng Sơn, moving on with real time: November's figures are due.
const T0 = Date.UTC(2026, 11, 3, 3, 0, 0);
const REPORT = '/api/v1/entry/reports/phuong-xa-thang/05986/2026-11';
const figures = {
  'thu-ngan-sach-luy-ke': 281.4,
  'ho-so-tthc-tiep-nhan': 1204,
  'ho-so-tthc-dung-han': 97.5,
  'ho-ngheo': 12,
  'lao-dong-viec-lam-moi': null,
};

async function twoServers(): Promise<TwoServers> {
  const { reporting } = await loadConfig();
  const started = Date.now();
  const system = await startTwoServers({
    config: { ...testConfig(), reporting },
    now: () => T0 + (Date.now() - started),
  });
  systems.push(system);
  await waitUntil(() => system.a.ioc.app.scaleout?.leading() === true, 'A leads');
  return system;
}

type Session = SignedIn;

let accounts = 0;
/** A person signed in on `app` (accounts are shared on PostgreSQL: the session works on both). */
async function person(app: TestApp, role: Role, scopes: UserScope[] = []): Promise<Session> {
  const username = `nguoi-${++accounts}-${Date.now().toString(36)}`;
  const password = `mật khẩu đủ dài ${accounts}`;
  const { user } = await app.ioc.security.createUser({ username, role, password }, { actor: 'test' });
  for (const scope of scopes) await app.ioc.security.addScope(user.id, scope, { actor: 'test' });
  const response = await fetch(`${app.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await response.json()) as { csrfToken: string };
  return { cookie: (response.headers.get('set-cookie') ?? '').split(';')[0]!, csrfToken: body.csrfToken };
}

const call = callAs;

async function report(app: TestApp, id: string): Promise<void> {
  const response = await app.post({
    domain: 'reports',
    kind: 'report.created',
    data: { reportId: id, category: 'road-damage', title: `Ổ gà ${id}`, description: 'Mô tả', ...IN_TAM_THANH },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

const ids = (list: { items: Array<{ id: string }> }) => list.items.map((item) => item.id);
const statusIn = (list: { items: Array<{ id: string; status: string }> }, id: string) =>
  list.items.find((item) => item.id === id)?.status;

describe("a follower's read models", () => {
  it(
    "a follower's dispatch board, inbox, moderation queue and entry figures show what went through the leader, and its handling actions reach the leader",
    SLOW,
    async () => {
      const { a, b } = await twoServers();
      expect(b.ioc.app.scaleout?.leading()).toBe(false);
      const operatorOnB = await person(b, 'operator');
      const handlerOnB = await person(b, 'entry', [{ role: 'handler', unit: URBAN }]);
      const handlerOnA = await person(a, 'entry', [{ role: 'handler', unit: URBAN }]);

      await report(a, 'follower-1');
      await report(a, 'follower-2');
      // The board, the queue and the inbox as the console asks for them, from the follower.
      await waitUntil(
        async () =>
          ids((await call<HandlingList>(b, operatorOnB, 'GET', '/api/v1/reports/dispatch')).body).includes(
            'follower-2',
          ),
        "B's dispatch board lists the reports stored through A",
      );
      const board = await call<HandlingList>(b, operatorOnB, 'GET', '/api/v1/reports/dispatch');
      expect(ids(board.body)).toEqual(expect.arrayContaining(['follower-1', 'follower-2']));
      const queue = await call<ModerationQueue>(b, operatorOnB, 'GET', '/api/v1/reports/moderation-queue');
      expect(queue.status).toBe(200);
      expect(ids(queue.body)).toEqual(expect.arrayContaining(['follower-1', 'follower-2']));

      // An operator's action through the follower: its state check reads the follower's model.
      const assigned = await call(b, operatorOnB, 'POST', '/api/v1/reports/follower-1/assign', {});
      expect(assigned, JSON.stringify(assigned.body)).toMatchObject({ status: 200, body: { status: 'assigned' } });
      // Read your own writes on the follower: its inbox has the report at once.
      const inbox = await call<HandlingList>(b, handlerOnB, 'GET', `/api/v1/reports/inbox/${URBAN}`);
      expect(statusIn(inbox.body, 'follower-1')).toBe('assigned');
      // A handler's action through the follower, seen on the leader.
      const accepted = await call(b, handlerOnB, 'POST', '/api/v1/reports/follower-1/accept', {});
      expect(accepted, JSON.stringify(accepted.body)).toMatchObject({ status: 200, body: { status: 'in_progress' } });
      await waitUntil(
        async () =>
          statusIn(
            (await call<HandlingList>(a, handlerOnA, 'GET', `/api/v1/reports/inbox/${URBAN}`)).body,
            'follower-1',
          ) === 'in_progress',
        "A's inbox has the report accepted through B",
      );
      // An impossible move is refused on the follower too (409 naming the field), as on the leader.
      const again = await call(b, handlerOnB, 'POST', '/api/v1/reports/follower-1/accept', {});
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ field: expect.stringContaining('status') });

      // Figures entered through the leader, seen and approved through the follower.
      const officerOnA = await person(a, 'entry', [{ role: 'entry', unit: '05986' }]);
      const chairOnB = await person(b, 'leader', [{ role: 'approver', unit: '05986' }]);
      const submitted = await call(a, officerOnA, 'POST', `${REPORT}/submit`, { values: figures });
      expect(submitted, JSON.stringify(submitted.body)).toMatchObject({ status: 200, body: { state: 'submitted' } });
      await waitUntil(
        async () => (await call(b, chairOnB, 'GET', `${REPORT}/review`)).body.state === 'submitted',
        'B shows its approver the figures submitted through A',
      );
      expect((await call(b, chairOnB, 'GET', `${REPORT}/review`)).body).toMatchObject({ values: { 'ho-ngheo': 12 } });
      const approved = await call(b, chairOnB, 'POST', `${REPORT}/approve`, {});
      expect(approved, JSON.stringify(approved.body)).toMatchObject({ status: 200, body: { state: 'published' } });
      await waitUntil(
        async () => (await call(a, officerOnA, 'GET', REPORT)).body.state === 'published',
        'A shows the figures approved through B',
      );
    },
  );

  it('a process that loses the lease builds its read models again, and answers as a follower', SLOW, async () => {
    const { a, b } = await twoServers();
    await report(a, 'before-failover');
    // As a crash or a network cut would: the lock's session ends on the PostgreSQL side.
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [a.ioc.app.scaleout!.lease.backendPid]);
    } finally {
      await admin.end();
    }
    await waitUntil(() => a.ioc.app.scaleout?.leading() === false, 'A steps down');
    await waitUntil(() => b.ioc.app.scaleout?.leading() === true, 'B takes the lead', 20_000);

    // Stored through the new leader: A, now a follower, lists it from the read models it rebuilt.
    await report(b, 'after-failover');
    const operatorOnA = await person(a, 'operator');
    await waitUntil(
      async () =>
        ids((await call<HandlingList>(a, operatorOnA, 'GET', '/api/v1/reports/dispatch')).body).includes(
          'after-failover',
        ),
      "the old leader's dispatch board lists a report stored through the new one",
    );
    expect(ids((await call<HandlingList>(a, operatorOnA, 'GET', '/api/v1/reports/dispatch')).body)).toContain(
      'before-failover',
    );
    const assigned = await call(a, operatorOnA, 'POST', '/api/v1/reports/after-failover/assign', {});
    expect(assigned, JSON.stringify(assigned.body)).toMatchObject({ status: 200, body: { status: 'assigned' } });
    const operatorOnB = await person(b, 'operator');
    await waitUntil(
      async () =>
        !ids((await call<HandlingList>(b, operatorOnB, 'GET', '/api/v1/reports/dispatch')).body).includes(
          'after-failover',
        ),
      "the new leader's board no longer lists the report assigned through the old one",
    );
  });
});
