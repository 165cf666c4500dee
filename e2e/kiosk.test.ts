/**
 * Screens that run unattended, in real Chromium against a real server process: kiosk input
 * guards, a boot while the server is down (the kept page and data, marked with their age, then
 * live again without a reload), and the service worker's watchdog reloading a stalled page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ROOT, launchBrowser, startServer, type ServerProcess } from './harness';

let server: ServerProcess;
let browser: Browser;
let configDir: string;

beforeAll(async () => {
  // The shipped configuration, with the shortest watchdog the schema allows (20 s).
  configDir = mkdtempSync(path.join(tmpdir(), 'ioc-kiosk-config-'));
  cpSync(path.join(ROOT, 'config'), configDir, { recursive: true });
  const appYaml = path.join(configDir, 'app.yaml');
  writeFileSync(appYaml, readFileSync(appYaml, 'utf8').replace(/watchdogSeconds: \d+/, 'watchdogSeconds: 20'));
  [server, browser] = await Promise.all([
    startServer({ simulator: true, env: { IOC_CONFIG_DIR: configDir } }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  rmSync(configDir, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  errors: string[];
  /** The page's first answer from `/api/v1/kiosk/<profile>` (the server's settings), once read. */
  settings: Promise<unknown>;
}

/** Opens a screen in a context of its own (its own service worker and storage) and waits for live data. */
async function openScreen(screenId: string, width = 768, height = 384): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // Refused connections while the server is down are the point of these tests, and so are its
    // 503s (with Retry-After) while it closes or sheds load during its start on a busy machine:
    // the page asks again (a full run saw two, after the restart).
    if (
      message.type() === 'error' &&
      !/ERR_CONNECTION_REFUSED|Failed to fetch|WebSocket|net::ERR|status of 503/.test(message.text())
    ) {
      errors.push(`console: ${message.text()}`);
    }
  });
  const settings = page
    .waitForResponse((response) => new URL(response.url()).pathname.startsWith('/api/v1/kiosk/'), { timeout: 60_000 })
    .then((response) => response.finished());
  // Never an unhandled rejection for a test that does not ask.
  settings.catch(() => undefined);
  await page.goto(server.screenUrl(screenId));
  await waitLive(page);
  return { page, errors, settings };
}

/** Lets the page run two frames: what a key or an answer set off has happened by then. */
function nextFrames(page: Page): Promise<void> {
  return page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );
}

function waitLive(page: Page, timeout = 30_000): Promise<unknown> {
  return page.waitForFunction(
    () => {
      const frames = [...document.querySelectorAll('[data-widget-id]')];
      return frames.length > 0 && frames.every((el) => el.getAttribute('data-state') === 'live');
    },
    null,
    { timeout },
  );
}

/** The service worker controls the page and keeps every build file it loaded, and the page itself. */
async function waitKept(page: Page): Promise<void> {
  const kept = () =>
    page.evaluate(async () => {
      if (!navigator.serviceWorker.controller) return false;
      const files = performance
        .getEntriesByType('resource')
        .map((entry) => entry.name)
        .filter((url) => new URL(url).pathname.startsWith('/assets/'));
      for (const file of files) if (!(await caches.match(file))) return false;
      return files.length > 0 && (await caches.match('/index.html')) !== undefined;
    });
  const deadline = Date.now() + 30_000;
  while (!(await kept())) {
    if (Date.now() > deadline) throw new Error('the service worker did not keep the page and its files within 30 s');
    await page.waitForTimeout(250);
  }
}

