/**
 * Revoked means revoked on live sockets: a revoked screen token, a logout, a password change, a
 * disabled account and a changed role each cut off the sockets granted from them at once — they
 * leave every internal room, lose their presence and are disconnected — and a socket that comes
 * back with the same credentials is the public. Real server, real socket.io clients.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectClient } from 'socket.io-client';
import { startTestApp, type TestApp, type TestSocket } from '../test-support/test-app';
import { openDatabase } from '../store/database';
import { SESSION_TTL_MS, AccessStore } from '../access/access-store';
import { roomOf } from './topic-hub';
import { screenRoom } from './screen-control';
import type { Role } from '../access/roles';
import { waitUntil } from '../test-support/wait-until';

let app: TestApp;
/** How long each cut-off took to reach the client, for the report (`[revocation]` lines). */
const measured: Array<{ what: string; serverMs: number | null; clientMs: number }> = [];

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  for (const line of measured) {
    // eslint-disable-next-line no-console -- the measured cut-off times are this test's report
    console.info(
      `[revocation] ${line.what}: ${line.serverMs === null ? '' : `server ${line.serverMs.toFixed(1)} ms (the revoking call's answer), `}client ${line.clientMs.toFixed(1)} ms`,
    );
  }
  await app.dispose();
});

let accounts = 0;
async function account(role: Role): Promise<{ username: string; password: string; userId: number }> {
  const username = `rev-${role}-${++accounts}`;
  const password = `mật khẩu thu hồi ${accounts}`;
  const { user } = await app.ioc.security.createUser({ username, role, password }, { actor: 'test' });
  return { username, password, userId: user.id };
}

