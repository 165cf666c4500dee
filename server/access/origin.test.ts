/**
 * Socket handshakes from another origin are refused on both transports, even with a valid
 * session cookie; our own origin, configured ones and clients that send no Origin get in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { originAllowed } from './origin';
import { startTestApp, testConfig, type TestApp } from '../test-support/test-app';

describe('originAllowed', () => {
  it('takes our own origin, configured ones and none; nothing else', () => {
    expect(originAllowed(undefined, 'ioc.local:8080', [])).toBe(true);
    expect(originAllowed('http://ioc.local:8080', 'ioc.local:8080', [])).toBe(true);
    expect(originAllowed('https://IOC.local:8080', 'ioc.local:8080', [])).toBe(true);
    expect(originAllowed('http://ioc.local:8081', 'ioc.local:8080', [])).toBe(false);
    expect(originAllowed('http://evil.example', 'ioc.local:8080', [])).toBe(false);
    expect(originAllowed('null', 'ioc.local:8080', [])).toBe(false);
    expect(originAllowed('http://portal.langson.gov.vn', 'ioc.local:8080', ['http://portal.langson.gov.vn'])).toBe(
      true,
    );
    expect(originAllowed('file://x', 'ioc.local:8080', ['file://x'])).toBe(false);
  });
});

describe('socket handshakes by origin', () => {
  let app: TestApp;
  let cookie: string;
  beforeAll(async () => {
    const config = testConfig();
    config.app.security.allowedOrigins = ['http://portal.example'];
    app = await startTestApp({ config });
    cookie = (await app.signIn('operator')).cookie;
  });
  afterAll(async () => {
    await app.dispose();
  });

  const host = () => new URL(app.url).host;

  /** The first request of a polling session: engine.io's handshake. */
  const poll = (origin: string | null) =>
    fetch(`${app.url}/socket.io/?EIO=4&transport=polling`, { headers: { cookie, ...(origin ? { origin } : {}) } });

  /** A WebSocket handshake (the upgrade request), answered 101 or refused. */
  const websocket = (origin: string | null): Promise<number> =>
    new Promise((resolve, reject) => {
      import('node:http').then(({ request }) => {
        const req = request(`${app.url}/socket.io/?EIO=4&transport=websocket`, {
          headers: {
            cookie,
            connection: 'Upgrade',
            upgrade: 'websocket',
            'sec-websocket-version': '13',
            'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
            ...(origin ? { origin } : {}),
          },
        });
        req.on('upgrade', (response, socket) => {
          socket.destroy();
          resolve(response.statusCode ?? 0);
        });
        req.on('response', (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      }, reject);
    });

  it('refuses a foreign origin with a valid cookie, over polling and WebSocket', async () => {
    expect((await poll('http://evil.example')).status).toBe(403);
    expect(await websocket('http://evil.example')).not.toBe(101);
    expect((await poll(`http://${host().replace('127.0.0.1', 'localhost')}`)).status).toBe(403);
  });

  it('accepts our own origin, a configured one, and a client without Origin', async () => {
    for (const origin of [`http://${host()}`, 'http://portal.example', null]) {
      expect((await poll(origin)).status, String(origin)).toBe(200);
      expect(await websocket(origin), String(origin)).toBe(101);
    }
  });
});
