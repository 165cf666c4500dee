/**
 * Accounts, sessions, feed keys and the audit log shared by two servers on one PostgreSQL schema
 * (and one Redis), real servers both: behind a balancer, a person signed in through A is signed
 * in on B, a feed key made on A is accepted by B and refused by B once revoked on A, and what B
 * audits A lists. Each change reaches the other process by a notification: the tests wait on the
 * condition, never for a time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../test-support/test-app';
import { startTwoServers, type TwoServers } from '../test-support/two-servers';
import { waitUntil } from '../test-support/wait-until';

const systems: TwoServers[] = [];
afterEach(async () => {
  for (const system of systems.splice(0)) await system.close();
}, 60_000);
// Two apps, PostgreSQL and Redis on a loaded two-core machine: generous, the waits are conditions.
const SLOW = { timeout: 90_000 };

async function twoServers() {
  const system = await startTwoServers();
  systems.push(system);
  return system;
}

type Session = { cookie: string; csrfToken: string };

async function call(app: TestApp, method: string, path: string, session?: Session, body?: unknown) {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

let posted = 0;
async function postWithKey(app: TestApp, key: string): Promise<number> {
  const id = `shared-key-${++posted}-${Date.now()}`;
  const response = await fetch(`${app.url}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({
      domain: 'announcements',
      kind: 'announcement.published',
      id,
      data: {
        announcementId: id,
        text: { vi: 'Thông báo thử', en: 'Test notice' },
        priority: 'normal',
        validTo: new Date(Date.now() + 3_600_000).toISOString(),
      },
    }),
  });
  await response.arrayBuffer();
  return response.status;
}

describe('accounts, sessions, feed keys and audit on PostgreSQL', () => {
  it('a session made on A works on B; signed out on B, it ends on A', SLOW, async () => {
    const { a, b } = await twoServers();
    const admin = await a.signIn('admin');
    await waitUntil(async () => (await call(b, 'GET', '/api/v1/auth/me', admin)).status === 200, 'B knows the session');
    const me = await call(b, 'GET', '/api/v1/auth/me', admin);
    expect(me.body).toMatchObject({ user: { role: 'admin' }, csrfToken: admin.csrfToken });
    // B acts for the session made on A: an admin's page there answers.
    expect((await call(b, 'GET', '/api/v1/keys', admin)).status).toBe(200);

    expect((await call(b, 'POST', '/api/v1/auth/logout', admin)).status).toBe(200);
    await waitUntil(
      async () => (await call(a, 'GET', '/api/v1/auth/me', admin)).status === 401,
      'the session signed out on B ends on A',
    );
  });

  it(
    'the first request on B right after signing in on A is signed in (no wait for the notification)',
    SLOW,
    async () => {
      const { a, b } = await twoServers();
      for (let i = 0; i < 5; i++) {
        const session = await a.signIn('viewer');
        expect((await call(b, 'GET', '/api/v1/auth/me', session)).status).toBe(200);
      }
      const made = await call(a, 'POST', '/api/v1/keys', await a.signIn('admin'), {
        name: 'ngay-lap-tuc',
        scopes: ['announcements'],
      });
      expect(await postWithKey(b, made.body.key as string)).toBe(200);
    },
  );

  it('a feed key made on A is accepted by B; revoked on A, B refuses it', SLOW, async () => {
    const { a, b } = await twoServers();
    const admin = await a.signIn('admin');
    const made = await call(a, 'POST', '/api/v1/keys', admin, { name: 'camera-a', scopes: ['announcements'] });
    expect(made.status).toBe(201);
    const key = made.body.key as string;
    const id = (made.body.apiKey as { id: number }).id;
    await waitUntil(async () => (await postWithKey(b, key)) === 200, 'B accepts the key made on A');
    expect(b.ioc.security.apiKeys().map((held) => held.name)).toContain('camera-a');

    expect((await call(a, 'DELETE', `/api/v1/keys/${id}`, admin)).status).toBe(200);
    expect(await postWithKey(a, key)).toBe(401);
    await waitUntil(async () => (await postWithKey(b, key)) === 401, 'B refuses the key revoked on A');
    expect(b.ioc.security.apiKeys().find((held) => held.id === id)?.revokedAt).not.toBeNull();
  });

  it('an audit entry made on B is listed on A', SLOW, async () => {
    const { a, b } = await twoServers();
    const adminOnB = await b.signIn('admin');
    expect((await call(b, 'POST', '/api/v1/keys', adminOnB, { name: 'nhat-ky-tren-b', scopes: ['kpi'] })).status).toBe(
      201,
    );
    const adminOnA = await a.signIn('admin');
    const listed = async () => {
      const { body } = await call(a, 'GET', '/api/v1/audit', adminOnA);
      return (body.entries as Array<{ action: string; target: string | null }>).some(
        (entry) => entry.action === 'key.create' && entry.target === 'nhat-ky-tren-b',
      );
    };
    await waitUntil(listed, 'A lists the key.create audited on B');
  });

  it('an account disabled on A loses its live connection on B', SLOW, async () => {
    const { a, b } = await twoServers();
    const socket = await b.connect({ role: 'operator' });
    const operator = b.ioc.security.users().find((user) => user.role === 'operator')!;
    await waitUntil(() => a.ioc.security.userById(operator.id) !== null, 'A knows the account made on B');
    let cutOff = false;
    socket.on('disconnect', () => (cutOff = true));
    expect(await a.ioc.security.disableUser(operator.id, { actor: 'test' })).toBe(true);
    await waitUntil(() => cutOff, 'B cuts off the socket of the account disabled on A');
    expect(b.ioc.security.userById(operator.id)).toBeNull();
  });
});
