/**
 * Script and HTML in citizen and operator text stay inert text on every surface — wall, ticker,
 * LED panel, console — and the console's sign-in, first password change and key creation work.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer, type ServerProcess } from './harness';

let server: ServerProcess;
let browser: Browser;

const REPORT_TITLE = '<img src=x onerror="window.__xss=1">Ổ gà';
const ANNOUNCEMENT = '<script>window.__xss=2</script><b>đậm</b> Thông báo <svg onload="window.__xss=3">';

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ simulator: false }), launchBrowser()]);
  const post = (body: unknown) =>
    fetch(`${server.url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.apiKey}` },
      body: JSON.stringify(body),
    });
  expect(
    (
      await post({
        domain: 'reports',
        kind: 'report.created',
        data: {
          reportId: 'xss-1',
          category: 'road-damage',
          title: REPORT_TITLE,
          description: '<iframe src="javascript:alert(1)">',
          lat: 21.856,
          lon: 106.76,
        },
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await post({
        domain: 'announcements',
        kind: 'announcement.published',
        data: { announcementId: 'xss-2', text: { vi: ANNOUNCEMENT, en: ANNOUNCEMENT }, priority: 'high' },
      })
    ).status,
  ).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

async function open(url: string, width = 1920, height = 1080): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width, height } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => {
    errors.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(url);
  return { page, errors };
}

async function expectInert(page: Page, scope: string): Promise<void> {
  expect(
    await page.locator(`${scope} img, ${scope} script, ${scope} svg[onload], ${scope} iframe, ${scope} b`).count(),
  ).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
}

describe('hostile text on every surface', () => {
  it('the wall and its ticker show it as text', async () => {
    const { page, errors } = await open(server.screenUrl('main'));
    const ticker = page.locator('[data-widget-type="ticker"]');
    await ticker.getByText('Thông báo', { exact: false }).first().waitFor({ timeout: 20_000 });
    expect(await ticker.innerText()).toContain('<script>window.__xss=2</script><b>đậm</b>');
    await expectInert(page, '[data-widget-type="ticker"]');
    await expectInert(page, '.grid');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the LED panel shows it as text', { timeout: 120_000 }, async () => {
    const { page, errors } = await open(server.screenUrl('led-dong-kinh'), 768, 384);
    const ticker = page.locator('[data-widget-type="ticker"]');
    // The ticker is on the playlist's first item only; the others (the promotion slide, the border
    // and rush-hour items by the city's clock) may come first and last up to 55 s in all.
    await ticker.getByText('Thông báo', { exact: false }).first().waitFor({ timeout: 90_000 });
    expect(await ticker.innerText()).toContain('<b>đậm</b>');
    await expectInert(page, '[data-widget-type="ticker"]');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps the start-up secrets out of the server output: an owner-only file, shown by npm run ioc -- secrets', async () => {
    const password = server.adminPassword();
    expect(password).toMatch(/^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/);
    expect(server.output()).not.toContain(password!);
    expect(server.output()).not.toContain('iocs_');
    expect(server.output()).toContain(path.join(server.dataDir, 'startup-secrets.json'));
    expect(statSync(path.join(server.dataDir, 'startup-secrets.json')).mode & 0o777).toBe(0o600);
  });

  it('the console signs in, makes the first admin change the password, and shows reports as text', async () => {
    const response = await fetch(`${server.url}/console`);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");

    const { page, errors } = await open(`${server.url}/console`);
    await page.fill('input[name="username"]', 'admin');
    await page.fill('input[name="password"]', server.adminPassword()!);
    await page.click('button[type="submit"]');
    await page.fill('input[name="current"]', server.adminPassword()!);
    await page.fill('input[name="next"]', 'một mật khẩu mới đủ dài');
    await page.click('button[type="submit"]');

    const reports = page.locator('[data-console-reports]');
    await reports.getByText('Ổ gà', { exact: false }).waitFor({ timeout: 20_000 });
    expect(await reports.innerText()).toContain(REPORT_TITLE);
    expect(await page.locator('[data-console-ticker]').innerText()).toContain('<script>window.__xss=2</script>');
    await expectInert(page, '[data-console-reports]');

    // Approving shows the exact public text first: the citizen's phone number masked and flagged.
    expect(
      (
        await fetch(`${server.url}/api/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${server.apiKey}` },
          body: JSON.stringify({
            domain: 'reports',
            kind: 'report.created',
            data: {
              reportId: 'pii-1',
              category: 'road-damage',
              title: 'Ổ voi, gọi tôi 0912 345 678',
              description: '',
              lat: 21.856,
              lon: 106.76,
            },
          }),
        })
      ).status,
    ).toBe(200);
    const row = reports.locator('li', { hasText: 'Ổ voi' });
    await row.locator('[data-approve]').click();
    await row
      .locator('[data-public-text]')
      .getByText('Ổ voi, gọi tôi [đã ẩn số điện thoại]')
      .waitFor({ timeout: 10_000 });
    expect(await row.locator('[data-flags]').innerText()).toContain('số điện thoại (1)');
    await row.locator('[data-confirm]').click();
    const published = async () => (await fetch(`${server.url}/api/v1/topics/reports.public-recent`)).text();
    await expect.poll(published, { timeout: 10_000 }).toContain('Ổ voi, gọi tôi [đã ẩn số điện thoại]');
    expect(await published()).not.toContain('0912 345 678');

    // A feed key made in the console is shown once, and works.
    await page.fill('input[placeholder="camera-giao-thong"]', 'camera-e2e');
    await page.check('input[value="traffic"]');
    await page.click('text=Tạo khóa');
    const key = (await page.locator('.secret code').innerText()).trim();
    expect(key).toMatch(/^iock_/);
    const posted = await fetch(`${server.url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({
        domain: 'announcements',
        kind: 'announcement.withdrawn',
        data: { announcementId: 'xss-2' },
      }),
    });
    expect(posted.status).toBe(403); // scoped to traffic only
    await page.screenshot({ path: 'e2e/screenshots/console.png' });
    expect(errors).toEqual([]);
    await page.close();
  });
});
