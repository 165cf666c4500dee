import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load-config';
import type { WebhookFeed } from '../../../config/schema/feed';
import { signature } from '../../feeds/webhook/signature';
import { startTestApp, testConfig, type TestApp } from '../../test-support/test-app';

const SECRET = 'khoá-bí-mật-của-đài-khí-tượng';
const apps: TestApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.dispose()));
});

async function start(env: Record<string, string> = { IOC_FEED_CANH_BAO_KHI_TUONG_SECRET: SECRET }): Promise<TestApp> {
  const example = (await loadConfig()).feeds.get('canh-bao-khi-tuong') as WebhookFeed;
  const config = testConfig();
  config.feeds.set(example.id, { ...example, paused: false });
  const app = await startTestApp({ config, feeds: { env } });
  apps.push(app);
  await app.ioc.startFeeds();
  return app;
}

const warning = (maBanTin: string) =>
  JSON.stringify({ maBanTin, noiDung: 'Cảnh báo mưa lớn, lũ quét tại huyện Đình Lập', mucDo: 'khan-cap' });
const nowSeconds = () => Math.floor(Date.now() / 1000);

async function deliver(app: TestApp, body: string, header: string | null, feed = 'canh-bao-khi-tuong') {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (header !== null) headers['x-ioc-signature'] = header;
  const response = await fetch(`${app.url}/api/v1/hooks/${feed}`, { method: 'POST', headers, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const storedCount = (app: TestApp) =>
  (
    app.ioc.db.prepare("SELECT count(*) AS n FROM events WHERE source = 'feed:canh-bao-khi-tuong'").get() as {
      n: number;
    }
  ).n;

describe('POST /api/v1/hooks/:feed', () => {
  it('stores a signed delivery once, a repeated delivery not again', async () => {
    const app = await start();
    const body = warning('KT-2026-118');
    const header = signature(SECRET, nowSeconds(), body);
    expect(await deliver(app, body, header)).toEqual({ status: 202, body: { accepted: 1, duplicates: 0 } });
    expect(await deliver(app, body, header)).toEqual({ status: 202, body: { accepted: 0, duplicates: 1 } });
    expect(storedCount(app)).toBe(1);
  });

  it('refuses a missing, malformed, wrong, stale or tampered signature with 400/401 in both languages, and counts them', async () => {
    const app = await start();
    const body = warning('KT-2026-119');
    const t = nowSeconds();
    const cases: Array<[string | null, string, number, RegExp]> = [
      [null, body, 401, /header is missing/],
      ['t=abc,v1=00', body, 400, /must read t=<unix seconds>,v1=<64 hex digits>/],
      [signature('khoá-khác', t, body), body, 401, /does not match/],
      [signature(SECRET, t - 301, body), body, 401, /more than 5 minutes from now/],
      [signature(SECRET, t, body), warning('KT-2026-666'), 401, /does not match/],
    ];
    for (const [header, sent, status, reason] of cases) {
      const answer = await deliver(app, sent, header);
      expect(answer.status).toBe(status);
      expect(answer.body.message).toMatch(reason);
      expect(answer.body.messageVi).toEqual(expect.any(String));
      expect(answer.body.field).toBe('x-ioc-signature');
    }
    expect(storedCount(app)).toBe(0);
    expect(app.ioc.app.feeds.health()[0]).toMatchObject({ refusals: 5, refusalsPerMinute: 5 });
  });

  it('answers 400 naming the field for a signed message a domain refuses, and keeps it as a dead letter', async () => {
    const app = await start();
    const body = JSON.stringify({ maBanTin: 'KT-2026-120', noiDung: '', mucDo: 'thuong' });
    const answer = await deliver(app, body, signature(SECRET, nowSeconds(), body));
    expect(answer.status).toBe(400);
    expect(answer.body.field).toBe('events[0].data.text.vi');
    expect(app.ioc.app.feedStore.deadLetters('canh-bao-khi-tuong')).toMatchObject([{ stage: 'ingest', raw: body }]);
  });

  it('without its key in the environment the feed says so and refuses deliveries with 503; an unknown feed is 404', async () => {
    const app = await start({});
    const [health] = app.ioc.app.feeds.health();
    expect(health!.lastError).toMatchObject({
      en: expect.stringContaining('IOC_FEED_CANH_BAO_KHI_TUONG_SECRET is not set'),
      vi: expect.stringContaining('chưa đặt biến môi trường IOC_FEED_CANH_BAO_KHI_TUONG_SECRET'),
    });
    const body = warning('KT-2026-121');
    const answer = await deliver(app, body, signature(SECRET, nowSeconds(), body));
    expect(answer.status).toBe(503);
    expect((await deliver(app, body, null, 'khong-co')).status).toBe(404);
  });
});
