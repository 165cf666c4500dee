import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, testConfig, type TestApp } from '../../test-support/test-app';
import { loadConfig } from '../../config/load-config';
import { signature } from '../../feeds/webhook/signature';
import type { WebhookFeed } from '../../../config/schema/feed';

const apps: TestApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.dispose()));
});

async function start(metricsFrom?: string[]): Promise<TestApp> {
  const config = testConfig();
  if (metricsFrom) config.app.operations.metricsFrom = metricsFrom;
  const app = await startTestApp({ config });
  apps.push(app);
  return app;
}

const report = (id: string) => ({
  domain: 'reports',
  kind: 'report.created',
  data: { reportId: id, category: 'waste', title: 'Rác', description: '', lat: 21.85, lon: 106.76 },
});

/** The value of one sample of the Prometheus text, 0 when absent. */
function sample(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(labels ? `${name}{${labels}}` : `${name} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('liveness and readiness', () => {
  it('is live at once, ready only after the start and while no gate is open, not once closing', async () => {
    const app = await start();
    const live = await fetch(`${app.url}/api/v1/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ live: true });

    // Listening, but the feeds have not started yet (server.ts starts them after listen).
    const starting = await fetch(`${app.url}/api/v1/health/ready`);
    expect(starting.status).toBe(503);
    expect(starting.headers.get('retry-after')).toBe('2');
    expect(await starting.json()).toEqual({
      ready: false,
      waitingFor: [{ vi: 'máy chủ đang khởi động', en: 'the server is starting' }],
    });

    await app.ioc.startFeeds();
    const ready = await fetch(`${app.url}/api/v1/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, waitingFor: [] });

    app.ioc.app.readiness.wait('leader', { vi: 'chưa có chủ đề của máy chủ chính', en: 'no leader topics yet' });
    expect((await fetch(`${app.url}/api/v1/health/ready`)).status).toBe(503);
    app.ioc.app.readiness.done('leader');
    expect((await fetch(`${app.url}/api/v1/health/ready`)).status).toBe(200);

    await app.close();
    expect(app.ioc.app.readiness.reasons()).toEqual([{ vi: 'máy chủ đang dừng', en: 'the server is shutting down' }]);
  });
});

describe('/metrics', () => {
  it('counts ingest, its latency to the screens and the store commits', async () => {
    const app = await start();
    const before = await (await fetch(`${app.url}/metrics`)).text();
    expect(sample(before, 'ioc_ingest_events_total', 'source="key:test-feed"')).toBe(0);
    expect(sample(before, 'ioc_leader')).toBe(1);

    expect((await app.post(report('m-1'))).status).toBe(200);
    expect((await app.post(report('m-2'))).status).toBe(200);
    expect((await app.post({ ...report('m-3'), data: { reportId: 'm-3' } })).status).toBe(400);

    // The emit follows the store on the hub's next tick: wait for it, not a fixed time.
    let text = '';
    await expect
      .poll(
        async () => {
          text = await (await fetch(`${app.url}/metrics`)).text();
          return sample(text, 'ioc_ingest_to_emit_seconds_count');
        },
        { timeout: 10_000 },
      )
      .toBe(2);
    expect(sample(text, 'ioc_ingest_events_total', 'source="key:test-feed"')).toBe(2);
    expect(sample(text, 'ioc_ingest_refusals_total', 'source="key:test-feed"')).toBe(1);
    expect(sample(text, 'ioc_store_commit_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'ioc_store_events')).toBe(2);
    expect(sample(text, 'ioc_topic_seq', 'topic="reports.summary"')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'ioc_topic_bytes', 'topic="reports.summary"')).toBeGreaterThan(2);
    expect(text).toMatch(/ioc_event_loop_delay_seconds\{quantile="0.99"\} /);
  });

  it('counts each connector’s messages and refusals', async () => {
    const feed = { ...((await loadConfig()).feeds.get('canh-bao-khi-tuong') as WebhookFeed), paused: false };
    const config = testConfig();
    config.feeds.set(feed.id, feed);
    const secret = 'khoá-thử';
    const app = await startTestApp({ config, feeds: { env: { IOC_FEED_CANH_BAO_KHI_TUONG_SECRET: secret } } });
    apps.push(app);
    await app.ioc.startFeeds();
    const deliver = async (message: Record<string, unknown>) => {
      const body = JSON.stringify(message);
      const headers = {
        'content-type': 'application/json',
        'x-ioc-signature': signature(secret, Math.floor(Date.now() / 1000), body),
      };
      return (await fetch(`${app.url}/api/v1/hooks/${feed.id}`, { method: 'POST', headers, body })).status;
    };
    expect(await deliver({ maBanTin: 'KT-1', noiDung: 'Rét đậm', mucDo: 'thuong' })).toBe(202);
    expect(await deliver({ maBanTin: 'KT-2', noiDung: 7, mucDo: 'thuong' })).toBe(400);
    const text = await (await fetch(`${app.url}/metrics`)).text();
    expect(sample(text, 'ioc_feed_messages_total', 'feed="canh-bao-khi-tuong"')).toBe(2);
    expect(sample(text, 'ioc_feed_refusals_total', 'feed="canh-bao-khi-tuong"')).toBe(1);
    expect(sample(text, 'ioc_feed_connected', 'feed="canh-bao-khi-tuong"')).toBe(1);
    // Counters only go up: a second scrape with nothing new gives the same figures.
    const again = await (await fetch(`${app.url}/metrics`)).text();
    expect(sample(again, 'ioc_feed_messages_total', 'feed="canh-bao-khi-tuong"')).toBe(2);
  });

  it('counts screens by audience', async () => {
    const app = await start();
    await app.connect({ role: 'operator' });
    await app.connect();
    const text = await (await fetch(`${app.url}/metrics`)).text();
    expect(sample(text, 'ioc_connected_screens', 'audience="internal",screen="no"')).toBe(1);
    expect(sample(text, 'ioc_connected_screens', 'audience="public",screen="no"')).toBe(1);
  });

  it('is refused outside the configured ranges without a key, and served with one', async () => {
    const app = await start(['10.20.0.0/16']);
    const refused = await fetch(`${app.url}/metrics`);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ messageVi: expect.stringContaining('operations.metricsFrom') });
    const withKey = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${app.apiKey}` } });
    expect(withKey.status).toBe(200);
    expect(withKey.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await withKey.text()).toContain('ioc_ingest_to_emit_seconds_bucket');
    const viewer = await app.signIn('viewer');
    expect((await fetch(`${app.url}/metrics`, { headers: { cookie: viewer.cookie } })).status).toBe(403);
    const operator = await app.signIn('operator');
    expect((await fetch(`${app.url}/metrics`, { headers: { cookie: operator.cookie } })).status).toBe(200);
  });
});
