/**
 * A leader on /view/main takes the meeting's papers: opens the export menu, downloads the briefing
 * pack (PDF) and the daily chart's data (.xlsx), both opened and read back; the menu is absent on
 * an LED panel's profile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, ROOT, signInContext, startServer, type ServerProcess } from './harness';
import { pdfText } from '../server/test-support/pdf';

let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ simulator: true }), launchBrowser()]);
  context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1920, height: 1080 } });
  await signInContext(server, context, 'leader');
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.dispose();
});

describe('export from /view', () => {
  it('downloads the briefing pack and a widget as .xlsx, both readable', async () => {
    const page = await context.newPage();
    const answers: string[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/api/v1/export/')) answers.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${server.url}/view/main`);
    await page.waitForSelector('[data-widget-id]');
    await page.click('[data-export-menu] summary');
    await page.waitForSelector('[data-export-pdf]');
    await page.screenshot({ path: path.join(ROOT, 'docs/screenshots/export-menu-view-main.png') });

    // A loaded 2-core machine may take a while to draw the pack: wait for the download, not a time.
    const [pdfDownload] = await Promise.all([
      page.waitForEvent('download', { timeout: 150_000 }).catch((error: Error) => {
        throw new Error(`${error.message}; export answers: ${answers.join(', ') || 'none'}`);
      }),
      page.click('[data-export-pdf]'),
    ]);
    expect(pdfDownload.suggestedFilename()).toMatch(/^main-\d{8}-\d{4}\.pdf$/);
    const { text } = await pdfText(readFileSync((await pdfDownload.path())!));
    expect(text).toContain('Tổng quan điều hành đô thị');
    expect(text).toContain('Phường Tam Thanh');
    expect(text).toContain('Bảng số liệu');

    const [xlsxDownload] = await Promise.all([
      page.waitForEvent('download', { timeout: 150_000 }),
      page.click('[data-export-xlsx="reports-daily"]'),
    ]);
    expect(xlsxDownload.suggestedFilename()).toMatch(/^main-reports-daily-\d{8}-\d{4}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await xlsxDownload.path())!);
    const rows = (workbook.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][]).map((row) => row.slice(1));
    expect(rows[0]![1]).toBe('Tiếp nhận và xử lý 14 ngày / Received and resolved, 14 days');
    const header = rows.findIndex((row) => row[0] === 'Nhãn / Label');
    expect(rows[header]).toEqual(['Nhãn / Label', 'Tiếp nhận / Received', 'Đã xử lý / Resolved']);
    expect(rows.length - header - 1).toBeGreaterThan(5);
    expect(rows.slice(header + 1).every((row) => typeof row[1] === 'number')).toBe(true);
    await page.close();
  }, 400_000);

  it('shows no export menu on an LED panel profile', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/view/public-led?profile=led`);
    await page.waitForSelector('[data-widget-id]');
    expect(await page.locator('[data-export-menu]').count()).toBe(0);
    await page.close();
  });
});
