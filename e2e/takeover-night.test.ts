/**
 * Emergencies are never swallowed (issue 10, "Trust"), in real Chromium against a real server
 * whose clock stands at 23:25 city time (`clockAt`): the public 384×192 LED panel is blacked out
 * by its night schedule and the wall (given a night schedule here) dimmed to 70 %. A takeover
 * must be on the glass over both, at full brightness — checked on the screenshot's pixels — and
 * only then acknowledged; over an operator's blank and the identify overlay too. A takeover that
 * something the screen does not control covers is answered "received, not visible" with the
 * reason, red in the console. Thumbnails draw what is on the glass. The console gets an operator
 * to the emergency form in one step.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  ROOT,
  launchBrowser,
  nextCityTime,
  openScreenPage,
  sessionHeaders,
  signInContext,
  startServer,
  type ServerProcess,
} from './harness';
import { decodePng, shareOf, type Pixels } from './png';
import type { TakeoverStatus } from '../server/protocol/index';

const SHOTS = '/tmp/shots-takeover';
/** The takeover's red (`extreme`, `severe`): at 70 % brightness it would read #720000. */
const TAKEOVER_RED: [number, number, number] = [0xa3, 0, 0];
const LED = 'led-ky-lua';
const WALL = 'main';

let server: ServerProcess;
let browser: Browser;
let configDir: string;
let operator: BrowserContext;
let console_: Page;
const screens: Record<string, Page> = {};
const errors: string[] = [];

function openScreen(id: string, width: number, height: number): Promise<Page> {
  return openScreenPage(browser, server, errors, id, width, height);
}

function operatorHeaders(): Promise<Record<string, string>> {
  return sessionHeaders(server, operator);
}

