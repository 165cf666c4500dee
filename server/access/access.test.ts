/**
 * Who may do what, tried for real over HTTP and Socket.IO: each role against each route, feed
 * keys outside their domains, screen tokens for other screens, expired sessions, lockout, CSRF.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testConfig, type TestApp } from '../test-support/test-app';
import { ROLES, type Role } from './roles';
import { SESSION_TTL_MS } from './access-store';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await app.post({
    domain: 'reports',
    kind: 'report.created',
    data: { reportId: 'acl-r', category: 'waste', title: 'Rác', description: '', lat: 21.85, lon: 106.76 },
  });
});
afterAll(async () => {
  await app.dispose();
});

interface Call {
  method: 'GET' | 'POST' | 'DELETE' | 'PATCH';
  path: string;
  body?: unknown;
}

async function call({ method, path, body }: Call, headers: Record<string, string> = {}): Promise<number> {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.status;
}

const announcement = {
  domain: 'announcements',
  kind: 'announcement.published',
  data: { announcementId: 'acl-1', text: { vi: 'Thử quyền', en: 'Access test' }, priority: 'normal' },
};

/** Each guarded route, and the roles that may use it. */
const ROUTES: Array<{ call: Call; allowed: Role[]; ok: number }> = [
  { call: { method: 'GET', path: '/api/v1/keys' }, allowed: ['admin'], ok: 200 },
  {
    call: { method: 'POST', path: '/api/v1/keys', body: { name: 'acl', scopes: ['traffic'] } },
    allowed: ['admin'],
    ok: 201,
  },
  { call: { method: 'GET', path: '/api/v1/users' }, allowed: ['admin'], ok: 200 },
  // Past the guard, an account that does not exist is simply not found.
  { call: { method: 'PATCH', path: '/api/v1/users/999999', body: { role: 'viewer' } }, allowed: ['admin'], ok: 404 },
  { call: { method: 'GET', path: '/api/v1/audit' }, allowed: ['admin'], ok: 200 },
  { call: { method: 'GET', path: '/api/v1/screen-tokens' }, allowed: ['admin', 'operator'], ok: 200 },
  { call: { method: 'GET', path: '/api/v1/screens' }, allowed: ['admin', 'operator'], ok: 200 },
  { call: { method: 'POST', path: '/api/v1/screens/ops/tokens' }, allowed: ['admin', 'operator'], ok: 201 },
  {
    call: { method: 'GET', path: '/api/v1/topics/reports.recent' },
    allowed: ['admin', 'operator', 'leader', 'viewer'],
    ok: 200,
  },
  {
    call: { method: 'GET', path: '/api/v1/screens/ops/setup' },
    allowed: ['admin', 'operator', 'leader', 'viewer'],
    ok: 200,
  },
  {
    call: { method: 'GET', path: '/api/v1/dashboards/ops/setup' },
    allowed: ['admin', 'operator', 'leader', 'viewer'],
    ok: 200,
  },
  { call: { method: 'POST', path: '/api/v1/events', body: announcement }, allowed: ['admin'], ok: 200 },
  {
    call: { method: 'POST', path: '/api/v1/reports/acl-r/moderation', body: { hidePhoto: true } },
    allowed: ['admin', 'operator'],
    ok: 200,
  },
  { call: { method: 'GET', path: '/api/v1/reports/acl-r' }, allowed: ['admin', 'operator'], ok: 200 },
  { call: { method: 'GET', path: '/api/v1/playlists' }, allowed: ['admin', 'operator'], ok: 200 },
  {
    call: { method: 'PATCH', path: '/api/v1/screens/ops', body: { groups: ['acl'] } },
    allowed: ['admin', 'operator'],
    ok: 200,
  },
  // Past the guard, a made-up code is simply unknown.
  {
    call: { method: 'POST', path: '/api/v1/pairing/claim', body: { code: 'ACDEFH', screenId: 'ops' } },
    allowed: ['admin', 'operator'],
    ok: 404,
  },
];

