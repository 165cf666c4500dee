/**
 * /view/overview with the detail panel open (the map's tile narrows and turns tall): the wards
 * are still drawn and fitted, and the key under the map leaves the city at least half the tile.
 * Screenshots go to docs/screenshots/overview-panel-*.png.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { startSignedIn, type ServerProcess } from './harness';
import { steadyLayout } from './layout';

const SIZES = [
  { name: '1080p', width: 1920, height: 1080 },
  { name: '4k', width: 3840, height: 2160 },
] as const;

let server: ServerProcess;
let context: BrowserContext;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ server, context, close } = await startSignedIn('leader'));
  // Generous: the server and Chromium start slowly on a loaded 2-core machine.
}, 180_000);

afterAll(async () => {
  await close?.();
});

describe('/view/overview with the detail panel open', { timeout: 600_000 }, () => {
  for (const size of SIZES) {
    it(`the map keeps its wards, fitted, and most of its tile at ${size.name}`, async () => {
      const page = await context.newPage();
      // Closed whatever happens: a page left open keeps its WebGL busy and starves the next size.
      onTestFinished(() => page.close());
      // A software-rendered map on a loaded 2-core machine starves the page of frames for long spells.
      page.setDefaultTimeout(120_000);
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto(`${server.url}/view/overview`);
      await page.waitForSelector('.map-widget.selectable[data-map-ready="true"]', { timeout: 180_000 });

      const tile = page.locator('[data-widget-id="grdp"] [role="button"]');
      await tile.focus();
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-detail-panel][data-state="ready"]', { timeout: 30_000 });
      await steadyLayout(page);

      const read = () =>
        page.evaluate(() => {
          const widget = document.querySelector<HTMLElement>('.map-widget')!;
          const area = widget.querySelector<HTMLElement>('.map-area')!;
          const canvas = widget.querySelector<HTMLCanvasElement>('.maplibregl-canvas')!;
          const names = JSON.parse(area.dataset.areaLabels ?? '[]') as Array<{
            text: string;
            left: number;
            top: number;
            right: number;
            bottom: number;
          }>;
          // The basemap's pixel under each ward's name: the choropleth's fill, not the background.
          const copy = document.createElement('canvas');
          copy.width = canvas.width;
          copy.height = canvas.height;
          const context2d = copy.getContext('2d')!;
          context2d.drawImage(canvas, 0, 0);
          const scale = canvas.width / canvas.clientWidth;
          const fills = names.map((name) => {
            const x = Math.round(((name.left + name.right) / 2) * scale);
            const y = Math.round((name.top - 2) * scale);
            return [...context2d.getImageData(x, y, 1, 1).data.slice(0, 3)];
          });
          const background = [...context2d.getImageData(1, 1, 1, 1).data.slice(0, 3)];
          return {
            widgetHeight: widget.clientHeight,
            map: { width: area.clientWidth, height: area.clientHeight },
            key: widget.querySelector<HTMLElement>('.key')!.dataset.key,
            names,
            fills,
            background,
          };
        });
      // The panel's opening resized the map, and a resized WebGL canvas is empty until MapLibre's
      // next frame (a full run on a busy machine read it all black): wait for a drawn frame.
      const drawn = (candidate: Awaited<ReturnType<typeof read>>) =>
        candidate.fills.every((fill) => fill.join() !== candidate.background.join());
      let look = await read();
      for (const deadline = Date.now() + 15_000; !drawn(look) && Date.now() < deadline; look = await read())
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));

      // The city gets at least half the tile; the key, shortened as needed, the rest.
      expect(look.map.height, JSON.stringify(look)).toBeGreaterThanOrEqual(look.widgetHeight / 2);
      // Fitted: all four wards named inside the map, spread over a fair share of it (before the
      // fit the city is a small cluster in a corner).
      expect(look.names.map((name) => name.text).sort()).toHaveLength(4);
      for (const name of look.names) {
        expect(name.left).toBeGreaterThanOrEqual(0);
        expect(name.right).toBeLessThanOrEqual(look.map.width);
        expect(name.top).toBeGreaterThanOrEqual(0);
        expect(name.bottom).toBeLessThanOrEqual(look.map.height);
      }
      const spread = Math.max(...look.names.map((n) => n.bottom)) - Math.min(...look.names.map((n) => n.top));
      expect(spread, JSON.stringify(look.names)).toBeGreaterThanOrEqual(look.map.height * 0.15);
      // Drawn: under each name the ward's fill, not the empty background.
      for (const fill of look.fills) expect(fill, JSON.stringify(look)).not.toEqual(look.background);

      await page.screenshot({ path: `docs/screenshots/overview-panel-${size.name}.png` });
    });
  }
});