describe('kiosk', () => {
  it('has no cursor, selection, context menu, hover text or browser shortcuts on a wall screen', async () => {
    const { page, errors } = await openScreen('led-dong-kinh');
    const style = await page.evaluate(() => {
      const frame = document.querySelector('[data-widget-id]')!;
      return {
        cursor: getComputedStyle(frame).cursor,
        userSelect: getComputedStyle(frame).userSelect,
        rootCursor: getComputedStyle(document.body).cursor,
      };
    });
    expect(style).toEqual({ cursor: 'none', userSelect: 'none', rootCursor: 'none' });

    const refused = await page.evaluate(() => {
      const target = document.querySelector('[data-widget-id]')!;
      const dispatch = (event: Event) => {
        target.dispatchEvent(event);
        return event.defaultPrevented;
      };
      const key = (init: KeyboardEventInit) =>
        dispatch(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
      return {
        contextmenu: dispatch(new MouseEvent('contextmenu', { bubbles: true, cancelable: true, button: 2 })),
        selectstart: dispatch(new Event('selectstart', { bubbles: true, cancelable: true })),
        f5: key({ key: 'F5' }),
        ctrlR: key({ key: 'r', ctrlKey: true }),
        ctrlP: key({ key: 'p', ctrlKey: true }),
        f11: key({ key: 'F11' }),
        f12: key({ key: 'F12' }),
        devtools: key({ key: 'I', ctrlKey: true, shiftKey: true }),
        escape: key({ key: 'Escape' }),
        back: key({ key: 'ArrowLeft', altKey: true }),
        ctrlWheel: dispatch(new WheelEvent('wheel', { bubbles: true, cancelable: true, ctrlKey: true, deltaY: -100 })),
      };
    });
    expect(Object.entries(refused).filter(([, prevented]) => !prevented)).toEqual([]);

    // A real right click and a real F5 change nothing: no menu, no reload.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7));
    await page.mouse.click(100, 100, { button: 'right' });
    await page.keyboard.press('F5');
    await page.keyboard.press('Control+A');
    // Two frames later a reload would have replaced the page (and its marker).
    await nextFrames(page);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);
    expect(await page.evaluate(() => String(window.getSelection()))).toBe('');

    // Hover text is gone before a tooltip could show.
    await page.mouse.move(200, 150);
    await page.mouse.move(400, 300);
    expect(await page.locator('.wall [title]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('leaves the operator console an ordinary page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/console`);
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate(() => document.documentElement.hasAttribute('data-kiosk'))).toBe(false);
    expect(await page.evaluate(() => getComputedStyle(document.body).cursor)).not.toBe('none');
    await context.close();
  });
});

describe('offline boot', () => {
  it('boots from the kept page and data while the server is down, marked with its age, and goes live again without a reload', async () => {
    const { page, errors } = await openScreen('led-dong-kinh');
    await waitKept(page);
    // Its figure is on the panel before the outage: on a loaded machine the first snapshot can come
    // after the page's files are kept, and the test is about keeping data the panel has shown.
    await page.waitForSelector('[data-widget-id="received"] .number', { timeout: 30_000 });

    await server.stop();
    let down = true;
    try {
      await page.waitForSelector('[role="status"][data-connection="offline"]', { timeout: 15_000 });
      const before = await page.locator('[data-widget-id="received"] .number').textContent();
      // The page keeps its data when the connection drops: wait for that write to be on disk.
      await page.waitForSelector(':root[data-kept="offline"]', { timeout: 15_000 });

      // The panel reboots during the outage.
      await page.reload();
      await page.waitForSelector('[data-widget-id]', { timeout: 15_000 });
      await page.waitForFunction(
        () => {
          // The QR code to /phan-anh reads no data: it has no age, and is drawn offline as online.
          const frames = [...document.querySelectorAll('[data-widget-id]:not([data-widget-type="qr-code"])')];
          return (
            frames.length === 3 &&
            frames.every((el) => el.getAttribute('data-freshness') === 'offline' && el.querySelector('[data-age]'))
          );
        },
        null,
        { timeout: 15_000 },
      );
      expect(await page.locator('[data-widget-type="qr-code"] svg').count()).toBe(1);
      const offline = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('[data-widget-id]:not([data-widget-type="qr-code"])')].map((el) => ({
          id: el.dataset.widgetId,
          state: el.dataset.state,
          age: el.querySelector('[data-age]')?.textContent ?? null,
        })),
      );
      // Never shown as live: every widget is stale and says how old its data is.
      for (const widget of offline) {
        expect(widget.state, widget.id).toBe('stale');
        expect(widget.age, widget.id).toMatch(/\d+ (giây|phút) trước/);
      }
      // The last known data, not "waiting".
      expect(await page.locator('[data-widget-id="received"] .number').textContent()).toBe(before);
      expect(await page.locator('[data-widget-id="ticker"]').textContent()).not.toContain('Đang chờ');
      await page.waitForSelector('[role="status"][data-connection="offline"]', { timeout: 10_000 });
      expect(await page.locator('.status').textContent()).not.toContain('Trực tuyến');
      await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

      // The server comes back on the same address: live again, in the same page.
      await server.restart();
      down = false;
      await waitLive(page, 60_000);
      await page.waitForSelector('[role="status"][data-connection="offline"]', { state: 'detached', timeout: 10_000 });
      expect(await page.locator('[data-age]').count()).toBe(0);
    } finally {
      // Whatever failed, the next tests need the server.
      if (down) await server.restart();
    }
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('watchdog', () => {
  it('reloads a page whose rendering stalled (its heartbeat stopped)', async () => {
    const { page, settings } = await openScreen('led-dong-kinh');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    // The settings from the server (watchdog 20 s) have reached the page and been applied.
    await settings;
    await nextFrames(page);
    const reloaded = page.waitForEvent('load', { timeout: 60_000 });
    // A page cannot notice its own freeze; here its frames stop, and with them its heartbeat.
    await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 1;
      window.requestAnimationFrame = () => 0;
    });
    const started = Date.now();
    await reloaded;
    const silentFor = Date.now() - started;
    expect(silentFor).toBeGreaterThan(10_000);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBeUndefined();
    await waitLive(page);
    await page.context().close();
  });
});
