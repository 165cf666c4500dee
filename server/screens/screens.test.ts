/**
 * Screens over HTTP and Socket.IO against the real app: pairing a browser with a code (and each
 * way a code is refused), operators changing what a screen shows and the screen following live,
 * tiles of a wall changing together, and paired screens surviving a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectSocket } from 'socket.io-client';
import type { Dashboard } from '../../config/schema/dashboard';
import type { Screen } from '../../config/schema/screen';
import type { LoadedConfig } from '../config/load-config';
import type { ScreenSetup, Welcome } from '../protocol/index';
import { startTestApp, testConfig, type TestApp, type TestSocket } from '../test-support/test-app';
import { CODE_TTL_MS, MAX_FAILURES } from './pairing';
import { SERVER_TIME_HEADER } from '../protocol/server-time';

const reportsDashboard: Dashboard = {
  version: 1,
  id: 'reports-ops',
  audience: 'internal',
  title: { vi: 'Phản ánh', en: 'Reports' },
  grid: { columns: 1, rows: 1 },
  widgets: [
    {
      id: 'open',
      type: 'kpi-tile',
      area: { column: 1, row: 1, columns: 1, rows: 1 },
      options: { topic: 'reports.summary', field: 'open' },
    },
  ],
};
const tile = (id: string, column: number): Screen => ({
  version: 1,
  id,
  name: { vi: id, en: id },
  profile: 'wall',
  groups: ['ioc-room'],
  resolution: [1920, 1080],
  audience: 'internal',
  dashboard: 'ops',
  tile: { wall: 'room', column, row: 1 },
});

/** The test config plus a playlist, a second internal dashboard and a wall of two tiles. */
function screensConfig(): LoadedConfig {
  const config = testConfig();
  config.dashboards.set('reports-ops', reportsDashboard);
  config.playlists.set('rotation', {
    version: 1,
    id: 'rotation',
    name: { vi: 'Luân phiên', en: 'Rotation' },
    transition: 'fade',
    transitionMs: 800,
    items: [
      { dashboard: 'ops', duration: 30 },
      { dashboard: 'reports-ops', duration: 30 },
    ],
  });
  config.dashboards.set('spotlight', {
    ...reportsDashboard,
    id: 'spotlight',
    title: { vi: 'Chỉ tiêu {{nameVi}}', en: 'Indicator {{nameEn}}' },
  });
  config.playlists.set('indicators', {
    version: 1,
    id: 'indicators',
    name: { vi: 'Chỉ tiêu', en: 'Indicators' },
    transition: 'fade',
    transitionMs: 800,
    items: [{ dashboard: 'spotlight', duration: 30, variables: { nameVi: 'GRDP', nameEn: 'GRDP' } }],
  });
  config.walls.set('room', {
    version: 1,
    id: 'room',
    name: { vi: 'Tường', en: 'Wall' },
    columns: 2,
    rows: 1,
    tileSize: [1920, 1080],
    bezel: { x: 0, y: 0 },
  });
  config.screens.set('room-1', tile('room-1', 1));
  config.screens.set('room-2', tile('room-2', 2));
  return config;
}

let app: TestApp;
const clock = { offset: 0 };
let operator: { cookie: string; csrfToken: string };