async function signIn(username: string, password: string): Promise<{ cookie: string; csrfToken: string }> {
  const response = await fetch(`${app.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(response.status).toBe(200);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie: (response.headers.get('set-cookie') ?? '').split(';')[0]!, csrfToken };
}

const sockets: TestSocket[] = [];
afterAll(() => sockets.forEach((socket) => socket.disconnect()));

function connect(options: { cookie?: string; screenToken?: string }): Promise<TestSocket> {
  return new Promise((resolve, reject) => {
    const socket: TestSocket = connectClient(app.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: options.screenToken ? { screenToken: options.screenToken } : {},
      extraHeaders: options.cookie ? { cookie: options.cookie } : undefined,
    });
    sockets.push(socket);
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function api(
  method: string,
  path: string,
  session: { cookie: string; csrfToken: string },
  body?: unknown,
): Promise<number> {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.status;
}

const waitFor = waitUntil;

const INTERNAL = 'reports.recent';
const internalRoom = () => roomOf(app.ioc.hub.definition(INTERNAL)!);
const inRoom = (room: string, socket: TestSocket) =>
  app.ioc.io.sockets.adapter.rooms.get(room)?.has(socket.id!) ?? false;

let reports = 0;
/** A delta on the internal topic reaches this socket: the subscription really works before the cut. */
async function receivesInternalDelta(socket: TestSocket): Promise<void> {
  const reportId = `rev-${++reports}`;
  const delta = new Promise<void>((resolve) => {
    const listener = (message: { topic: string }) => {
      if (message.topic !== INTERNAL) return;
      socket.off('topic:delta', listener as never);
      resolve();
    };
    socket.on('topic:delta', listener as never);
  });
  expect(
    (
      await app.post({
        domain: 'reports',
        kind: 'report.created',
        data: { reportId, category: 'waste', title: 'Rác', description: '', lat: 21.85, lon: 106.76 },
      })
    ).status,
  ).toBe(200);
  await delta;
}

/** A socket reading the internal topic, as a signed-in session. */
async function internalSocket(session: { cookie: string }): Promise<TestSocket> {
  const socket = await connect({ cookie: session.cookie });
  expect(await app.subscribe(socket, { topic: INTERNAL })).toMatchObject({ ok: true });
  await receivesInternalDelta(socket);
  return socket;
}

/**
 * Runs `revoke` and checks that the socket is cut off: on the server as soon as the revoking call
 * returns (out of every room, no longer a socket), and on the client when its disconnect arrives.
 */
async function expectCutOff(socket: TestSocket, what: string, revoke: () => Promise<void>): Promise<void> {
  const id = socket.id!;
  const rooms = [...app.ioc.io.sockets.adapter.rooms].filter(([, members]) => members.has(id)).map(([room]) => room);
  const started = performance.now();
  await revoke();
  const serverMs = performance.now() - started;
  expect(app.ioc.io.sockets.sockets.has(id), `${what}: still a socket`).toBe(false);
  for (const room of rooms)
    expect(app.ioc.io.sockets.adapter.rooms.get(room)?.has(id) ?? false, `${what}: still in ${room}`).toBe(false);
  await waitFor(() => socket.disconnected, `${what}: the client is disconnected`);
  measured.push({ what, serverMs, clientMs: performance.now() - started });
}

/** Connecting again with what was revoked gives the public: no internal topic. */
async function expectPublicNow(options: { cookie?: string; screenToken?: string }): Promise<void> {
  const again = await connect(options);
  expect(await app.subscribe(again, { topic: INTERNAL })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  expect(await app.subscribe(again, { topic: 'ticker.items' })).toMatchObject({ ok: true });
}

describe('revocation reaches live sockets', () => {
  it('a revoked screen token: the screen socket is cut off, its presence gone', async () => {
    const operator = await account('operator');
    const session = await signIn(operator.username, operator.password);
    const { token, screenToken } = await app.ioc.security.createScreenToken('ops', { actor: 'test' });
    const screen = await connect({ screenToken: token });
    expect(await app.subscribe(screen, { topic: 'kpi.values' })).toMatchObject({ ok: true });
    expect(inRoom(screenRoom('ops'), screen)).toBe(true);
    expect([...app.ioc.gateway.screens.values()].some((presence) => presence.socketId === screen.id)).toBe(true);

    const id = screen.id;
    await expectCutOff(screen, 'screen token revoked', async () => {
      expect(await api('DELETE', `/api/v1/screen-tokens/${screenToken.id}`, session)).toBe(200);
    });
    expect([...app.ioc.gateway.screens.values()].some((presence) => presence.socketId === id)).toBe(false);
    await expectPublicNow({ screenToken: token });
  });

  it('a logout: that session’s socket is cut off, another session of the same account is not', async () => {
    const viewer = await account('viewer');
    const first = await signIn(viewer.username, viewer.password);
    const second = await signIn(viewer.username, viewer.password);
    const leaving = await internalSocket(first);
    const staying = await internalSocket(second);
    await expectCutOff(leaving, 'logout', async () => {
      expect(await api('POST', '/api/v1/auth/logout', first)).toBe(200);
    });
    expect(staying.connected).toBe(true);
    expect(inRoom(internalRoom(), staying)).toBe(true);
    await expectPublicNow({ cookie: first.cookie });
  });

  it('a password change ends every other session of the account and cuts off their sockets', async () => {
    const leader = await account('leader');
    const here = await signIn(leader.username, leader.password);
    const elsewhere = await signIn(leader.username, leader.password);
    const mine = await internalSocket(here);
    const theirs = await internalSocket(elsewhere);
    await expectCutOff(theirs, 'password change (other session)', async () => {
      expect(
        await api('POST', '/api/v1/auth/password', here, { current: leader.password, next: 'một mật khẩu mới hẳn' }),
      ).toBe(200);
    });
    // The session that changed it goes on.
    expect(mine.connected).toBe(true);
    await receivesInternalDelta(mine);
    expect(await api('GET', '/api/v1/auth/me', elsewhere)).toBe(401);
    expect(await api('GET', '/api/v1/auth/me', here)).toBe(200);
    await expectPublicNow({ cookie: elsewhere.cookie });
  });

  it('a disabled account: its sockets are cut off and its sessions end', async () => {
    const admin = await signIn(...(await account('admin').then((a) => [a.username, a.password] as const)));
    const operator = await account('operator');
    const session = await signIn(operator.username, operator.password);
    const socket = await internalSocket(session);
    await expectCutOff(socket, 'account disabled', async () => {
      expect(await api('PATCH', `/api/v1/users/${operator.userId}`, admin, { disabled: true })).toBe(200);
    });
    expect(await api('GET', '/api/v1/auth/me', session)).toBe(401);
    await expectPublicNow({ cookie: session.cookie });
  });

  it('a changed role: the socket is cut off when its grant changes, and comes back with the new one', async () => {
    const admin = await signIn(...(await account('admin').then((a) => [a.username, a.password] as const)));
    const operator = await account('operator');
    const session = await signIn(operator.username, operator.password);
    const socket = await internalSocket(session);
    // Operator to entry: nothing internal any more.
    await expectCutOff(socket, 'role changed (operator → entry)', async () => {
      expect(await api('PATCH', `/api/v1/users/${operator.userId}`, admin, { role: 'entry' })).toBe(200);
    });
    await expectPublicNow({ cookie: session.cookie });

    // Leader to viewer grants the same: that socket stays as it is.
    const leader = await account('leader');
    const leaderSession = await signIn(leader.username, leader.password);
    const reading = await internalSocket(leaderSession);
    expect(await api('PATCH', `/api/v1/users/${leader.userId}`, admin, { role: 'viewer' })).toBe(200);
    expect(reading.connected).toBe(true);
    await receivesInternalDelta(reading);
  });

  it('a token revoked by another process (the CLI) reaches the socket within a second or so', async () => {
    const { token, screenToken } = await app.ioc.security.createScreenToken('ops', { actor: 'test' });
    const screen = await connect({ screenToken: token });
    expect(inRoom(screenRoom('ops'), screen)).toBe(true);
    const cli = new AccessStore(openDatabase(`${app.dataDir}/ioc.sqlite`));
    const started = performance.now();
    await cli.revokeScreenToken(screenToken.id, { actor: 'cli' });
    await waitFor(() => screen.disconnected, 'the CLI’s revoke reaches the socket');
    measured.push({ what: 'screen token revoked by the CLI', serverMs: null, clientMs: performance.now() - started });
    expect(inRoom(screenRoom('ops'), screen)).toBe(false);
  });

  it('refuses to disable or demote the last admin', async () => {
    const last = await account('admin');
    for (const other of app.ioc.security.users().filter((user) => user.role === 'admin' && user.id !== last.userId)) {
      app.ioc.security.disableUser(other.id, { actor: 'test' });
    }
    const session = await signIn(last.username, last.password);
    expect(await api('PATCH', `/api/v1/users/${last.userId}`, session, { role: 'viewer' })).toBe(409);
    expect(await api('PATCH', `/api/v1/users/${last.userId}`, session, { disabled: true })).toBe(409);
    expect(await api('PATCH', `/api/v1/users/${last.userId}`, session, { bogus: 1 })).toBe(400);
  });
});

describe('a session that expires', () => {
  it('takes its sockets with it', async () => {
    const clock = { now: Date.now() };
    const timed = await startTestApp({ now: () => clock.now });
    try {
      const { cookie } = await timed.signIn('viewer');
      const socket: TestSocket = await new Promise((resolve, reject) => {
        const client: TestSocket = connectClient(timed.url, {
          transports: ['websocket'],
          forceNew: true,
          reconnection: false,
          extraHeaders: { cookie },
        });
        sockets.push(client);
        client.once('connect', () => resolve(client));
        client.once('connect_error', reject);
      });
      expect(await timed.subscribe(socket, { topic: INTERNAL })).toMatchObject({ ok: true });
      clock.now += SESSION_TTL_MS + 1;
      await waitFor(() => socket.disconnected, 'the expired session’s socket is disconnected');
    } finally {
      await timed.dispose();
    }
  });
});
