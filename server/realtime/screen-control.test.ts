/**
 * Screen control through a real server and real Socket.IO clients: who may watch and command the
 * screens, heartbeats reaching the console, commands and their acknowledgements, thumbnails, and
 * emergency takeovers from the console and from a feed, with each screen's acknowledgement.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSocket } from '../test-support/test-app';
import type {
  CommandReply,
  ScreenCommand,
  ScreensUpdate,
  TakeoverStatus,
  TopicDeltaMessage,
  WatchAnswer,
} from '../protocol/index';
import type { TakeoverItem } from '../protocol/topics';

let app: TestApp;
let opsToken: string;
/** Public screens prove who they are with a token too. */
let panelToken: string;
beforeAll(async () => {
  app = await startTestApp();
  opsToken = (await app.ioc.security.createScreenToken('ops', { actor: 'test' })).token;
  panelToken = (await app.ioc.security.createScreenToken('panel', { actor: 'test' })).token;
});
afterAll(async () => {
  await app.dispose();
});

/** Every test's sockets close after it, so that screens start each test offline. */
const opened: TestSocket[] = [];
const connect = async (as?: Parameters<TestApp['connect']>[0]): Promise<TestSocket> => {
  const socket = await app.connect(as);
  opened.push(socket);
  return socket;
};
afterEach(async () => {
  opened.splice(0).forEach((socket) => socket.disconnect());
  await new Promise((resolve) => setTimeout(resolve, 50));
});

type Headers = Record<string, string>;
const asRole = async (role: Parameters<TestApp['signIn']>[0]): Promise<Headers> => {
  const { cookie, csrfToken } = await app.signIn(role);
  return { cookie, 'x-csrf-token': csrfToken };
};

async function call(method: 'GET' | 'POST' | 'DELETE', path: string, headers: Headers, body?: unknown) {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // an image
  }
  return { status: response.status, body: json, headers: response.headers, text };
}

const watch = (socket: TestSocket): Promise<WatchAnswer> => socket.timeout(3000).emitWithAck('console:watch');

/** Answers commands as a screen would; records them. */
function obey(
  socket: TestSocket,
  answer: (command: ScreenCommand) => CommandReply | null = () => ({ ok: true }),
): ScreenCommand[] {
  const seen: ScreenCommand[] = [];
  socket.on('screen:command', (command, ack) => {
    seen.push(command);
    const reply = answer(command);
    if (reply) ack(reply);
  });
  return seen;
}

function nextUpdate(
  socket: TestSocket,
  predicate: (update: ScreensUpdate) => boolean,
  timeoutMs = 3000,
): Promise<ScreensUpdate> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching console:screens update')), timeoutMs);
    const listener = (update: ScreensUpdate) => {
      if (!predicate(update)) return;
      clearTimeout(timer);
      socket.off('console:screens', listener);
      resolve(update);
    };
    socket.on('console:screens', listener);
  });
}

