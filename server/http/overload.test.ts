import Fastify from 'fastify';
import underPressure from '@fastify/under-pressure';
import { afterEach, describe, expect, it } from 'vitest';
import { installErrorHandler } from './error-handler';
import { startTestApp, testConfig, type TestApp } from '../test-support/test-app';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function started(options: Parameters<typeof startTestApp>[0] = {}): Promise<TestApp> {
  const app = await startTestApp(options);
  cleanup.push(() => app.dispose());
  return app;
}

/** Polls until `check` holds (no fixed sleep: the deadline only bounds a failing test). */
async function until<T>(probe: () => Promise<T>, check: (value: T) => boolean, deadlineMs = 10_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

let n = 0;
const incident = () => {
  const id = `overload-${++n}`;
  return {
    domain: 'traffic',
    kind: 'traffic.incident',
    id,
    data: {
      incidentId: id,
      kind: 'congestion',
      severity: 'minor',
      lat: 21.85,
      lon: 106.76,
      place: 'Đường Bà Triệu',
      injuries: 0,
      deaths: 0,
    },
  };
};

describe('5xx statuses survive the error handler', () => {
  it("answers under-pressure's own refusal with 503 and Retry-After, not 500", async () => {
    const app = Fastify();
    cleanup.push(() => app.close());
    installErrorHandler(app);
    // The library's default path (no pressure handler): it throws its 503 error to the handler.
    await app.register(underPressure, { healthCheck: async () => false, healthCheckInterval: 60_000, retryAfter: 7 });
    app.get('/x', async () => ({ ok: true }));
    const response = await app.inject({ method: 'GET', url: '/x' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('7');
    expect(response.json()).toMatchObject({
      statusCode: 503,
      message: expect.stringMatching(/overloaded/),
      messageVi: expect.stringMatching(/quá tải/),
    });
  });

  it('keeps any 5xx status a thrown error carries, with Retry-After on 503', async () => {
    const app = Fastify();
    cleanup.push(() => app.close());
    installErrorHandler(app);
    app.get('/busy', async () => {
      throw Object.assign(new Error('busy'), { statusCode: 503 });
    });
    app.get('/gateway', async () => {
      throw Object.assign(new Error('upstream timed out'), { statusCode: 504 });
    });
    const busy = await app.inject({ method: 'GET', url: '/busy' });
    expect(busy.statusCode).toBe(503);
    expect(busy.headers['retry-after']).toBeDefined();
    expect((await app.inject({ method: 'GET', url: '/gateway' })).statusCode).toBe(504);
  });
});

describe('overload', () => {
  it('sheds anonymous reads with 503 + Retry-After in Vietnamese and English, and lets a feed with its key post', async () => {
    let loaded = false;
    const app = await started({ pressure: () => loaded });
    expect((await fetch(`${app.url}/api/v1/topics`)).status).toBe(200);
    loaded = true;
    const shed = await until(
      () => fetch(`${app.url}/api/v1/topics`),
      (response) => response.status !== 200,
    );
    expect(shed.status).toBe(503);
    expect(Number(shed.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await shed.json()).toMatchObject({
      statusCode: 503,
      message: expect.stringMatching(/overloaded/),
      messageVi: expect.stringMatching(/quá tải/),
    });
    // The feed's POST is worth more than a read: it still gets stored.
    const posted = await app.post(incident());
    expect(posted.status).toBe(200);
    expect(posted.body).toMatchObject({ accepted: 1 });
    // An anonymous write is shed like a read.
    const anonymous = await fetch(`${app.url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(incident()),
    });
    expect(anonymous.status).toBe(503);
  });

  it('rate limits anonymous reads per address with 429 + Retry-After, but not a signed-in person', async () => {
    const config = testConfig();
    config.app.security.anonymousReadsPerMinute = 3;
    const app = await started({ config });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await fetch(`${app.url}/open311/v2/requests.json?extensions=true`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await fetch(`${app.url}/api/v1/topics/reports.summary`);
    for (let i = 0; i < 3; i++) await fetch(`${app.url}/api/v1/topics/reports.summary`);
    const limited = await fetch(`${app.url}/api/v1/topics/reports.summary`);
    expect(refused.status).not.toBe(429);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({
      statusCode: 429,
      message: expect.stringMatching(/too many/),
      messageVi: expect.stringMatching(/quá nhiều/),
    });
    const { cookie } = await app.signIn('viewer');
    const statusesSignedIn: number[] = [];
    for (let i = 0; i < 5; i++)
      statusesSignedIn.push((await fetch(`${app.url}/api/v1/topics/reports.summary`, { headers: { cookie } })).status);
    expect(statusesSignedIn).toEqual([200, 200, 200, 200, 200]);
    // Health stays reachable for monitoring, however often it is asked.
    for (let i = 0; i < 5; i++) expect((await fetch(`${app.url}/api/v1/health`)).status).toBe(200);
  });

  it('computes the Open311 list once per query for a short while', async () => {
    let clock = Date.now();
    const app = await started({ now: () => clock });
    const first = await fetch(`${app.url}/open311/v2/requests.json?extensions=true`);
    const second = await fetch(`${app.url}/open311/v2/requests.json?extensions=true`);
    const otherQuery = await fetch(`${app.url}/open311/v2/requests.xml?extensions=true`);
    expect([
      first.headers.get('x-ioc-cache'),
      second.headers.get('x-ioc-cache'),
      otherQuery.headers.get('x-ioc-cache'),
    ]).toEqual(['miss', 'hit', 'miss']);
    expect(await second.text()).toBe(await first.text());
    expect(second.headers.get('content-type')).toMatch(/application\/json/);
    clock += 60_000;
    expect((await fetch(`${app.url}/open311/v2/requests.json?extensions=true`)).headers.get('x-ioc-cache')).toBe(
      'miss',
    );
  });

  it('refuses a large body on a route that takes small ones before reading it', async () => {
    const app = await started();
    const { cookie, csrfToken } = await app.signIn('viewer');
    const body = JSON.stringify({ current: 'x'.repeat(2 * 1024 * 1024), next: 'y' });
    const response = await fetch(`${app.url}/api/v1/auth/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body,
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ field: 'body', messageVi: expect.stringMatching(/giới hạn/) });
    // Ingest still takes its large batches.
    const batch = Array.from({ length: 3000 }, incident);
    expect(JSON.stringify(batch).length).toBeGreaterThan(256 * 1024);
    expect((await app.post(batch)).status).toBe(200);
  });
});
