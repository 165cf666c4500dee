/**
 * The citizens' notices in real Chromium against a real server (simulator on: its history holds
 * public and internal announcements): `/thong-bao` on a phone with script turned off, its filters
 * as a plain form, and the console's webhooks panel with a dead letter from a real receiver that
 * answers 410 (the outbox's timer runs in the server).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, ROOT, sessionHeaders, signInContext, startServer, type ServerProcess } from './harness';

let server: ServerProcess;
let browser: Browser;
let receiver: Server;
let receiverUrl = '';
let configDir = '';
const SHOTS = path.join(ROOT, 'docs/screenshots');

beforeAll(async () => {
  receiver = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(request.url === '/gone' ? 410 : 200).end());
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  // The gateway stands on loopback, which webhooks may reach only when the config lists it.
  configDir = mkdtempSync(path.join(tmpdir(), 'ioc-notices-config-'));
  cpSync(path.join(ROOT, 'config'), configDir, { recursive: true });
  const appYaml = path.join(configDir, 'app.yaml');
  const shipped = readFileSync(appYaml, 'utf8');
  expect(shipped).toContain('allowedNetworks: []');
  writeFileSync(appYaml, shipped.replace('allowedNetworks: []', 'allowedNetworks: ["127.0.0.0/8"]'));
  [server, browser] = await Promise.all([
    startServer({ simulator: true, env: { IOC_CONFIG_DIR: configDir } }),
    launchBrowser(),
  ]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  receiver?.closeAllConnections();
  await new Promise((resolve) => receiver?.close(resolve));
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

describe('/thong-bao in Chromium', () => {
  it('reads on a 390×844 phone without script, never shows an internal notice, and filters with the form', async () => {
    const feedKey = { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' };
    const posted = await fetch(`${server.url}/api/v1/events`, {
      method: 'POST',
      headers: feedKey,
      body: JSON.stringify([
        {
          domain: 'announcements',
          kind: 'announcement.published',
          id: 'e2e-internal',
          data: {
            announcementId: 'e2e-internal',
            text: { vi: 'NỘI BỘ: họp giao ban 14h', en: 'INTERNAL: briefing at 14:00' },
            priority: 'normal',
            audience: 'internal',
          },
        },
        {
          domain: 'announcements',
          kind: 'announcement.published',
          id: 'e2e-road',
          data: {
            announcementId: 'e2e-road',
            title: { vi: 'Cấm xe tải qua đường Trần Đăng Ninh', en: 'No lorries on Trần Đăng Ninh Street' },
            text: {
              vi: 'Từ 20h00 đến 05h00 hằng ngày trong tuần này, xe tải trên 10 tấn đi đường tránh phía Bắc.',
              en: 'From 20:00 to 05:00 every day this week, lorries over 10 tonnes take the northern bypass.',
            },
            priority: 'high',
            audience: 'public',
            topic: 'giao-thong',
            wards: ['05977', '05983'],
            link: 'https://langson.gov.vn/thong-bao/cam-xe-tai',
          },
        },
      ]),
    });
    expect(posted.status, await posted.clone().text()).toBe(200);

    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/thong-bao`);
    await page.locator('[data-notice="e2e-road"]').waitFor();
    expect(await page.locator('[data-notice]').count()).toBeGreaterThan(3);
    expect(await page.content()).not.toContain('NỘI BỘ');
    // Nothing wider than the phone: no sideways scrolling.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SHOTS, 'thong-bao-phone.png') });

    await page.selectOption('select[name="ward"]', '05977');
    await page.selectOption('select[name="topic"]', 'giao-thong');
    await page.click('button[type="submit"]');
    await page.waitForURL(/ward=05977&topic=giao-thong/);
    expect(
      await page.locator('[data-notice]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-notice'))),
    ).toContain('e2e-road');
    await page.screenshot({ path: path.join(SHOTS, 'thong-bao-phone-filtered.png') });

    await page.goto(`${server.url}/thong-bao?lang=en`);
    await page.locator('text=No lorries on Trần Đăng Ninh Street').waitFor();
    await context.close();
  }, 60_000);

  it("shows the console's webhooks: health, and a dead letter with Gửi lại", async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    await signInContext(server, context, 'admin');
    const headers = { ...(await sessionHeaders(server, context)), 'content-type': 'application/json' };
    for (const hook of ['/zalo-oa', '/gone']) {
      const created = await fetch(`${server.url}/api/v1/admin/webhooks`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ url: `${receiverUrl}${hook}`, kinds: ['notice.published', 'notice.withdrawn'] }),
      });
      expect(created.status, await created.clone().text()).toBe(201);
    }
    await fetch(`${server.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        domain: 'announcements',
        kind: 'announcement.published',
        id: 'e2e-water',
        data: {
          announcementId: 'e2e-water',
          text: {
            vi: 'Tạm ngừng cấp nước phường Đông Kinh từ 8h đến 11h',
            en: 'Water off in Đông Kinh ward 8:00–11:00',
          },
          priority: 'normal',
          audience: 'public',
          wards: ['05977'],
          topic: 'hanh-chinh',
        },
      }),
    });
    await expect
      .poll(
        async () => {
          const response = await fetch(`${server.url}/api/v1/admin/webhooks/dead-letters`, { headers });
          return ((await response.json()) as { deliveries: unknown[] }).deliveries.length;
        },
        { timeout: 20_000 },
      )
      .toBeGreaterThan(0);
    const page = await context.newPage();
    await page.goto(`${server.url}/console`);
    const panel = page.locator('[data-webhooks]');
    await panel.locator('[data-dead-letter]').first().waitFor();
    await expect.poll(() => panel.locator('[data-webhook]').count()).toBe(2);
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: path.join(SHOTS, 'console-webhooks-dead-letters.png') });
    await page.locator('[data-notice-form]').screenshot({ path: path.join(SHOTS, 'console-notice-form.png') });
    await context.close();
  }, 60_000);
});
