/**
 * What two server processes share on Redis besides topics: which screens are online (and their
 * heartbeats), commands to a screen on the other process with its answer, takeover
 * acknowledgements, thumbnails and rate-limit counters. Two Fastify apps in one test process, on
 * one PostgreSQL schema and one Redis key prefix of their own, real servers both (accounts,
 * sessions and screen tokens are shared on PostgreSQL: see `access/shared-accounts.test.ts`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { testConfig, type TestApp, type TestSocket } from '../test-support/test-app';
import { startTwoServers, type TwoServers } from '../test-support/two-servers';
import { waitUntil } from '../test-support/wait-until';
import type { CommandReply, ScreenCommand, ScreenStatus, TakeoverStatus } from '../protocol/index';

const systems: TwoServers[] = [];
const beats: NodeJS.Timeout[] = [];
afterEach(async () => {
  for (const beat of beats.splice(0)) clearInterval(beat);
  for (const system of systems.splice(0)) await system.close();
}, 60_000);
// Two apps, PostgreSQL and Redis on a loaded two-core machine: generous, the waits are conditions.
const SLOW = { timeout: 90_000 };

async function twoServers(anonymousReadsPerMinute = 100_000) {
  const config = testConfig();
  config.app.security.anonymousReadsPerMinute = anonymousReadsPerMinute;
  const system = await startTwoServers({ config });
  systems.push(system);
  return system;
}

type Headers = Record<string, string>;
async function operatorOf(app: TestApp): Promise<Headers> {
  const { cookie, csrfToken } = await app.signIn('operator');
  return { cookie, 'x-csrf-token': csrfToken };
}

async function call(app: TestApp, method: 'GET' | 'POST', path: string, headers: Headers = {}, body?: unknown) {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = response.headers.get('content-type') ?? '';
  const json = type.includes('json') ? ((await response.json()) as Record<string, unknown>) : {};
  return { status: response.status, body: json, headers: response.headers };
}

/** The ops screen, connected to `app` with a token of that process. */
async function opsScreenOn(app: TestApp): Promise<TestSocket> {
  const { token } = await app.ioc.security.createScreenToken('ops', { actor: 'test' });
  return app.connect({ screenToken: token });
}

function obey(socket: TestSocket, answer: (command: ScreenCommand) => CommandReply = () => ({ ok: true })) {
  const seen: ScreenCommand[] = [];
  socket.on('screen:command', (command, ack) => {
    seen.push(command);
    ack(answer(command));
  });
  return seen;
}

/**
 * The screen beats as the display's agent does (every 5 s): a screen silent for 15 s is offline,
 * and on a loaded machine a test can outlast that, so a single beat would make "online" untrue.
 */
function heartbeat(socket: TestSocket, fps: number): void {
  const beat = () => socket.emit('screen:heartbeat', { screenId: 'ops', dashboard: 'ops', fps, memoryMb: 80 } as never);
  beat();
  beats.push(setInterval(beat, 5000));
}

async function opsStatus(app: TestApp, headers: Headers): Promise<ScreenStatus | undefined> {
  const { body } = await call(app, 'GET', '/api/v1/screen-status', headers);
  return (body.screens as ScreenStatus[] | undefined)?.find((screen) => screen.id === 'ops');
}

/** The ops screen on B, beating and obeying, once A's operator sees it online. */
async function screenOnBSeenByA(a: TestApp, b: TestApp) {
  const screen = await opsScreenOn(b);
  heartbeat(screen, 60);
  const seen = obey(screen);
  const operator = await operatorOf(a);
  // Presence crosses through Redis within a publish (~0.1 s): A's console must know the screen first.
  await waitUntil(async () => (await opsStatus(a, operator))?.online === true, 'A sees the screen on B online');
  return { screen, seen, operator };
}

