/**
 * The webhook outbox on PostgreSQL with two servers (one schema, one Redis; real servers both) and
 * one real receiving HTTP server: both processes follow the store and send, and each event reaches
 * the gateway once; the deliveries made through one are seen on the other; when the process that
 * was sending closes mid-way, the other sends the rest, none twice. The passes are driven by hand
 * (`runOnce`), both at once, as the two timers would.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LOOPBACK_WEBHOOKS, testConfigWith, type TestApp } from '../test-support/test-app';
import { startTwoServers, type TwoServers } from '../test-support/two-servers';
import { waitUntil } from '../test-support/wait-until';
import type { WebhookMessage } from './notice-messages';

/** Every request the gateway got: its delivery id and the notice it carried. */
const received: Array<{ delivery: string; notice: string }> = [];
let receiver: Server;
let receiverUrl = '';

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const message = JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookMessage;
      received.push({ delivery: String(request.headers['x-ioc-delivery']), notice: message.data.id });
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

const systems: TwoServers[] = [];
afterEach(async () => {
  for (const system of systems.splice(0)) await system.close();
}, 60_000);
const SLOW = { timeout: 120_000 };

let posted = 0;
async function announce(app: TestApp, id: string): Promise<void> {
  const response = await app.post({
    domain: 'announcements',
    kind: 'announcement.published',
    id: `shared-outbox-${++posted}`,
    data: {
      announcementId: id,
      text: { vi: `Thông báo ${id}`, en: `Notice ${id}` },
      priority: 'normal',
      audience: 'public',
    },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

const distinct = (values: string[]) => new Set(values).size;

describe('webhook outbox on PostgreSQL', () => {
  it('two processes sending: each event delivered once; the rest by the other when one closes', SLOW, async () => {
    // One attempt at a time per process: a pass sends one delivery, so a process can stop mid-way.
    const system = await startTwoServers({
      config: testConfigWith(LOOPBACK_WEBHOOKS),
      outbox: { concurrency: 1, perSubscription: 1 },
    });
    systems.push(system);
    const { a, b } = system;
    const admin = await a.signIn('admin');
    const made = await fetch(`${a.url}/api/v1/admin/webhooks`, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `${receiverUrl}/gateway`, kinds: ['notice.published'] }),
    });
    expect(made.status).toBe(201);

    const first = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'];
    for (const [index, id] of first.entries()) await announce(index % 2 === 0 ? a : b, id);
    // Both processes' passes at once, until the gateway has every notice.
    await waitUntil(async () => {
      await Promise.all([a.ioc.outbox.runOnce(), b.ioc.outbox.runOnce()]);
      return distinct(received.map((request) => request.notice)) === first.length;
    }, 'every notice delivered');
    await Promise.all([a.ioc.outbox.runOnce(), b.ioc.outbox.runOnce()]);
    expect(received).toHaveLength(first.length);
    expect(distinct(received.map((request) => request.delivery))).toBe(first.length);

    // Made on A, its deliveries counted on B.
    await waitUntil(
      async () => (await fetch(`${b.url}/api/v1/auth/me`, { headers: { cookie: admin.cookie } })).ok,
      'B knows the session',
    );
    const listed = await fetch(`${b.url}/api/v1/admin/webhooks`, { headers: { cookie: admin.cookie } });
    const { webhooks } = (await listed.json()) as { webhooks: Array<{ health: Record<string, number> }> };
    expect(webhooks).toEqual([expect.objectContaining({ health: { pending: 0, delivered: first.length, dead: 0 } })]);

    const rest = ['m1', 'm2', 'm3', 'm4'];
    for (const id of rest) await announce(b, id);
    // A writes the deliveries of all four and sends one, then closes: B has the other three to send.
    await a.ioc.outbox.runOnce();
    expect(received).toHaveLength(first.length + 1);
    await a.close();
    await waitUntil(async () => {
      await b.ioc.outbox.runOnce();
      return received.length >= first.length + rest.length;
    }, 'the rest delivered by B');
    await b.ioc.outbox.runOnce();
    expect(received.map((request) => request.notice).sort()).toEqual([...first, ...rest].sort());
    expect(distinct(received.map((request) => request.delivery))).toBe(first.length + rest.length);
  });
});
