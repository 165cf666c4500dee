/**
 * Handling a citizen report through the `/entry` pages in real Chromium against a real server: a
 * report goes new → assigned (dispatch board, suggested department preselected) → accepted →
 * responded → closed (department inbox), and its timeline on the page shows each step in order.
 * The moderation queue approves with an undo window and takes it back. Screenshots of the three
 * pages on a phone (390×844) and a desktop (1920×1080).
 *
 * An operator works the inbox here (operators may act for every department); department handlers
 * scoped to one department, and the 403s of the others, are in e2e/report-handlers.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, signInContext, startServer, type ServerProcess } from './harness';

let server: ServerProcess;
let browser: Browser;
let operator: BrowserContext;
const errors: string[] = [];
const SHOTS = 'e2e/screenshots';
const URBAN = 'phong-kinh-te';

async function post(data: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${server.url}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.apiKey}` },
    body: JSON.stringify({ domain: 'reports', kind: 'report.created', data }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

/** A page at this size, signed in as the operator (a context per size: the viewport is the context's). */
async function open(path: string, width: number, height: number): Promise<Page> {
  const phone = width < 600;
  const context = await browser.newContext({ viewport: { width, height }, isMobile: phone, hasTouch: phone });
  await context.addCookies(await operator.cookies(server.url));
  const page = await context.newPage();
  // The context goes with its page (already gone when the browser closes first at the end).
  page.once('close', () => context.close().catch(() => undefined));
  page.on('pageerror', (error) => errors.push(`${path} pageerror: ${error.message}`));
  await page.goto(`${server.url}${path}`);
  return page;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [server, browser] = await Promise.all([startServer({ simulator: false }), launchBrowser()]);
  operator = await browser.newContext();
  await signInContext(server, operator, 'operator');
  // A handful of reports across wards and categories, as a morning's intake.
  const samples = [
    {
      reportId: 'e2e-o-ga',
      category: 'road-damage',
      title: 'Ổ gà lớn trước số 12 Lê Lợi',
      description: 'Ổ gà sâu khoảng 20 cm, xe máy dễ ngã khi trời mưa.',
      lat: 21.8532,
      lon: 106.7615,
      address: 'Số 12 Lê Lợi',
      photoUrl: 'https://anh.langson.example/phan-anh/o-ga.jpg',
    },
    {
      reportId: 'e2e-den',
      category: 'street-lighting',
      title: 'Đèn đường tắt cả đoạn phố Ngô Quyền',
      description: 'Ba cột đèn liền nhau không sáng từ tối hôm qua.',
      lat: 21.846,
      lon: 106.768,
      // The answers to the category's questions (as an Open311 client sends `attribute[code]`).
      attributes: { pole_number: 'NQ-017', fault: 'off' },
    },
    {
      // Given by its address only: no point, so no map; the dispatcher reads the address.
      reportId: 'e2e-dia-chi',
      category: 'waste',
      title: 'Rác đổ trộm sau chợ Đông Kinh',
      description: 'Đống rác lớn ở lối sau chợ.',
      address: 'Lối sau chợ Đông Kinh, đường Trần Đăng Ninh',
    },
    {
      reportId: 'e2e-rac',
      category: 'waste',
      title: 'Rác tồn đọng cạnh chợ Giếng Vuông',
      description: 'Rác chưa được thu gom hai ngày.',
      lat: 21.8551,
      lon: 106.7492,
    },
    {
      reportId: 'e2e-ngap',
      category: 'drainage',
      title: 'Ngập nước ngã tư Bà Triệu',
      description: 'Mưa 30 phút đã ngập nửa bánh xe.',
      lat: 21.848,
      lon: 106.757,
    },
  ];
  for (const sample of samples) await post(sample);
  // Two received earlier, already with the department: one due soon, one overdue (their SLA clocks in the inbox).
  const HOUR = 3_600_000;
  await postAt(
    {
      reportId: 'e2e-den-tin-hieu',
      category: 'traffic-signals',
      title: 'Đèn tín hiệu ngã tư Hoàng Văn Thụ nhấp nháy vàng',
      description: 'Đèn không chuyển xanh đỏ.',
      lat: 21.852,
      lon: 106.76,
    },
    Date.now() - 21 * HOUR,
  );
  await postAt(
    {
      reportId: 'e2e-cong',
      category: 'drainage',
      title: 'Nắp cống bị vỡ trên đường Trần Đăng Ninh',
      description: 'Nắp cống vỡ, nguy hiểm cho người đi bộ.',
      lat: 21.857,
      lon: 106.762,
    },
    Date.now() - 50 * HOUR,
  );
  for (const id of ['e2e-den-tin-hieu', 'e2e-cong']) {
    const response = await fetch(`${server.url}/api/v1/reports/${id}/assign`, {
      method: 'POST',
      headers: await headers(),
      body: '{}',
    });
    expect(response.status, await response.clone().text()).toBe(200);
  }
});

