import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-support/test-app';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

let n = 0;
const incident = () => {
  const id = `full-${++n}`;
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

describe('a store that cannot write', () => {
  it('answers ingest with 503 + Retry-After, keeps nothing of the failed write, and says degraded on /health until a write succeeds', async () => {
    const app: TestApp = await startTestApp();
    cleanup.push(() => app.dispose());
    expect((await app.post(incident())).status).toBe(200);
    const eventsBefore = app.ioc.store.count();
    const seqBefore = app.ioc.hub.snapshot('traffic.incidents').seq;

    // A full disk, as SQLite sees one: the file may not grow by a single page.
    const pages = app.ioc.db.pragma('page_count', { simple: true }) as number;
    app.ioc.db.pragma(`max_page_count = ${pages}`);
    const refused = await fetch(`${app.url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${app.apiKey}` },
      body: JSON.stringify(Array.from({ length: 2000 }, incident)),
    });
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({
      statusCode: 503,
      field: 'store',
      message: expect.stringContaining('SQLITE_FULL'),
      messageVi: expect.stringContaining('không ghi được'),
    });
    expect(app.ioc.store.count()).toBe(eventsBefore);
    expect(app.ioc.hub.snapshot('traffic.incidents').seq).toBe(seqBefore);

    const degraded = await fetch(`${app.url}/api/v1/health`);
    expect(degraded.status).toBe(503);
    expect(await degraded.json()).toMatchObject({
      status: 'degraded',
      reasons: [expect.stringContaining('SQLITE_FULL')],
      store: { ok: false },
    });

    // Space again: the next write goes through and health recovers.
    app.ioc.db.pragma('max_page_count = 1073741823');
    expect((await app.post(incident())).status).toBe(200);
    const healthy = await fetch(`${app.url}/api/v1/health`);
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toMatchObject({ status: 'ok', reasons: [] });
  });

  it('answers 503, not 500, when the database is read-only', async () => {
    const app: TestApp = await startTestApp();
    cleanup.push(() => app.dispose());
    app.ioc.db.pragma('query_only = ON');
    const refused = await app.post(incident());
    expect(refused.status).toBe(503);
    expect((await fetch(`${app.url}/api/v1/health`)).status).toBe(503);
    app.ioc.db.pragma('query_only = OFF');
  });
});
