/**
 * The citizens' app `/phan-anh` on a phone (390×844) in real Chromium against a real server: a
 * report with a photo (EXIF GPS inside) and a map tap gets its code; the operator approves it and
 * the department responds over the API; the citizen follows it, sees the response and rates it;
 * the rating moves the satisfaction tile on the wall live; the photo served publicly carries no
 * EXIF. Offline: a report written without network is kept and sent once when the phone is back.
 * Screenshots in docs/screenshots/citizen-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  ROOT,
  launchBrowser,
  openScreenPage,
  sessionHeaders,
  signInContext,
  startServer,
  type ServerProcess,
} from './harness';

let server: ServerProcess;
let browser: Browser;
let operator: BrowserContext;
let configDir: string;
const errors: string[] = [];
const SHOTS = 'docs/screenshots';
const PHONE = { width: 390, height: 844 };

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // A proof of work of a few bits: the worker's search is real, only short.
  configDir = mkdtempSync(path.join(tmpdir(), 'ioc-citizen-config-'));
  cpSync(path.join(ROOT, 'config'), configDir, { recursive: true });
  const appYaml = path.join(configDir, 'app.yaml');
  writeFileSync(appYaml, readFileSync(appYaml, 'utf8').replace(/powDifficulty: \d+/, 'powDifficulty: 6'));
  [server, browser] = await Promise.all([
    startServer({ simulator: false, env: { IOC_CONFIG_DIR: configDir } }),
    launchBrowser(),
  ]);
  operator = await browser.newContext();
  await signInContext(server, operator, 'operator');
});

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  rmSync(configDir, { recursive: true, force: true });
});

async function phone(options: { geolocation?: { latitude: number; longitude: number } } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
    locale: 'vi-VN',
    ...(options.geolocation ? { geolocation: options.geolocation, permissions: ['geolocation'] } : {}),
  });
  const page = await context.newPage();
  page.once('close', () => context.close().catch(() => undefined));
  page.on('pageerror', (error) => errors.push(`citizen pageerror: ${error.message}`));
  return page;
}

/** A photo as a phone takes it: 2400×1800 JPEG whose EXIF names the device and where it was. */
async function phonePhoto(): Promise<Buffer> {
  const scene = `<svg xmlns="http://www.w3.org/2000/svg" width="2400" height="1800">
    <rect width="2400" height="1800" fill="#8a9099"/>
    <rect y="0" width="2400" height="520" fill="#9cc3e6"/>
    <rect x="1050" y="520" width="300" height="1280" fill="#f5f5f0" opacity="0.5"/>
    <ellipse cx="1250" cy="1250" rx="520" ry="230" fill="#3b3f45"/>
    <ellipse cx="1250" cy="1230" rx="430" ry="170" fill="#5b4a3a"/>
  </svg>`;
  return sharp(Buffer.from(scene))
    .jpeg({ quality: 85 })
    .withExif({
      IFD0: { Make: 'E2E Phone', Model: 'Camera 1' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '21/1 51/1 1234/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '106/1 45/1 2900/100',
      },
    })
    .toBuffer();
}

async function api(method: string, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(await sessionHeaders(server, operator)) },
    body: JSON.stringify(body),
  });
  expect(response.status, `${method} ${path}: ${await response.clone().text()}`).toBe(200);
  return response.json();
}

async function moderationItems(): Promise<{ id: string; description: string }[]> {
  const response = await fetch(`${server.url}/api/v1/reports/moderation-queue`, {
    headers: await sessionHeaders(server, operator),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: { id: string; description: string }[] }).items;
}