describe('access by role', () => {
  it.each(ROLES)('%s gets exactly what its role allows', async (role) => {
    const { cookie, csrfToken } = await app.signIn(role);
    for (const route of ROUTES) {
      const status = await call(route.call, { cookie, 'x-csrf-token': csrfToken });
      const expected = route.allowed.includes(role) ? route.ok : 403;
      expect(status, `${role} ${route.call.method} ${route.call.path}`).toBe(expected);
    }
  });

  it('refuses every guarded route to nobody with 401, and keeps the public ones open', async () => {
    for (const route of ROUTES) expect(await call(route.call), `${route.call.method} ${route.call.path}`).toBe(401);
    expect(await call({ method: 'GET', path: '/api/v1/topics/ticker.items' })).toBe(200);
    expect(await call({ method: 'GET', path: '/api/v1/screens/panel/setup' })).toBe(200);
    expect(await call({ method: 'GET', path: '/api/v1/dashboards/public/setup' })).toBe(200);
    expect(await call({ method: 'GET', path: '/api/v1/health' })).toBe(200);
  });

  it('lists to each person only the dashboards they may open, and sets up a dashboard as a public or briefing view', async () => {
    const ids = async (headers: Record<string, string> = {}) =>
      (
        (await (await fetch(`${app.url}/api/v1/dashboards`, { headers })).json()) as {
          dashboards: Array<{ id: string }>;
        }
      ).dashboards
        .map((d) => d.id)
        .sort();
    expect(await ids()).toEqual(['public']);
    const { cookie } = await app.signIn('leader');
    expect(await ids({ cookie })).toEqual(['ops', 'public']);
    const setup = (await (await fetch(`${app.url}/api/v1/dashboards/public/setup`)).json()) as {
      screen: { audience: string; profile: string };
      dashboard: { id: string };
    };
    expect(setup).toMatchObject({ screen: { audience: 'public', profile: 'briefing' }, dashboard: { id: 'public' } });
    const missing = await fetch(`${app.url}/api/v1/dashboards/nope/setup`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('nope');
  });

  it('refuses a state change without the CSRF token', async () => {
    const { cookie } = await app.signIn('admin');
    expect(await call({ method: 'POST', path: '/api/v1/keys', body: { name: 'x', scopes: ['kpi'] } }, { cookie })).toBe(
      403,
    );
    expect(
      await call(
        { method: 'POST', path: '/api/v1/keys', body: { name: 'x', scopes: ['kpi'] } },
        { cookie, 'x-csrf-token': 'forged' },
      ),
    ).toBe(403);
    expect(await call({ method: 'POST', path: '/api/v1/events', body: announcement }, { cookie })).toBe(403);
  });

  it('forgets an expired session', async () => {
    const { cookie } = await app.signIn('leader');
    expect(await call({ method: 'GET', path: '/api/v1/topics/reports.recent' }, { cookie })).toBe(200);
    app.ioc.db.prepare('UPDATE sessions SET expires_at = ?').run(Date.now() - 1);
    expect(await call({ method: 'GET', path: '/api/v1/topics/reports.recent' }, { cookie })).toBe(401);
    expect(SESSION_TTL_MS).toBeLessThanOrEqual(24 * 3_600_000);
  });

  it('logs out: the cookie stops working', async () => {
    const { cookie, csrfToken } = await app.signIn('viewer');
    expect(await call({ method: 'POST', path: '/api/v1/auth/logout' }, { cookie, 'x-csrf-token': csrfToken })).toBe(
      200,
    );
    expect(await call({ method: 'GET', path: '/api/v1/auth/me' }, { cookie })).toBe(401);
  });
});

describe('sign-in', () => {
  it('locks an account after five wrong passwords, and says so', async () => {
    await app.ioc.security.createUser(
      { username: 'target', role: 'viewer', password: 'the right password 1' },
      { actor: 'test' },
    );
    const attempt = (password: string) =>
      call({ method: 'POST', path: '/api/v1/auth/login', body: { username: 'target', password } });
    for (let i = 0; i < 4; i++) expect(await attempt('wrong')).toBe(401);
    expect(await attempt('wrong')).toBe(429);
    // Even the right password waits out the lockout.
    expect(await attempt('the right password 1')).toBe(429);
    const actions = (await app.ioc.security.auditLog()).map((entry) => entry.action);
    expect(actions).toContain('auth.locked');
    expect(actions).toContain('auth.login-refused');
  });

  it('rate limits sign-in attempts per address', async () => {
    const config = testConfig();
    config.app.security.loginAttemptsPerMinute = 3;
    const limited = await startTestApp({ config });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const response = await fetch(`${limited.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: `nobody${i}`, password: 'x' }),
        });
        statuses.push(response.status);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.dispose();
    }
  });

  it('changes a password, with the current one only, and the new one long enough', async () => {
    await app.ioc.security.createUser(
      { username: 'changer', role: 'viewer', password: 'first password 123' },
      { actor: 'test' },
    );
    const login = await fetch(`${app.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'changer', password: 'first password 123' }),
    });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const headers = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': csrfToken };
    expect(
      await call(
        { method: 'POST', path: '/api/v1/auth/password', body: { current: 'nope', next: 'a new long password' } },
        headers,
      ),
    ).toBe(400);
    expect(
      await call(
        { method: 'POST', path: '/api/v1/auth/password', body: { current: 'first password 123', next: 'short' } },
        headers,
      ),
    ).toBe(400);
    expect(
      await call(
        {
          method: 'POST',
          path: '/api/v1/auth/password',
          body: { current: 'first password 123', next: 'a new long password' },
        },
        headers,
      ),
    ).toBe(200);
    const result = await app.ioc.security.login('changer', 'a new long password', null);
    expect(result.ok).toBe(true);
  });

  it('stores no password, key or token in clear', async () => {
    const { key } = await app.ioc.security.createApiKey('clear-check', ['kpi'], { actor: 'test' });
    const { token } = await app.ioc.security.createScreenToken('ops', { actor: 'test' });
    const dump = JSON.stringify([
      app.ioc.db.prepare('SELECT * FROM users').all(),
      app.ioc.db.prepare('SELECT * FROM api_keys').all(),
      app.ioc.db.prepare('SELECT * FROM screen_tokens').all(),
    ]);
    expect(dump).not.toContain(key);
    expect(dump).not.toContain(token);
    expect(dump).not.toContain('the right password 1');
    expect(dump).toContain('$argon2id$');
  });
});

