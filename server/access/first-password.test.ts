/**
 * A one-time password (the first admin's, or one an admin gave) must be changed before the account
 * does anything else: the server refuses the rest, naming the password change, on HTTP and sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectClient } from 'socket.io-client';
import { startTestApp, type TestApp, type TestSocket } from '../test-support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.dispose();
});

describe('a one-time password', () => {
  it('allows nothing but changing it, then everything the role allows', async () => {
    const { password } = await app.ioc.security.createUser({ username: 'moi-vao', role: 'admin' }, { actor: 'test' });
    const login = await fetch(`${app.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'moi-vao', password }),
    });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const send = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${app.url}${path}`, {
        method,
        headers: {
          cookie,
          'x-csrf-token': csrfToken,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const announcement = {
      domain: 'announcements',
      kind: 'announcement.published',
      data: { announcementId: 'fp-1', text: { vi: 'Thử', en: 'Try' }, priority: 'normal' },
    };

    const key = await send('POST', '/api/v1/keys', { name: 'x', scopes: ['kpi'] });
    expect(key.status).toBe(403);
    expect(key.body).toMatchObject({
      field: 'password',
      message: expect.stringContaining('one-time password'),
      messageVi: expect.stringContaining('mật khẩu'),
    });
    expect((await send('POST', '/api/v1/users', { username: 'ke-khac', role: 'admin' })).status).toBe(403);
    expect((await send('POST', '/api/v1/events', announcement)).status).toBe(403);
    expect((await send('GET', '/api/v1/audit')).status).toBe(403);
    expect((await send('GET', '/api/v1/auth/me')).status).toBe(200);

    const socket: TestSocket = await new Promise((resolve, reject) => {
      const client: TestSocket = connectClient(app.url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        extraHeaders: { cookie },
      });
      client.once('connect', () => resolve(client));
      client.once('connect_error', reject);
    });
    expect(await app.subscribe(socket, { topic: 'reports.recent' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    expect(
      (await send('POST', '/api/v1/auth/password', { current: password, next: 'mật khẩu mới đủ dài' })).status,
    ).toBe(200);
    // The public grant it had is re-checked: the socket is disconnected, to come back as what it now is.
    await new Promise<void>((resolve) =>
      socket.disconnected ? resolve() : socket.once('disconnect', () => resolve()),
    );
    expect((await send('POST', '/api/v1/keys', { name: 'x', scopes: ['kpi'] })).status).toBe(201);
    expect((await send('POST', '/api/v1/events', announcement)).status).toBe(200);
  });
});
