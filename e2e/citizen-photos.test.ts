/**
 * Photos through the staff pages, in real Chromium against a real server: a citizen reports with a
 * photo through `/api/citizen` (proof of work solved here, as the phone does); the moderation queue
 * and the department's inbox show the photo as an image (from the staff route, within the page's
 * `img-src 'self'`); the department responds with a photo picked on the page, which the inbox then
 * shows, and which the public reads, the report being public — without any EXIF. Screenshots on a
 * phone (390×844).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, sessionHeaders, signInContext, startServer, type ServerProcess } from './harness';
import { solveChallenge } from '../server/routes/citizen/proof-of-work';

let server: ServerProcess;
let browser: Browser;
let operator: BrowserContext;
const errors: string[] = [];
const SHOTS = 'docs/screenshots';
const URBAN = 'phong-kinh-te';

const photo = (background: string, text: string) =>
  sharp({ create: { width: 800, height: 600, channels: 3, background } })
    .composite([
      {
        input: Buffer.from(
          `<svg width="800" height="600"><text x="60" y="320" font-size="72" fill="white">${text}</text></svg>`,
        ),
      },
    ])
    .jpeg()
    .withExif({ IFD0: { Make: 'PhoneMaker', Model: 'Phone 12' } })
    .toBuffer();

async function open(pathname: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await context.addCookies(await operator.cookies(server.url));
  const page = await context.newPage();
  page.once('close', () => context.close().catch(() => undefined));
  page.on('pageerror', (error) => errors.push(`${pathname} pageerror: ${error.message}`));
  await page.goto(`${server.url}${pathname}`);
  return page;
}

/** Every image in the locator's subtree has loaded (a broken one has no natural width). */
const imagesLoaded = (page: Page, selector: string) =>
  page.waitForFunction((sel) => {
    const images = [...document.querySelectorAll<HTMLImageElement>(`${sel} img`)];
    return images.length > 0 && images.every((img) => img.complete && img.naturalWidth > 0);
  }, selector);

let reportId = '';

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [server, browser] = await Promise.all([startServer({ simulator: false }), launchBrowser()]);
  operator = await browser.newContext();
  await signInContext(server, operator, 'operator');
  const challenge = (await (await fetch(`${server.url}/api/citizen/challenge`)).json()) as {
    challenge: string;
    difficulty: number;
  };
  const form = new FormData();
  const fields = {
    clientId: randomUUID(),
    category: 'road-damage',
    description: 'Ổ gà lớn giữa đường Lê Lợi, xe máy dễ ngã khi trời mưa.',
    lat: '21.8532',
    lon: '106.7615',
    name: 'Người dân',
    contact: '0912345678',
    consent: '1',
    deviceId: 'e2e-phone',
    challenge: challenge.challenge,
    nonce: solveChallenge(challenge.challenge, challenge.difficulty),
  };
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('photo', new Blob([new Uint8Array(await photo('#8a4b2a', 'Ổ gà'))]), 'o-ga.jpg');
  const response = await fetch(`${server.url}/api/citizen/reports`, { method: 'POST', body: form });
  const text = await response.text();
  expect(response.status, text).toBe(201);
  reportId = (JSON.parse(text) as { reportId: string }).reportId;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('photos on the staff pages', () => {
  it('the moderation queue shows the citizen’s photo as an image', async () => {
    const queue = await open('/entry/kiem-duyet');
    await queue.locator(`[data-report="${reportId}"]`).waitFor();
    await imagesLoaded(queue, `[data-report="${reportId}"]`);
    await queue.screenshot({ path: `${SHOTS}/entry-kiem-duyet-photo-phone.png` });
    await queue.close();
  });

  it('the inbox responds with a photo picked on the page; the public reads it without EXIF once public', async () => {
    const headers = { ...(await sessionHeaders(server, operator)), 'content-type': 'application/json' };
    // A moderator approves it first (the public reads its photos from then on), then it is dispatched.
    const approved = await fetch(`${server.url}/api/v1/reports/${reportId}/moderation`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ approve: true }),
    });
    expect(approved.status, await approved.clone().text()).toBe(200);
    for (const action of ['assign', 'accept'])
      expect(
        (await fetch(`${server.url}/api/v1/reports/${reportId}/${action}`, { method: 'POST', headers, body: '{}' }))
          .status,
      ).toBe(200);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ioc-e2e-photo-')), 'da-va.jpg');
    writeFileSync(file, await photo('#2a6a3a', 'Đã vá'));

    const inbox = await open('/entry/hop-thu');
    await inbox.locator('[data-unit-picker]').selectOption(`department:${URBAN}`);
    const item = inbox.locator(`[data-report="${reportId}"]`);
    await item.waitFor();
    await imagesLoaded(inbox, `[data-report="${reportId}"]`);
    await item.locator('[data-respond]').click();
    await item.locator('[data-response-text]').fill('Đã vá ổ gà bằng bê tông nhựa nóng.');
    await item.locator('[data-response-photos]').setInputFiles(file);
    await item.locator('[data-picked]').waitFor();
    await item.locator('[data-send-response]').scrollIntoViewIfNeeded();
    // The form with its photo picker fits the phone's width.
    expect(await inbox.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await inbox.screenshot({ path: `${SHOTS}/entry-hop-thu-respond-photo-phone.png` });
    await item.locator('[data-send-response]').click();
    await inbox.waitForSelector(`[data-report="${reportId}"][data-status="resolved"]`);
    await inbox.waitForFunction(
      (id) => document.querySelectorAll(`[data-report="${id}"] .rp-media img`).length === 2,
      reportId,
    );
    await imagesLoaded(inbox, `[data-report="${reportId}"]`);
    await item.locator('[data-close]').scrollIntoViewIfNeeded();
    await inbox.screenshot({ path: `${SHOTS}/entry-hop-thu-response-photo-phone.png` });
    await inbox.close();

    // The report is public (approved above): the photos, public size, no EXIF.
    const view = (await (await fetch(`${server.url}/api/citizen/reports/${reportId}`)).json()) as {
      photos: string[];
      response: { photos: string[] };
    };
    expect(view.photos).toHaveLength(1);
    expect(view.response.photos).toHaveLength(1);
    for (const url of [...view.photos, ...view.response.photos]) {
      const response = await fetch(`${server.url}${url}`);
      expect(response.status).toBe(200);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect((await sharp(bytes).metadata()).exif).toBeUndefined();
      expect(bytes.includes(Buffer.from('PhoneMaker'))).toBe(false);
    }
    expect(errors).toEqual([]);
  });
});