beforeAll(async () => {
  app = await startTestApp({ config: screensConfig(), now: () => Date.now() + clock.offset });
  operator = await app.signIn('operator');
});
afterAll(async () => {
  await app?.dispose();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  return { status: response.status, body: json };
}

const asOperator = (method: string, path: string, body?: unknown) =>
  call(method, path, body, { cookie: operator.cookie, 'x-csrf-token': operator.csrfToken });

async function newCode(): Promise<{ code: string; ticket: string }> {
  const { status, body } = await call('POST', '/api/v1/pairing');
  expect(status).toBe(201);
  return body as { code: string; ticket: string };
}

/** A screen's socket whose listeners are in place before it connects (the setup comes at once). */
function screenSocket(token: string): Promise<{ socket: TestSocket; welcome: Welcome; setups: ScreenSetup[] }> {
  const socket: TestSocket = connectSocket(app.url, {
    transports: ['websocket'],
    auth: { screenToken: token },
    reconnection: false,
    forceNew: true,
    autoConnect: false,
  });
  const setups: ScreenSetup[] = [];
  socket.on('screen:setup', (setup) => setups.push(setup));
  return new Promise((resolve, reject) => {
    socket.once('session:welcome', (welcome) => resolve({ socket, welcome, setups }));
    socket.once('connect_error', reject);
    socket.connect();
  });
}

async function until<T>(read: () => T | undefined, what: string, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const auditActions = async () =>
  (await app.ioc.security.auditLog(500)).map((entry) => `${entry.action} ${entry.target ?? ''}`.trim());

describe('pairing a new screen', () => {
  it('goes from a code on the screen to a token the screen alone receives, once', async () => {
    const { code, ticket } = await newCode();
    expect(code).toMatch(/^[ACDEFHJKMNPRTUVWXY3479]{6}$/);
    expect((await call('POST', '/api/v1/pairing/status', { ticket })).body).toMatchObject({ state: 'waiting', code });

    const claim = await asOperator('POST', '/api/v1/pairing/claim', {
      code: code.toLowerCase(),
      screenId: 'phong-hop-2',
      screen: {
        name: { vi: 'Phòng họp tầng 2', en: 'Meeting room, 2nd floor' },
        profile: '1080p',
        audience: 'internal',
        dashboard: 'ops',
        groups: ['phong-hop'],
      },
    });
    expect(claim.status, JSON.stringify(claim.body)).toBe(201);
    expect(claim.body).toMatchObject({
      screenId: 'phong-hop-2',
      source: 'paired',
      screen: { profile: '1080p', resolution: [1920, 1080], groups: ['phong-hop'] },
    });

    const paired = await call('POST', '/api/v1/pairing/status', { ticket });
    expect(paired.body).toMatchObject({ state: 'paired', screenId: 'phong-hop-2', url: '/wall/phong-hop-2' });
    const token = paired.body.token as string;
    expect(token).toMatch(/^iocs_/);
    // Handed over once: a second look (anybody who saw the ticket later) gets nothing.
    expect((await call('POST', '/api/v1/pairing/status', { ticket })).status).toBe(404);

    // The token is a read-only screen token scoped to that screen.
    expect(
      (await call('GET', '/api/v1/screens/phong-hop-2/setup', undefined, { authorization: `Bearer ${token}` })).status,
    ).toBe(200);
    expect(
      (await call('GET', '/api/v1/screens/ops/setup', undefined, { authorization: `Bearer ${token}` })).status,
    ).toBe(403);
    expect((await call('GET', '/api/v1/keys', undefined, { authorization: `Bearer ${token}` })).status).toBe(403);
    const { socket, welcome, setups } = await screenSocket(token);
    expect(welcome).toMatchObject({ audience: 'internal', screenId: 'phong-hop-2' });
    await until(() => setups[0], 'the setup');
    expect(setups[0]).toMatchObject({
      screen: { id: 'phong-hop-2' },
      dashboard: { id: 'ops' },
      playlist: null,
      wall: null,
    });
    expect(await app.subscribe(socket, { topic: 'kpi.values' })).toMatchObject({ ok: true });
    expect(await app.subscribe(socket, { topic: 'reports.summary' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    socket.disconnect();

    const listing = await call('GET', '/api/v1/screens', undefined, { cookie: operator.cookie });
    expect(
      (listing.body.screens as Array<{ id: string; source: string }>).find((screen) => screen.id === 'phong-hop-2')
        ?.source,
    ).toBe('paired');
    expect(await auditActions()).toEqual(
      expect.arrayContaining(['screen.pair-code', 'screen.pair phong-hop-2', 'screen-token.create phong-hop-2']),
    );
  });

  it('pairs another browser to an existing screen (a replaced PC) without describing it again', async () => {
    const { code, ticket } = await newCode();
    expect((await asOperator('POST', '/api/v1/pairing/claim', { code, screenId: 'ops' })).status).toBe(201);
    const status = await call('POST', '/api/v1/pairing/status', { ticket });
    expect(status.body).toMatchObject({ state: 'paired', screenId: 'ops' });
  });
});

describe('pairing refusals', () => {
  it('needs an operator with the CSRF token', async () => {
    const { code } = await newCode();
    const body = { code, screenId: 'ops' };
    expect((await call('POST', '/api/v1/pairing/claim', body)).status).toBe(401);
    const viewer = await app.signIn('viewer');
    expect(
      (await call('POST', '/api/v1/pairing/claim', body, { cookie: viewer.cookie, 'x-csrf-token': viewer.csrfToken }))
        .status,
    ).toBe(403);
    expect((await call('POST', '/api/v1/pairing/claim', body, { cookie: operator.cookie })).status).toBe(403);
    // None of those spent the code.
    expect((await asOperator('POST', '/api/v1/pairing/claim', body)).status).toBe(201);
  });

  it('refuses an unknown code, a used code and an expired code, each audited', async () => {
    const unknown = await asOperator('POST', '/api/v1/pairing/claim', { code: 'AAAAAA', screenId: 'ops' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ field: 'code', messageVi: expect.stringContaining('mã') });

    const { code } = await newCode();
    expect((await asOperator('POST', '/api/v1/pairing/claim', { code, screenId: 'ops' })).status).toBe(201);
    const used = await asOperator('POST', '/api/v1/pairing/claim', { code, screenId: 'ops' });
    expect(used.status).toBe(409);
    expect(used.body.message).toMatch(/already been used/);

    const late = await newCode();
    clock.offset += CODE_TTL_MS;
    try {
      const expired = await asOperator('POST', '/api/v1/pairing/claim', { code: late.code, screenId: 'ops' });
      expect(expired.status).toBe(410);
      expect((await call('POST', '/api/v1/pairing/status', { ticket: late.ticket })).status).toBe(410);
    } finally {
      clock.offset = 0;
    }
    const failures = (await app.ioc.security.auditLog(500))
      .filter((entry) => entry.action === 'screen.pair-failed')
      .map((entry) => entry.detail?.reason);
    expect(failures).toEqual(expect.arrayContaining(['unknown', 'used', 'expired']));
  });

  it('refuses descriptions that break the screen rules, naming the field, and keeps the code usable', async () => {
    const { code } = await newCode();
    const attempts: Array<[unknown, number, string]> = [
      [{ profile: 'led', audience: 'public', dashboard: 'ops', resolution: [384, 192] }, 400, 'screen.dashboard'],
      [{ profile: '1080p', audience: 'internal', playlist: 'nope' }, 400, 'screen.playlist'],
      [{ profile: '1080p', audience: 'internal', dashboard: 'ops', playlist: 'rotation' }, 400, 'screen.playlist'],
      [{ profile: '1080p', audience: 'internal' }, 400, 'screen.dashboard'],
      [{ profile: 'led', audience: 'public', dashboard: 'public' }, 400, 'screen.resolution'],
      [{ profile: 'plasma', audience: 'public', dashboard: 'public' }, 400, 'body.screen.profile'],
      [
        { profile: 'wall', audience: 'internal', dashboard: 'ops', tile: { wall: 'room', column: 1, row: 1 } },
        400,
        'screen.tile',
      ],
      [
        { profile: 'wall', audience: 'internal', dashboard: 'ops', tile: { wall: 'room', column: 3, row: 1 } },
        400,
        'screen.tile',
      ],
    ];
    for (const [screen, status, field] of attempts) {
      const answer = await asOperator('POST', '/api/v1/pairing/claim', { code, screenId: 'new-screen', screen });
      expect({ screen, status: answer.status, field: answer.body.field }).toEqual({ screen, status, field });
    }
    expect((await asOperator('POST', '/api/v1/pairing/claim', { code, screenId: 'brand-new' })).body).toMatchObject({
      field: 'screen',
    });
    expect(
      (
        await asOperator('POST', '/api/v1/pairing/claim', {
          code,
          screenId: 'ops',
          screen: { profile: 'wall', audience: 'internal', dashboard: 'ops' },
        })
      ).status,
    ).toBe(409);
    expect((await asOperator('POST', '/api/v1/pairing/claim', { code, screenId: 'Bad Id' })).status).toBe(400);
    const ok = await asOperator('POST', '/api/v1/pairing/claim', {
      code,
      screenId: 'led-cho',
      screen: { profile: 'led', audience: 'public', dashboard: 'public', resolution: [384, 192] },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });

  it('stops guessing after a few wrong codes, even with the right one', async () => {
    // An app of its own: the wrong codes of this test must not hold back the others.
    const fresh = await startTestApp({ config: screensConfig() });
    try {
      const guesser = await fresh.signIn('operator');
      const guess = (code: string) =>
        fetch(`${fresh.url}/api/v1/pairing/claim`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: guesser.cookie, 'x-csrf-token': guesser.csrfToken },
          body: JSON.stringify({ code, screenId: 'ops' }),
        });
      const { code } = (await (await fetch(`${fresh.url}/api/v1/pairing`, { method: 'POST' })).json()) as {
        code: string;
      };
      for (let i = 0; i < MAX_FAILURES; i++) expect((await guess(`WRONG${i}`)).status).toBe(404);
      const refused = await guess(code);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.json()).toMatchObject({ field: 'code' });
      expect((await fresh.ioc.security.auditLog()).map((entry) => entry.action)).toContain('screen.pair-refused');
    } finally {
      await fresh.dispose();
    }
  });

  it('limits how fast one address asks for codes', async () => {
    const config = screensConfig();
    config.app.security.pairingCodesPerMinute = 3;
    const strict = await startTestApp({ config });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await fetch(`${strict.url}/api/v1/pairing`, { method: 'POST' })).status);
      expect(statuses).toEqual([201, 201, 201, 429]);
    } finally {
      await strict.dispose();
    }
  });

  it('refuses a ticket nobody was given', async () => {
    expect((await call('POST', '/api/v1/pairing/status', { ticket: 'iocp_made-up-ticket-value' })).status).toBe(404);
    expect((await call('POST', '/api/v1/pairing/status', {})).status).toBe(400);
  });
});

describe('operators changing what a screen shows', () => {
  it('moves a screen to a playlist: it gets the new setup live and may read the new topics only', async () => {
    const { token } = await app.ioc.security.createScreenToken('ops', { actor: 'test' });
    const { socket, setups } = await screenSocket(token);
    await until(() => setups[0], 'the first setup');
    expect(await app.subscribe(socket, { topic: 'reports.summary' })).toMatchObject({ ok: false });

    const changed = await asOperator('PATCH', '/api/v1/screens/ops', { playlist: 'rotation', groups: ['ioc-room'] });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({
      changed: ['ops'],
      source: 'edited',
      screen: { playlist: 'rotation', groups: ['ioc-room'] },
    });
    expect((changed.body.screen as Screen).dashboard).toBeUndefined();

    const live = await until(() => setups[1], 'the new setup');
    expect(live.playlist?.id).toBe('rotation');
    expect(Object.keys(live.dashboards).sort()).toEqual(['ops', 'reports-ops']);
    expect(await app.subscribe(socket, { topic: 'reports.summary' })).toMatchObject({ ok: true });
    expect(await auditActions()).toContain('screen.assign ops');

    const deltas: string[] = [];
    socket.on('topic:delta', (message) => deltas.push(message.topic));
    const report = (id: string) =>
      app.post({
        domain: 'reports',
        kind: 'report.created',
        data: { reportId: id, category: 'waste', title: 'Rác', description: '', lat: 21.85, lon: 106.76 },
      });
    await report('sync-1');
    await until(() => (deltas.includes('reports.summary') ? true : undefined), 'a reports.summary delta');

    // Back to one dashboard: the playlist's topics close again on the same socket, at once.
    expect((await asOperator('PATCH', '/api/v1/screens/ops', { dashboard: 'ops' })).status).toBe(200);
    await until(() => setups[2], 'the third setup');
    expect(await app.subscribe(socket, { topic: 'reports.summary' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    deltas.length = 0;
    await report('sync-2');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(deltas).not.toContain('reports.summary');
    socket.disconnect();

    // Undoing the changes of a config screen returns it to its file; one without changes has nothing to undo.
    expect((await asOperator('DELETE', '/api/v1/screens/ops')).body).toMatchObject({ ok: true, removed: false });
    expect((await asOperator('DELETE', '/api/v1/screens/ops')).status).toBe(409);
  });

  it('changes every tile of a wall together (they are one picture)', async () => {
    const answer = await asOperator('PATCH', '/api/v1/screens/room-2', { playlist: 'rotation' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect((answer.body.changed as string[]).sort()).toEqual(['room-1', 'room-2']);
    const before = Date.now();
    const response = await fetch(`${app.url}/api/v1/screens/room-1/setup`, { headers: { cookie: operator.cookie } });
    const setup = { body: (await response.json()) as Record<string, unknown> };
    expect(setup.body).toMatchObject({
      playlist: { id: 'rotation' },
      wall: { id: 'room', columns: 2 },
      screen: { tile: { column: 1 } },
    });
    // The server's clock comes with the setup: a tile starts on the right item before its socket connects.
    const serverTime = Number(response.headers.get(SERVER_TIME_HEADER));
    expect(serverTime).toBeGreaterThanOrEqual(before);
    expect(serverTime).toBeLessThanOrEqual(Date.now());
    // A profile is each tile's own; only what they show is shared.
    expect((await asOperator('PATCH', '/api/v1/screens/room-2', { groups: ['x'] })).body.changed).toEqual(['room-2']);
  });

  it('refuses changes that break the rules, or from the wrong person', async () => {
    expect((await asOperator('PATCH', '/api/v1/screens/nope', { dashboard: 'ops' })).status).toBe(404);
    const internal = await asOperator('PATCH', '/api/v1/screens/panel', { dashboard: 'ops' });
    expect(internal.status).toBe(400);
    expect(internal.body.message).toMatch(/public screen cannot show the internal dashboard/);
    expect((await asOperator('PATCH', '/api/v1/screens/ops', { dashboard: 'ops', playlist: 'rotation' })).status).toBe(
      400,
    );
    expect((await asOperator('PATCH', '/api/v1/screens/ops', {})).status).toBe(400);
    expect((await asOperator('PATCH', '/api/v1/screens/ops', { profile: 'hologram' })).body).toMatchObject({
      field: 'body.profile',
    });
    expect((await asOperator('PATCH', '/api/v1/screens/room-1', { profile: '4k' })).body).toMatchObject({
      field: 'body.profile',
    });
    const leader = await app.signIn('leader');
    expect(
      (
        await call(
          'PATCH',
          '/api/v1/screens/ops',
          { dashboard: 'ops' },
          { cookie: leader.cookie, 'x-csrf-token': leader.csrfToken },
        )
      ).status,
    ).toBe(403);
    expect((await call('PATCH', '/api/v1/screens/ops', { dashboard: 'ops' })).status).toBe(401);
  });

  it('removes a paired screen with its tokens, and disconnects it', async () => {
    const { code, ticket } = await newCode();
    await asOperator('POST', '/api/v1/pairing/claim', {
      code,
      screenId: 'tam-thoi',
      screen: { profile: '4k', audience: 'internal', dashboard: 'ops' },
    });
    const token = (await call('POST', '/api/v1/pairing/status', { ticket })).body.token as string;
    const { socket } = await screenSocket(token);
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    expect((await asOperator('DELETE', '/api/v1/screens/tam-thoi')).body).toMatchObject({ ok: true, removed: true });
    expect(await gone).toBe('io server disconnect');
    clock.offset += 6000; // past the verified-token cache
    try {
      expect(
        (await call('GET', '/api/v1/screens/tam-thoi/setup', undefined, { authorization: `Bearer ${token}` })).status,
      ).toBe(404);
      expect(app.ioc.security.screenOfToken(token)).toBeNull();
    } finally {
      clock.offset = 0;
    }
    expect(await auditActions()).toContain('screen.remove tam-thoi');
  });
});

describe('a dashboard opened on its own', () => {
  it('fills the variables it reads from the first playlist item that shows it', async () => {
    const leader = await app.signIn('leader');
    const view = await call('GET', '/api/v1/dashboards/spotlight/setup', undefined, { cookie: leader.cookie });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      dashboard: { id: 'spotlight', title: { vi: 'Chỉ tiêu GRDP', en: 'Indicator GRDP' } },
      playlist: null,
    });
  });

  it('is listed for the console without raw placeholders: a variable reads as "…"', async () => {
    const leader = await app.signIn('leader');
    const list = await call('GET', '/api/v1/dashboards', undefined, { cookie: leader.cookie });
    const spotlight = (
      list.body as { dashboards: Array<{ id: string; title: { vi: string; en: string } }> }
    ).dashboards.find((dashboard) => dashboard.id === 'spotlight');
    expect(spotlight?.title).toEqual({ vi: 'Chỉ tiêu …', en: 'Indicator …' });
  });
});

describe('after a restart', () => {
  it('keeps paired screens, their tokens and operators’ changes', async () => {
    const dataDir = app.dataDir;
    const { code, ticket } = await newCode();
    await asOperator('POST', '/api/v1/pairing/claim', {
      code,
      screenId: 'ben-lai',
      screen: { profile: 'briefing', audience: 'internal', playlist: 'rotation' },
    });
    const token = (await call('POST', '/api/v1/pairing/status', { ticket })).body.token as string;
    await asOperator('PATCH', '/api/v1/screens/panel', { groups: ['cong-cong'] });
    await app.close();

    app = await startTestApp({ config: screensConfig(), dataDir, now: () => Date.now() + clock.offset });
    const setup = await call('GET', '/api/v1/screens/ben-lai/setup', undefined, { authorization: `Bearer ${token}` });
    expect(setup.status).toBe(200);
    expect(setup.body).toMatchObject({ screen: { id: 'ben-lai', profile: 'briefing' }, playlist: { id: 'rotation' } });
    expect(app.ioc.screens.get('panel')?.groups).toEqual(['cong-cong']);
    expect(app.ioc.config().screens.has('ben-lai')).toBe(true);
  });
});
