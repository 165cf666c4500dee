/**
 * Training in the browser, with the real server and its practice space: a trainer opens a session
 * in the console, a trainee on a phone signs in to the practice space (the band on every page),
 * does two exercises — dispatches a report on the dispatch board and reads a ward's overdue
 * reports — and the trainer's page shows each as it is done. Nothing of it reaches the live system.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { freePort, launchBrowser, signInContext, startServer, type ServerProcess } from './harness';
import type { ReportSummary } from '../server/protocol/topics/reports';

let server: ServerProcess;
let browser: Browser;
let trainingPort: number;

beforeAll(async () => {
  trainingPort = await freePort();
  // The live system without its simulator: any report it holds would have come from the practice.
  server = await startServer({ simulator: false, env: { IOC_TRAINING_PORT: String(trainingPort) } });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('a training session', () => {
  it('a trainer opens it, a trainee does two exercises on a phone, the trainer sees them done', async () => {
    const trainerContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    await signInContext(server, trainerContext, 'admin');
    const console_ = await trainerContext.newPage();
    await console_.goto(`${server.url}/console`);
    const panel = console_.locator('[data-console-training]');
    await panel.waitFor();
    await panel.locator('input[placeholder]').first().fill('Tập huấn điều phối, đợt 1');
    const first = panel.locator('[data-trainee-row]').first();
    await first.locator('input').fill('Nguyễn Thị Hoa');
    await first.locator('select').first().selectOption('operator');
    await panel.getByRole('button', { name: /Thêm học viên/ }).click();
    const second = panel.locator('[data-trainee-row]').nth(1);
    await second.locator('input').fill('Hoàng Văn Minh');
    await second.locator('select').first().selectOption('leader');
    await panel.getByRole('button', { name: /Mở buổi/ }).click();
    const accounts = panel.locator('[data-training-accounts]');
    await accounts.waitFor({ timeout: 90_000 });
    const cells = await accounts.locator('tr').first().locator('code').allInnerTexts();
    const [username, password] = cells as [string, string];
    expect(username).toBe('tap-huan-1-01');
    const practiceUrl = `http://127.0.0.1:${trainingPort}`;
    await panel.locator('[data-training-progress] [data-trainee="tap-huan-1-01"]').waitFor();
    await console_.screenshot({ path: 'docs/screenshots/training-console.png', fullPage: false });

    // The trainee, on a phone, in the practice space.
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      hasTouch: true,
    });
    const page = await phone.newPage();
    await page.goto(`${practiceUrl}/entry`);
    expect(await page.locator('[data-practice-band]').innerText()).toContain('TẬP HUẤN');
    await page.locator('[data-entry-login] input[name="username"]').fill(username);
    await page.locator('[data-entry-login] input[name="password"]').fill(password);
    await page.locator('[data-entry-login] button[type="submit"]').click();
    await page.locator('[data-training-exercises]').waitFor();
    await page.screenshot({ path: 'docs/screenshots/training-trainee-phone.png' });
    // Its "?" explains the exercises (the ward officer's guide, served by the practice space too).
    const help = page.getByRole('link', { name: 'Hướng dẫn / Help', exact: true });
    expect(await help.getAttribute('href')).toBe('/huong-dan/ward-officer#tap-huan');
    expect(await page.locator('[data-exercise="phan-cong"]').getAttribute('data-done')).toBe('false');

    // Exercise 1: dispatch a report on the dispatch board (the practice data has new ones).
    await page.goto(`${practiceUrl}/entry/dieu-phoi`);
    expect(await page.locator('[data-practice-band]').count()).toBe(1);
    const card = page.locator('[data-report]').first();
    // The practice simulator brings new reports; on a loaded machine the first may take a while.
    await card.waitFor({ timeout: 120_000 });
    const reportId = await card.getAttribute('data-report');
    await card.locator('[data-assign]').click();
    await page.waitForFunction((id) => !document.querySelector(`[data-report="${id}"] [data-assign]`), reportId);

    // Exercise 2: read a ward's overdue reports off the practice figures, and answer.
    await page.goto(`${practiceUrl}/entry/tap-huan`);
    await page.locator('[data-training-exercises]').waitFor();
    expect(await page.locator('[data-exercise="phan-cong"]').getAttribute('data-done')).toBe('true');
    const summary = (await page.evaluate(async () => (await fetch('/api/v1/topics/reports.summary')).json())) as {
      data: ReportSummary;
    };
    const tamThanh = summary.data.byWard.find((ward) => ward.ward === '05986')!;
    const question = page.locator('[data-exercise="tim-qua-han"]');
    await question.locator('input').fill(String(tamThanh.overdue + 1));
    await question.getByRole('button', { name: 'Trả lời' }).click();
    // Before any answer the card already asks for one: wait for the verdict on this answer.
    const verdict = question.locator('.missing', { hasText: 'Chưa đúng' });
    await verdict.waitFor();
    expect(await verdict.innerText()).toContain(`${tamThanh.overdue} phản ánh quá hạn`);
    await question.locator('input').fill(String(tamThanh.overdue));
    await question.getByRole('button', { name: 'Trả lời' }).click();
    await page.waitForSelector('[data-exercise="tim-qua-han"][data-done="true"]');
    await page.screenshot({ path: 'docs/screenshots/training-trainee-done.png', fullPage: true });

    // The trainer's page shows both, without a reload.
    await console_.waitForSelector('[data-trainee="tap-huan-1-01"] td.done[data-exercise="phan-cong"]', {
      timeout: 30_000,
    });
    await console_.waitForSelector('[data-trainee="tap-huan-1-01"] td.done[data-exercise="tim-qua-han"]', {
      timeout: 30_000,
    });
    await panel.locator('[data-training-progress]').scrollIntoViewIfNeeded();
    await console_.screenshot({ path: 'docs/screenshots/training-progress.png' });

    // Nothing of it reached the live system: it holds no report at all.
    const live = await fetch(`${server.url}/open311/v2/requests.json`);
    expect(await live.json()).toEqual([]);
    await phone.close();
    await trainerContext.close();
  }, 240_000);
});
