/**
 * A leader replays a past moment on /view/main: the moment in large type, the band that says it is
 * the past, the figures of then (a KPI posted after the moment is not in it), play forward, and
 * "Trực tiếp / Live" back to the live page. The page opens no socket while replaying. A public
 * viewer replaying a public dashboard gets its public topics only (the page and the HTTP route),
 * and a moment before the first event says so instead of drawing a blank dashboard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, ROOT, signInContext, startServer, type ServerProcess } from './harness';
import { formatDate, formatTime } from '../server/protocol/format/format';

const TZ = 'Asia/Ho_Chi_Minh';
let server: ServerProcess;
let browser: Browser;
let leader: BrowserContext;

function currentMonth(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit' }).format(Date.now());
}

async function postTrucks(value: number): Promise<void> {
  const response = await fetch(`${server.url}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.apiKey}` },
    body: JSON.stringify({
      domain: 'kpi',
      kind: 'kpi.value',
      data: { code: 'trucks-waiting', period: currentMonth(), value },
    }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

/** The moment the page shows, from its `data-moment`. */
const shownMoment = async (page: Page) => Number(await page.locator('[data-replay]').getAttribute('data-moment'));

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ simulator: true }), launchBrowser()]);
  leader = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  await signInContext(server, leader, 'leader');
});

afterAll(async () => {
  await leader?.close();
  await browser?.close();
  await server?.dispose();
});

describe('the replay player on /view', () => {
  it('shows the figures of then, plays forward, and goes back to live', async () => {
    await postTrucks(1111);
    // The moment: after the first figure was accepted, before the second one.
    const moment = Date.now();
    while (Date.now() <= moment) await new Promise((resolve) => setImmediate(resolve));
    await postTrucks(4321);

    const page = await leader.newPage();
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    await page.goto(`${server.url}/view/main?at=${moment}`);
    await page.waitForSelector('[data-replay] [data-widget-id="kpi-trucks"]');

    // The past, said in words and in large type.
    await expect(page.locator('[data-replay-band]').innerText()).resolves.toMatch(/XEM LẠI — KHÔNG PHẢI TRỰC TIẾP/i);
    const momentText = await page.locator('[data-replay-moment]').innerText();
    expect(momentText).toContain(formatDate(moment, 'vi', TZ));
    expect(momentText).toContain(formatTime(moment, 'vi', TZ));
    const momentPx = await page
      .locator('[data-replay-moment]')
      .evaluate((node) => parseFloat(getComputedStyle(node).fontSize));
    expect(momentPx).toBeGreaterThanOrEqual(40);

    // The figure of then, not the one posted after it.
    await page.locator('[data-widget-id="kpi-trucks"] .number', { hasText: '1.111' }).waitFor({ timeout: 15_000 });
    expect(await shownMoment(page)).toBe(moment);
    // The export follows the moment shown.
    expect(await page.locator('[data-export-pdf]').getAttribute('href')).toContain('?at=');
    await page.screenshot({ path: path.join(ROOT, 'docs/screenshots/replay-player-1080.png') });

    // Play forward at ×60: the moment advances by itself, up to the server's now at most.
    await page.click('[data-replay-speed="60"]');
    await page.click('[data-replay-play]');
    await page.waitForFunction(
      (before) => Number(document.querySelector('[data-replay]')?.getAttribute('data-moment')) > before,
      moment,
      { timeout: 30_000 },
    );
    expect(await shownMoment(page)).toBeLessThanOrEqual(Date.now());
    // Once past the second figure's acceptance, the replay shows it too, as live did then.
    await page.locator('[data-widget-id="kpi-trucks"] .number', { hasText: '4.321' }).waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).searchParams.get('at')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(sockets).toEqual([]); // nothing live while replaying

    // Back to live.
    await page.click('[data-replay-live]');
    await page.waitForSelector('.wall[data-connection="online"] [data-widget-id="kpi-trucks"]');
    expect(new URL(page.url()).search).toBe('');
    expect(await page.locator('[data-replay-band]').count()).toBe(0);
    await page.locator('[data-widget-id="kpi-trucks"] .number', { hasText: '4.321' }).waitFor({ timeout: 15_000 });
    await page.close();
  }, 180_000);

  it('is drawn at 4K, as readable from across the room', async () => {
    const context = await browser.newContext({ viewport: { width: 3840, height: 2160 } });
    await context.addCookies(await leader.cookies(server.url));
    const page = await context.newPage();
    await page.goto(`${server.url}/view/main?at=${Date.now() - 5_000}`);
    await page.waitForSelector('[data-replay] [data-widget-id="kpi-trucks"] .number');
    const momentPx = await page
      .locator('[data-replay-moment]')
      .evaluate((node) => parseFloat(getComputedStyle(node).fontSize));
    expect(momentPx).toBeGreaterThanOrEqual(80);
    await page.screenshot({ path: path.join(ROOT, 'docs/screenshots/replay-player-4k.png') });
    await context.close();
  }, 120_000);

  it('a moment before the first event says so, with the way back to live', async () => {
    const page = await leader.newPage();
    await page.goto(`${server.url}/view/main?at=2001-01-01T08:00`);
    const refusal = page.locator('[data-replay-refusal]');
    await refusal.waitFor();
    await expect(refusal.innerText()).resolves.toContain('chưa có dữ liệu');
    expect(await page.locator('[data-replay] [data-widget-id]').count()).toBe(0);
    expect(await page.locator('[data-replay-live]').getAttribute('href')).toBe('/view/main');
    await page.close();
  });

  it('a public viewer replaying a public dashboard gets public topics only', async () => {
    // Which topics are internal: as the signed-in leader's setup of main lists them.
    const cookie = (await leader.cookies(server.url)).map((c) => `${c.name}=${c.value}`).join('; ');
    const setup = (await (
      await fetch(`${server.url}/api/v1/dashboards/main/setup`, { headers: { cookie } })
    ).json()) as {
      topics: Array<{ name: string; audience: string }>;
    };
    const internal = new Set(setup.topics.filter((topic) => topic.audience === 'internal').map((topic) => topic.name));
    expect(internal.size).toBeGreaterThan(0);

    const at = Date.now() - 2_000;
    const anonymousMain = await fetch(`${server.url}/api/v1/replay?dashboard=main&at=${at}`);
    expect(anonymousMain.status).toBe(401);

    const context = await browser.newContext({ viewport: { width: 768, height: 384 } });
    const page = await context.newPage();
    const replayed: string[] = [];
    page.on('response', async (response) => {
      if (!response.url().includes('/api/v1/replay')) return;
      const body = (await response.json().catch(() => null)) as { topics?: Array<{ topic: string }> } | null;
      for (const topic of body?.topics ?? []) replayed.push(topic.topic);
    });
    await page.goto(`${server.url}/view/public-led?at=${at}`);
    await page.waitForSelector('[data-replay] [data-widget-id]');
    await page.waitForFunction(() => document.querySelector('[data-replay]')?.getAttribute('data-moment'));
    expect(replayed.length).toBeGreaterThan(0);
    expect(replayed.filter((topic) => internal.has(topic))).toEqual([]);

    // The same at HTTP level, without a browser.
    const answer = await fetch(`${server.url}/api/v1/replay?dashboard=public-led&at=${at}`);
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { topics: Array<{ topic: string }> };
    expect(body.topics.length).toBeGreaterThan(0);
    expect(body.topics.filter((topic) => internal.has(topic.topic))).toEqual([]);
    await context.close();
  });
});
