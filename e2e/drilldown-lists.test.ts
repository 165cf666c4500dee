/**
 * Drill down from lists on `/view` (issue 14): a leader opens a department from a ranking with the
 * keyboard (Tab to its row, Enter) and an exception from "Cần chú ý ngay"; the panel shows the
 * whole ranking, or the exception's figure, limit and since when beside the indicator's history.
 * A public `/view` gets no items. Screenshots at 1920×1080 go to docs/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, signInContext, startServer, type ServerProcess } from './harness';
import { cutRankingLabels, steadyLayout } from './layout';

let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ simulator: true }), launchBrowser()]);
  context = await browser.newContext();
  await signInContext(server, context, 'leader');
}, 240_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.dispose();
});

async function openView(dashboard: string, ctx: BrowserContext = context): Promise<{ page: Page; errors: string[] }> {
  const page = await ctx.newPage();
  page.setDefaultTimeout(120_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  await page.goto(`${server.url}/view/${dashboard}`);
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-widget-id]')].every((el) => el.getAttribute('data-state') === 'live'),
    null,
    { timeout: 120_000 },
  );
  return { page, errors };
}

describe('drill down from a ranking and from an exception', { timeout: 600_000 }, () => {
  it('a department of a ranking opens by keyboard: Tab to the row, Enter; the panel holds the whole ranking', async () => {
    const { page, errors } = await openView('overview');
    const first = page.locator('[data-ranking-row]').first();
    await first.waitFor({ timeout: 120_000 });
    const name = await first.getAttribute('aria-label');
    expect(name).toMatch(/^1\. .+: .+ — mở chi tiết$/);
    await first.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-detail-panel][data-state="ready"]', { timeout: 30_000 });
    const scope = (await page.textContent('[data-detail-scope]'))!;
    expect(name).toContain(scope.trim());
    expect(await page.locator('[data-breakdown="ranking"] li').count()).toBeGreaterThan(1);
    expect(await page.textContent('[data-history-missing]')).toContain('chỉ giữ số liệu hiện tại');
    await steadyLayout(page);
    // The dashboard narrowed beside the panel stays readable: no name cut down to a letter or three.
    expect(await cutRankingLabels(page)).toEqual([]);
    await page.screenshot({ path: 'docs/screenshots/drilldown-ranking.png', timeout: 180_000 });
    await page.setViewportSize({ width: 3840, height: 2160 });
    await steadyLayout(page);
    expect(await cutRankingLabels(page)).toEqual([]);
    await page.screenshot({ path: 'docs/screenshots/drilldown-ranking-4k.png', timeout: 180_000 });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-detail-panel]', { state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-ranking-row'))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an exception on /view/main opens with its figure, its limit or usual, since when, and the history', async () => {
    const { page, errors } = await openView('main');
    const row = page.locator('[data-widget-id="attention"] button').first();
    await row.waitFor({ timeout: 180_000 });
    await row.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-detail-panel][data-state="ready"]', { timeout: 30_000 });
    expect(await page.locator('[data-detail-exception]').count()).toBe(1);
    expect(await page.textContent('[data-exception-figure]')).toMatch(/\d/);
    expect(await page.textContent('[data-exception-reference]')).toMatch(/ngưỡng|thường lệ|giới hạn/);
    expect(await page.textContent('[data-exception-since]')).toMatch(/^từ \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/);
    // The indicator's history, or said in words that only the present is kept.
    const bars = await page.locator('[data-detail-panel] svg rect').count();
    const missing = await page.locator('[data-history-missing]').count();
    expect(bars > 0 || missing === 1).toBe(true);
    await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 }).catch(() => undefined);
    await steadyLayout(page);
    await page.screenshot({ path: 'docs/screenshots/drilldown-exception.png', timeout: 180_000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a public /view: a ranking row opens with public data only, never items', async () => {
    const anonymous = await browser.newContext();
    const { page } = await openView('admin-public', anonymous);
    const first = page.locator('[data-ranking-row]').first();
    await first.waitFor({ timeout: 120_000 });
    await first.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-detail-panel][data-state="ready"]', { timeout: 30_000 });
    expect(await page.locator('[data-items-internal]').count()).toBe(1);
    expect(await page.locator('[data-detail-items]').count()).toBe(0);
    await anonymous.close();
  });
});
