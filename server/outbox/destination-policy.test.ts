/**
 * Where a webhook may go. Before the rule an admin's URL could make the server reach its own
 * database port or the cloud metadata service; now loopback, private and reserved addresses are
 * refused unless configured, when the webhook is made and on the address each delivery connects to.
 * A real receiver on 127.0.0.1 stands for the city's internal network; a name the test resolves
 * (`gateway.test`) stands for one that resolved elsewhere at creation (DNS rebinding).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addressRefusal, destinationRefusal, type Lookup } from './destination-policy';
import { LOOPBACK_WEBHOOKS, startTestApp, testConfigWith, type TestApp } from '../test-support/test-app';

let hits = 0;
let receiver: Server;
let port = 0;
beforeAll(async () => {
  receiver = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      hits++;
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  port = (receiver.address() as AddressInfo).port;
});
afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});
const apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.dispose();
});

/** Resolves `gateway.test` to loopback, as a rebinding name would at delivery. */
const rebinding: Lookup = (hostname, _options, callback) =>
  hostname === 'gateway.test'
    ? callback(null, [{ address: '127.0.0.1', family: 4 }])
    : callback(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), []);

describe('the destination rule of webhooks', () => {
  it('refuses loopback, private, link-local and reserved addresses unless their network is listed', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.5.4',
      '192.168.1.10',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:7f00:1', // [::ffff:127.0.0.1] as the URL parser writes it
      '::ffff:127.0.0.1',
    ])
      expect(addressRefusal(address, []), address).not.toBeNull();
    for (const address of ['8.8.8.8', '203.113.131.1', '2001:4860:4860::8888'])
      expect(addressRefusal(address, []), address).toBeNull();
    // The SMS gateway's network is listed; its neighbour is not.
    expect(addressRefusal('10.20.1.1', ['10.20.0.0/16'])).toBeNull();
    expect(addressRefusal('10.21.0.1', ['10.20.0.0/16'])).not.toBeNull();
    const refusal = addressRefusal('169.254.169.254', [])!;
    expect(refusal.en).toContain('webhooks.allowedNetworks');
    expect(refusal.vi).toContain('webhooks.allowedNetworks');
  });

  it('judges every address a name resolves to, and a name that does not resolve', async () => {
    const both: Lookup = (_hostname, _options, callback) =>
      callback(null, [
        { address: '203.113.131.1', family: 4 },
        { address: '10.0.0.7', family: 4 },
      ]);
    expect(await destinationRefusal(new URL('https://sms.example/hook'), [], both)).toMatchObject({
      en: expect.stringContaining('10.0.0.7'),
    });
    expect(await destinationRefusal(new URL('https://nowhere.test/hook'), [], rebinding)).toMatchObject({
      en: expect.stringContaining('does not resolve'),
    });
    expect(await destinationRefusal(new URL('http://[::ffff:127.0.0.1]/'), [])).not.toBeNull();
  });

  it('answers 400 naming url, in Vietnamese and English, for a webhook to the server’s own network; writes nothing', async () => {
    const app = await startTestApp();
    apps.push(app);
    const admin = await app.signIn('admin');
    const headers = { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': 'application/json' };
    for (const url of [
      'http://127.0.0.1:5432/',
      'http://169.254.169.254/latest/meta-data/',
      'http://localhost:6379/',
    ]) {
      const response = await fetch(`${app.url}/api/v1/admin/webhooks`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ url, kinds: ['notice.published'] }),
      });
      const body = (await response.json()) as { field: string; message: string; messageVi: string };
      expect(response.status, url).toBe(400);
      expect(body.field).toBe('url');
      expect(body.message).toMatch(/^url: .*loopback, private or reserved/);
      expect(body.messageVi).toMatch(/^url: .*địa chỉ nội bộ/);
    }
    expect(await app.ioc.outbox.store.subscriptions()).toEqual([]);

    // Listed in config, the city's own network is a destination like any other.
    const allowing = await startTestApp({ config: testConfigWith(LOOPBACK_WEBHOOKS) });
    apps.push(allowing);
    const other = await allowing.signIn('admin');
    const made = await fetch(`${allowing.url}/api/v1/admin/webhooks`, {
      method: 'POST',
      headers: { cookie: other.cookie, 'x-csrf-token': other.csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `http://127.0.0.1:${port}/hook`, kinds: ['notice.published'] }),
    });
    expect(made.status).toBe(201);
  });

  /**
   * A server (`config`: the test config unless given) with a subscription to `gateway.test`, made
   * as if the name had resolved to a public address: a name, not an address, so only the lookup
   * at delivery judges it. `announce` posts a public notice and runs one pass of the outbox.
   */
  async function gatewayServer(config = testConfigWith({})) {
    const app = await startTestApp({ config, outbox: { lookup: rebinding, retryScheduleMs: [] } });
    apps.push(app);
    await app.ioc.outbox.store.create(
      {
        url: `http://gateway.test:${port}/hook`,
        kinds: ['notice.published'],
        wards: [],
        topics: [],
        description: null,
      },
      await app.ioc.store.lastSeq(),
      Date.now(),
      'test',
    );
    const announce = async (id: string) => {
      const posted = await app.post({
        domain: 'announcements',
        kind: 'announcement.published',
        id,
        data: { announcementId: id, text: { vi: 'Thông báo', en: 'Notice' }, priority: 'normal', audience: 'public' },
      });
      expect(posted.status).toBe(200);
      await app.ioc.outbox.runOnce();
    };
    return { app, announce, dead: async () => app.ioc.outbox.store.deliveries('dead') };
  }

  /** One notice through `gateway.test`: how many the receiver got, and the dead letters. */
  async function deliverThroughRebinding(allowLoopback: boolean) {
    const server = await gatewayServer(allowLoopback ? testConfigWith(LOOPBACK_WEBHOOKS) : undefined);
    const before = hits;
    await server.announce('rebinding-1');
    return { received: hits - before, dead: await server.dead() };
  }

  it('refuses at delivery the address a name resolves to then, and says why in the dead-letter list', async () => {
    const refused = await deliverThroughRebinding(false);
    expect(refused.received).toBe(0);
    expect(refused.dead[0]?.lastError).toContain('127.0.0.1 is a loopback, private or reserved address');
    // The same name, its network listed: the connection goes to the address the lookup gave.
    const allowed = await deliverThroughRebinding(true);
    expect(allowed).toEqual({ received: 1, dead: [] });
  });

  it('judges each delivery by the config as it is then: a network taken off the list is refused at once', async () => {
    const config = testConfigWith({ webhooks: { allowedNetworks: ['127.0.0.0/8'] } });
    const { announce, dead } = await gatewayServer(config);
    const before = hits;
    await announce('reload-1');
    expect(hits).toBe(before + 1);
    // As a reload of config/app.yaml without the network would: the next delivery, right after
    // the last (whose connection a kept-alive pool would still hold), is refused.
    config.app.webhooks.allowedNetworks = [];
    await announce('reload-2');
    expect(hits).toBe(before + 1);
    expect((await dead()).map((delivery) => delivery.lastError)).toEqual([
      expect.stringContaining('127.0.0.1 is a loopback'),
    ]);
  });
});
