/**
 * An emoji in a social post is drawn in colour, never as an empty box: the app serves its own
 * colour emoji face (`IOC Emoji`, display/fonts/), fetched only by a page that draws an emoji.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, signInContext, startServer, type ServerProcess } from './harness';
import { decodePng } from './png';

let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ simulator: false }), launchBrowser()]);
  context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  await signInContext(server, context, 'leader');
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.dispose();
});

const EMOJI_FONT = /\/assets\/NotoColorEmoji-[\w-]+\.ttf$/;

describe('colour emoji', () => {
  it('a social post with an emoji is drawn with the served colour face, not tofu', async () => {
    const posted = await fetch(`${server.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          domain: 'social',
          kind: 'social.post',
          id: 'e2e-emoji',
          data: {
            postId: 'e2e-emoji',
            platform: 'facebook',
            author: 'du.khach.e2e',
            text: 'Mưa to ở cầu Kỳ Cùng 🌧️ nhớ mang áo mưa 😍',
            publishedAt: Date.now() - 60_000,
            sentiment: 'positive',
            score: 0.5,
            topics: ['du-lich-dong-tam-thanh'],
          },
        },
      ]),
    });
    expect(posted.status, await posted.clone().text()).toBeLessThan(300);

    const page = await context.newPage();
    const fontRequests: string[] = [];
    page.on('request', (request) => {
      if (EMOJI_FONT.test(new URL(request.url()).pathname)) fontRequests.push(request.url());
    });
    await page.goto(`${server.url}/view/social?profile=wall`);
    const post = page.locator('[data-widget-type="table"]').getByText('🌧️', { exact: false }).first();
    await post.waitFor({ timeout: 45_000 });
    // The face is declared with an emoji-only unicode-range: drawing the emoji is what loads it.
    await page.waitForFunction(
      () =>
        [...document.fonts].some((face) => face.family.replace(/"/g, '') === 'IOC Emoji' && face.status === 'loaded'),
      null,
      { timeout: 45_000 },
    );
    expect(fontRequests.length).toBeGreaterThan(0);

    // Pixels of the emoji as drawn: a colour glyph has saturated pixels, a tofu box only grey lines.
    const box = await post.evaluate((element) => {
      const text = [...element.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.includes('🌧'));
      const node = text ?? element.firstChild!;
      const at = (node.textContent ?? '').indexOf('🌧');
      const range = document.createRange();
      range.setStart(node, Math.max(0, at));
      range.setEnd(node, Math.max(0, at) + 2);
      const rect = range.getBoundingClientRect();
      return { x: rect.x, y: rect.y, width: Math.max(1, rect.width), height: Math.max(1, rect.height) };
    });
    const shot = await page.screenshot({ clip: box });
    const image = decodePng(shot);
    let coloured = 0;
    for (let i = 0; i < image.data.length; i += 4) {
      const [r, g, b] = [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!];
      if (Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
    }
    expect(coloured, 'saturated pixels in the emoji box').toBeGreaterThan(10);
    await page.close();
  });

  it('a page without an emoji never fetches the emoji face', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const fontRequests: string[] = [];
    page.on('request', (request) => {
      if (EMOJI_FONT.test(new URL(request.url()).pathname)) fontRequests.push(request.url());
    });
    await page.goto(`${server.url}/pair`);
    await page.waitForSelector('[data-pair-code]', { timeout: 15_000 });
    await page.evaluate(() => document.fonts.ready);
    expect(fontRequests).toEqual([]);
    await page.close();
  });
});