describe('screens shared by two servers on Redis', () => {
  it('a screen connected to B shows online on A’s console, with its heartbeat', SLOW, async () => {
    const { a, b } = await twoServers();
    const operator = await operatorOf(a);
    expect((await opsStatus(a, operator))?.online).toBe(false);

    const screen = await opsScreenOn(b);
    heartbeat(screen, 57);
    let status: ScreenStatus | undefined;
    await waitUntil(async () => {
      status = await opsStatus(a, operator);
      return status?.heartbeat?.fps === 57;
    }, 'A’s console sees the heartbeat of the screen on B');
    expect(status).toMatchObject({ online: true, connections: 1, heartbeat: { screenId: 'ops', memoryMb: 80 } });
    expect(status?.since).toBeGreaterThan(0);
  });

  it(
    'A’s identify reaches the screen on B and its answer comes back; so does its takeover acknowledgement',
    SLOW,
    async () => {
      const { a, b } = await twoServers();
      const { screen, seen, operator } = await screenOnBSeenByA(a, b);

      const identify = await call(a, 'POST', '/api/v1/screen-commands', operator, {
        targets: { screens: ['ops'] },
        command: { kind: 'identify' },
      });
      expect(identify.status).toBe(200);
      expect(identify.body.outcomes).toEqual([expect.objectContaining({ screenId: 'ops', status: 'acked' })]);
      expect(seen).toEqual([expect.objectContaining({ kind: 'identify', number: 1 })]);

      // A screen says what it cannot do: B's screen's own refusal comes back to A, not a timeout.
      screen.off('screen:command');
      obey(screen, () => ({ ok: false, message: { vi: 'Đang che bởi thông báo khẩn', en: 'Covered by a takeover' } }));
      const refused = await call(a, 'POST', '/api/v1/screen-commands', operator, {
        targets: { screens: ['ops'] },
        command: { kind: 'reload' },
      });
      expect(refused.body.outcomes).toEqual([
        expect.objectContaining({
          screenId: 'ops',
          status: 'refused',
          message: { vi: 'Đang che bởi thông báo khẩn', en: 'Covered by a takeover' },
        }),
      ]);

      // The takeover started on A reaches the screen on B, which says it is visible: A's console knows.
      const arrived: string[] = [];
      screen.on('topic:delta', (message) => {
        const upsert = (message.delta as { upsert?: Array<{ id: string }> }).upsert;
        if (message.topic === 'alerts.takeovers' && upsert?.[0]) arrived.push(upsert[0].id);
      });
      await b.subscribe(screen, { topic: 'alerts.takeovers' });
      const created = await call(a, 'POST', '/api/v1/takeovers', operator, {
        text: { vi: 'Sơ tán bờ sông Kỳ Cùng', en: 'Leave the Kỳ Cùng riverbank' },
        targets: { screens: ['ops'] },
        durationMinutes: 30,
      });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      await waitUntil(() => arrived.includes(id), 'the takeover reaches the screen on B');
      screen.emit('screen:takeover-ack', { takeoverId: id, shownAt: Date.now(), visible: true });
      let listed: TakeoverStatus | undefined;
      await waitUntil(async () => {
        const { body } = await call(a, 'GET', '/api/v1/takeovers', operator);
        listed = (body.takeovers as TakeoverStatus[]).find((status) => status.takeover.id === id);
        return !!listed?.screens[0]?.ack && listed.screens[0].online;
      }, 'A lists the acknowledgement of the screen on B');
      expect(listed?.screens).toEqual([
        { screenId: 'ops', online: true, ack: expect.objectContaining({ screenId: 'ops', visible: true }) },
      ]);

      // Then covered (a person can no longer read it): A says so too, never the earlier "visible".
      const covered = { vi: 'bị che bởi cửa sổ khác', en: 'covered by another window' };
      screen.emit('screen:takeover-ack', { takeoverId: id, shownAt: Date.now(), visible: false, reason: covered });
      await waitUntil(async () => {
        const { body } = await call(a, 'GET', '/api/v1/takeovers', operator);
        const ack = (body.takeovers as TakeoverStatus[]).find((status) => status.takeover.id === id)?.screens[0]?.ack;
        return ack?.visible === false && ack.reason.en === covered.en;
      }, 'A lists the screen’s word that the takeover is not visible');
    },
  );

  it(
    'an operator’s dim through A is on B’s console, and B puts it back when the screen reconnects there',
    SLOW,
    async () => {
      const { a, b } = await twoServers();
      const { screen: first, operator } = await screenOnBSeenByA(a, b);
      const dim = await call(a, 'POST', '/api/v1/screen-commands', operator, {
        targets: { screens: ['ops'] },
        command: { kind: 'dim' },
      });
      expect(dim.body.outcomes).toEqual([expect.objectContaining({ screenId: 'ops', status: 'acked' })]);

      // B's console says what A's operator did: the mode and the last command with its answer.
      const onB = await operatorOf(b);
      let status: ScreenStatus | undefined;
      await waitUntil(async () => {
        status = await opsStatus(b, onB);
        return status?.mode === 'dim';
      }, 'B’s console shows the screen dimmed');
      expect(status?.lastCommand).toMatchObject({ kind: 'dim', outcome: { status: 'acked' } });

      // The panel reboots and comes back through B, bright: B dims it again, as A would have.
      first.disconnect();
      const again = await opsScreenOn(b);
      const orders = obey(again);
      heartbeat(again, 60);
      await waitUntil(() => orders.some((command) => command.kind === 'dim'), 'B puts the operator’s dim back');
    },
  );

  it('a thumbnail a console took through B is served by A', SLOW, async () => {
    const { a, b } = await twoServers();
    const screen = await opsScreenOn(b);
    const image = `data:image/jpeg;base64,${Buffer.from('a small jpeg from B').toString('base64')}`;
    obey(screen, (command) => (command.kind === 'thumbnail' ? { ok: true, image } : { ok: true }));
    const taken = await call(b, 'POST', '/api/v1/screen-commands', await operatorOf(b), {
      targets: { screens: ['ops'] },
      command: { kind: 'thumbnail' },
    });
    expect(taken.body.outcomes).toEqual([expect.objectContaining({ status: 'acked' })]);

    const operator = await operatorOf(a);
    const served = await fetch(`${a.url}/api/v1/screens/ops/thumbnail`, { headers: operator });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await served.arrayBuffer()).toString()).toBe('a small jpeg from B');
    const status = await opsStatus(a, operator);
    expect(status?.thumbnailAt).toBe(Number(served.headers.get('x-taken-at')));
  });

  it('counts one address’s requests on A and B together against its rate limit', SLOW, async () => {
    const { a, b } = await twoServers(4);
    const statuses: number[] = [];
    for (const app of [a, b, a, b]) statuses.push((await call(app, 'GET', '/api/v1/topics')).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
    const fifth = await call(b, 'GET', '/api/v1/topics');
    expect(fifth.status).toBe(429);
    expect(Number(fifth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await call(a, 'GET', '/api/v1/topics')).status).toBe(429);
  });

  it('when B closes, its screens go offline on A', SLOW, async () => {
    const { a, b } = await twoServers();
    const operator = await operatorOf(a);
    const screen = await opsScreenOn(b);
    heartbeat(screen, 30);
    await waitUntil(async () => (await opsStatus(a, operator))?.online === true, 'A sees the screen on B online');

    await b.close();
    let status: ScreenStatus | undefined;
    await waitUntil(async () => {
      status = await opsStatus(a, operator);
      return status?.online === false;
    }, 'A sees the screen offline once B is gone');
    expect(status).toMatchObject({ connections: 0, heartbeat: { fps: 30 } });
  });

  it('answers 503 with Retry-After, not 500, when Redis does not answer a console’s read', SLOW, async () => {
    const { b } = await twoServers();
    const operator = await operatorOf(b);
    expect((await call(b, 'GET', '/api/v1/screen-status', operator)).status).toBe(200);
    b.ioc.app.redis!.destroy();
    for (const path of ['/api/v1/screen-status', '/api/v1/takeovers', '/api/v1/screens/ops/thumbnail']) {
      const answer = await call(b, 'GET', path, operator);
      expect(answer.status, path).toBe(503);
      expect(Number(answer.headers.get('retry-after')), path).toBeGreaterThan(0);
    }
  });
});
