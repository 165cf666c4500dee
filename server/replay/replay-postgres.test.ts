/**
 * Replay on the PostgreSQL store (the real server, an own schema): snapshots and the past are
 * SQLite's for now, so a past moment is refused — and the refusal says why, not that nothing was
 * recorded before some date while the log holds events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-support/test-app';
import { freshPgSchema, type TestSchema } from '../test-support/pg-schema';
import { domains } from '../domains/index';
import { loadConfig } from '../config/load-config';
import { seededRandom } from '../feeds/simulator/random';

let app: TestApp;
let schema: TestSchema;

beforeAll(async () => {
  schema = freshPgSchema();
  app = await startTestApp({ config: await loadConfig(), database: { url: schema.url, schema: schema.schema } });
}, 60_000);

afterAll(async () => {
  await app?.dispose();
  await schema?.drop();
});

describe('replay on PostgreSQL', () => {
  it('a past moment with events in the log is refused as "not available on PostgreSQL", in vi and en, naming `at`', async () => {
    // The log holds events before the moment asked (the simulator's seed of citizen reports).
    const reports = domains.find((domain) => domain.name === 'reports')!;
    const seed = reports.createSimulator({ ...app.ioc.app.domainContext }, seededRandom(3)).seed(Date.now() - 60_000);
    const posted = await app.postAsModerator(seed.slice(0, 20));
    expect(posted.status, JSON.stringify(posted.body)).toBeLessThan(300);
    const { cookie } = await app.signIn('operator');
    const at = new Date(Date.now() - 1_000).toISOString();
    const response = await fetch(`${app.url}/api/v1/replay?dashboard=main&at=${encodeURIComponent(at)}`, {
      headers: { cookie },
    });
    const body = (await response.json()) as { field: string; message: string; messageVi: string };
    expect(response.status).toBe(400);
    expect(body.field).toBe('at');
    expect(body.messageVi).toContain('xem lại chưa có trên kho PostgreSQL');
    expect(body.message).toContain('replay is not available on the PostgreSQL store yet');
    expect(body.messageVi).not.toContain('chưa có dữ liệu');
  });
});
