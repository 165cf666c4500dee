/**
 * Periodic reporting flows in real Chromium against a real server whose clock stands on the 15th
 * of next month, 10:00 city time (`startServer({ clockAt })`), so the month now running has
 * closed and its reports are ten days late (due the 5th):
 * - a person with two units picks one with the scope picker: the tasks and the open form follow;
 * - the overdue reports show in the officer's tasks and in the operator's reminder list;
 * - the approver returns a report with a reason, the officer sees the reason, corrects and
 *   resubmits, the approver approves and the budget KPI on `/wall/main` changes without a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, signInContext, publishFigures, startServer, type ServerProcess } from './harness';

const TEMPLATE = 'phuong-xa-thang';
const TAM_THANH = '05986';
const LUONG_VAN_TRI = '05983';
const DONG_KINH = '05977';
const CITY_OFFSET_MS = 7 * 3_600_000;

/** The 15th of next month at 10:00 in the city, and the month now running (closed by then). */
function shiftedClock(): { at: number; period: string } {
  const city = new Date(Date.now() + CITY_OFFSET_MS);
  const year = city.getUTCFullYear();
  const month = city.getUTCMonth();
  return {
    at: Date.UTC(year, month + 1, 15, 10) - CITY_OFFSET_MS,
    period: `${year}-${String(month + 1).padStart(2, '0')}`,
  };
}

const { at: clockAt, period } = shiftedClock();
const task = (unit: string) => `${TEMPLATE}|${period}|${unit}`;
let server: ServerProcess;
let browser: Browser;
let twoUnits: BrowserContext;
let officer: BrowserContext;
let approver: BrowserContext;
let operator: BrowserContext;
const errors: string[] = [];

function watch(page: Page, name: string): Page {
  page.on('pageerror', (error) => errors.push(`${name} pageerror: ${error.message}`));
  return page;
}

const phone = () => browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ simulator: false, clockAt }), launchBrowser()]);
  [twoUnits, officer] = await Promise.all([phone(), phone()]);
  [approver, operator] = await Promise.all([
    browser.newContext({ viewport: { width: 1920, height: 1080 } }),
    browser.newContext({ viewport: { width: 1920, height: 1080 } }),
  ]);
  await signInContext(server, twoUnits, 'entry', `entry:${TAM_THANH},entry:${LUONG_VAN_TRI}`);
  await signInContext(server, officer, 'entry', `entry:${DONG_KINH}`);
  await signInContext(server, approver, 'leader', `approver:${DONG_KINH}`);
  await signInContext(server, operator, 'operator');
  // Accounts made with the CLI and a server start: slow on a shared two-core machine.
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

/** The units of the task links on the page, sorted. */
const taskUnits = (page: Page) =>
  page.$$eval('[data-task]', (links) =>
    [...new Set(links.map((a) => a.getAttribute('data-task')!.split('|')[2]))].sort(),
  );

describe('a person acting for two wards', () => {
  it('picks the unit with the scope picker, and the tasks and the open form follow', async () => {
    const page = watch(await twoUnits.newPage(), 'two-units');
    await page.goto(`${server.url}/entry`);
    await page.waitForSelector(`[data-task="${task(LUONG_VAN_TRI)}"]`);
    expect(await taskUnits(page)).toEqual([LUONG_VAN_TRI, TAM_THANH]);
    const picker = page.locator('[data-scope-picker] select');
    await picker.selectOption(LUONG_VAN_TRI);
    await page.waitForFunction(() => document.querySelectorAll('[data-task$="|05986"]').length === 0);
    expect(await taskUnits(page)).toEqual([LUONG_VAN_TRI]);

    await page.click(`[data-task="${task(LUONG_VAN_TRI)}"]`);
    await page.waitForSelector('[data-report-form][data-state="missing"]');
    expect(await page.locator('[data-report-form] header').innerText()).toContain('Phường Lương Văn Tri');
    // The form follows a change of unit: the same report, of the ward chosen now.
    await picker.selectOption(TAM_THANH);
    await page.waitForURL(`**/entry/bao-cao/${TEMPLATE}/${TAM_THANH}/${period}`);
    await page.waitForFunction(() =>
      document.querySelector('[data-report-form] header')?.textContent?.includes('Phường Tam Thanh'),
    );
    expect(await page.locator('[data-indicator="thu-ngan-sach-luy-ke"] input').isEditable()).toBe(true);

    // All the reports of the chosen ward only, and the choice holds across a reload of the tab.
    await page.click('[data-entry-nav] a[href^="/entry/bao-cao"]');
    await page.waitForSelector(`[data-task="${task(TAM_THANH)}"]`);
    expect(await taskUnits(page)).toEqual([TAM_THANH]);
    await page.reload();
    await page.waitForSelector(`[data-task="${task(TAM_THANH)}"]`);
    expect(await taskUnits(page)).toEqual([TAM_THANH]);
    expect(await picker.inputValue()).toBe(TAM_THANH);
    await page.close();
    expect(errors).toEqual([]);
  });
});

