/**
 * The operator console and the screens in real Chromium against a real server: three screen pages
 * (two internal walls and a public LED panel) report their heartbeats and thumbnails to the
 * console's grid; a takeover sent from the console reaches the targeted screens within a second,
 * each acknowledges, the console shows who did, and cancelling removes it; identify shows the
 * screen's number; a screen that connects during a takeover shows it at once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  launchBrowser,
  openScreenPage,
  sessionHeaders,
  signInContext,
  startServer,
  type ServerProcess,
} from './harness';
import type { TakeoverStatus } from '../server/protocol/index';
import { animationsDone } from './layout';

let server: ServerProcess;
let browser: Browser;
let operator: BrowserContext;
let console_: Page;
const screens: Record<string, Page> = {};
const errors: string[] = [];

/** The three screens, at sizes that keep two cores busy but not swamped. */
const SCREENS: Array<{ id: string; width: number; height: number }> = [
  { id: 'main', width: 960, height: 540 },
  { id: 'phan-anh', width: 640, height: 360 },
  { id: 'led-dong-kinh', width: 384, height: 192 },
];

function openScreen(id: string, width: number, height: number): Promise<Page> {
  return openScreenPage(browser, server, errors, id, width, height);
}

/** The operator's session for the API: what the console reads, and changes with its CSRF token. */
function operatorHeaders(): Promise<Record<string, string>> {
  return sessionHeaders(server, operator);
}

