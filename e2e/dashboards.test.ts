/**
 * Every dashboard in `config/dashboards/` opened in real Chromium, as a signed-in leader would
 * open it for a briefing (`/view/<id>`), at the size of the screen that shows it: every widget
 * live with something drawn, nothing outside the screen, no console error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, signInContext, startServer, type ServerProcess } from './harness';
import { emptyWidgets, layoutProblems, steadyLayout, textProblems } from './layout';
import { loadConfig } from '../server/config/load-config';
import { TWO_LINE_TITLE_ROOM } from '../widgets/fit-text';

const config = await loadConfig();
// Camera dashboards stream from cameras this test does not run: e2e/cameras.test.ts serves them.
const dashboards = [...config.dashboards.values()].filter(
  (dashboard) => !dashboard.widgets.some((widget) => widget.type === 'camera'),
);

/**
 * The resolution of a screen (not a wall's tile) that shows the dashboard, itself or in its
 * playlist (the smallest, where several do: a 384×192 panel is the hardest to fit); else a 768×384 LED panel for a small
 * public grid (built for panels), a 1080p briefing screen for the rest.
 */
function viewportOf(dashboardId: string): { width: number; height: number; profile: string } {
  const shows = (candidate: { dashboard?: string; playlist?: string }) =>
    candidate.dashboard === dashboardId ||
    (candidate.playlist !== undefined &&
      !!config.playlists.get(candidate.playlist)?.items.some((item) => item.dashboard === dashboardId));
  const screen = [...config.screens.values()]
    // A wall's tile draws the whole wall's canvas, not a dashboard at its own size.
    .filter((candidate) => !candidate.tile && shows(candidate))
    .sort((a, b) => a.resolution[0] - b.resolution[0])[0];
  const dashboard = config.dashboards.get(dashboardId)!;
  const panel = dashboard.audience === 'public' && dashboard.grid.columns <= 6;
  const [width, height] = screen?.resolution ?? (panel ? [768, 384] : [1920, 1080]);
  return { width, height, profile: screen?.profile ?? (panel ? 'led' : 'briefing') };
}

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

describe('every default dashboard', () => {
  it.each(dashboards.map((dashboard) => [dashboard.id, dashboard.audience]))(
    '%s (%s) renders live with no empty widget and no error',
    async (id) => {
      const page = await context.newPage();
      const { width, height, profile } = viewportOf(id);
      await page.setViewportSize({ width, height });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console: ${message.text()}`);
      });
      await page.goto(`${server.url}/view/${id}?profile=${profile}`);
      await page.waitForSelector('[data-widget-id]');
      try {
        await page.waitForFunction(
          () =>
            [...document.querySelectorAll('[data-widget-id]')].every((el) => el.getAttribute('data-state') === 'live'),
          null,
          { timeout: 45_000 },
        );
      } catch (error) {
        const states = await page.$$eval('[data-widget-id]', (frames) =>
          frames.map((f) => `${f.getAttribute('data-widget-id')}=${f.getAttribute('data-state')}`),
        );
        throw new Error(`not every widget went live: ${states.join(', ')}`, { cause: error });
      }
      if (await page.locator('[data-widget-type="map"]').count())
        await page.waitForSelector('[data-map-ready="true"]', { timeout: 45_000 });
      await steadyLayout(page);
      await page.screenshot({ path: `e2e/screenshots/dashboard-${id}.png` });
      expect(await layoutProblems(page)).toEqual([]);
      expect(await emptyWidgets(page)).toEqual([]);
      // No text cut off or outside its screen, none too small to read (an LED's 11 rows the least).
      // Nor a title cut where its short title, or a second line, would have fitted.
      const titles = Object.fromEntries(
        config.dashboards
          .get(id)!
          .widgets.filter((widget) => widget.title)
          .map((widget) => [widget.id, [widget.title!.vi, ...(widget.shortTitle ? [widget.shortTitle.vi] : [])]]),
      );
      expect(
        await textProblems(page, { minFontPx: profile === 'led' ? 11 : 10, titles, twoLineRoom: TWO_LINE_TITLE_ROOM }),
      ).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    },
  );

  it('keeps internal dashboards from anybody not signed in, and opens public ones', async () => {
    const anonymous = await browser.newPage();
    const internal = dashboards.find((dashboard) => dashboard.audience === 'internal')!;
    await anonymous.goto(`${server.url}/view/${internal.id}`);
    await anonymous.waitForSelector('[data-state="error"]');
    expect(await anonymous.innerText('body')).toContain('đăng nhập');
    const open = dashboards.find((dashboard) => dashboard.audience === 'public')!;
    await anonymous.goto(`${server.url}/view/${open.id}`);
    await anonymous.waitForSelector('[data-widget-id]');
    await anonymous.close();
  });
});