describe('reminders', () => {
  it("an overdue report shows as late in the officer's tasks and in the operator's reminders", async () => {
    const tasks = watch(await twoUnits.newPage(), 'two-units-late');
    await tasks.goto(`${server.url}/entry`);
    const late = tasks.locator(`[data-task="${task(TAM_THANH)}"] [data-late]`);
    await late.waitFor();
    expect(await late.getAttribute('data-late')).toBe('10');
    expect(await late.innerText()).toBe('trễ 10 ngày');
    await tasks.close();

    const page = watch(await operator.newPage(), 'operator');
    await page.goto(`${server.url}/entry/nhac-nop`);
    const ward = page.locator(`[data-reminder="${task(TAM_THANH)}"]`);
    await ward.waitFor();
    expect(await ward.getAttribute('data-days-late')).toBe('10');
    expect(await ward.innerText()).toContain('trễ 10 ngày');
    // The finance office's report is due on the 10th: five days late.
    const finance = page.locator(`[data-reminder="tai-chinh-ke-hoach-thang|${period}|phong-tai-chinh-ke-hoach"]`);
    expect(await finance.getAttribute('data-days-late')).toBe('5');
    expect(await finance.innerText()).toContain('trễ 5 ngày');
    // Latest first: the most days late at the top.
    const order = await page.$$eval('[data-reminder]', (items) =>
      items.map((li) => Number(li.getAttribute('data-days-late'))),
    );
    expect(order).toEqual([...order].sort((a, b) => b - a));
    await page.close();
    expect(errors).toEqual([]);
  });
});

describe('return and resubmit', () => {
  it('returned with a reason → the officer sees it, corrects and resubmits → approved → the KPI on the wall changes live', async () => {
    // The other three wards' figures, submitted and approved by an administrator over the API.
    await publishFigures(server, TEMPLATE, period, { [TAM_THANH]: 300.2, [LUONG_VAN_TRI]: 250.1, '06187': 400.1 });
    const wall = watch(await browser.newPage({ viewport: { width: 1920, height: 1080 } }), 'wall');
    await wall.goto(server.screenUrl('main'));
    const tile = '[data-widget-id="kpi-budget"] [data-value]';
    await wall.waitForSelector(tile);
    const before = await wall.getAttribute(tile, 'data-value');
    await wall.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

    const form = watch(await officer.newPage(), 'officer');
    await form.goto(`${server.url}/entry`);
    await form.click(`[data-task="${task(DONG_KINH)}"]`);
    await form.waitForSelector('[data-report-form][data-state="missing"]');
    // Ten times too much: billions typed as hundreds of millions.
    const figures: Record<string, string> = {
      'thu-ngan-sach-luy-ke': '2.814',
      'ho-so-tthc-tiep-nhan': '1.020',
      'ho-so-tthc-dung-han': '95,5',
    };
    for (const [id, text] of Object.entries(figures)) await form.fill(`[data-indicator="${id}"] input`, text);
    await form.click('[data-submit]');
    await form.waitForSelector('[data-report-form][data-state="submitted"]');

    const review = watch(await approver.newPage(), 'approver');
    await review.goto(`${server.url}/entry`);
    await review.click(`[data-task="${task(DONG_KINH)}"]`);
    await review.waitForSelector('[data-report-form][data-state="submitted"] [data-approver]');
    await review.click('[data-return]');
    const reason = 'Thu ngân sách 2.814 tỷ đồng là gấp mười lần tháng trước: kiểm tra lại đơn vị tính.';
    await review.fill('[data-return-reason]', reason);
    await review.click('[data-send-return]');
    await review.waitForSelector('[data-report-form][data-state="returned"]');

    await form.reload();
    await form.waitForSelector('[data-report-form][data-state="returned"]');
    expect(await form.locator('[data-returned-reason]').innerText()).toBe(`Bị trả lại: ${reason}`);
    expect(await form.inputValue('[data-indicator="thu-ngan-sach-luy-ke"] input')).toBe('2.814');
    await form.fill('[data-indicator="thu-ngan-sach-luy-ke"] input', '281,4');
    await form.click('[data-submit]');
    await form.waitForSelector('[data-report-form][data-state="submitted"]');
    expect(await form.locator('[data-returned-reason]').count()).toBe(0);

    await review.reload();
    await review.waitForSelector('[data-report-form][data-state="submitted"] [data-approve]');
    expect(await review.inputValue('[data-indicator="thu-ngan-sach-luy-ke"] input')).toBe('281,4');
    await review.click('[data-approve]');
    await review.waitForSelector('[data-report-form][data-state="published"]');
    // The record keeps the return and its reason.
    expect(await review.locator('[data-history]').innerText()).toContain(reason);

    // 300,2 + 250,1 + 400,1 from the other wards and 281,4 from Đông Kinh; never the returned 2.814.
    await wall.waitForFunction(
      (selector) => document.querySelector(selector)?.getAttribute('data-value') === '1231.8',
      tile,
      { timeout: 20_000 },
    );
    expect(before).not.toBe('1231.8');
    expect(await wall.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    await Promise.all([wall.close(), form.close(), review.close()]);
    // Published: no longer among the operator's reminders.
    const reminders = watch(await operator.newPage(), 'operator-after');
    await reminders.goto(`${server.url}/entry/nhac-nop`);
    await reminders.waitForSelector('[data-reminders] [data-reminder]');
    expect(await reminders.locator(`[data-reminder="${task(DONG_KINH)}"]`).count()).toBe(0);
    await reminders.close();
    expect(errors).toEqual([]);
  });
});