/** Ends a takeover as the console does (a DELETE has no body, so no content type either). */
async function cancelTakeover(id: string): Promise<void> {
  const response = await fetch(`${server.url}/api/v1/takeovers/${id}`, {
    method: 'DELETE',
    headers: await operatorHeaders(),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

/** A public notice, as the city's notices feed posts one: it reaches every public panel's ticker. */
async function postPublicNotice(id: string): Promise<void> {
  const response = await fetch(`${server.url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      domain: 'announcements',
      kind: 'announcement.published',
      id,
      data: {
        announcementId: id,
        text: { vi: 'Chợ Đông Kinh mở cửa đến 22h tối nay', en: 'Đông Kinh market is open until 22:00 tonight' },
        priority: 'normal',
        audience: 'public',
      },
    }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

/** A citizen's report as the hotline's feed posts one: it moves the reports wall's figures. */
async function postReport(id: string): Promise<void> {
  const response = await fetch(`${server.url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      domain: 'reports',
      kind: 'report.created',
      id,
      data: {
        reportId: id,
        category: 'street-lighting',
        title: 'Đèn đường tắt trước cổng chợ Đông Kinh',
        description: 'Hai cột đèn không sáng từ tối qua.',
        lat: 21.846,
        lon: 106.768,
      },
    }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  expect(await response.json()).toMatchObject({ accepted: 1 });
}

async function operatorFetch(path: string): Promise<unknown> {
  const response = await fetch(`${server.url}${path}`, { headers: await operatorHeaders() });
  expect(response.status, path).toBe(200);
  return response.json();
}

/**
 * An operator account made with the CLI, as an admin would, whose one-time password is changed
 * at first sign-in (the console asks for it before anything else); its session goes into `context`.
 */
async function signInOperator(context: BrowserContext): Promise<void> {
  await signInContext(server, context, 'operator');
}

beforeAll(async () => {
  // Live data for the latency figures, at a fifth of a normal day's pace: each change redraws two
  // maps in software on this machine, and three screens at full pace leave no time for the test.
  [server, browser] = await Promise.all([
    startServer({ simulator: true, env: { IOC_SIMULATOR_RATE: '0.2' } }),
    launchBrowser(),
  ]);
  for (const { id, width, height } of SCREENS) screens[id] = await openScreen(id, width, height);
  operator = await browser.newContext({ viewport: { width: 1600, height: 1200 } });
  await signInOperator(operator);
  console_ = await operator.newPage();
  console_.on('pageerror', (error) => errors.push(`console pageerror: ${error.message}`));
  // The operator confirms a takeover of every screen.
  console_.on('dialog', (dialog) => void dialog.accept());
  await console_.goto(`${server.url}/console`);
  await console_.waitForSelector('[data-screen-grid]');
  // A server, a browser, three screens drawing maps in software and the console: 89 s measured on
  // a loaded two-core machine (load average 9), at the default hook limit.
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('the console grid', () => {
  it('shows every screen online with its heartbeat figures and a thumbnail', async () => {
    for (const { id } of SCREENS) {
      await console_.waitForSelector(`[data-screen-card="${id}"][data-online="true"]`, { timeout: 20_000 });
    }
    // Latency needs a message on each screen's own topics and a heartbeat after it. The simulator
    // at a fifth of the city's ≈25 reports a day leaves the reports wall (`phan-anh`) quiet for
    // hours, and the LED panel's playlist spends 15 of every 45 s on the promotion slide, which has
    // no topic: so each round the test posts a report (the reports wall's figures) and a public
    // notice (the panel's ticker) until every card shows a latency.
    const latencies = () =>
      console_.evaluate(() =>
        ['main', 'phan-anh', 'led-dong-kinh'].map(
          (id) =>
            `${id}: ${document.querySelector(`[data-screen-card="${id}"] [data-figure="latency"]`)?.textContent ?? '(none)'}` +
            ` [${document.querySelector(`[data-screen-card="${id}"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? ''}]`,
        ),
      );
    const everyLatency = () =>
      ['main', 'phan-anh', 'led-dong-kinh'].every((id) =>
        /\d+ ms/.test(document.querySelector(`[data-screen-card="${id}"] [data-figure="latency"]`)?.textContent ?? ''),
      );
    let shown = false;
    for (let round = 0; round < 8 && !shown; round += 1) {
      // Two ids: one event id for both would make the report a retry of the notice, never stored.
      await postPublicNotice(`e2e-latency-notice-${round}`);
      await postReport(`e2e-latency-report-${round}`);
      shown = await console_
        .waitForFunction(everyLatency, null, { timeout: 20_000 })
        .then(() => true)
        .catch(() => false);
    }
    if (!shown) throw new Error(`no latency on every screen: ${(await latencies()).join(', ')}`);
    const main = console_.locator('[data-screen-card="main"]');
    // Software WebGL on a shared machine may draw less than a frame a second: a figure, not a floor.
    await expect(main.locator('[data-figure="fps"]').innerText()).resolves.toMatch(/^\d+$/);
    await expect(main.locator('[data-figure="memory"]').innerText()).resolves.toMatch(/\d+ MB/);
    await expect(main.locator('[data-figure="showing"]').innerText()).resolves.toBe('main');
    await expect(main.locator('[data-figure="version"]').innerText()).resolves.toMatch(/^index-/);
    await expect(main.locator('[data-figure="last-message"]').innerText()).resolves.toMatch(/giây|phút/);
    // The console asked every screen for a thumbnail as it opened.
    for (const { id } of SCREENS) {
      const image = console_.locator(`[data-screen-card="${id}"] [data-thumbnail="true"] img`);
      // The console asks again every 10 s; a screen drawing its map in software answers late.
      await image.waitFor({ timeout: 60_000 });
      await console_.waitForFunction(
        (element) => (element as HTMLImageElement).naturalWidth > 0,
        await image.elementHandle(),
        { timeout: 10_000 },
      );
    }
    const size = await console_
      .locator('[data-screen-card="main"] [data-thumbnail="true"] img')
      .evaluate((img) => [(img as HTMLImageElement).naturalWidth, (img as HTMLImageElement).naturalHeight]);
    expect(size).toEqual([480, 270]);
    expect(
      await console_
        .locator('[data-screen-card="phan-anh"] [data-thumbnail="true"] img')
        .evaluate((img) => (img as HTMLImageElement).naturalWidth),
    ).toBe(480);
    await animationsDone(console_);
    await console_.screenshot({ path: 'e2e/screenshots/console-screens.png', fullPage: true });
  }, 180_000);
});

describe('takeovers', () => {
  // A failed test must not leave its takeover over the next test's screens.
  afterEach(async () => {
    const { takeovers } = (await operatorFetch('/api/v1/takeovers')) as { takeovers: TakeoverStatus[] };
    for (const { takeover } of takeovers) await cancelTakeover(takeover.id);
    for (const { id } of SCREENS)
      await screens[id]!.waitForSelector('[data-takeover]', { state: 'detached', timeout: 30_000 });
  });

  it('reaches the targeted walls from the console within a second, is acknowledged by each, and is cancelled', async () => {
    const panel = console_.locator('[data-takeover-panel]');
    await panel
      .locator('textarea[name="vi"]')
      .fill('Cảnh báo lũ quét: người dân tránh xa bờ sông Kỳ Cùng, đoạn cầu Kỳ Lừa');
    await panel
      .locator('textarea[name="en"]')
      .fill('Flash flood warning: keep away from the Kỳ Cùng riverbank near Kỳ Lừa bridge');
    await panel.locator('select[name="severity"]').selectOption('extreme');
    await panel.locator('input[name="takeover-kind"][value="groups"]').check();
    await panel.locator('[data-target-picker="takeover"] input[data-group="phong-dieu-hanh"]').check();
    await panel.locator('button[type="submit"]').click();

    const arrived: Record<string, number> = {};
    for (const id of ['main', 'phan-anh']) {
      const overlay = screens[id]!.locator('[data-takeover][data-severity="extreme"]');
      await overlay.waitFor({ timeout: 30_000 });
      arrived[id] = Number(await overlay.getAttribute('data-arrived-at'));
    }
    // The control-room group also holds the eight tiles of the IOC wall, offline in this test:
    // the console counts them as targeted and not acknowledged.
    const { takeovers } = (await operatorFetch('/api/v1/takeovers')) as { takeovers: TakeoverStatus[] };
    expect(takeovers).toHaveLength(1);
    const targeted = takeovers[0]!.screens.length;
    expect(targeted).toBeGreaterThanOrEqual(2);
    await console_
      .locator('[data-active-takeover] [data-ack-count]', { hasText: `2/${targeted}` })
      .waitFor({ timeout: 30_000 });
    const [status] = ((await operatorFetch('/api/v1/takeovers')) as { takeovers: TakeoverStatus[] }).takeovers.map(
      (item) => ({
        ...item,
        screens: item.screens.filter((screen) => screen.online),
      }),
    );
    expect(status!.screens.map((screen) => screen.screenId)).toEqual(['main', 'phan-anh']);
    for (const screen of status!.screens) {
      // Each screen had it in its page within a second of its start (on the server's clock, as the
      // screen measures it: a browser test's own waits on a busy machine would measure the test).
      // Its acknowledgement follows the frame that draws it: on a wall PC the next 16 ms, on a
      // shared machine drawing maps in software, whenever that frame comes.
      expect(arrived[screen.screenId]! - status!.takeover.validFrom, screen.screenId).toBeLessThan(1000);
      expect(screen.ack, screen.screenId).not.toBeNull();
      expect(screen.ack!.shownAt!, screen.screenId).toBeGreaterThanOrEqual(arrived[screen.screenId]! - 50);
    }
    // The LED panel is not in the group.
    expect(await screens['led-dong-kinh']!.locator('[data-takeover]').count()).toBe(0);
    for (const id of ['main', 'phan-anh']) {
      await console_.locator(`[data-active-takeover] [data-ack-screen="${id}"][data-acked="true"]`).waitFor();
    }
    await animationsDone(screens.main!);
    await screens.main!.screenshot({ path: 'e2e/screenshots/takeover-wall-960x540.png' });
    await console_.locator('[data-active-takeover]').screenshot({ path: 'e2e/screenshots/console-takeover-acks.png' });

    // A screen that connects during the takeover shows it at once.
    const late = await browser.newPage({ viewport: { width: 640, height: 360 } });
    await late.goto(server.screenUrl('phan-anh'));
    await late.waitForSelector('[data-takeover]', { timeout: 30_000 });
    await late.close();

    await console_.locator('[data-cancel-takeover]').click();
    for (const id of ['main', 'phan-anh'])
      await screens[id]!.waitForSelector('[data-takeover]', { state: 'detached', timeout: 15_000 });
    await console_.locator('[data-active-takeover]').waitFor({ state: 'detached', timeout: 15_000 });
  }, 180_000);

  it('reaches one screen, then every screen, through the API; the LED panel’s text fits its 384×192 pixels', async () => {
    const headers = { ...(await operatorHeaders()), 'content-type': 'application/json' };
    const send = async (body: unknown) => {
      const response = await fetch(`${server.url}/api/v1/takeovers`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
      expect(response.status, await response.clone().text()).toBe(201);
      return ((await response.json()) as { id: string }).id;
    };

    const one = await send({
      text: { vi: 'Chợ Đông Kinh tạm dừng hoạt động do sự cố điện', en: 'Đông Kinh market closed: power failure' },
      severity: 'severe',
      targets: { screens: ['led-dong-kinh'] },
      durationMinutes: 10,
    });
    const led = screens['led-dong-kinh']!;
    await led.waitForSelector(`[data-takeover="${one}"]`, { timeout: 15_000 });
    const fit = await led.locator('[data-takeover]').evaluate((element) => {
      const content = element.firstElementChild as HTMLElement;
      const style = getComputedStyle(element);
      const height = element.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
      const width = element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return {
        fits: content.scrollHeight <= height + 1 && content.scrollWidth <= width + 1,
        px: parseFloat(content.style.fontSize),
      };
    });
    expect(fit.fits).toBe(true);
    expect(fit.px).toBeGreaterThanOrEqual(12);
    await led.screenshot({ path: 'e2e/screenshots/takeover-led-384x192.png' });
    expect(await screens.main!.locator('[data-takeover]').count()).toBe(0);

    const all = await send({
      text: { vi: 'Diễn tập phòng cháy chữa cháy toàn thành phố', en: 'City-wide fire drill' },
      severity: 'moderate',
      durationMinutes: 5,
    });
    for (const { id } of SCREENS)
      await screens[id]!.waitForSelector(`[data-takeover="${id === 'led-dong-kinh' ? one : all}"]`, {
        timeout: 15_000,
      });
    // The panel shows the graver of its two; the walls the drill.
    await cancelTakeover(one);
    await led.waitForSelector(`[data-takeover="${all}"]`, { timeout: 15_000 });
    await cancelTakeover(all);
    for (const { id } of SCREENS)
      await screens[id]!.waitForSelector('[data-takeover]', { state: 'detached', timeout: 15_000 });
  });
});

describe('commands', () => {
  it('identify shows the screen’s number over it, and the console shows the acknowledgement', async () => {
    const card = console_.locator('[data-screen-card="main"]');
    const number = (await card.locator('.number').innerText()).trim();
    await card.locator('[data-action="identify"]').click();
    await screens.main!.waitForSelector(`[data-identify="${number}"]`, { timeout: 15_000 });
    await expect(screens.main!.locator('[data-identify] .number').innerText()).resolves.toBe(number);
    await card.locator('[data-last-command="identify"][data-outcome="acked"]').waitFor({ timeout: 15_000 });
    await screens.main!.screenshot({ path: 'e2e/screenshots/identify-main.png' });
  });

  it('blanks a group and restores it; a playlist command is refused with its reason', async () => {
    const group = console_.locator('[data-group-actions]');
    await group.locator('input[name="group-kind"][value="groups"]').check();
    await group.locator('input[data-group="led"]').check();
    await group.locator('[data-group-action="blank"]').click();
    await screens['led-dong-kinh']!.waitForSelector('[data-display-mode="blank"]', { timeout: 15_000 });
    expect(await screens.main!.locator('[data-display-mode]').count()).toBe(0);
    await group.locator('[data-command-summary]', { hasText: '1' }).waitFor();
    await group.locator('[data-group-action="wake"]').click();
    await screens['led-dong-kinh']!.waitForSelector('[data-display-mode]', { state: 'detached', timeout: 15_000 });
    await console_.locator('[data-screen-card="phan-anh"] [data-action="next"]').click();
    await console_
      .locator('[data-screen-card="phan-anh"] [data-last-command="next"][data-outcome="refused"]')
      .waitFor({ timeout: 15_000 });
  });

  it('had no page errors', () => {
    expect(errors).toEqual([]);
  });
});
