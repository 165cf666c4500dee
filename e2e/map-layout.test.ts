/**
 * Every dashboard with a map, at 1920×1080 and at 4K: the map's key is beside or under the map
 * (never over a ward's name), set no smaller than the wall's smallest type, every ward named, and
 * the schematic roads, river and bridge credited. Screenshots go to docs/screenshots/map-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, signInContext, startServer, type ServerProcess } from './harness';
import { steadyLayout } from './layout';
import { loadConfig } from '../server/config/load-config';

const config = await loadConfig();
const withMap = [...config.dashboards.values()]
  .filter((dashboard) => dashboard.widgets.some((widget) => widget.type === 'map'))
  .map((dashboard) => dashboard.id);

const SIZES = [
  { name: '1080p', width: 1920, height: 1080, profile: 'wall' },
  { name: '4k', width: 3840, height: 2160, profile: '4k' },
] as const;

let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ simulator: true }), launchBrowser()]);
  context = await browser.newContext();
  await signInContext(server, context, 'leader');
  // Generous: the server and Chromium start slowly on a loaded 2-core machine.
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.dispose();
});

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

interface MapLook {
  minTypePx: number;
  keyFonts: Array<{ text: string; px: number }>;
  keyBox: Box | null;
  mapBox: Box;
  wardNames: Array<Box & { text: string }>;
  attribution: string;
}

/** What the first map of the page shows, in page pixels. */
function lookAtMap(page: Page): Promise<MapLook> {
  return page.evaluate(() => {
    const widget = document.querySelector('.map-widget')!;
    const area = widget.querySelector<HTMLElement>('.map-area')!;
    const rect = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    const mapBox = rect(area);
    const probe = document.createElement('div');
    probe.style.fontSize = 'var(--type-min)';
    document.body.append(probe);
    const minTypePx = parseFloat(getComputedStyle(probe).fontSize);
    probe.remove();
    const key = widget.querySelector('.key');
    const keyFonts = [...widget.querySelectorAll('.key li span, .key .attribution > *')]
      .filter((el) => el.getClientRects().length > 0 && (el.textContent ?? '').trim() !== '')
      .map((el) => ({
        text: (el.textContent ?? '').trim().slice(0, 30),
        px: parseFloat(getComputedStyle(el).fontSize),
      }));
    const names = JSON.parse(area.dataset.areaLabels ?? '[]') as Array<Box & { text: string }>;
    return {
      minTypePx,
      keyFonts,
      keyBox: key ? rect(key) : null,
      mapBox,
      wardNames: names.map((n) => ({
        text: n.text,
        left: n.left + mapBox.left,
        right: n.right + mapBox.left,
        top: n.top + mapBox.top,
        bottom: n.bottom + mapBox.top,
      })),
      attribution: widget.querySelector('.attribution')?.textContent ?? '',
    };
  });
}

const overlap = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('maps of every dashboard', () => {
  const cases = withMap.flatMap((id) => SIZES.map((size) => [id, size.name, size] as const));
  it.each(cases)(
    '%s at %s: key beside or under the map, legible, every ward named',
    async (id, name, size) => {
      const page = await context.newPage();
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto(`${server.url}/view/${id}?profile=${size.profile}`);
      await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
      await steadyLayout(page);
      const look = await lookAtMap(page);
      await page.screenshot({ path: `docs/screenshots/map-${id}-${name}.png` });

      // The wall's smallest type: 0.8 of the root, never under 12 px.
      expect(look.minTypePx).toBeGreaterThanOrEqual(12);
      expect(look.keyFonts.filter((font) => font.px < look.minTypePx - 0.05)).toEqual([]);
      // The key takes its own room: it covers neither the map nor a ward's name.
      if (look.keyBox) {
        expect(overlap(look.keyBox, look.mapBox)).toBe(false);
        expect(look.wardNames.filter((ward) => overlap(ward, look.keyBox!)).map((ward) => ward.text)).toEqual([]);
      }
      // Every ward of the city named (four since July 2025), each inside the map.
      expect(look.wardNames.map((ward) => ward.text).sort()).toEqual([
        'Kỳ Lừa',
        'Lương Văn Tri',
        'Tam Thanh',
        'Đông Kinh',
      ]);
      for (const ward of look.wardNames) {
        expect(ward.left).toBeGreaterThanOrEqual(look.mapBox.left);
        expect(ward.right).toBeLessThanOrEqual(look.mapBox.right);
      }
      expect(look.attribution).toContain('Schematic roads, river, bridge');
      await page.close();
    },
    180_000,
  );
});