async function postAt(data: Record<string, unknown>, time: number): Promise<void> {
  const response = await fetch(`${server.url}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.apiKey}` },
    body: JSON.stringify({ domain: 'reports', kind: 'report.created', time, data }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('report handling in the browser', () => {
  it('a report goes new → assigned → accepted → responded → closed through the pages, and its timeline shows each step', async () => {
    const board = await open('/entry/dieu-phoi', 1920, 1080);
    const card = board.locator('[data-report="e2e-o-ga"]');
    await card.waitFor();
    // The category's department is preselected.
    expect(await card.locator('[data-department]').inputValue()).toBe(URBAN);
    await board.waitForSelector('[data-report="e2e-o-ga"] [data-mini-map] path');
    await board.screenshot({ path: `${SHOTS}/entry-dieu-phoi-desktop.png` });
    await card.locator('[data-assign]').click();
    await card.waitFor({ state: 'detached' });
    await board.close();

    const inbox = await open('/entry/hop-thu', 1920, 1080);
    await inbox.locator('[data-unit-picker]').selectOption(`department:${URBAN}`);
    const item = inbox.locator('[data-report="e2e-o-ga"]');
    await item.waitFor();
    expect(await item.getAttribute('data-status')).toBe('assigned');
    await item.locator('[data-accept]').click();
    await inbox.waitForSelector('[data-report="e2e-o-ga"][data-status="in_progress"]');
    await item.locator('[data-respond]').click();
    await item.locator('[data-response-text]').fill('Đã vá ổ gà bằng bê tông nhựa nóng ngày hôm nay.');
    await item.locator('[data-send-response]').click();
    await inbox.waitForSelector('[data-report="e2e-o-ga"][data-status="resolved"]');
    await item.locator('[data-close]').click();
    await inbox.waitForSelector('[data-report="e2e-o-ga"][data-status="closed"]');
    await item.locator('[data-timeline-toggle] summary').click();
    await inbox.waitForFunction(
      () => document.querySelectorAll('[data-report="e2e-o-ga"] [data-timeline] li').length === 5,
    );
    const steps = await item
      .locator('[data-timeline] li')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-step')));
    expect(steps).toEqual([
      'report.created',
      'report.assigned',
      'report.accepted',
      'report.responded',
      'report.closed',
    ]);
    const text = await item.locator('[data-timeline]').innerText();
    expect(text).toContain('Giao xử lý');
    expect(text).toContain('Phòng Kinh tế, Hạ tầng và Đô thị');
    expect(text).toContain('Đã vá ổ gà bằng bê tông nhựa nóng');
    // Leave one report in progress for the screenshot's SLA clocks.
    const other = inbox.locator('[data-report="e2e-ngap"]');
    if ((await other.count()) === 0) {
      const response = await fetch(`${server.url}/api/v1/reports/e2e-ngap/assign`, {
        method: 'POST',
        headers: await headers(),
        body: '{}',
      });
      expect(response.status).toBe(200);
      await inbox.reload();
      await inbox.locator('[data-unit-picker]').selectOption(`department:${URBAN}`);
    }
    await inbox.waitForSelector('[data-report="e2e-ngap"]');
    expect(await inbox.locator('[data-report="e2e-cong"] [data-sla]').getAttribute('data-sla')).toBe('overdue');
    expect(await inbox.locator('[data-report="e2e-den-tin-hieu"] [data-sla]').getAttribute('data-sla')).toBe(
      'due-soon',
    );
    await inbox.screenshot({ path: `${SHOTS}/entry-hop-thu-desktop.png` });
    await inbox.close();
    expect(errors).toEqual([]);
  });

  it('the moderation queue shows waiting reports first; approving waits out the undo window and can be taken back', async () => {
    const queue = await open('/entry/kiem-duyet', 1920, 1080);
    const first = queue.locator('[data-moderation-queue] [data-report]').first();
    await first.waitFor();
    expect(await first.getAttribute('data-publication')).toBe('waiting');
    const card = queue.locator('[data-report="e2e-rac"]');
    await card.locator('[data-approve]').click();
    await card.locator('[data-undo]').waitFor();
    expect(await card.locator('[data-undo]').innerText()).toMatch(/Sẽ duyệt sau \d+ giây/);
    await queue.screenshot({ path: `${SHOTS}/entry-kiem-duyet-desktop.png` });
    await card.locator('[data-undo-button]').click();
    await card.locator('[data-approve]').waitFor();
    expect(await card.getAttribute('data-publication')).toBe('waiting');
    await queue.close();
    expect(errors).toEqual([]);
  });

  it("the dispatcher reads the answers to the category's questions, and the address of a report without a point", async () => {
    for (const [width, height, name] of [
      [390, 844, 'phone'],
      [1920, 1080, 'desktop'],
    ] as const) {
      const board = await open('/entry/dieu-phoi', width, height);
      const light = board.locator('[data-report="e2e-den"]');
      await light.locator('[data-attribute="pole_number"]').waitFor();
      expect(await light.locator('[data-attributes]').innerText()).toMatch(
        /Số hiệu cột đèn:?\s*NQ-017[\s\S]*Hiện tượng:?\s*Đèn không sáng/,
      );
      const unplaced = board.locator('[data-report="e2e-dia-chi"]');
      await unplaced.locator('[data-no-place]').waitFor();
      expect(await unplaced.locator('[data-mini-map]').count()).toBe(0);
      expect(await unplaced.locator('[data-address]').innerText()).toBe('Lối sau chợ Đông Kinh, đường Trần Đăng Ninh');
      expect(await unplaced.innerText()).toContain('Chưa xác định vị trí');
      await light.scrollIntoViewIfNeeded();
      await light.screenshot({ path: `docs/screenshots/entry-dieu-phoi-attributes-${name}.png` });
      await unplaced.screenshot({ path: `docs/screenshots/entry-dieu-phoi-no-place-${name}.png` });
      await board.close();
    }
    expect(errors).toEqual([]);
  });

  it('the three pages on a phone (390×844)', async () => {
    for (const [path, name] of [
      ['/entry/dieu-phoi', 'dieu-phoi'],
      ['/entry/hop-thu', 'hop-thu'],
      ['/entry/kiem-duyet', 'kiem-duyet'],
    ] as const) {
      const page = await open(path, 390, 844);
      await page.waitForSelector('[data-report]');
      // Nothing wider than the phone: no sideways scrolling.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: `${SHOTS}/entry-${name}-phone.png` });
      await page.close();
    }
    expect(errors).toEqual([]);
  });
});

async function headers(): Promise<Record<string, string>> {
  const cookies = await operator.cookies(server.url);
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const me = (await (await fetch(`${server.url}/api/v1/auth/me`, { headers: { cookie } })).json()) as {
    csrfToken: string;
  };
  return { cookie, 'x-csrf-token': me.csrfToken, 'content-type': 'application/json' };
}
