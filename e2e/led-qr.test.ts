/**
 * The LED panels carry the citizens' channel, in real Chromium against a real server: the QR code
 * is decoded back from the screenshot's pixels (jsQR) at 384×192 and 768×384 and leads to the
 * configured citizens' page; every figure has its unit, the call to action is there, and no public
 * panel speaks of internal thresholds. Screenshots go to docs/screenshots/led-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import jsQR from 'jsqr';
import { parse } from 'yaml';
import type { Browser, Page } from 'playwright-core';
import { ROOT, launchBrowser, startServer, type ServerProcess } from './harness';
import { decodePng } from './png';
import { layoutProblems, textProblems } from './layout';
import { widgetBodyBox } from '../display/wall/widget-box';

const SHOTS = path.join(ROOT, 'docs/screenshots');
const app = parse(readFileSync(path.join(ROOT, 'config/app.yaml'), 'utf8')) as { citizen: { publicUrl: string } };
const CITIZEN_PAGE = `${app.citizen.publicUrl}/phan-anh`;

/** Tomorrow, 11:00 city time (UTC+7): daylight on every panel (no night dimming, no blank hours). */
function lateMorningTomorrow(): number {
  const day = new Date(Date.now() + 86_400_000);
  return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 4, 0, 0);
}

let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startServer({ simulator: true, clockAt: lateMorningTomorrow() }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

async function open(url: string, width: number, height: number): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  await page.goto(url);
  return { page, errors };
}

/** Waits until the page shows `dashboard` with every widget live. */
function showing(page: Page, dashboard: string, timeout = 45_000): Promise<unknown> {
  return page.waitForFunction(
    (id) => {
      const wall = document.querySelector('[data-dashboard]');
      const frames = [...document.querySelectorAll('[data-widget-id]')];
      return (
        wall?.getAttribute('data-dashboard') === id &&
        frames.length > 0 &&
        frames.every((el) => el.getAttribute('data-state') === 'live') &&
        // The figures have their numbers, the code its drawing.
        [...document.querySelectorAll('[data-widget-type="kpi-tile"] .number')].every((el) =>
          /\d/.test(el.textContent ?? ''),
        ) &&
        [...document.querySelectorAll('[data-widget-type="qr-code"]')].every((el) => el.querySelector('svg'))
      );
    },
    dashboard,
    { timeout },
  );
}

/** Screenshots the page, saves it, and decodes the QR code from its pixels. */
async function shootAndDecode(page: Page, name: string): Promise<string | null> {
  const png = await page.screenshot();
  mkdirSync(SHOTS, { recursive: true });
  writeFileSync(path.join(SHOTS, name), png);
  const { width, height, data } = decodePng(png);
  return jsQR(new Uint8ClampedArray(data), width, height)?.data ?? null;
}

/** The QR code as drawn: its size on screen, whole pixels per module, and where it sits. */
function drawnCode(page: Page) {
  return page.evaluate(() => {
    const svg = document.querySelector('[data-widget-type="qr-code"] svg')!;
    const body = svg.closest('[data-widget-type]')!.querySelector('.body')!.getBoundingClientRect();
    const box = svg.getBoundingClientRect();
    return {
      width: box.width,
      height: box.height,
      modules: Number(svg.getAttribute('data-modules')),
      pixelsPerModule: Number(svg.getAttribute('data-pixels-per-module')),
      body: { width: body.width, height: body.height },
    };
  });
}

/** The call to action, no internal ratio, and everything readable: nothing cut, nothing under 11 px. */
async function expectCitizenPage(page: Page) {
  const text = await page.locator('body').innerText();
  expect(text).toContain('Quét mã để phản ánh');
  expect(text).not.toMatch(/so với ngưỡng|of the limit|kế hoạch|so với cùng kỳ/);
  expect(await layoutProblems(page)).toEqual([]);
  expect(await textProblems(page, { minFontPx: 11 })).toEqual([]);
  return text;
}

