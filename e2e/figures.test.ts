/**
 * The leaders' briefing dashboards at 1920×1080, as a leader opens them (`/view/<id>`): every
 * widget live, then a screenshot per dashboard (`docs/screenshots/figures-<stage>-<id>.png`,
 * `FIGURES_STAGE` = before | after) to check colours, running periods and axes by eye.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, signInContext, startServer, type ServerProcess } from './harness';

const stage = process.env.FIGURES_STAGE ?? 'after';
let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ simulator: true }), launchBrowser()]);
  context = await browser.newContext();
  await signInContext(server, context, 'leader');
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.dispose();
});

describe('briefing dashboards', () => {
  // The map draws in software WebGL on a busy test machine: it gets minutes, not seconds.
  it.each(['main', 'socio-economy', 'reports'])('%s draws every widget live', { timeout: 240_000 }, async (id) => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${server.url}/view/${id}?profile=briefing`);
    await page.waitForSelector('[data-widget-id]');
    await page.waitForFunction(
      () => [...document.querySelectorAll('[data-widget-id]')].every((el) => el.getAttribute('data-state') === 'live'),
      null,
      { timeout: 45_000 },
    );
    if (await page.locator('[data-widget-type="map"]').count())
      await page.waitForSelector('[data-map-ready="true"]', { timeout: 150_000 });
    // Charts animate in on a wall: wait until ECharts has drawn its canvases.
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.chart')].every((el) => el.querySelector('canvas')),
    );
    await page.screenshot({ path: `docs/screenshots/figures-${stage}-${id}.png`, animations: 'disabled' });
    expect(await page.locator('[data-widget-id]').count()).toBeGreaterThan(0);
    await page.close();
  });
});
