/**
 * Hostile and broken input thrown at the ingest route and the socket events: each gets a clear
 * 4xx (or a refusal) naming the problem, stores nothing, and leaves the server serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startTestApp, type TestApp } from '../test-support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.dispose();
});

const report = (data: Record<string, unknown> = {}) => ({
  domain: 'reports',
  kind: 'report.created',
  data: {
    reportId: `h-${Math.random()}`,
    category: 'waste',
    title: 'Rác tồn đọng',
    description: 'Mô tả',
    lat: 21.85,
    lon: 106.76,
    ...data,
  },
});

async function postRaw(body: string, contentType = 'application/json') {
  const response = await fetch(`${app.url}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${app.apiKey}` },
    body,
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: checked below
  }
  return { status: response.status, body: json, text };
}

async function stillServing() {
  expect((await fetch(`${app.url}/api/v1/health`)).status).toBe(200);
}

describe('hostile input on POST /api/v1/events', () => {
  it.each([
    ['truncated JSON', '{"domain": "reports", "kind": '],
    ['not JSON at all', 'hello'],
    ['a JSON string', '"report"'],
    ['a JSON number', '42'],
    ['null', 'null'],
    ['an empty array', '[]'],
    ['trailing garbage', '{"domain":"reports"}}}'],
  ])('%s → 400 naming the body or events', async (_label, body) => {
    const before = app.ioc.store.count();
    const response = await postRaw(body);
    expect(response.status).toBe(400);
    expect(String(response.body.field)).toMatch(/^(body|events)/);
    expect(app.ioc.store.count()).toBe(before);
  });

  it('refuses a wrong content type with 415', async () => {
    expect((await postRaw(JSON.stringify(report()), 'text/plain')).status).toBe(415);
  });

  it.each([
    ['a wrong type', { lat: 'north' }, 'events[0].data.lat'],
    ['a missing field', { title: undefined }, 'events[0].data.title'],
    ['a huge string', { description: 'x'.repeat(100_000) }, 'events[0].data.description'],
    ['a latitude out of range', { lat: 91 }, 'events[0].data.lat'],
    ['a longitude out of range', { lon: -181 }, 'events[0].data.lon'],
    ['NaN smuggled as a string', { lat: 'NaN' }, 'events[0].data.lat'],
    ['a NUL character', { title: 'Rác\u0000thải' }, 'events[0].data.title'],
    ['a right-to-left override', { title: 'Rác \u202Etải' }, 'events[0].data.title'],
    ['an unknown field', { secret: 1 }, 'events[0].data.secret'],
    ['a nested unknown field', { reporter: { name: 'A', ssn: '1' } }, 'events[0].data.reporter.ssn'],
  ])('%s → 400 naming the field', async (_label, data, field) => {
    const before = app.ioc.store.count();
    const response = await postRaw(JSON.stringify(report(data)));
    expect(response.status).toBe(400);
    expect(response.body.field).toBe(field);
    expect(String(response.body.message)).toContain(field);
    expect(app.ioc.store.count()).toBe(before);
  });

  it('refuses prototype-pollution keys and pollutes nothing', async () => {
    for (const body of [
      '{"domain":"reports","kind":"report.created","data":{"__proto__":{"polluted":true}}}',
      '{"domain":"reports","kind":"report.created","data":{"constructor":{"prototype":{"polluted":true}}}}',
      '[{"__proto__":{"admin":true},"domain":"reports","kind":"report.created","data":{}}]',
    ]) {
      const response = await postRaw(body);
      expect(response.status).toBe(400);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    await stillServing();
  });

  it('refuses deep nesting with a 400, not a crash', async () => {
    const deep = '['.repeat(50_000) + ']'.repeat(50_000);
    const response = await postRaw(`{"domain":"reports","kind":"report.created","data":{"title":${deep}}}`);
    expect(response.status).toBe(400);
    await stillServing();
  });

  it('accepts Vietnamese combining marks, and stores SQL and HTML as plain text', async () => {
    const sql = "'); DROP TABLE events; --";
    const html = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const combining = 'Đường Lê Lợi bị ngập: nước ngập sâu'.normalize('NFD');
    const posted = report({ title: sql, description: `${html} ${combining}` });
    const response = await postRaw(JSON.stringify(posted));
    expect(response.status).toBe(200);
    const stored = (await app.ioc.store.readAfter(0, 1_000_000)).at(-1)!;
    expect(stored.data).toMatchObject({ title: sql, description: `${html} ${combining}` });
    expect(app.ioc.store.count()).toBeGreaterThan(0); // the table is still there
  });

  it('acknowledges replayed idempotency keys without storing twice', async () => {
    const event = { ...report(), id: 'replay-1' };
    await postRaw(JSON.stringify(event));
    const before = app.ioc.store.count();
    for (let i = 0; i < 5; i++)
      expect((await postRaw(JSON.stringify(event))).body).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(app.ioc.store.count()).toBe(before);
  });

  it('refuses dates out of range', async () => {
    for (const time of ['1970-01-01T00:00:00Z', '2999-12-31T00:00:00Z', 'yesterday', -5]) {
      const response = await postRaw(JSON.stringify({ ...report(), time }));
      expect(response.status, String(time)).toBe(400);
      expect(response.body.field).toBe('events[0].time');
    }
  });

  it('never answers 5xx to random input, and stores nothing it refuses (property)', async () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    const field = fc.oneof(
      json,
      fc.string(),
      fc.double(),
      fc.constantFrom(null, '<script>', "' OR 1=1 --", '\u202E', '__proto__'),
    );
    const event = fc.record(
      {
        domain: fc.oneof(fc.constantFrom('reports', 'kpi', 'traffic', 'announcements'), fc.string()),
        kind: fc.oneof(
          fc.constantFrom('report.created', 'kpi.value', 'traffic.incident', 'announcement.published'),
          fc.string(),
        ),
        id: fc.string(),
        time: field,
        data: fc.dictionary(
          fc.constantFrom('reportId', 'title', 'lat', 'lon', 'code', 'value', 'text', 'priority', 'x'),
          field,
        ),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(event, fc.array(event, { maxLength: 5 }), json), async (body) => {
        const before = app.ioc.store.count();
        const response = await postRaw(JSON.stringify(body));
        expect([200, 400, 403, 413]).toContain(response.status);
        if (response.status !== 200) {
          expect(app.ioc.store.count()).toBe(before);
          expect(typeof response.body.message).toBe('string');
        }
      }),
      { numRuns: 300 },
    );
    await stillServing();
  });
});

describe('hostile input on the socket', () => {
  it('answers garbage subscriptions with errors and keeps the connection', async () => {
    const socket = await app.connect();
    const garbage: unknown[] = [
      null,
      42,
      'reports.summary',
      [],
      { topic: 42 },
      { topic: 'x'.repeat(10_000) },
      { topic: '__proto__' },
      { topic: 'ticker.items', sinceSeq: 'NaN' },
      { topic: 'ticker.items', sinceSeq: 1e300 },
      { topic: 'ticker.items', epoch: { $gt: '' } },
    ];
    for (const request of garbage) {
      const answer = (await socket.timeout(2000).emitWithAck('topic:subscribe', request as never)) as { ok: boolean };
      expect(answer.ok, JSON.stringify(request).slice(0, 60)).toBe(request === garbage.at(-1));
    }
    // Events without an acknowledgement callback, unknown events and garbage heartbeats are ignored.
    socket.emit('topic:subscribe', { topic: 'ticker.items' } as never, undefined as never);
    (socket as unknown as { emit: (event: string, ...args: unknown[]) => void }).emit('no:such:event', { a: 1 });
    socket.emit('screen:heartbeat', { screenId: '<script>', fps: 'fast', memoryMb: {} } as never);
    socket.emit('topic:unsubscribe', null as never);
    expect(await app.subscribe(socket, { topic: 'ticker.items' })).toMatchObject({ ok: true });
    expect(socket.connected).toBe(true);
    await stillServing();
  });
});
