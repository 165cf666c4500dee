/**
 * Periodic reporting in real Chromium against a real server: a ward officer on a phone submits
 * the month's figures through the form, and the previous month's through an .xlsx (a bad file
 * first: the page lists its bad cells); the approver approves on a desktop, and the budget KPI
 * tile on `/wall/main` changes without a reload. Screenshots of the form go to docs/screenshots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  launchBrowser,
  ROOT,
  sessionHeaders,
  signInContext,
  publishFigures,
  startServer,
  type ServerProcess,
} from './harness';

let server: ServerProcess;
let browser: Browser;
let officer: BrowserContext;
let approver: BrowserContext;
let period = '';
const errors: string[] = [];
const SHOTS = path.join(ROOT, 'docs/screenshots');
const TEMPLATE = 'phuong-xa-thang';

function watch(page: Page, name: string): Page {
  page.on('pageerror', (error) => errors.push(`${name} pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 40[0-9]/.test(message.text()))
      errors.push(`${name} console: ${message.text()}`);
  });
  return page;
}

beforeAll(async () => {
  // No simulator: the KPI history ends with the fixtures' last month, so the month reported here is the tile's news.
  [server, browser] = await Promise.all([startServer({ simulator: false }), launchBrowser()]);
  officer = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    acceptDownloads: true,
  });
  await signInContext(server, officer, 'entry', 'entry:05986');
  approver = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  await signInContext(server, approver, 'leader', 'approver:05986');
  const tasks = (await (
    await fetch(`${server.url}/api/v1/entry/tasks`, { headers: await sessionHeaders(server, officer) })
  ).json()) as { reports: Array<{ period: string }> };
  period = tasks.reports[0]!.period;
  // The three other wards' figures, submitted and approved through the API by an administrator.
  await publishFigures(server, TEMPLATE, period, { '05983': 300.2, '06187': 250.1, '05977': 400.1 });
  // Three accounts made with the CLI and a server start: slow on a shared two-core machine.
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

async function fillForm(page: Page, values: Record<string, string>): Promise<void> {
  for (const [id, text] of Object.entries(values)) await page.fill(`[data-indicator="${id}"] input`, text);
}

describe('a ward officer on a phone', () => {
  it("finds the month's report among their tasks and submits it through the form, told of a bad figure first", async () => {
    const page = watch(await officer.newPage(), 'officer');
    await page.goto(`${server.url}/entry`);
    await page.click(`[data-task="${TEMPLATE}|${period}|05986"]`);
    await page.waitForSelector('[data-report-form][data-state="missing"]');
    await fillForm(page, {
      'thu-ngan-sach-luy-ke': '281,4',
      'ho-so-tthc-tiep-nhan': '1.204',
      'ho-so-tthc-dung-han': '104',
      'ho-ngheo': '12',
    });
    // The range is checked as the officer types, in Vietnamese.
    await page.waitForSelector('[data-indicator="ho-so-tthc-dung-han"].wrong');
    expect(await page.textContent('[data-indicator="ho-so-tthc-dung-han"] .hint')).toBe('không được lớn hơn 100');
    await page.screenshot({ path: path.join(SHOTS, 'entry-form-phone.png'), fullPage: false });
    await fillForm(page, { 'ho-so-tthc-dung-han': '97,5' });
    await page.click('[data-submit]');
    await page.waitForSelector('[data-report-form][data-state="submitted"]');
    expect(await page.textContent('[data-notice]')).toBe('Đã nộp, chờ phê duyệt.');
    expect(await page.inputValue('[data-indicator="ho-so-tthc-tiep-nhan"] input')).toBe('1.204');
    await page.close();
  });

  it('submits the month before through an .xlsx: a bad file lists its cells and stores nothing, the good one goes in', async () => {
    const page = watch(await officer.newPage(), 'officer-excel');
    await page.setViewportSize({ width: 1920, height: 1080 });
    const previous =
      period === `${period.slice(0, 4)}-01`
        ? `${Number(period.slice(0, 4)) - 1}-12`
        : `${period.slice(0, 5)}${String(Number(period.slice(5)) - 1).padStart(2, '0')}`;
    await page.goto(`${server.url}/entry/bao-cao/${TEMPLATE}/05986/${previous}`);
    await page.waitForSelector('[data-report-form][data-state="missing"]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-excel] a[href$="/xlsx"]')]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path())!);
    const sheet = workbook.getWorksheet('Số liệu')!;
    const dir = mkdtempSync(path.join(tmpdir(), 'ioc-xlsx-'));
    const write = async (values: ExcelJS.CellValue[], name: string) => {
      values.forEach((value, index) => (sheet.getCell(`E${6 + index}`).value = value));
      const file = path.join(dir, name);
      writeFileSync(file, Buffer.from(await workbook.xlsx.writeBuffer()));
      return file;
    };
    await page.setInputFiles('[data-upload]', await write([-5, 'một nghìn', 97.55, 12, null], 'sai.xlsx'));
    await page.waitForSelector('[data-bad-cells]');
    expect(await page.$$eval('[data-bad-cells] tbody tr', (rows) => rows.map((row) => row.textContent))).toEqual([
      'Số liệu!E6-5không được nhỏ hơn 0',
      'Số liệu!E7một nghìnkhông phải số',
      'Số liệu!E897.55tối đa 1 chữ số thập phân',
    ]);
    expect(await page.getAttribute('[data-report-form]', 'data-state')).toBe('missing');
    await page.screenshot({ path: path.join(SHOTS, 'entry-form-desktop-bad-cells.png'), fullPage: false });
    await page.setInputFiles('[data-upload]', await write([265.3, 1150, 96.8, 12, 40], 'dung.xlsx'));
    await page.waitForSelector('[data-report-form][data-state="submitted"]');
    expect(await page.inputValue('[data-indicator="thu-ngan-sach-luy-ke"] input')).toBe('265,3');
    await page.close();
  });
});

describe('the approver on a desktop', () => {
  it('approves, and the budget tile on /wall/main changes without a reload; a correction follows live', async () => {
    const wall = watch(await browser.newPage({ viewport: { width: 1920, height: 1080 } }), 'wall');
    await wall.goto(server.screenUrl('main'));
    const tile = '[data-widget-id="kpi-budget"] [data-value]';
    await wall.waitForSelector(tile);
    const before = await wall.getAttribute(tile, 'data-value');
    await wall.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

    // The leaders' dashboard: all four wards have submitted, three are approved.
    const board = watch(await approver.newPage(), 'leaders');
    await board.goto(`${server.url}/view/bao-cao-dinh-ky`);
    const counts = `[data-submission-status] [data-template="${TEMPLATE}"] .counts`;
    await board.waitForFunction(
      (selector) =>
        document.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() === '4/4 đã nộp · 3 đã duyệt',
      counts,
      { timeout: 20_000 },
    );
    await board.screenshot({ path: path.join(SHOTS, 'entry-submission-status-dashboard.png') });

    const page = watch(await approver.newPage(), 'approver');
    await page.goto(`${server.url}/entry`);
    await page.click(`[data-task="${TEMPLATE}|${period}|05986"]`);
    await page.waitForSelector('[data-report-form][data-state="submitted"] [data-approver]');
    await page.screenshot({ path: path.join(SHOTS, 'entry-form-desktop-approver.png'), fullPage: false });
    await page.click('[data-approve]');
    await page.waitForSelector('[data-report-form][data-state="published"]');

    // 300,2 + 250,1 + 400,1 from the other wards and 281,4 from Tam Thanh.
    await wall.waitForFunction(
      (selector) => document.querySelector(selector)?.getAttribute('data-value') === '1231.8',
      tile,
      { timeout: 20_000 },
    );
    expect(before).not.toBe('1231.8');
    await board.waitForFunction(
      (selector) =>
        document.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() === '4/4 đã nộp · 4 đã duyệt',
      counts,
      { timeout: 20_000 },
    );
    expect(await wall.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    await wall.screenshot({ path: path.join(SHOTS, 'entry-kpi-on-wall.png') });

    // A published figure found wrong: corrected with the value it replaces and a reason; the wall
    // follows live and the history keeps both values.
    await page.selectOption('[data-correct-indicator]', 'thu-ngan-sach-luy-ke');
    await page.fill('[data-correct-value]', '291,4');
    await page.fill('[data-correct-reason]', 'Sót khoản thu phí tháng 10');
    await page.screenshot({ path: path.join(SHOTS, 'entry-form-desktop-correction.png'), fullPage: false });
    await page.click('[data-correct]');
    await page.waitForFunction(() =>
      document.querySelector('.history')?.textContent?.includes('Sót khoản thu phí tháng 10'),
    );
    await wall.waitForFunction(
      (selector) => document.querySelector(selector)?.getAttribute('data-value') === '1241.8',
      tile,
      { timeout: 20_000 },
    );
    expect(await wall.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(errors).toEqual([]);
  });
});