describe('feed keys', () => {
  const post = (key: string, body: unknown) =>
    fetch(`${app.url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });

  it('posts only to the domains of the key, naming the event that is out of scope', async () => {
    const { key } = await app.ioc.security.createApiKey('traffic-cameras', ['traffic'], { actor: 'test' });
    const incident = {
      domain: 'traffic',
      kind: 'traffic.incident',
      data: {
        incidentId: 'k1',
        kind: 'crash',
        severity: 'minor',
        lat: 21.85,
        lon: 106.76,
        place: 'Cầu Kỳ Cùng',
        injuries: 0,
        deaths: 0,
      },
    };
    expect((await post(key, incident)).status).toBe(200);
    const before = app.ioc.store.count();
    const mixed = await post(key, [incident, announcement]);
    expect(mixed.status).toBe(403);
    expect(((await mixed.json()) as { field: string }).field).toBe('events[1].domain');
    expect(app.ioc.store.count()).toBe(before);
    const lastUsed = app.ioc.security.apiKeys().find((k) => k.name === 'traffic-cameras')!.lastUsedAt;
    expect(lastUsed).not.toBeNull();
  });

  it('stops working once revoked, and an unknown key is nobody', async () => {
    const { key, apiKey } = await app.ioc.security.createApiKey('to-revoke', ['announcements'], { actor: 'test' });
    expect((await post(key, announcement)).status).toBe(200);
    app.ioc.security.revokeApiKey(apiKey.id, { actor: 'test' });
    expect((await post(key, announcement)).status).toBe(401);
    expect((await post('iock_madeup', announcement)).status).toBe(401);
    expect(
      (await app.ioc.security.auditLog()).some(
        (entry) => entry.action === 'key.revoke' && entry.target === String(apiKey.id),
      ),
    ).toBe(true);
  });
});

describe('screens and sockets', () => {
  it('a screen token opens its own screen only, and joins only its dashboard’s topics', async () => {
    const { token } = await app.ioc.security.createScreenToken('ops', { actor: 'test' });
    expect(await call({ method: 'GET', path: '/api/v1/screens/ops/setup' }, { authorization: `Bearer ${token}` })).toBe(
      200,
    );
    const { token: panelToken } = await app.ioc.security.createScreenToken('panel', { actor: 'test' });
    expect(
      await call({ method: 'GET', path: '/api/v1/screens/ops/setup' }, { authorization: `Bearer ${panelToken}` }),
    ).toBe(403);

    const socket = await app.connect({ screenToken: token });
    // The ops dashboard of the test config shows one KPI tile: kpi.values, and nothing else.
    expect(await app.subscribe(socket, { topic: 'kpi.values' })).toMatchObject({ ok: true });
    expect(await app.subscribe(socket, { topic: 'reports.recent' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    const panel = await app.connect({ screenToken: panelToken });
    expect(await app.subscribe(panel, { topic: 'reports.summary' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('a revoked screen token falls back to the public audience', async () => {
    const { token, screenToken } = await app.ioc.security.createScreenToken('ops', { actor: 'test' });
    await app.ioc.security.revokeScreenToken(screenToken.id, { actor: 'test' });
    const socket = await app.connect({ screenToken: token });
    expect(await app.subscribe(socket, { topic: 'reports.summary' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await call({ method: 'GET', path: '/api/v1/screens/ops/setup' }, { authorization: `Bearer ${token}` })).toBe(
      401,
    );
  });

  it('an anonymous socket joins public topics and no internal one', async () => {
    const socket = await app.connect();
    for (const topic of ['reports.summary', 'reports.recent', 'reports.daily', 'traffic.incidents'] as const) {
      expect(await app.subscribe(socket, { topic }), topic).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    for (const topic of [
      'reports.public-summary',
      'kpi.values',
      'traffic.summary',
      'ticker.items',
      'alerts.emergency',
    ] as const) {
      expect(await app.subscribe(socket, { topic }), topic).toMatchObject({ ok: true });
    }
  });

  it('an entry account reads nothing internal over the socket', async () => {
    const socket = await app.connect({ role: 'entry' });
    expect(await app.subscribe(socket, { topic: 'reports.recent' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const leader = await app.connect({ role: 'leader' });
    expect(await app.subscribe(leader, { topic: 'reports.recent' })).toMatchObject({ ok: true });
  });
});