describe("the citizens' app on a phone", () => {
  it('reports with a photo and a map tap, follows the handling, rates it, and the wall shows the rating live', async () => {
    const original = await phonePhoto();
    expect((await sharp(original).metadata()).exif?.toString('latin1')).toContain('E2E Phone');

    const page = await phone();
    await page.goto(`${server.url}/phan-anh`);
    await page.locator('[data-category="road-damage"]').check();
    await page.locator('#description').fill('Ổ gà sâu khoảng 20 cm trước cổng trường, xe máy dễ ngã khi trời mưa.');
    await page
      .locator('[data-photo-input]')
      .setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: original });
    await page.locator('[data-thumb] img').waitFor();
    await page.locator('[data-open-map]').click();
    // The basemap drawn before the tap: the wards' boundaries from this server, no internet tiles.
    await page.locator('[data-picker-map][data-map-state="drawn"] canvas').waitFor();
    await page.locator('[data-picker-map] canvas').tap({ position: { x: 180, y: 150 } });
    const place = await page.locator('[data-place]').getAttribute('data-place');
    const [lat, lon] = place!.split(',').map(Number) as [number, number];
    expect(lat).toBeGreaterThan(21.7);
    expect(lat).toBeLessThan(22);
    expect(lon).toBeGreaterThan(106.6);
    expect(lon).toBeLessThan(106.9);
    // The form's text inputs are 16 px (no zoom on iOS) and its targets at least 44 px.
    const sizes = await page.evaluate(() => ({
      fonts: [...document.querySelectorAll<HTMLElement>('input:not([type=radio]):not([type=checkbox]), textarea')]
        .filter((el) => el.offsetParent !== null)
        .map((el) => parseFloat(getComputedStyle(el).fontSize)),
      targets: [...document.querySelectorAll<HTMLElement>('form button, .choice')].map(
        (el) => el.getBoundingClientRect().height,
      ),
    }));
    expect(Math.min(...sizes.fonts)).toBeGreaterThanOrEqual(16);
    expect(Math.min(...sizes.targets)).toBeGreaterThanOrEqual(44);
    // The submit button stays within the thumb's reach at the bottom of the screen.
    const submitBox = await page.locator('[data-submit]').boundingBox();
    expect(submitBox!.y + submitBox!.height).toBeLessThanOrEqual(PHONE.height);
    await page.screenshot({ path: `${SHOTS}/citizen-form.png`, fullPage: true });

    await page.locator('[data-submit]').click();
    const code = (await page.locator('[data-code]').innerText()).trim();
    expect(code).toMatch(/^LS-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await page.locator('[data-tracking-link]').getAttribute('href')).toBe(`${server.url}/phan-anh/${code}`);
    await page.screenshot({ path: `${SHOTS}/citizen-code.png` });

    // The operator approves it; the department accepts and responds (as the entry pages would).
    const view = (await (await fetch(`${server.url}/api/citizen/reports/${code}`)).json()) as { reportId: string };
    const id = view.reportId;
    await api('POST', `/api/v1/reports/${id}/moderation`, { approve: true });

    // Somebody else reports the same pothole from where it is: told it is already reported, with a
    // link to follow that report read-only.
    const other = await phone({ geolocation: { latitude: lat, longitude: lon } });
    await other.goto(`${server.url}/phan-anh?lang=en`);
    await other.locator('[data-category="road-damage"]').check();
    await other.locator('#description').fill('Pothole outside the school gate.');
    await other.locator('[data-my-location]').click();
    await other.locator('[data-place]').waitFor();
    await other.locator('[data-submit]').click();
    await other.locator('[data-duplicate-link]').click();
    await other.waitForURL(`**/phan-anh/theo-doi/${id}?lang=en`);
    await expect.poll(() => other.locator('[data-status-text]').innerText()).not.toBe('');
    expect(await other.locator('[data-rating-form]').count()).toBe(0);
    expect(await other.locator('[data-tracking]').innerText()).toContain("following someone else's report");
    await other.close();

    await api('POST', `/api/v1/reports/${id}/assign`, {});
    await api('POST', `/api/v1/reports/${id}/accept`, {});
    await api('POST', `/api/v1/reports/${id}/respond`, { text: 'Đã vá ổ gà bằng bê tông nhựa nóng sáng nay.' });

    const wall = await openScreenPage(browser, server, errors, 'main', 1920, 1080);
    const tile = wall.locator('[data-widget-id="reports-satisfaction"]');
    await tile.waitFor();
    const before = await tile.innerText();

    await page.locator('[data-follow]').click();
    await page.waitForURL(`**/phan-anh/${code}`);
    await expect.poll(() => page.locator('[data-response-text]').innerText()).toContain('Đã vá ổ gà');
    await page.locator('[data-star="5"]').click();
    await page.locator('#comment').fill('Xử lý nhanh, cảm ơn.');
    await page.screenshot({ path: `${SHOTS}/citizen-tracking.png`, fullPage: true });
    await page.locator('[data-send-rating]').click();
    await page.locator('[data-rated="5"]').waitFor();
    // The only rating so far, five stars: satisfied, 100 %, pushed to the open wall page.
    await expect.poll(() => tile.innerText(), { timeout: 30_000 }).toMatch(/100/);
    expect(before).not.toMatch(/100/);

    // The photo as the public sees it: no EXIF at all, smaller than the phone's.
    const photoUrl = await page.locator('[data-report-photo]').first().getAttribute('src');
    const served = Buffer.from(await (await fetch(new URL(photoUrl!, server.url))).arrayBuffer());
    const meta = await sharp(served).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(1600);

    await wall.close();

    await page.close();
    expect(errors).toEqual([]);
  });

  it('keeps a report written offline and sends it once when the phone is back online', async () => {
    const page = await phone({ geolocation: { latitude: 21.8451, longitude: 106.7702 } });
    await page.goto(`${server.url}/phan-anh`);
    await page.locator('[data-category="street-lighting"]').waitFor();
    // The service worker keeps the app, so it opens again without network.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.waitForFunction(async () => {
      const files = [
        ...[...document.querySelectorAll<HTMLScriptElement>('script[src]')].map((el) => el.src),
        ...[...document.querySelectorAll<HTMLLinkElement>('link[rel=stylesheet], link[rel=modulepreload]')].map(
          (el) => el.href,
        ),
      ];
      const kept = await Promise.all(files.map((file) => caches.match(file)));
      return (
        navigator.serviceWorker.controller !== null &&
        kept.every(Boolean) &&
        (await caches.match('/phan-anh')) !== undefined
      );
    });
    await page.context().setOffline(true);
    await page.reload();
    await page.locator('[data-category="street-lighting"]').check();
    const description = `Đèn đường tắt cả đoạn phố, ghi lúc mất mạng ${Date.now()}`;
    await page.locator('#description').fill(description);
    await page.locator('[data-my-location]').click();
    await page.locator('[data-place="21.84510,106.77020"]').waitFor();
    await page.locator('[data-submit]').click();
    await expect.poll(() => page.locator('[data-saved-offline]').innerText()).toContain('sẽ gửi khi có mạng');
    await page.locator('[data-my-reports] [data-waiting]').waitFor();
    expect((await moderationItems()).filter((item) => item.description === description)).toHaveLength(0);

    await page.context().setOffline(false);
    const code = (await page.locator('[data-code]').innerText()).trim();
    expect(code).toMatch(/^LS-/);
    await page.locator(`[data-my-report="${code}"]`).waitFor();
    expect(await page.locator('[data-my-reports] [data-waiting]').count()).toBe(0);
    // Another page load flushes the outbox again: nothing is left to send, nothing is sent twice.
    await page.reload();
    await page.locator(`[data-my-report="${code}"]`).waitFor();
    const outbox = await page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('ioc-citizen', 1);
          open.onsuccess = () => {
            const count = open.result.transaction('outbox').objectStore('outbox').count();
            count.onsuccess = () => resolve(count.result);
            count.onerror = () => reject(count.error);
          };
          open.onerror = () => reject(open.error);
        }),
    );
    expect(outbox).toBe(0);
    expect((await moderationItems()).filter((item) => item.description === description)).toHaveLength(1);
    await page.close();
    expect(errors).toEqual([]);
  });
});
