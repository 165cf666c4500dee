/**
 * The screens registry, screen tokens and pairing shared by two servers on one PostgreSQL schema
 * and one Redis (real servers both, a schema and a key prefix of this test's own): an operator's
 * change on A reaches a screen connected to B, a screen paired through A connects to B, a token
 * revoked on A cuts the screen off B, and wrong pairing codes count across A and B.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { io as connectSocket } from 'socket.io-client';
import type { ScreenSetup, Welcome } from '../protocol/index';
import type { TestApp, TestSocket } from '../test-support/test-app';
import { startTwoServers, type TwoServers } from '../test-support/two-servers';
import { waitUntil } from '../test-support/wait-until';
import { MAX_FAILURES } from './pairing';

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

async function call(app: TestApp, method: string, path: string, body?: unknown, session?: Session, bearer?: string) {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {}),
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: json };
}

/** A screen's socket on `app`, its listeners in place before it connects (the setup comes at once). */
function screenSocket(app: TestApp, token: string) {
  const socket: TestSocket = connectSocket(app.url, {
    transports: ['websocket'],
    auth: { screenToken: token },
    reconnection: false,
    forceNew: true,
    autoConnect: false,
  });
  const setups: ScreenSetup[] = [];
  let disconnected = false;
  socket.on('screen:setup', (setup) => setups.push(setup));
  socket.on('disconnect', () => (disconnected = true));
  return new Promise<{ socket: TestSocket; welcome: Welcome; setups: ScreenSetup[]; gone: () => boolean }>(
    (resolve, reject) => {
      socket.once('session:welcome', (welcome) => resolve({ socket, welcome, setups, gone: () => disconnected }));
      socket.once('connect_error', reject);
      socket.connect();
    },
  );
}

describe('the screens registry across two servers', () => {
  it('an operator’s change on A reaches the screen connected to B', SLOW, async () => {
    const { a, b } = await twoServers();
    const operator = await a.signIn('operator');
    const { token } = await a.ioc.security.createScreenToken('ops', { actor: 'test' });
    await waitUntil(() => b.ioc.security.screenOfToken(token) === 'ops', 'B knows the token made on A');
    const screen = await screenSocket(b, token);
    expect(screen.welcome).toMatchObject({ screenId: 'ops', audience: 'internal' });
    await waitUntil(() => screen.setups.length === 1, 'the screen’s first setup');

    const name = { vi: 'Phòng điều hành tầng 3', en: 'Operations room, 3rd floor' };
    const patch = await call(a, 'PATCH', '/api/v1/screens/ops', { name, groups: ['tang-3'] }, operator);
    expect(patch.status, JSON.stringify(patch.body)).toBe(200);

    await waitUntil(() => screen.setups.length === 2, 'the screen on B receives its new setup');
    expect(screen.setups[1]!.screen).toMatchObject({ id: 'ops', name, groups: ['tang-3'] });
    expect(b.ioc.screens.source('ops')).toBe('edited');
    expect(b.ioc.screens.get('ops')?.name).toEqual(name);
    screen.socket.disconnect();
  });

  it('a screen paired through A’s console, its code shown by B, connects with its token to B', SLOW, async () => {
    const { a, b } = await twoServers();
    const operator = await a.signIn('operator');
    const started = await call(b, 'POST', '/api/v1/pairing');
    expect(started.status).toBe(201);
    const { code, ticket } = started.body as { code: string; ticket: string };

    const claim = await call(
      a,
      'POST',
      '/api/v1/pairing/claim',
      { code, screenId: 'hop-tang-2', screen: { profile: '1080p', audience: 'internal', dashboard: 'ops' } },
      operator,
    );
    expect(claim.status, JSON.stringify(claim.body)).toBe(201);

    const paired = await call(b, 'POST', '/api/v1/pairing/status', { ticket });
    expect(paired.body).toMatchObject({ state: 'paired', screenId: 'hop-tang-2' });
    const token = paired.body.token as string;
    // Handed over once, whichever server is asked next.
    expect((await call(a, 'POST', '/api/v1/pairing/status', { ticket })).status).toBe(404);

    await waitUntil(
      () => b.ioc.security.screenOfToken(token) === 'hop-tang-2' && b.ioc.screens.source('hop-tang-2') === 'paired',
      'B knows the screen and the token A made',
    );
    const screen = await screenSocket(b, token);
    expect(screen.welcome).toMatchObject({ screenId: 'hop-tang-2', audience: 'internal' });
    await waitUntil(() => screen.setups.length === 1, 'the paired screen’s setup from B');
    expect(screen.setups[0]).toMatchObject({
      screen: { id: 'hop-tang-2', profile: '1080p' },
      dashboard: { id: 'ops' },
    });
    expect((await call(b, 'GET', '/api/v1/screens/hop-tang-2/setup', undefined, undefined, token)).status).toBe(200);
    screen.socket.disconnect();
  });

  it('a token revoked on A cuts its screen off B', SLOW, async () => {
    const { a, b } = await twoServers();
    const operator = await a.signIn('operator');
    const made = await call(a, 'POST', '/api/v1/screens/ops/tokens', undefined, operator);
    expect(made.status).toBe(201);
    const token = made.body.token as string;
    const tokenId = (made.body.screenToken as { id: number }).id;
    await waitUntil(() => b.ioc.security.screenOfToken(token) === 'ops', 'B knows the token made on A');
    const screen = await screenSocket(b, token);
    expect(screen.welcome).toMatchObject({ screenId: 'ops' });

    expect((await call(a, 'DELETE', `/api/v1/screen-tokens/${tokenId}`, undefined, operator)).status).toBe(200);
    await waitUntil(() => screen.gone(), 'the screen’s socket on B is cut off');
    expect(b.ioc.security.screenOfToken(token)).toBeNull();
    expect((await call(b, 'GET', '/api/v1/screens/ops/setup', undefined, undefined, token)).status).toBe(401);
  });

  it('wrong pairing codes count across A and B', SLOW, async () => {
    const { a, b } = await twoServers();
    const onA = await a.signIn('operator');
    const onB = await b.signIn('operator');
    const wrong = (app: TestApp, session: Session) =>
      call(app, 'POST', '/api/v1/pairing/claim', { code: 'AAAAAA', screenId: 'ops' }, session);
    // Half the allowance from this address through each server.
    for (let i = 0; i < MAX_FAILURES / 2; i++) {
      expect((await wrong(a, onA)).status).toBe(404);
      expect((await wrong(b, onB)).status).toBe(404);
    }
    const refused = await wrong(a, onA);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect((await wrong(b, onB)).status).toBe(429);
  });
});