async function call(method: string, url: string, body?: unknown): Promise<unknown> {
  const headers = {
    ...(await operatorHeaders()),
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
  };
  const response = await fetch(`${server.url}${url}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  expect(response.status, `${method} ${url}: ${text}`).toBeLessThan(300);
  return JSON.parse(text);
}

const sendTakeover = async (body: unknown) => ((await call('POST', '/api/v1/takeovers', body)) as { id: string }).id;
const command = (targets: unknown, kind: string) =>
  call('POST', '/api/v1/screen-commands', { targets, command: { kind } });

async function signInOperator(context: BrowserContext): Promise<void> {
  await signInContext(server, context, 'operator');
}

/** What is on the glass: the page's pixels as Chromium composited them (veils included). */
async function glass(page: Page, name?: string): Promise<Pixels> {
  const png = await page.screenshot(name ? { path: path.join(SHOTS, name) } : {});
  return decodePng(png);
}

/** The takeover is drawn and its screen has told the server it is visible. */
async function waitShownAndVisible(id: string, screenIds: string[]): Promise<void> {
  for (const screenId of screenIds)
    await screens[screenId]!.waitForSelector(`[data-takeover="${id}"]`, { timeout: 30_000 });
  for (const screenId of screenIds) {
    await console_
      .locator(`[data-active-takeover="${id}"] [data-ack-screen="${screenId}"][data-visible="true"]`)
      .waitFor({ timeout: 30_000 });
  }
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // The shipped configuration; the IOC wall, which works around the clock, gets an evening dim
  // here so that the wall's veil is tested too (LED panels keep their shipped schedule).
  configDir = mkdtempSync(path.join(tmpdir(), 'ioc-night-config-'));
  cpSync(path.join(ROOT, 'config'), configDir, { recursive: true });
  const appYaml = path.join(configDir, 'app.yaml');
  const withWallSchedule = readFileSync(appYaml, 'utf8').replace(
    /^ {2}schedule: \[\].*$/m,
    '  schedule: [{ from: "18:30", to: "05:00", mode: night, brightness: 0.7 }]',
  );
  expect(withWallSchedule).toContain('brightness: 0.7 }]');
  writeFileSync(appYaml, withWallSchedule);
  [server, browser] = await Promise.all([
    startServer({
      simulator: true,
      clockAt: nextCityTime('23:25'),
      env: { IOC_CONFIG_DIR: configDir, IOC_SIMULATOR_RATE: '0.2' },
    }),
    launchBrowser(),
  ]);
  screens[LED] = await openScreen(LED, 384, 192);
  screens[WALL] = await openScreen(WALL, 1920, 1080);
  operator = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  await signInOperator(operator);
  console_ = await operator.newPage();
  console_.on('pageerror', (error) => errors.push(`console pageerror: ${error.message}`));
  await console_.goto(`${server.url}/console`);
  await console_.waitForSelector('[data-screen-grid]');
  for (const id of [LED, WALL])
    await console_.waitForSelector(`[data-screen-card="${id}"][data-online="true"]`, { timeout: 30_000 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

afterEach(async () => {
  // A failed test must not leave its takeover, blank or cover over the next test's screens.
  const { takeovers } = (await call('GET', '/api/v1/takeovers')) as { takeovers: TakeoverStatus[] };
  for (const { takeover } of takeovers) await call('DELETE', `/api/v1/takeovers/${takeover.id}`);
  await command({ screens: [LED, WALL] }, 'wake');
  for (const id of [LED, WALL]) {
    await screens[id]!.evaluate(() => document.querySelector('[data-test-cover]')?.remove());
    await screens[id]!.waitForSelector('[data-takeover]', { state: 'detached', timeout: 30_000 });
  }
});

describe('at 23:25 city time', () => {
  it('the LED panel is black and the wall dimmed by their night schedules; both say why', async () => {
    await screens[LED]!.waitForSelector('.veil[data-care-mode="blank"]');
    await screens[WALL]!.waitForSelector('.veil[data-care-mode="night"]');
    // Black but for a faint note of why (below).
    expect(shareOf(await glass(screens[LED]!, 'led-384x192-night-blank.png'), [0, 0, 0], 8)).toBeGreaterThan(0.9);
    // A screen just paired (or rebooted) at night tells whoever stands in front of it why it is dark.
    await expect(screens[LED]!.locator('[data-care-note]').innerText()).resolves.toMatch(
      /màn hình đang tắt theo lịch đêm đến 05:00/i,
    );
    await console_
      .locator(`[data-screen-card="${LED}"] [data-care-reason]`, {
        hasText: /màn hình đang tắt theo lịch đêm đến 05:00/i,
      })
      .waitFor({ timeout: 30_000 });
    await console_
      .locator(`[data-screen-card="${LED}"]`)
      .screenshot({ path: path.join(SHOTS, 'console-card-led-at-night.png') });
  });

  it('puts a takeover on the glass over the night blank (LED 384×192) and the night dim (wall), at full brightness, and only then acknowledges it', async () => {
    const id = await sendTakeover({
      text: { vi: 'Cảnh báo lũ quét: tránh xa bờ sông Kỳ Cùng', en: 'Flash flood: keep away from the Kỳ Cùng river' },
      severity: 'extreme',
      targets: { screens: [LED, WALL] },
      durationMinutes: 10,
    });
    await waitShownAndVisible(id, [LED, WALL]);
    // The veils are still there (the schedule holds); the takeover is above them, undimmed.
    await screens[LED]!.waitForSelector('.veil[data-care-mode="blank"]');
    await screens[WALL]!.waitForSelector('.veil[data-care-mode="night"]');
    const led = await glass(screens[LED]!, 'led-384x192-takeover-at-night.png');
    const wall = await glass(screens[WALL]!, 'wall-1920x1080-takeover-at-night.png');
    expect(shareOf(led, TAKEOVER_RED), 'LED panel: share of full-brightness takeover red').toBeGreaterThan(0.3);
    expect(shareOf(wall, TAKEOVER_RED), 'wall: share of full-brightness takeover red').toBeGreaterThan(0.3);
    await console_.locator(`[data-active-takeover="${id}"] [data-ack-count]`, { hasText: '2/2' }).waitFor();
    const { takeovers } = (await call('GET', '/api/v1/takeovers')) as { takeovers: TakeoverStatus[] };
    expect(Object.fromEntries(takeovers[0]!.screens.map((screen) => [screen.screenId, screen.ack?.visible]))).toEqual({
      [LED]: true,
      [WALL]: true,
    });
  });

  it('keeps a takeover above an operator’s blank and dim, and refuses to identify under it', async () => {
    await command({ screens: [WALL] }, 'blank');
    await screens[WALL]!.waitForSelector('[data-display-mode="blank"]');
    const id = await sendTakeover({
      text: { vi: 'Sơ tán tòa nhà A', en: 'Evacuate building A' },
      severity: 'severe',
      targets: { screens: [WALL] },
      durationMinutes: 5,
    });
    await waitShownAndVisible(id, [WALL]);
    expect(
      shareOf(await glass(screens[WALL]!, 'wall-1920x1080-takeover-over-operator-blank.png'), TAKEOVER_RED),
    ).toBeGreaterThan(0.3);
    await command({ screens: [WALL] }, 'dim');
    await screens[WALL]!.waitForSelector('[data-display-mode="dim"]');
    // Identify under a takeover: the number would lie below it, unread, so the screen says so
    // instead of acknowledging, and the takeover stays on top.
    const identify = (await command({ screens: [WALL] }, 'identify')) as {
      outcomes: Array<{ screenId: string; status: string; message?: { vi: string; en: string } }>;
    };
    expect(identify.outcomes).toEqual([
      expect.objectContaining({
        screenId: WALL,
        status: 'refused',
        message: expect.objectContaining({ vi: expect.stringMatching(/khẩn cấp/) }),
      }),
    ]);
    expect(await screens[WALL]!.locator('[data-identify]').count()).toBe(0);
    expect(shareOf(await glass(screens[WALL]!), TAKEOVER_RED)).toBeGreaterThan(0.3);
    // The operator's mode is kept underneath: it is back once the takeover ends.
    await call('DELETE', `/api/v1/takeovers/${id}`);
    await screens[WALL]!.waitForSelector('[data-takeover]', { state: 'detached' });
    expect(await screens[WALL]!.locator('[data-display-mode="dim"]').count()).toBe(1);
  });

  it('answers "received, not visible" with the reason when something else covers the takeover, red in the console, and acknowledges once it is uncovered', async () => {
    // Something the screen does not control (a browser bubble, a stray window) over everything.
    await screens[LED]!.evaluate(() => {
      const cover = document.createElement('div');
      cover.dataset.testCover = '';
      cover.style.cssText = 'position:fixed;inset:0;background:#000;z-index:2147483647;pointer-events:none';
      document.body.append(cover);
    });
    const id = await sendTakeover({
      text: { vi: 'Mất điện khu chợ', en: 'Power cut at the market' },
      severity: 'severe',
      targets: { screens: [LED] },
      durationMinutes: 5,
    });
    await screens[LED]!.waitForSelector(`[data-takeover="${id}"]`);
    const row = console_.locator(`[data-active-takeover="${id}"] [data-ack-screen="${LED}"][data-visible="false"]`);
    await row.waitFor({ timeout: 30_000 });
    // The cover is nobody's veil: the reason says "another element", not the night schedule.
    await expect(row.innerText()).resolves.toMatch(/đã nhận, KHÔNG hiển thị: bị phần tử khác che \(div\)/);
    expect(await row.locator('.not-visible').evaluate((element) => getComputedStyle(element).color)).toBe(
      'rgb(248, 113, 113)',
    );
    await expect(console_.locator(`[data-active-takeover="${id}"] [data-ack-count]`).innerText()).resolves.toMatch(
      /^0\/1/,
    );
    await console_
      .locator(`[data-active-takeover="${id}"]`)
      .screenshot({ path: path.join(SHOTS, 'console-ack-not-visible.png') });
    // The screen's card does not say "showing an emergency" either (its heartbeat names the takeover).
    await console_
      .locator(`[data-screen-card="${LED}"] [data-takeover-badge="not-visible"]`)
      .waitFor({ timeout: 30_000 });
    const { takeovers } = (await call('GET', '/api/v1/takeovers')) as { takeovers: TakeoverStatus[] };
    const ack = takeovers[0]!.screens[0]!.ack!;
    expect(ack.visible).toBe(false);
    expect(ack.visible === false && ack.reason.vi.length > 0 && ack.reason.en.length > 0).toBe(true);

    await screens[LED]!.evaluate(() => document.querySelector('[data-test-cover]')?.remove());
    await console_
      .locator(`[data-active-takeover="${id}"] [data-ack-screen="${LED}"][data-visible="true"]`)
      .waitFor({ timeout: 30_000 });
    await console_.locator(`[data-active-takeover="${id}"] [data-ack-count]`, { hasText: '1/1' }).waitFor();
  });

  it('draws thumbnails of what is on the glass: black under the night blank, the takeover over it', async () => {
    let taken = 0;
    const thumbnail = async () => {
      await command({ screens: [LED] }, 'thumbnail');
      const jpeg = await fetch(`${server.url}/api/v1/screens/${LED}/thumbnail`, { headers: await operatorHeaders() });
      writeFileSync(path.join(SHOTS, `thumbnail-${LED}-${++taken}.jpg`), Buffer.from(await jpeg.arrayBuffer()));
      return console_.evaluate(async (url) => {
        const image = await createImageBitmap(await (await fetch(url, { cache: 'no-store' })).blob());
        const canvas = new OffscreenCanvas(image.width, image.height);
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        const { data } = context.getImageData(0, 0, image.width, image.height);
        let dark = 0;
        let red = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i]! < 30 && data[i + 1]! < 30 && data[i + 2]! < 30) dark++;
          if (data[i]! > 130 && data[i + 1]! < 60 && data[i + 2]! < 60) red++;
        }
        return { dark: dark / (data.length / 4), red: red / (data.length / 4) };
      }, `${server.url}/api/v1/screens/${LED}/thumbnail`);
    };
    // Black but for the faint note of why (JPEG blurs its letters a little).
    const blank = await thumbnail();
    expect(blank.dark, 'the blanked panel’s thumbnail').toBeGreaterThan(0.8);
    expect(blank.red).toBeLessThan(0.01);
    const id = await sendTakeover({
      text: { vi: 'Bão số 3', en: 'Typhoon no. 3' },
      severity: 'extreme',
      targets: { screens: [LED] },
      durationMinutes: 5,
    });
    await waitShownAndVisible(id, [LED]);
    // A thumbnail is reused for 5 s on the screen: wait until a fresh one shows the takeover.
    await expect.poll(async () => (await thumbnail()).red, { timeout: 30_000, interval: 1000 }).toBeGreaterThan(0.3);
  });
});

describe('the console', () => {
  it('gets an operator to the emergency form in one step, English optional, group blank never defaulting to every screen', async () => {
    const nav = console_.locator('nav[data-console-nav]');
    expect(await nav.evaluate((element) => getComputedStyle(element).position)).toMatch(/fixed|sticky/);
    const skip = console_.locator('a[data-skip-link]');
    expect(await skip.getAttribute('href')).toMatch(/^#/);
    // Every link of the navigation goes to something that exists on the page.
    for (const href of await nav.locator('a').evaluateAll((links) => links.map((link) => link.getAttribute('href')))) {
      expect(await console_.locator(href!).count(), href!).toBe(1);
    }
    await console_.keyboard.press('Tab');
    expect(await console_.evaluate(() => document.activeElement?.hasAttribute('data-skip-link'))).toBe(true);
    await nav.locator('a[href="#emergency"]').click();
    const vi = console_.locator('[data-takeover-panel] textarea[name="vi"]');
    await expect(
      vi.evaluate(
        (element) => element === document.activeElement || element.getBoundingClientRect().top < window.innerHeight,
      ),
    ).resolves.toBe(true);
    // Reachable without scrolling past the grid of screens: the form comes before the cards.
    const order = await console_.evaluate(() => {
      const form = document.querySelector('[data-takeover-form]')!;
      const cards = document.querySelector('[data-screen-card]')!;
      return form.compareDocumentPosition(cards) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    expect(order).toBeTruthy();
    expect(await console_.locator('[data-takeover-panel] textarea[name="en"]').getAttribute('required')).toBeNull();

    // Vietnamese only: the English line is filled from it.
    await vi.fill('Diễn tập báo cháy tại chợ Kỳ Lừa');
    await console_.locator('[data-takeover-panel] input[name="takeover-kind"][value="screens"]').check();
    await console_.locator(`[data-target-picker="takeover"] input[data-screen="${LED}"]`).check();
    await console_.locator('[data-takeover-panel] button[type="submit"]').click();
    await screens[LED]!.waitForSelector('[data-takeover]');
    await expect(screens[LED]!.locator('[data-takeover] .en').innerText()).resolves.toBe(
      'Diễn tập báo cháy tại chợ Kỳ Lừa',
    );

    // Group actions: nothing picked at first, so blank and reload reach no one by default…
    const group = console_.locator('[data-group-actions]');
    expect(await group.locator('input[name="group-kind"][value="all"]').isChecked()).toBe(false);
    expect(await group.locator('[data-group-action="blank"]').isDisabled()).toBe(true);
    // …and "every screen" asks first; declining sends nothing.
    const asked: string[] = [];
    const decline = (dialog: import('playwright-core').Dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    };
    console_.on('dialog', decline);
    await group.locator('input[name="group-kind"][value="all"]').check();
    await group.locator('[data-group-action="blank"]').click();
    await expect.poll(() => asked.length).toBe(1);
    console_.off('dialog', decline);
    expect(asked[0]).toMatch(/TẤT CẢ/);
    expect(await screens[WALL]!.locator('[data-display-mode]').count()).toBe(0);
    await console_.screenshot({ path: path.join(SHOTS, 'console-1600x1000.png') });
  });

  it('had no page errors', () => {
    expect(errors).toEqual([]);
  });
});
