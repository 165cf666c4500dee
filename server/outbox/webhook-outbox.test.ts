/**
 * The outbox against a real HTTP receiver on 127.0.0.1 and the real app on a temporary data
 * folder. The clock is injected: a retry becomes due when the test moves the clock, never by waiting.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOOPBACK_WEBHOOKS, startTestApp, testConfigWith, type TestApp } from '../test-support/test-app';
import { verifySignature } from './signature';
import type { WebhookMessage } from './notice-messages';

const T0 = Date.UTC(2026, 11, 1, 1, 0, 0);
const HOUR = 3_600_000;

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  message: WebhookMessage;
}

/** A gateway: answers each path with the statuses queued for it (then 200), or holds it until released. */
class Receiver {
  readonly received: Received[] = [];
  readonly statuses = new Map<string, number[]>();
  readonly held = new Set<string>();
  readonly #waiting: Array<() => void> = [];
  server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = request.url ?? '/';
        this.received.push({ path, headers: request.headers, body, message: JSON.parse(body) as WebhookMessage });
        const answer = () => response.writeHead(this.statuses.get(path)?.shift() ?? 200).end('ok');
        if (this.held.has(path)) this.#waiting.push(answer);
        else answer();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  release(): void {
    for (const answer of this.#waiting.splice(0)) answer();
  }
  at(path: string): Received[] {
    return this.received.filter((request) => request.path === path);
  }
  stop(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let now = T0;
let app: TestApp;
let admin: { cookie: string; csrfToken: string };
const receiver = new Receiver();
let eventCount = 0;

async function api(method: string, path: string, body?: unknown, as = admin) {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: {
      cookie: as.cookie,
      'x-csrf-token': as.csrfToken,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function subscribe(path: string, extra: Record<string, unknown> = {}) {
  const response = await api('POST', '/api/v1/admin/webhooks', {
    url: `${receiver.url}${path}`,
    kinds: ['notice.published', 'notice.withdrawn'],
    ...extra,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { secret: string; webhook: { id: number } };
}

async function announce(id: string, extra: Record<string, unknown> = {}) {
  const response = await app.post({
    domain: 'announcements',
    kind: 'announcement.published',
    id: `ev-${++eventCount}`,
    data: {
      announcementId: id,
      text: { vi: `Thông báo ${id}`, en: `Notice ${id}` },
      priority: 'normal',
      audience: 'public',
      ...extra,
    },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}
async function withdraw(id: string) {
  const response = await app.post({
    domain: 'announcements',
    kind: 'announcement.withdrawn',
    id: `ev-${++eventCount}`,
    data: { announcementId: id },
  });
  expect(response.status).toBe(200);
}
const run = () => app.ioc.outbox.runOnce();

beforeAll(async () => {
  await receiver.start();
});
afterAll(() => receiver.stop());
beforeEach(async () => {
  now = T0;
  app = await startTestApp({ now: () => now, config: testConfigWith(LOOPBACK_WEBHOOKS) });
  admin = await app.signIn('admin');
});
afterEach(() => app.dispose());

describe('webhook outbox', () => {
  it('signs each delivery so that the receiver verifies it with the secret, and sends public notices only', async () => {
    const { secret } = await subscribe('/signed');
    await announce('road', { title: { vi: 'Cấm đường', en: 'Road closed' }, wards: ['05983'], topic: 'giao-thong' });
    await announce('staff', { audience: 'internal' });
    await announce('legacy', { audience: undefined });
    await run();
    const [request, ...others] = receiver.at('/signed');
    expect(others).toEqual([]);
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-ioc-event']).toBe('notice.published');
    expect(request!.headers['x-ioc-delivery']).toBe(request!.message.id);
    const signature = String(request!.headers['x-ioc-signature']);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(signature.startsWith(`t=${Math.floor(T0 / 1000)},`)).toBe(true);
    expect(verifySignature(secret, request!.body, signature, Math.floor(T0 / 1000))).toBe(true);
    expect(verifySignature('whsec_wrong', request!.body, signature, Math.floor(T0 / 1000))).toBe(false);
    expect(verifySignature(secret, request!.body.replace('road', 'r0ad'), signature, Math.floor(T0 / 1000))).toBe(
      false,
    );
    // Replayed ten minutes later: outside the window.
    expect(verifySignature(secret, request!.body, signature, Math.floor(T0 / 1000) + 600)).toBe(false);
    expect(request!.message).toEqual({
      id: request!.message.id,
      type: 'notice.published',
      occurredAt: new Date(T0).toISOString(),
      data: {
        id: 'road',
        title: { vi: 'Cấm đường', en: 'Road closed' },
        text: { vi: 'Thông báo road', en: 'Notice road' },
        priority: 'normal',
        wards: ['05983'],
        topic: 'giao-thong',
        link: null,
        image: null,
        validFrom: new Date(T0).toISOString(),
        validTo: null,
      },
    });
    // Withdrawing the internal one says nothing; withdrawing the public one is news.
    await withdraw('staff');
    await withdraw('road');
    await run();
    expect(receiver.at('/signed').map((r) => [r.message.type, r.message.data.id])).toEqual([
      ['notice.published', 'road'],
      ['notice.withdrawn', 'road'],
    ]);
    expect(JSON.stringify(receiver.at('/signed'))).not.toMatch(/staff/);
  });

  it('sends a subscription only the wards, topics and kinds it asked for', async () => {
    await subscribe('/ward', { wards: ['05977'], kinds: ['notice.published'] });
    await subscribe('/topic', { topics: ['y-te'] });
    await announce('tam-thanh', { wards: ['05986'], topic: 'y-te' });
    await announce('dong-kinh', { wards: ['05977'], topic: 'giao-thong' });
    await announce('everywhere');
    await withdraw('dong-kinh');
    await run();
    expect(receiver.at('/ward').map((r) => r.message.data.id)).toEqual(['dong-kinh', 'everywhere']);
    expect(receiver.at('/topic').map((r) => r.message.data.id)).toEqual(['tam-thanh']);
  });

  it('retries a 500 after the backoff and delivers once, with the same delivery id', async () => {
    receiver.statuses.set('/flaky', [500]);
    await subscribe('/flaky');
    await announce('flaky');
    await run();
    expect(receiver.at('/flaky')).toHaveLength(1);
    now += 10_000; // not due yet: the first wait is 30 s (± 10 %)
    await run();
    expect(receiver.at('/flaky')).toHaveLength(1);
    now += 30_000;
    await run();
    await run();
    const requests = receiver.at('/flaky');
    expect(requests).toHaveLength(2);
    expect(new Set(requests.map((r) => r.headers['x-ioc-delivery'])).size).toBe(1);
    expect(requests[0]!.body).toBe(requests[1]!.body);
    const [hook] = (await api('GET', '/api/v1/admin/webhooks')).body.webhooks as Array<{
      health: unknown;
      lastError: string;
    }>;
    expect(hook!.health).toEqual({ pending: 0, delivered: 1, dead: 0 });
    expect(hook!.lastError).toBe('HTTP 500');
  });

  it('dead-letters a delivery after the last attempt; "Gửi lại" sends it again and it is delivered', async () => {
    receiver.statuses.set('/down', Array(6).fill(503));
    const { webhook } = await subscribe('/down');
    await announce('storm', { priority: 'emergency' });
    for (let attempt = 0; attempt < 8; attempt++) {
      await run();
      now += 7 * HOUR; // past the longest wait (6 h + jitter)
    }
    expect(receiver.at('/down')).toHaveLength(6);
    admin = await app.signIn('admin'); // two days later: the first session has expired
    const deadLetters = await api('GET', '/api/v1/admin/webhooks/dead-letters');
    expect(deadLetters.status, JSON.stringify(deadLetters.body)).toBe(200);
    const dead = deadLetters.body.deliveries as Array<Record<string, unknown>>;
    expect(dead).toEqual([
      expect.objectContaining({
        subscriptionId: webhook.id,
        type: 'notice.published',
        noticeId: 'storm',
        attempts: 6,
        lastError: 'HTTP 503',
      }),
    ]);
    const retried = await api('POST', `/api/v1/admin/webhooks/deliveries/${String(dead[0]!.id)}/retry`);
    expect(retried.status).toBe(200);
    await app.ioc.outbox.idle();
    await run();
    expect(receiver.at('/down')).toHaveLength(7);
    expect((await api('GET', '/api/v1/admin/webhooks/dead-letters')).body.deliveries).toEqual([]);
    const audit = (await api('GET', '/api/v1/audit')).body.entries as Array<{ action: string }>;
    expect(audit.map((entry) => entry.action)).toEqual(expect.arrayContaining(['webhook.create', 'webhook.retry']));
  });

  it('sends nothing to a disabled subscription, and a 410 disables it', async () => {
    const off = await subscribe('/off');
    receiver.statuses.set('/gone', [410]);
    await subscribe('/gone');
    expect((await api('PATCH', `/api/v1/admin/webhooks/${off.webhook.id}`, { enabled: false })).status).toBe(200);
    await announce('first');
    await run();
    await announce('second');
    now += 7 * HOUR;
    await run();
    expect(receiver.at('/off')).toEqual([]);
    expect(receiver.at('/gone').map((r) => r.message.data.id)).toEqual(['first']);
    const hooks = (await api('GET', '/api/v1/admin/webhooks')).body.webhooks as Array<{
      url: string;
      enabled: boolean;
      disabledReason: string;
    }>;
    expect(hooks.find((hook) => hook.url.endsWith('/gone'))).toMatchObject({
      enabled: false,
      disabledReason: 'HTTP 410 Gone',
    });
  });

  it('creates no duplicate delivery across a restart on the same data folder', async () => {
    await subscribe('/restart');
    await announce('before');
    await run();
    await announce('between'); // stored, not yet followed when the server stops
    const { dataDir } = app;
    await app.close();
    app = await startTestApp({ now: () => now, dataDir, config: testConfigWith(LOOPBACK_WEBHOOKS) });
    await run();
    await run();
    expect(receiver.at('/restart').map((r) => r.message.data.id)).toEqual(['before', 'between']);
    const rows = app.ioc.db.prepare('SELECT count(*) AS n FROM webhook_deliveries').get() as { n: number };
    expect(rows.n).toBe(2);
  });

  it('lets one slow receiver hold its own requests only', async () => {
    receiver.held.add('/slow');
    await subscribe('/slow');
    await subscribe('/fast');
    await announce('one');
    await announce('two');
    await announce('three');
    await app.ioc.outbox.follow();
    void app.ioc.outbox.dispatch();
    // Each pass (the timer's, here by hand) sends what the slow one's held slots do not block.
    await expect
      .poll(async () => {
        await app.ioc.outbox.dispatch();
        return receiver.at('/fast').length;
      })
      .toBe(3);
    // At most two requests in flight to one receiver.
    expect(receiver.at('/slow')).toHaveLength(2);
    receiver.held.delete('/slow');
    receiver.release();
    await app.ioc.outbox.idle();
    await run();
    expect(receiver.at('/slow')).toHaveLength(3);
  });

  it('refuses a URL of another scheme or with credentials, shows the secret once, and is for admins only', async () => {
    const bad = async (url: string) =>
      (await api('POST', '/api/v1/admin/webhooks', { url, kinds: ['notice.published'] })).body;
    expect(await bad('ftp://gateway.example/x')).toMatchObject({ field: 'url' });
    expect(await bad('https://user:pass@gateway.example/x')).toMatchObject({
      field: 'url',
      messageVi: expect.stringMatching(/mật khẩu/),
    });
    expect(
      (
        await api('POST', '/api/v1/admin/webhooks', {
          url: `${receiver.url}/x`,
          kinds: ['notice.published'],
          wards: ['05971'],
        })
      ).body,
    ).toMatchObject({ field: 'wards' });
    expect(
      (
        await api('POST', '/api/v1/admin/webhooks', {
          url: `${receiver.url}/x`,
          kinds: ['notice.published'],
          topics: ['thoi-trang'],
        })
      ).body,
    ).toMatchObject({ field: 'topics' });
    const { secret, webhook } = await subscribe('/listed');
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    const listed = await api('GET', '/api/v1/admin/webhooks');
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    const operator = await app.signIn('operator');
    expect((await api('GET', '/api/v1/admin/webhooks', undefined, operator)).status).toBe(403);
    expect((await api('DELETE', `/api/v1/admin/webhooks/${webhook.id}`)).status).toBe(200);
    expect((await api('DELETE', `/api/v1/admin/webhooks/${webhook.id}`)).status).toBe(404);
  });
});