describe('LED panels carry the citizens’ channel', () => {
  it('384×192 (Kỳ Lừa market): the figures with units, then a QR code that decodes from the screenshot to the citizens’ page', async () => {
    const { page, errors } = await open(server.screenUrl('led-ky-lua'), 384, 192);
    await showing(page, 'led-384');
    const figures = await page.locator('[data-widget-type="kpi-tile"]').allInnerTexts();
    expect(figures).toHaveLength(2);
    // "94 phản ánh", never a bare "94".
    for (const figure of figures) expect(figure).toMatch(/\d[\d.]*\s*phản ánh/);
    expect(await textProblems(page, { minFontPx: 11 })).toEqual([]);
    await shootAndDecode(page, 'led-384-figures.png');

    await showing(page, 'led-384-qr');
    await expectCitizenPage(page);
    expect(await shootAndDecode(page, 'led-384-qr.png')).toBe(CITIZEN_PAGE);
    const code = await drawnCode(page);
    // P6 at 5 m: a symbol of 29 modules needs 3 LEDs per module; whole pixels, the quiet zone included.
    expect(code.modules).toBe(29);
    expect(code.pixelsPerModule).toBeGreaterThanOrEqual(3);
    expect(code.width).toBe((code.modules + 8) * code.pixelsPerModule);
    // The config check's estimate of the widget's room errs small, never large.
    const estimate = widgetBodyBox(
      [384, 192],
      'led',
      { columns: 1, rows: 1 },
      { area: { column: 1, row: 1, columns: 1, rows: 1 } },
    );
    expect(estimate.width).toBeLessThanOrEqual(code.body.width);
    expect(estimate.height).toBeLessThanOrEqual(code.body.height);
    expect(errors).toEqual([]);
  });

  it('768×384 (Đông Kinh market): the code shares the page with the figures and decodes from the screenshot', async () => {
    const { page, errors } = await open(server.screenUrl('led-dong-kinh'), 768, 384);
    await showing(page, 'public-led');
    await expectCitizenPage(page);
    for (const figure of await page.locator('[data-widget-type="kpi-tile"]').allInnerTexts())
      expect(figure).toMatch(/\d[\d.]*\s*phản ánh/);
    expect(await shootAndDecode(page, 'led-768-qr.png')).toBe(CITIZEN_PAGE);
    const code = await drawnCode(page);
    // P8 at 8 m: 800 mm over 29 modules of 8 mm LEDs → 4 per module at least.
    expect(code.pixelsPerModule).toBeGreaterThanOrEqual(4);
    expect(code.width).toBe((code.modules + 8) * code.pixelsPerModule);
    const estimate = widgetBodyBox(
      [768, 384],
      'led',
      { columns: 6, rows: 3 },
      { area: { column: 5, row: 1, columns: 2, rows: 3 } },
    );
    expect(estimate.width).toBeLessThanOrEqual(code.body.width);
    expect(estimate.height).toBeLessThanOrEqual(code.body.height);
    expect(errors).toEqual([]);
  });

  for (const [dashboard, [width, height], units] of [
    // Where and how long: the queue at each gate in km, the wait in hours.
    [
      'led-768-border',
      [768, 384],
      [
        /Hữu Nghị\s+\d+,\d\s*km/iu,
        /Tân Thanh\s+\d+,\d\s*km/iu,
        /Hữu Nghị: chờ\s+\d+,\d\s*giờ/iu,
        /Tân Thanh: chờ\s+\d+,\d\s*giờ/iu,
      ],
    ],
    ['led-768-traffic', [768, 384], [/\d+\s*sự cố/, /\d+\s*vụ/]],
    ['led-strip', [1920, 360], [/\d+\s*phản ánh/, /\d+,\d%/, /\d+\s*vụ/]],
  ] as const) {
    it(`${width}×${height} ${dashboard}: units on the figures, the call to action and a code that decodes`, async () => {
      const { page, errors } = await open(`${server.url}/view/${dashboard}?profile=led`, width, height);
      await showing(page, dashboard);
      const decoded = await shootAndDecode(page, `${dashboard}-qr.png`);
      const text = await expectCitizenPage(page);
      for (const unit of units) expect(text).toMatch(unit);
      expect(decoded).toBe(CITIZEN_PAGE);
      expect(errors).toEqual([]);
    });
  }
});
