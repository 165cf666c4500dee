/**
 * The wall in real Chromium against a real server process: every widget renders, the map draws,
 * a posted event shows up, layouts fit from 1080p to a 7680×2160 wall, and a server restart is
 * survived without a page reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, mapOnlyChunks, startServer, type ServerProcess } from './harness';
import { layoutProblems } from './layout';

let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ simulator: true }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

interface OpenedPage {
  page: Page;
  errors: string[];
  requests: string[];
}

async function openWall(path: string, width: number, height: number): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport: { width, height } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('request', (request) => requests.push(request.url()));
  const [pathname, query] = path.split('?');
  const screenId = pathname!.replace('/wall/', '');
  await page.goto(server.screenUrl(screenId, query));
  await page.waitForSelector('[data-widget-id]');
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-widget-id]')].every((el) => el.getAttribute('data-state') === 'live'),
    null,
    { timeout: 30_000 },
  );
  return { page, errors, requests };
}

async function post(body: unknown): Promise<void> {
  const response = await fetch(`${server.url}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.apiKey}` },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

/** How much of an element's screenshot differs from its background colour (0..1). */
async function drawnShare(page: Page, selector: string): Promise<number> {
  const png = await page.locator(selector).screenshot();
  return page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = new OffscreenCanvas(image.width, image.height);
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, image.width, image.height);
    const [r0, g0, b0] = [data[0]!, data[1]!, data[2]!];
    let drawn = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i]! - r0) + Math.abs(data[i + 1]! - g0) + Math.abs(data[i + 2]! - b0) > 40) drawn++;
    }
    return drawn / (data.length / 4);
  }, png.toString('base64'));
}

function currentMonth(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit' }).format(
    Date.now(),
  );
}

describe('wall /wall/main', () => {
  it('renders every widget with data and draws the map, without errors', async () => {
    const { page, errors } = await openWall('/wall/main', 1920, 1080);
    expect(await page.locator('[data-widget-id]').count()).toBe(16);
    await page.waitForSelector('[data-map-ready="true"]', { timeout: 45_000 });
    // Ready is the map's first frame; its layers may take a few more in software GL.
    await expect
      .poll(() => drawnShare(page, '[data-widget-type="map"] .map'), { timeout: 15_000 })
      .toBeGreaterThan(0.08);
    expect(await drawnShare(page, '[data-widget-id="reports-daily"] canvas')).toBeGreaterThan(0.02);
    await expect(page.locator('[data-widget-type="map"]').innerText()).resolves.toContain(
      'Ranh giới phường mang tính minh họa',
    );
    await expect(page.locator('[data-widget-type="map"]').innerText()).resolves.toContain(
      '© OpenStreetMap contributors',
    );
    await expect(page.locator('[data-simulated-badge]').innerText()).resolves.toMatch(/mô phỏng/i);
    await page.screenshot({ path: 'e2e/screenshots/wall-1920x1080.png' });
    expect(await layoutProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a posted announcement on the ticker and a posted KPI value on its tile', async () => {
    const { page, errors } = await openWall('/wall/main', 1920, 1080);
    const text = `Kiểm thử trực tiếp ${Date.now()}: <b>không phải HTML</b>`;
    await post({
      domain: 'announcements',
      kind: 'announcement.published',
      id: `e2e-${Date.now()}`,
      data: { announcementId: `e2e-${Date.now()}`, text: { vi: text, en: 'Live test' }, priority: 'high' },
    });
    await page.locator('[data-widget-type="ticker"]').getByText(text).first().waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-widget-type="ticker"] b').count()).toBe(0);

    await post({
      domain: 'kpi',
      kind: 'kpi.value',
      data: { code: 'trucks-waiting', period: currentMonth(), value: 4321 },
    });
    await page.locator('[data-widget-id="kpi-trucks"] .number', { hasText: '4.321' }).waitFor({ timeout: 10_000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('speaks English when asked, with the same city time', async () => {
    const { page, errors } = await openWall('/wall/main?lang=en', 1920, 1080);
    await expect(page.locator('h1').innerText()).resolves.toMatch(/city operations overview/i);
    await expect(page.locator('[data-widget-id="reports-on-time"] h2').innerText()).resolves.toMatch(/on-time rate/i);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each([
    [3840, 2160],
    [7680, 2160],
  ])('fills a %i×%i screen without scrolling, with type sized for the distance', async (width, height) => {
    const { page, errors } = await openWall('/wall/main', width, height);
    expect(await layoutProblems(page)).toEqual([]);
    const numberPx = await page
      .locator('[data-widget-id="reports-received"] .number')
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    // 2.6 em of a root that follows the screen height: ≥ 80 px on a 2160-line wall.
    expect(numberPx).toBeGreaterThanOrEqual(80);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('public LED panel /wall/led-dong-kinh', () => {
  it('shows public aggregates only and never downloads the map code', async () => {
    const { page, errors, requests } = await openWall('/wall/led-dong-kinh', 768, 384);
    expect(await layoutProblems(page)).toEqual([]);
    const mapOnly = mapOnlyChunks();
    expect(mapOnly.length).toBeGreaterThan(3);
    expect(requests.filter((url) => mapOnly.some((file) => url.endsWith(`/${file}`)))).toEqual([]);
    expect(await page.locator('[data-widget-type="map"]').count()).toBe(0);
    await page.screenshot({ path: 'e2e/screenshots/led-768x384.png' });
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('connection loss', () => {
  it('shows a banner while the server is down and resumes without reloading the page', async () => {
    const { page } = await openWall('/wall/main', 1920, 1080);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

    await server.stop();
    await page.waitForSelector('[data-connection="offline"][role="status"]', { timeout: 15_000 });
    await server.restart();
    await page.waitForSelector('[role="status"][data-connection="offline"]', { state: 'detached', timeout: 30_000 });

    const text = `Sau khởi động lại ${Date.now()}`;
    await post({
      domain: 'announcements',
      kind: 'announcement.published',
      data: {
        announcementId: `e2e-restart-${Date.now()}`,
        text: { vi: text, en: 'After restart' },
        priority: 'normal',
      },
    });
    await page.locator('[data-widget-type="ticker"]').getByText(text).first().waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    await page.close();
  });
});

describe('citizen reports dashboard /wall/phan-anh', () => {
  it('renders every widget and shows a report posted through Open311 within seconds', async () => {
    const { page, errors } = await openWall('/wall/phan-anh', 1920, 1080);
    expect(await page.locator('[data-widget-id]').count()).toBe(11);
    await page.waitForSelector('[data-map-ready="true"]', { timeout: 45_000 });
    expect(await layoutProblems(page)).toEqual([]);

    const title = `Open311 e2e ${Date.now()}: nắp cống bị mất`;
    const response = await fetch(`${server.url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        api_key: server.apiKey,
        service_code: 'drainage',
        lat: '21.8521',
        long: '106.7601',
        description: title,
        phone: '0900000000',
      }).toString(),
    });
    expect(response.status).toBe(201);
    const latest = page.locator('[data-widget-id="latest"]');
    await latest.getByText(title.slice(0, 30), { exact: false }).waitFor({ timeout: 10_000 });
    expect(await latest.innerText()).not.toContain('0900000000');
    await page.screenshot({ path: 'e2e/screenshots/reports-1920x1080.png' });
    expect(errors).toEqual([]);
    await page.close();
  });
});
