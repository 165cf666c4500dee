/**
 * The console's feeds page in real Chromium, against a real server with the shipped webhook feed
 * (its silence limit lowered to 3 s): resume it, see a delivery counted, a refused one in the
 * dead letters with its reason and "Gửi lại", a dry run giving the exact mapping error or the
 * events, and the card turning red once the feed has been silent past its limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, ROOT, signInContext, startServer, type ServerProcess } from './harness';
import { signature } from '../server/feeds/webhook/signature';

const FEED = 'canh-bao-khi-tuong';
const SECRET = 'khoá-thử-e2e';
let configDir: string;
let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  configDir = mkdtempSync(path.join(tmpdir(), 'ioc-config-'));
  cpSync(path.join(ROOT, 'config'), configDir, { recursive: true });
  const file = path.join(configDir, 'feeds/canh-bao-khi-tuong-webhook.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^staleAfterSeconds: \d+$/m, 'staleAfterSeconds: 3'));
  [server, browser] = await Promise.all([
    startServer({ simulator: false, env: { IOC_CONFIG_DIR: configDir, IOC_FEED_CANH_BAO_KHI_TUONG_SECRET: SECRET } }),
    launchBrowser(),
  ]);
  context = await browser.newContext({ viewport: { width: 1440, height: 1100 } });
  await signInContext(server, context, 'admin');
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.dispose();
  rmSync(configDir, { recursive: true, force: true });
});

async function deliver(message: Record<string, unknown>): Promise<number> {
  const body = JSON.stringify(message);
  const response = await fetch(`${server.url}/api/v1/hooks/${FEED}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-ioc-signature': signature(SECRET, Math.floor(Date.now() / 1000), body),
    },
    body,
  });
  return response.status;
}

const good = { maBanTin: 'KT-1', noiDung: 'Rét đậm, rét hại tại Mẫu Sơn', mucDo: 'thuong' };

describe('console feeds page', () => {
  it('shows each feed’s health, pauses and resumes, dry-runs, replays dead letters, and goes red when silent', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/console#feeds`);
    const card = page.locator(`[data-feed="${FEED}"]`);
    await card.waitFor();
    expect(await page.locator('[data-feed]').count()).toBe(3);
    await card.locator('[data-feed-state="paused"]').waitFor();

    // Resume: the webhook listens; a delivery is counted, a refused one goes to the dead letters.
    await card.locator('[data-pause]').click();
    await card.locator('[data-feed-state="connected"]').waitFor();
    expect(await deliver(good)).toBe(202);
    expect(await deliver({ ...good, maBanTin: 'KT-2', noiDung: 7 })).toBe(400);
    await card.locator('[data-per-minute]', { hasText: '2' }).waitFor({ timeout: 15_000 });
    await card.locator('[data-refused-per-minute]', { hasText: '1' }).waitFor();
    expect(await card.locator('[data-last-error]').innerText()).toContain('events[0].data.text.vi');

    await card.locator('[data-dead-toggle]').click();
    const letter = card.locator('[data-dead-letter]');
    await letter.waitFor();
    expect(await letter.innerText()).toContain('"noiDung":7');
    await letter.getByRole('button', { name: 'Gửi lại' }).click();
    // The mapping is unchanged: the replay is refused again, and says so.
    await card.locator('[data-replay-note]', { hasText: '0 lưu được, 1 vẫn bị từ chối' }).waitFor();

    // Dry run: the exact error, then the events a good message would make; nothing is stored.
    await card.getByText('Thử ánh xạ').click();
    const sample = card.locator('[data-dry-run] textarea');
    await sample.fill(JSON.stringify({ ...good, noiDung: 7 }));
    await card.getByRole('button', { name: 'Chạy thử' }).click();
    await card.locator('[data-dry-run-result="error"] code', { hasText: 'events[0].data.text.vi' }).waitFor();
    await sample.fill(JSON.stringify({ ...good, maBanTin: 'KT-9' }));
    await card.getByRole('button', { name: 'Chạy thử' }).click();
    expect(await card.locator('[data-dry-run-result="ok"]').innerText()).toContain('canh-bao-KT-9');
    await sample.fill('{ không phải json');
    await card.getByRole('button', { name: 'Chạy thử' }).click();
    await card.locator('[data-dry-run-result="invalid"]').waitFor();
    await sample.fill(JSON.stringify({ ...good, noiDung: 7 }));
    await card.getByRole('button', { name: 'Chạy thử' }).click();
    await card.locator('[data-dry-run-result="error"]').waitFor();

    // Silent past its 3 s limit: a red card.
    await card.locator('[data-feed-state="stale"]').waitFor({ timeout: 20_000 });
    expect(await card.getAttribute('data-stale')).toBe('true');
    await card.scrollIntoViewIfNeeded();
    await page.locator('[data-feeds]').screenshot({ path: path.join(ROOT, 'docs/screenshots/console-feeds.png') });

    // Pause again: no longer stale (a paused feed is not expected to speak).
    await card.locator('[data-pause]').click();
    await card.locator('[data-feed-state="paused"]').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });
});
