import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-support/test-app';

let plain: TestApp;
let proxied: TestApp;
beforeAll(async () => {
  [plain, proxied] = await Promise.all([startTestApp(), startTestApp({ trustProxy: '127.0.0.1' })]);
});
afterAll(async () => {
  await Promise.all([plain?.dispose(), proxied?.dispose()]);
});

const POLLING_HANDSHAKE = '/socket.io/?EIO=4&transport=polling';

function upgradeHeaders(
  app: TestApp,
  headers: Record<string, string> = {},
): Promise<Record<string, string | string[] | undefined>> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${app.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, { headers });
    ws.once('upgrade', (response) => {
      resolve(response.headers);
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

describe('security headers on every route', () => {
  it('sends Permissions-Policy on API answers, unknown routes and Socket.IO (polling and WebSocket)', async () => {
    for (const url of ['/api/v1/health', '/no/such/route', POLLING_HANDSHAKE]) {
      const response = await fetch(`${plain.url}${url}`);
      expect(response.headers.get('permissions-policy'), url).toMatch(/camera=\(\).*geolocation=\(\)/);
    }
    const socketAnswer = await fetch(`${plain.url}${POLLING_HANDSHAKE}`);
    expect(socketAnswer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(socketAnswer.headers.get('cache-control')).toBe('no-store');
    const upgrade = await upgradeHeaders(plain);
    expect(upgrade['permissions-policy']).toMatch(/camera=\(\)/);
    expect(upgrade['x-content-type-options']).toBe('nosniff');
  });

  it('marks API answers no-store (they may carry internal data or a session)', async () => {
    expect((await fetch(`${plain.url}/api/v1/health`)).headers.get('cache-control')).toBe('no-store');
    const login = await fetch(`${plain.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'x', password: 'y' }),
    });
    expect(login.headers.get('cache-control')).toBe('no-store');
    const { cookie } = await plain.signIn('viewer');
    expect(
      (await fetch(`${plain.url}/api/v1/topics/reports.summary`, { headers: { cookie } })).headers.get('cache-control'),
    ).toBe('no-store');
  });

  it('sends HSTS only behind a trusted TLS proxy, for requests that came over HTTPS', async () => {
    const https = { 'x-forwarded-proto': 'https' };
    expect(
      (await fetch(`${proxied.url}/api/v1/health`, { headers: https })).headers.get('strict-transport-security'),
    ).toMatch(/max-age=\d{7,}/);
    expect((await fetch(`${proxied.url}/api/v1/health`)).headers.get('strict-transport-security')).toBeNull();
    // Without IOC_TRUST_PROXY anyone could send the header: no promise on plain HTTP.
    expect(
      (await fetch(`${plain.url}/api/v1/health`, { headers: https })).headers.get('strict-transport-security'),
    ).toBeNull();
    expect(
      (await fetch(`${proxied.url}${POLLING_HANDSHAKE}`, { headers: https })).headers.get('strict-transport-security'),
    ).toMatch(/max-age=/);
    expect((await upgradeHeaders(proxied, https))['strict-transport-security']).toMatch(/max-age=/);
    expect((await upgradeHeaders(plain, https))['strict-transport-security']).toBeUndefined();
  });
});
