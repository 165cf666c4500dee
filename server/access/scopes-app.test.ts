/**
 * Scopes in the running app: an administrator gives and takes units (`PATCH /api/v1/users/:id`),
 * each checked against config.units and audited; the person sees them named after sign-in; a
 * scoped entry account still reads nothing internal; and a scope taken away, or the account
 * disabled, reaches its live sockets at once (from the CLI, within a second). Real server, real
 * socket.io clients.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectClient } from 'socket.io-client';
import { startTestApp, testConfig, type TestApp, type TestSocket } from '../test-support/test-app';
import { UNITS_FOR_SCOPES } from '../test-support/units-for-scopes';
import { waitUntil } from '../test-support/wait-until';
import { openDatabase } from '../store/database';
import { AccessStore } from './access-store';
import type { Role } from './roles';

let app: TestApp;
let admin: Session;
const sockets: TestSocket[] = [];

interface Session {
  cookie: string;
  csrfToken: string;
}

beforeAll(async () => {
  // The config as the loader gives it once config/units.yaml is read (issue 12, units).
  app = await startTestApp({ config: Object.assign(testConfig(), { units: UNITS_FOR_SCOPES }) });
  admin = await app.signIn('admin');
});
afterAll(async () => {
  sockets.forEach((socket) => socket.disconnect());
  await app.dispose();
});

let accounts = 0;
async function account(role: Role): Promise<{ id: number; username: string; password: string }> {
  const username = `pham-vi-${role}-${++accounts}`;
  const password = `mật khẩu phạm vi ${accounts}`;
  const { user } = await app.ioc.security.createUser({ username, role, password }, { actor: 'test' });
  return { id: user.id, username, password };
}

async function signIn(
  username: string,
  password: string,
): Promise<{ session: Session; body: Record<string, unknown> }> {
  const response = await fetch(`${app.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as Record<string, unknown> & { csrfToken: string };
  return {
    session: { cookie: (response.headers.get('set-cookie') ?? '').split(';')[0]!, csrfToken: body.csrfToken },
    body,
  };
}

async function api(
  method: string,
  path: string,
  session: Session,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function connect(cookie: string): Promise<TestSocket> {
  return new Promise((resolve, reject) => {
    const socket: TestSocket = connectClient(app.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: { cookie },
    });
    sockets.push(socket);
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const isSocket = (socket: TestSocket) => app.ioc.io.sockets.sockets.has(socket.id!);

describe('giving and taking units', () => {
  it('PATCH users sets the scopes, lists them with the account, and audits each', async () => {
    const officer = await account('entry');
    const scopes = [
      { role: 'entry', unit: '05986' },
      { role: 'handler', unit: 'phong-kinh-te' },
    ];
    const patched = await api('PATCH', `/api/v1/users/${officer.id}`, admin, { scopes });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ ok: true, user: { id: officer.id, role: 'entry', scopes } });

    const listed = await api('GET', '/api/v1/users', admin);
    expect(
      (listed.body.users as Array<{ id: number; scopes: unknown }>).find((user) => user.id === officer.id)?.scopes,
    ).toEqual(scopes);

    expect(
      (
        await api('PATCH', `/api/v1/users/${officer.id}`, admin, {
          role: 'leader',
          scopes: [{ role: 'approver', unit: '05986' }],
        })
      ).body,
    ).toMatchObject({
      user: { role: 'leader', scopes: [{ role: 'approver', unit: '05986' }] },
    });
    const audit = (await api('GET', '/api/v1/audit', admin)).body.entries as Array<{
      action: string;
      target: string;
      actor: string;
      detail: unknown;
    }>;
    const mine = audit.filter((entry) => entry.target === officer.username && entry.action !== 'user.create');
    expect(mine.map(({ action, detail }) => ({ action, detail }))).toEqual([
      { action: 'user.scope-add', detail: { role: 'approver', unit: '05986' } },
      { action: 'user.scope-remove', detail: { role: 'handler', unit: 'phong-kinh-te' } },
      { action: 'user.scope-remove', detail: { role: 'entry', unit: '05986' } },
      { action: 'user.role', detail: { from: 'entry', to: 'leader' } },
      { action: 'user.scope-add', detail: { role: 'handler', unit: 'phong-kinh-te' } },
      { action: 'user.scope-add', detail: { role: 'entry', unit: '05986' } },
    ]);
    expect(new Set(mine.map((entry) => entry.actor))).toEqual(new Set([expect.stringMatching(/^user:admin-/)]));

    expect((await api('PATCH', `/api/v1/users/${officer.id}`, admin, { scopes: [] })).body).toMatchObject({
      user: { scopes: [] },
    });
  });

  it('refuses a unit the config does not know, naming scopes[i].unit, and writes nothing', async () => {
    const officer = await account('entry');
    await api('PATCH', `/api/v1/users/${officer.id}`, admin, { scopes: [{ role: 'entry', unit: '05986' }] });
    const entries = (await app.ioc.security.auditLog(1000)).length;
    const refused = await api('PATCH', `/api/v1/users/${officer.id}`, admin, {
      role: 'leader',
      scopes: [
        { role: 'approver', unit: '05983' },
        { role: 'entry', unit: 'phong-khong-co' },
      ],
    });
    expect(refused).toMatchObject({
      status: 400,
      body: {
        field: 'scopes[1].unit',
        messageVi:
          'scopes[1].unit: không có đơn vị "phong-khong-co": không phải mã đơn vị hành chính hay mã phòng ban trong config/units.yaml',
        message:
          'scopes[1].unit: unknown unit "phong-khong-co": neither an administrative unit\'s code nor a department\'s id in config/units.yaml',
      },
    });
    expect(app.ioc.security.userById(officer.id)).toMatchObject({
      role: 'entry',
      scopes: [{ role: 'entry', unit: '05986' }],
    });
    expect(await app.ioc.security.auditLog(1000)).toHaveLength(entries);

    // A ward that ended with the reorganisation, and a handler on a ward: the same field named.
    expect(
      (await api('PATCH', `/api/v1/users/${officer.id}`, admin, { scopes: [{ role: 'entry', unit: '05971' }] })).body,
    ).toMatchObject({ field: 'scopes[0].unit' });
    expect(
      (await api('PATCH', `/api/v1/users/${officer.id}`, admin, { scopes: [{ role: 'handler', unit: '06187' }] })).body,
    ).toMatchObject({
      field: 'scopes[0].unit',
      messageVi: expect.stringContaining('Phường Kỳ Lừa'),
    });
  });

  it('refuses a role outside the list, an empty unit and a scope given twice, naming the field', async () => {
    const officer = await account('entry');
    const role = await api('PATCH', `/api/v1/users/${officer.id}`, admin, {
      scopes: [{ role: 'boss', unit: '05986' }],
    });
    // Refused by the route's schema, named as every schema refusal of a body is (`body.…`).
    expect(role).toMatchObject({ status: 400, body: { field: 'body.scopes[0].role' } });
    expect(role.body.message).toContain('entry, approver, handler');
    expect(role.body.messageVi).toContain('entry, approver, handler');
    expect(
      (await api('PATCH', `/api/v1/users/${officer.id}`, admin, { scopes: [{ role: 'entry', unit: '' }] })).body,
    ).toMatchObject({
      field: 'body.scopes[0].unit',
      messageVi: 'body.scopes[0].unit: không được để trống',
      message: 'body.scopes[0].unit: must not be empty',
    });
    expect(
      (
        await api('PATCH', `/api/v1/users/${officer.id}`, admin, {
          scopes: [
            { role: 'entry', unit: '05986' },
            { role: 'entry', unit: '05986' },
          ],
        })
      ).body,
    ).toMatchObject({
      field: 'body.scopes',
    });
    expect(app.ioc.security.scopesOf(officer.id)).toEqual([]);
  });

  it('lets only an administrator give scopes', async () => {
    const officer = await account('entry');
    const operator = await app.signIn('operator');
    expect(
      (await api('PATCH', `/api/v1/users/${officer.id}`, operator, { scopes: [{ role: 'entry', unit: '05986' }] }))
        .status,
    ).toBe(403);
    expect(app.ioc.security.scopesOf(officer.id)).toEqual([]);
  });
});

describe('a person with scopes', () => {
  it('sees them named after one sign-in, to pick one', async () => {
    const officer = await account('entry');
    app.ioc.security.setScopes(
      officer.id,
      [
        { role: 'entry', unit: '05986' },
        { role: 'approver', unit: '05986' },
        { role: 'entry', unit: 'phong-kinh-te' },
        { role: 'entry', unit: '05977' },
      ],
      { actor: 'test' },
    );
    // In Vietnamese alphabetical order (Phòng before Phường), a unit's roles together.
    const named = [
      { role: 'entry', unit: 'phong-kinh-te', unitName: 'Phòng Kinh tế', unitNameEn: 'Economic Department' },
      { role: 'entry', unit: '05977', unitName: 'Phường Đông Kinh', unitNameEn: 'Dong Kinh Ward' },
      { role: 'entry', unit: '05986', unitName: 'Phường Tam Thanh', unitNameEn: 'Tam Thanh Ward' },
      { role: 'approver', unit: '05986', unitName: 'Phường Tam Thanh', unitNameEn: 'Tam Thanh Ward' },
    ];
    const { session, body } = await signIn(officer.username, officer.password);
    expect(body.scopes).toEqual(named);
    const me = await api('GET', '/api/v1/auth/me', session);
    expect(me.body).toMatchObject({
      user: { username: officer.username, role: 'entry' },
      permissions: [],
      scopes: named,
    });
  });

  it('with the entry role still reads nothing internal and reaches no other route', async () => {
    const officer = await account('entry');
    app.ioc.security.setScopes(
      officer.id,
      [
        { role: 'entry', unit: '05986' },
        { role: 'approver', unit: '05986' },
        { role: 'handler', unit: 'phong-kinh-te' },
      ],
      { actor: 'test' },
    );
    const { session } = await signIn(officer.username, officer.password);
    for (const [method, path] of [
      ['GET', '/api/v1/topics/reports.recent'],
      ['GET', '/api/v1/users'],
      ['GET', '/api/v1/audit'],
      ['GET', '/api/v1/screens'],
      ['GET', '/api/v1/dashboards/ops/setup'],
      ['GET', '/api/v1/playlists'],
    ] as const) {
      expect((await api(method, path, session)).status, `${method} ${path}`).toBe(403);
    }
    const socket = await connect(session.cookie);
    expect(await app.subscribe(socket, { topic: 'reports.recent' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await app.subscribe(socket, { topic: 'ticker.items' })).toMatchObject({ ok: true });
  });
});

describe('a scope taken away reaches live sockets', () => {
  it('at once when an administrator takes it; a scope given keeps the socket', async () => {
    const officer = await account('entry');
    app.ioc.security.setScopes(officer.id, [{ role: 'entry', unit: '05986' }], { actor: 'test' });
    const { session } = await signIn(officer.username, officer.password);
    const socket = await connect(session.cookie);

    expect(
      (
        await api('PATCH', `/api/v1/users/${officer.id}`, admin, {
          scopes: [
            { role: 'entry', unit: '05986' },
            { role: 'approver', unit: '05986' },
          ],
        })
      ).status,
    ).toBe(200);
    expect(isSocket(socket)).toBe(true);
    expect(socket.connected).toBe(true);

    expect(
      (await api('PATCH', `/api/v1/users/${officer.id}`, admin, { scopes: [{ role: 'entry', unit: '05986' }] })).status,
    ).toBe(200);
    // Off the server as soon as the PATCH answered; the client hears of it a moment later.
    expect(isSocket(socket)).toBe(false);
    await waitUntil(() => socket.disconnected, 'the socket of the scope taken away is disconnected');

    // Coming back, it is granted what it holds now, and stays.
    const again = await connect(session.cookie);
    expect(await app.subscribe(again, { topic: 'ticker.items' })).toMatchObject({ ok: true });
    expect(isSocket(again)).toBe(true);
  });

  it('within a second when the CLI (another process) takes it', async () => {
    const officer = await account('entry');
    app.ioc.security.setScopes(officer.id, [{ role: 'handler', unit: 'phong-kinh-te' }], { actor: 'test' });
    const { session } = await signIn(officer.username, officer.password);
    const socket = await connect(session.cookie);
    const cli = new AccessStore(openDatabase(`${app.dataDir}/ioc.sqlite`));
    expect(await cli.removeScope(officer.id, { role: 'handler', unit: 'phong-kinh-te' }, { actor: 'cli' })).toBe(true);
    await waitUntil(() => socket.disconnected, 'the CLI’s removal reaches the socket');
  });

  it('when the account is disabled', async () => {
    const officer = await account('entry');
    app.ioc.security.setScopes(officer.id, [{ role: 'entry', unit: '05986' }], { actor: 'test' });
    const { session } = await signIn(officer.username, officer.password);
    const socket = await connect(session.cookie);
    expect((await api('PATCH', `/api/v1/users/${officer.id}`, admin, { disabled: true })).status).toBe(200);
    expect(isSocket(socket)).toBe(false);
    await waitUntil(() => socket.disconnected, 'the disabled account’s socket is disconnected');
    expect((await api('GET', '/api/v1/auth/me', session)).status).toBe(401);
  });
});