function nextDelta(socket: TestSocket, topic: string, timeoutMs = 2000): Promise<TopicDeltaMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no delta of ${topic}`)), timeoutMs);
    const listener = (message: TopicDeltaMessage) => {
      if (message.topic !== topic) return;
      clearTimeout(timer);
      socket.off('topic:delta', listener);
      resolve(message);
    };
    socket.on('topic:delta', listener);
  });
}

describe('who may watch and command screens', () => {
  it('only operators and admins watch the screens over the socket', async () => {
    for (const role of ['viewer', 'leader', 'entry'] as const) {
      expect(await watch(await connect({ role })), role).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await watch(await connect({ screenToken: opsToken }))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await watch(await connect({ screenToken: panelToken }))).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await watch(await connect())).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    for (const role of ['operator', 'admin'] as const) {
      const answer = await watch(await connect({ role }));
      expect(answer.ok, role).toBe(true);
      if (answer.ok)
        expect(answer.update.screens.map((screen) => [screen.id, screen.number, screen.groups])).toEqual([
          ['ops', 1, ['wall', 'internal']],
          ['panel', 2, ['led', 'public']],
        ]);
    }
  });

  it('a refused socket never receives the statuses, even when they change', async () => {
    const spy = await connect({ screenToken: opsToken });
    const viewer = await connect({ role: 'viewer' });
    await watch(spy);
    await watch(viewer);
    const leaks: unknown[] = [];
    spy.on('console:screens', (update) => leaks.push(update));
    viewer.on('console:screens', (update) => leaks.push(update));
    const operator = await connect({ role: 'operator' });
    await watch(operator);
    const screen = await connect({ screenToken: panelToken });
    screen.emit('screen:heartbeat', {
      screenId: 'panel',
      dashboard: 'public',
      fps: 60,
      memoryMb: 12,
      lastMessageAgeMs: 5,
      latencyMs: 3,
    } as never);
    await nextUpdate(operator, (update) => update.screens.some((s) => s.id === 'panel' && s.heartbeat?.fps === 60));
    expect(leaks).toEqual([]);
  });

  it('refuses the REST routes to viewers, leaders, screen tokens and nobody', async () => {
    const routes: Array<['GET' | 'POST' | 'DELETE', string, unknown?]> = [
      ['GET', '/api/v1/screen-status'],
      ['GET', '/api/v1/takeovers'],
      ['GET', '/api/v1/screens/ops/thumbnail'],
      ['POST', '/api/v1/screen-commands', { targets: { all: true }, command: { kind: 'reload' } }],
      ['POST', '/api/v1/takeovers', { text: { vi: 'Thử', en: 'Test' }, durationMinutes: 5 }],
      ['DELETE', '/api/v1/takeovers/x'],
    ];
    const who: Array<[string, Headers, number]> = [
      ['viewer', await asRole('viewer'), 403],
      ['leader', await asRole('leader'), 403],
      ['screen token', { authorization: `Bearer ${opsToken}` }, 403],
      ['feed key', { authorization: `Bearer ${app.apiKey}` }, 403],
      ['nobody', {}, 401],
    ];
    for (const [name, headers, expected] of who) {
      for (const [method, path, body] of routes)
        expect((await call(method, path, headers, body)).status, `${name} ${method} ${path}`).toBe(expected);
    }
    expect(
      (await app.ioc.security.auditLog()).some(
        (entry) => entry.action.startsWith('screen.') || entry.action.startsWith('takeover.'),
      ),
    ).toBe(false);
  });

  it('wants the CSRF token for commands and takeovers', async () => {
    const { cookie } = await app.signIn('operator');
    expect(
      (
        await call(
          'POST',
          '/api/v1/screen-commands',
          { cookie },
          { targets: { all: true }, command: { kind: 'reload' } },
        )
      ).status,
    ).toBe(403);
    expect(
      (await call('POST', '/api/v1/takeovers', { cookie }, { text: { vi: 'Thử', en: 'Test' }, durationMinutes: 5 }))
        .status,
    ).toBe(403);
  });
});

describe('heartbeats and commands', () => {
  it('shows a screen online with its heartbeat figures, and offline when it goes', async () => {
    const operator = await connect({ role: 'operator' });
    await watch(operator);
    const screen = await connect({ screenToken: opsToken });
    await nextUpdate(operator, (update) => update.screens.some((s) => s.id === 'ops' && s.online));
    screen.emit('screen:heartbeat', {
      screenId: 'panel',
      dashboard: 'ops',
      playlistItem: null,
      fps: 58,
      memoryMb: 91,
      lastMessageAgeMs: 800,
      latencyMs: 7,
      latencyMaxMs: 19,
      version: 'index-abc',
      uptimeMs: 120_000,
      mode: 'normal',
      care: { mode: 'blank', brightness: 0, until: '05:00' },
      takeover: null,
    });
    const update = await nextUpdate(operator, (u) => u.screens.some((s) => s.id === 'ops' && s.heartbeat?.fps === 58));
    expect(update.screens.find((s) => s.id === 'ops')).toMatchObject({
      online: true,
      connections: 1,
      heartbeat: {
        screenId: 'ops',
        dashboard: 'ops',
        fps: 58,
        memoryMb: 91,
        lastMessageAgeMs: 800,
        latencyMs: 7,
        latencyMaxMs: 19,
        version: 'index-abc',
        uptimeMs: 120_000,
        care: { mode: 'blank', brightness: 0, until: '05:00' },
      },
    });
    const health = await call('GET', '/api/v1/health', await asRole('operator'));
    expect(health.body.screens).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ screenId: 'ops', heartbeat: expect.objectContaining({ latencyMs: 7 }) }),
      ]),
    );
    screen.disconnect();
    const gone = await nextUpdate(operator, (u) => u.screens.some((s) => s.id === 'ops' && !s.online));
    expect(gone.screens.find((s) => s.id === 'ops')?.since).toBeGreaterThan(0);
  });

  it('sends identify to one screen and reports its acknowledgement, audited', async () => {
    const screen = await connect({ screenToken: opsToken });
    const seen = obey(screen);
    const operator = await asRole('operator');
    const result = await call('POST', '/api/v1/screen-commands', operator, {
      targets: { screens: ['ops'] },
      command: { kind: 'identify' },
    });
    expect(result.status).toBe(200);
    expect(result.body.outcomes).toEqual([expect.objectContaining({ screenId: 'ops', status: 'acked' })]);
    expect(seen).toEqual([
      expect.objectContaining({ kind: 'identify', number: 1, label: { vi: 'ops', en: 'ops' }, durationMs: 10_000 }),
    ]);
    const entry = (await app.ioc.security.auditLog()).find((e) => e.action === 'screen.identify');
    expect(entry).toMatchObject({
      target: JSON.stringify({ screens: ['ops'], groups: [] }),
      detail: { outcomes: { ops: 'acked' } },
    });
    expect(entry?.actor).toMatch(/^user:operator-/);
    screen.disconnect();
  });

  it('sends to a group and to all; an offline screen, a refusal and a public screen asked for an internal dashboard are told apart', async () => {
    const panel = await connect({ screenToken: panelToken });
    obey(panel, (command) =>
      command.kind === 'next'
        ? { ok: false, message: { vi: 'Màn hình chưa có danh sách phát', en: 'No playlist on this screen' } }
        : { ok: true },
    );
    const operator = await asRole('admin');
    const group = await call('POST', '/api/v1/screen-commands', operator, {
      targets: { groups: ['led'] },
      command: { kind: 'dim' },
    });
    expect(group.body.outcomes).toEqual([expect.objectContaining({ screenId: 'panel', status: 'acked' })]);
    const all = await call('POST', '/api/v1/screen-commands', operator, {
      targets: { all: true },
      command: { kind: 'next' },
    });
    expect(all.body.outcomes).toEqual([
      expect.objectContaining({ screenId: 'ops', status: 'offline' }),
      expect.objectContaining({
        screenId: 'panel',
        status: 'refused',
        message: { vi: 'Màn hình chưa có danh sách phát', en: 'No playlist on this screen' },
      }),
    ]);
    const internal = await call('POST', '/api/v1/screen-commands', operator, {
      targets: { all: true },
      command: { kind: 'switch-dashboard', dashboard: 'ops' },
    });
    expect(internal.body.outcomes).toEqual(
      expect.arrayContaining([expect.objectContaining({ screenId: 'panel', status: 'refused' })]),
    );
    await call('POST', '/api/v1/screen-commands', operator, { targets: { all: true }, command: { kind: 'wake' } });
    panel.disconnect();
  });

  it('refuses unclear targets and unknown screens, groups and dashboards, naming the field', async () => {
    const operator = await asRole('operator');
    const post = (body: unknown) => call('POST', '/api/v1/screen-commands', operator, body);
    expect((await post({ targets: {}, command: { kind: 'reload' } })).body).toMatchObject({
      statusCode: 400,
      field: 'targets',
    });
    expect((await post({ targets: { screens: ['ops', 'nope'] }, command: { kind: 'reload' } })).body).toMatchObject({
      field: 'targets.screens[1]',
    });
    expect((await post({ targets: { groups: ['briefing'] }, command: { kind: 'reload' } })).body).toMatchObject({
      field: 'targets.groups[0]',
    });
    expect((await post({ targets: { all: true, screens: ['ops'] }, command: { kind: 'reload' } })).body).toMatchObject({
      field: 'targets.all',
    });
    expect(
      (await post({ targets: { all: true }, command: { kind: 'switch-dashboard', dashboard: 'nope' } })).body,
    ).toMatchObject({ field: 'command.dashboard' });
    expect((await post({ targets: { all: true }, command: { kind: 'self-destruct' } })).status).toBe(400);
  });

  it('times out a screen that does not answer', async () => {
    const screen = await connect({ screenToken: opsToken });
    obey(screen, () => null);
    const outcomes = await app.ioc.screenControl.send(['ops'], (_screen, id) => ({ id, kind: 'reload' }), 200);
    expect(outcomes).toEqual([expect.objectContaining({ screenId: 'ops', status: 'timeout' })]);
    screen.disconnect();
  });

  it('keeps a screen blanked across a reconnect', async () => {
    const first = await connect({ screenToken: opsToken });
    obey(first);
    const operator = await asRole('operator');
    await call('POST', '/api/v1/screen-commands', operator, {
      targets: { screens: ['ops'] },
      command: { kind: 'blank' },
    });
    first.disconnect();
    const again = await connect({ screenToken: opsToken });
    const restored = new Promise<ScreenCommand>((resolve) =>
      again.once('screen:command', (command, ack) => {
        ack({ ok: true });
        resolve(command);
      }),
    );
    // The rebooted screen says it shows its content normally: it is blanked again.
    again.emit('screen:heartbeat', { screenId: 'ops', fps: 60, mode: 'normal' } as never);
    expect((await restored).kind).toBe('blank');
    obey(again);
    await call('POST', '/api/v1/screen-commands', operator, {
      targets: { screens: ['ops'] },
      command: { kind: 'wake' },
    });
    again.disconnect();
  });

  it('keeps a thumbnail a screen sends, serves it to operators, and refuses what is no image', async () => {
    const jpeg =
      'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=';
    const screen = await connect({ screenToken: opsToken });
    let image = jpeg;
    obey(screen, (command) => (command.kind === 'thumbnail' ? { ok: true, image } : { ok: true }));
    const operator = await asRole('operator');
    const taken = await call('POST', '/api/v1/screen-commands', operator, {
      targets: { screens: ['ops'] },
      command: { kind: 'thumbnail' },
    });
    expect(taken.body.outcomes).toEqual([expect.objectContaining({ status: 'acked' })]);
    const served = await fetch(`${app.url}/api/v1/screens/ops/thumbnail`, { headers: operator });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await served.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    image = 'data:text/html;base64,PHNjcmlwdD4=';
    const bad = await call('POST', '/api/v1/screen-commands', operator, {
      targets: { screens: ['ops'] },
      command: { kind: 'thumbnail' },
    });
    expect(bad.body.outcomes).toEqual([expect.objectContaining({ status: 'refused' })]);
    expect((await app.ioc.security.auditLog()).some((entry) => entry.action === 'screen.thumbnail')).toBe(false);
    screen.disconnect();
  });
});

describe('emergency takeovers', () => {
  const takeoverIds = async (socket: TestSocket) => {
    const answer = await app.subscribe(socket, { topic: 'alerts.takeovers' });
    if (!answer.ok || answer.mode !== 'snapshot') throw new Error(JSON.stringify(answer));
    return (answer.snapshot.data as TakeoverItem[]).map((item) => item.id);
  };

  it('reaches the targeted screen at once on the alert lane, is acknowledged, and ends when cancelled', async () => {
    const ops = await connect({ screenToken: opsToken });
    const panel = await connect({ screenToken: panelToken });
    const operator = await connect({ role: 'operator' });
    await watch(operator);
    // The ops dashboard reads kpi.values only: the alert lane is open to every screen anyway.
    expect(await takeoverIds(ops)).toEqual([]);
    expect(await takeoverIds(panel)).toEqual([]);
    const arriving = nextDelta(ops, 'alerts.takeovers');
    const headers = await asRole('operator');
    const started = Date.now();
    const created = await call('POST', '/api/v1/takeovers', headers, {
      text: {
        vi: 'Cảnh báo lũ quét: sơ tán khỏi bờ sông Kỳ Cùng',
        en: 'Flash flood warning: leave the Kỳ Cùng riverbank',
      },
      severity: 'extreme',
      targets: { screens: ['ops'] },
      durationMinutes: 30,
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({
      severity: 'extreme',
      screens: ['ops'],
      targets: { screens: ['ops'], groups: [] },
    });
    const delta = await arriving;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(delta.delta).toMatchObject({
      upsert: [{ id, severity: 'extreme', targets: { screens: ['ops'], groups: [] } }],
    });

    const acked = nextUpdate(operator, (update) => (update.acks[id] ?? []).length > 0);
    ops.emit('screen:takeover-ack', { takeoverId: id, shownAt: Date.now(), visible: true });
    panel.emit('screen:takeover-ack', { takeoverId: id, shownAt: Date.now(), visible: true }); // not for it: ignored
    expect((await acked).acks[id]).toEqual([expect.objectContaining({ screenId: 'ops', visible: true })]);
    const listed = (await call('GET', '/api/v1/takeovers', headers)).body.takeovers as TakeoverStatus[];
    expect(listed.find((status) => status.takeover.id === id)?.screens).toEqual([
      { screenId: 'ops', online: true, ack: expect.objectContaining({ screenId: 'ops' }) },
    ]);

    // A screen that connects during the takeover gets it with its first snapshot.
    const late = await connect({ screenToken: opsToken });
    expect(await takeoverIds(late)).toEqual([id]);

    const leaving = nextDelta(ops, 'alerts.takeovers');
    expect((await call('DELETE', `/api/v1/takeovers/${id}`, headers)).status).toBe(200);
    expect((await leaving).delta).toEqual({ remove: [id] });
    expect((await call('DELETE', `/api/v1/takeovers/${id}`, headers)).status).toBe(404);
    const actions = (await app.ioc.security.auditLog())
      .filter((entry) => entry.target === id)
      .map((entry) => entry.action);
    expect(actions.sort()).toEqual(['takeover.cancel', 'takeover.start']);
    ops.disconnect();
    panel.disconnect();
    late.disconnect();
  });

  it('takes over from a feed’s emergency announcement too: all screens unless it names targets', async () => {
    const panel = await connect({ screenToken: panelToken });
    await takeoverIds(panel);
    const arriving = nextDelta(panel, 'alerts.takeovers');
    const posted = await app.post({
      domain: 'announcements',
      kind: 'announcement.published',
      data: {
        announcementId: 'feed-storm',
        text: { vi: 'Bão số 3 đổ bộ', en: 'Typhoon 3 makes landfall' },
        priority: 'emergency',
        targets: { groups: ['led'] },
      },
    });
    expect(posted.status).toBe(200);
    expect((await arriving).delta).toMatchObject({
      upsert: [{ id: 'feed-storm', severity: 'severe', targets: { groups: ['led'] } }],
    });
    const status = (await app.ioc.screenControl.takeoverStatuses()).find((s) => s.takeover.id === 'feed-storm');
    expect(status?.screens.map((s) => s.screenId)).toEqual(['panel']);
    await app.post({ domain: 'announcements', kind: 'announcement.withdrawn', data: { announcementId: 'feed-storm' } });
    await app.post({
      domain: 'announcements',
      kind: 'announcement.published',
      data: { announcementId: 'feed-all', text: { vi: 'Diễn tập', en: 'Drill' }, priority: 'emergency' },
    });
    expect(
      (await app.ioc.screenControl.takeoverStatuses())
        .find((s) => s.takeover.id === 'feed-all')
        ?.screens.map((s) => s.screenId),
    ).toEqual(['ops', 'panel']);
    await app.post({ domain: 'announcements', kind: 'announcement.withdrawn', data: { announcementId: 'feed-all' } });
    panel.disconnect();
  });

  it('refuses a takeover without an expiry, with unknown targets, or with a text that is too long, naming the field', async () => {
    const headers = await asRole('operator');
    const post = (body: Record<string, unknown>) =>
      call('POST', '/api/v1/takeovers', headers, { text: { vi: 'Thử', en: 'Test' }, ...body });
    expect((await post({})).body).toMatchObject({ statusCode: 400, field: 'durationMinutes' });
    expect((await post({ durationMinutes: 5, expiresAt: Date.now() + 60_000 })).body).toMatchObject({
      field: 'expiresAt',
    });
    expect((await post({ expiresAt: Date.now() - 1 })).body).toMatchObject({ field: 'expiresAt' });
    expect((await post({ durationMinutes: 5, targets: { groups: ['nowhere'] } })).body).toMatchObject({
      field: 'targets.groups[0]',
    });
    expect((await post({ durationMinutes: 5, severity: 'apocalyptic' })).status).toBe(400);
    const long = await call('POST', '/api/v1/takeovers', headers, {
      text: { vi: 'x'.repeat(501), en: 'y' },
      durationMinutes: 5,
    });
    expect(long.body).toMatchObject({ statusCode: 400 });
    expect(String(long.body.field)).toContain('text.vi');
    const control = await call('POST', '/api/v1/takeovers', headers, {
      text: { vi: 'a\u202eb', en: 'y' },
      durationMinutes: 5,
    });
    expect(control.body).toMatchObject({ statusCode: 400, field: 'text.vi' });
    expect(await app.ioc.screenControl.takeoverStatuses()).toEqual([]);
  });

  it('takes a takeover in Vietnamese alone: an emergency does not wait for its translation', async () => {
    const headers = await asRole('operator');
    for (const text of [{ vi: 'Sơ tán khu chợ' }, { vi: 'Sơ tán khu chợ', en: '  ' }]) {
      const created = await call('POST', '/api/v1/takeovers', headers, {
        text,
        durationMinutes: 5,
        targets: { screens: ['ops'] },
      });
      expect(created.status).toBe(201);
      const listed = (await app.ioc.screenControl.takeoverStatuses()).find(
        (status) => status.takeover.id === created.body.id,
      );
      expect(listed?.takeover.text).toEqual({ vi: 'Sơ tán khu chợ', en: 'Sơ tán khu chợ' });
      expect((await call('DELETE', `/api/v1/takeovers/${created.body.id as string}`, headers)).status).toBe(200);
    }
  });
});
