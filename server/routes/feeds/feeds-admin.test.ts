import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load-config';
import type { WebhookFeed } from '../../../config/schema/feed';
import { signature } from '../../feeds/webhook/signature';
import { startTestApp, testConfig, type TestApp } from '../../test-support/test-app';

const SECRET = 'khoá-thử';
const apps: TestApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.dispose()));
});

/** The shipped webhook feed, with a mapping the test can break and fix, and an app clock the test moves. */
async function start(feedOverrides: Partial<WebhookFeed> = {}) {
  const example = (await loadConfig()).feeds.get('canh-bao-khi-tuong') as WebhookFeed;
  const feed: WebhookFeed = { ...example, paused: false, staleAfterSeconds: 60, ...feedOverrides };
  const config = testConfig();
  config.feeds.set(feed.id, feed);
  let clock = Date.now();
  const app = await startTestApp({
    config,
    now: () => clock,
    feeds: { env: { IOC_FEED_CANH_BAO_KHI_TUONG_SECRET: SECRET } },
  });
  apps.push(app);
  await app.ioc.startFeeds();
  const admin = await app.signIn('admin');
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await fetch(`${app.url}${path}`, {
      method,
      headers: {
        cookie: admin.cookie,
        'x-csrf-token': admin.csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const deliver = async (message: Record<string, unknown>) => {
    const body = JSON.stringify(message);
    const response = await fetch(`${app.url}/api/v1/hooks/${feed.id}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-ioc-signature': signature(SECRET, Math.floor(clock / 1000), body),
      },
      body,
    });
    return response.status;
  };
  return { app, call, deliver, advance: (ms: number) => void (clock += ms) };
}

const message = { maBanTin: 'KT-1', noiDung: 'Rét đậm, rét hại tại Mẫu Sơn', mucDo: 'thuong' };

describe('feed administration', () => {
  it('is for admins only', async () => {
    const { app } = await start();
    expect((await fetch(`${app.url}/api/v1/feeds`)).status).toBe(401);
    const operator = await app.signIn('operator');
    expect((await fetch(`${app.url}/api/v1/feeds`, { headers: { cookie: operator.cookie } })).status).toBe(403);
  });

  it('dry-runs the mapping: the events it would make, or the exact error; nothing stored', async () => {
    const { app, call } = await start();
    const good = await call('POST', '/api/v1/feeds/canh-bao-khi-tuong/test', { message });
    expect(good.body).toMatchObject({
      ok: true,
      error: null,
      events: [{ domain: 'announcements', kind: 'announcement.published', id: 'canh-bao-KT-1' }],
    });
    const bad = await call('POST', '/api/v1/feeds/canh-bao-khi-tuong/test', { message: { ...message, noiDung: 7 } });
    expect(bad.body).toMatchObject({ ok: false, events: [], error: { field: 'events[0].data.text.vi' } });
    expect(app.ioc.store.count()).toBe(0);
  });

  it('pauses and resumes a feed, audited; a paused webhook answers 503', async () => {
    const { app, call, deliver } = await start();
    expect((await call('POST', '/api/v1/feeds/canh-bao-khi-tuong/pause')).body).toEqual({ paused: true });
    expect(await deliver(message)).toBe(503);
    expect((await call('POST', '/api/v1/feeds/canh-bao-khi-tuong/resume')).body).toEqual({ paused: false });
    expect(await deliver(message)).toBe(202);
    const actions = (await app.ioc.security.auditLog()).map((entry) => `${entry.action} ${entry.target}`);
    expect(actions).toEqual(
      expect.arrayContaining(['feed.pause canh-bao-khi-tuong', 'feed.resume canh-bao-khi-tuong']),
    );
    expect((await call('POST', '/api/v1/feeds/khong-co/pause')).status).toBe(404);
  });

  it('lists dead letters and replays them once the mapping is fixed', async () => {
    // A mapping that forgets the English text: every delivery is refused by the domain.
    const broken = `{ "domain": "announcements", "kind": "announcement.published", "id": "cb-" & maBanTin,
      "data": { "announcementId": "cb-" & maBanTin, "text": { "vi": noiDung }, "priority": "normal" } }`;
    const first = await start({ mapping: broken });
    expect(await first.deliver(message)).toBe(400);
    const listed = await first.call('GET', '/api/v1/feeds/canh-bao-khi-tuong/dead-letters');
    expect(listed.body).toMatchObject({
      total: 1,
      deadLetters: [{ stage: 'ingest', field: 'events[0].data.text.en', raw: JSON.stringify(message) }],
    });
    // The operator fixes the file: a reload of the feeds with the shipped mapping.
    const fixed = (await loadConfig()).feeds.get('canh-bao-khi-tuong')!;
    await first.app.ioc.app.feeds.sync(new Map([[fixed.id, { ...fixed, paused: false }]]));
    const replayed = await first.call('POST', '/api/v1/feeds/canh-bao-khi-tuong/dead-letters/replay', {});
    expect(replayed.body).toEqual({ stored: 1, refused: 0, missing: 0 });
    expect(first.app.ioc.app.feedStore.deadLetterCount('canh-bao-khi-tuong')).toBe(0);
    expect(first.app.ioc.store.count()).toBe(1);
  });

  it('shows each connector in /api/v1/health, stale once silent past its limit', async () => {
    const { app, deliver, advance } = await start();
    const health = async () =>
      ((await (await fetch(`${app.url}/api/v1/health`)).json()) as { connectors: Array<Record<string, unknown>> })
        .connectors[0]!;
    expect(await health()).toMatchObject({ id: 'canh-bao-khi-tuong', connected: true, stale: false });
    expect((await health()).lastError).toBeUndefined(); // the details are the console's
    advance(61_000);
    expect(await health()).toMatchObject({ stale: true });
    expect(await deliver(message)).toBe(202);
    expect(await health()).toMatchObject({ stale: false, messagesPerMinute: 1 });
  });
});
