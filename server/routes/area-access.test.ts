/**
 * An area's access, said once, holds for each of its routes and for nothing outside its area
 * (route plugins are encapsulated): refused before the body is read, CSRF asked of changes only,
 * and the same rule in the OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-support/test-app';
import { SERVER_TIME_HEADER } from '../protocol/server-time';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.dispose();
});

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${app.url}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('areaAccess', () => {
  it('refuses nobody and the wrong role before the body is read (a bad body is not even looked at)', async () => {
    expect((await post('/api/v1/keys', { nonsense: true })).status).toBe(401);
    const operator = await app.signIn('operator');
    expect(
      (await post('/api/v1/keys', { nonsense: true }, { cookie: operator.cookie, 'x-csrf-token': operator.csrfToken }))
        .status,
    ).toBe(403);
  });

  it('asks a change for the CSRF header, a read not', async () => {
    const admin = await app.signIn('admin');
    const noCsrf = await post('/api/v1/keys', { name: 'x', scopes: ['kpi'] }, { cookie: admin.cookie });
    expect(noCsrf.status).toBe(403);
    expect(((await noCsrf.json()) as { field: string }).field).toBe('x-csrf-token');
    expect((await fetch(`${app.url}/api/v1/keys`, { headers: { cookie: admin.cookie } })).status).toBe(200);
  });

  it('stays inside its area: public routes and other areas answer as before', async () => {
    expect((await fetch(`${app.url}/api/v1/topics`)).status).toBe(200);
    expect((await fetch(`${app.url}/api/v1/health`)).status).toBe(200);
    const leader = await app.signIn('leader');
    // A leader may not use the console (screens list) but reads internal dashboards' setups.
    expect((await fetch(`${app.url}/api/v1/screens`, { headers: { cookie: leader.cookie } })).status).toBe(403);
    expect((await fetch(`${app.url}/api/v1/screens/ops/setup`, { headers: { cookie: leader.cookie } })).status).toBe(
      200,
    );
  });

  it('documents each route with the rule it checks', async () => {
    const document = (await (await fetch(`${app.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { security: unknown; description?: string }>>;
    };
    expect(document.paths['/api/v1/users']!.post!.security).toEqual([{ sessionCookie: [], csrfToken: [] }]);
    expect(document.paths['/api/v1/users']!.get!.security).toEqual([{ sessionCookie: [] }]);
    expect(document.paths['/api/v1/users']!.get!.description).toContain('users.manage');
    expect(document.paths['/api/v1/auth/me']!.get!.description).toContain('signed-in person');
  });
});

describe("the setups' server clock", () => {
  it('is on both setups and on no other answer', async () => {
    const before = Date.now();
    for (const url of ['/api/v1/screens/panel/setup', '/api/v1/dashboards/public/setup']) {
      const response = await fetch(`${app.url}${url}`);
      expect(response.status).toBe(200);
      expect(Number(response.headers.get(SERVER_TIME_HEADER))).toBeGreaterThanOrEqual(before);
    }
    expect((await fetch(`${app.url}/api/v1/topics`)).headers.get(SERVER_TIME_HEADER)).toBeNull();
    expect((await fetch(`${app.url}/api/v1/dashboards`)).headers.get(SERVER_TIME_HEADER)).toBeNull();
  });
});
