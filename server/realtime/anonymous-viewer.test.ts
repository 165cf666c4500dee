/**
 * A screen is its token: a connection that only claims a screen id (`auth: {screenId}`) is an
 * anonymous viewer. It reads public topics and nothing else — no presence, no heartbeat, no
 * takeover acknowledgement, no commands or thumbnail — so the console never shows a panel online
 * on somebody's word. The same panel with its token is the panel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-support/test-app';
import { screenRoom } from './screen-control';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.dispose();
});

const panelStatus = async () => (await app.ioc.screenControl.update()).screens.find((screen) => screen.id === 'panel')!;

describe('a claimed screen id without a token', () => {
  it('is an anonymous viewer: public topics only, and nothing a screen may do', async () => {
    const impostor = await app.connect({ screenId: 'panel' });
    expect(await app.subscribe(impostor, { topic: 'ticker.items' })).toMatchObject({ ok: true });
    expect(await app.subscribe(impostor, { topic: 'reports.recent' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    expect(app.ioc.io.sockets.adapter.rooms.get(screenRoom('panel'))?.has(impostor.id!) ?? false).toBe(false);
    expect([...app.ioc.gateway.screens.values()].some((presence) => presence.socketId === impostor.id)).toBe(false);
    impostor.emit('screen:heartbeat', {
      screenId: 'panel',
      dashboard: 'public',
      fps: 60,
      memoryMb: 12,
      lastMessageAgeMs: 5,
      latencyMs: 3,
    } as never);
    // A round trip after the heartbeat: had it counted, the book would have it by now.
    await app.subscribe(impostor, { topic: 'ticker.items' });
    expect(await panelStatus()).toMatchObject({ online: false, connections: 0, heartbeat: null });
    const thumbnail = await app.ioc.screenControl.send(
      ['panel'],
      (_screen, id) => ({ id, kind: 'thumbnail', width: 320 }),
      2000,
    );
    expect(thumbnail).toEqual([expect.objectContaining({ screenId: 'panel', status: 'offline' })]);
  });

  it('the panel with its token is the panel', async () => {
    const { token } = await app.ioc.security.createScreenToken('panel', { actor: 'test' });
    const panel = await app.connect({ screenToken: token });
    panel.emit('screen:heartbeat', {
      screenId: 'panel',
      dashboard: 'public',
      fps: 60,
      memoryMb: 12,
      lastMessageAgeMs: 5,
      latencyMs: 3,
    } as never);
    await app.subscribe(panel, { topic: 'ticker.items' });
    expect(app.ioc.io.sockets.adapter.rooms.get(screenRoom('panel'))?.has(panel.id!)).toBe(true);
    expect(await panelStatus()).toMatchObject({ online: true, connections: 1 });
  });
});
