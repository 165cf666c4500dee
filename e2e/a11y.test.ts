/**
 * Accessibility of the interactive pages, checked by axe-core in real Chromium: the console
 * (signed in), a leader's `/view` and a new screen's `/pair`. Serious and critical violations fail
 * (contrast, landmarks, names of controls); each is listed with the elements it was found on.
 * Beside axe, every control shows a focus ring of at least 2 px when reached by the keyboard.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, signInContext, startServer, type ServerProcess } from './harness';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server: ServerProcess;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ simulator: true }), launchBrowser()]);
  context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  await signInContext(server, context, 'admin');
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.dispose();
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/** axe-core's serious and critical violations on the page as it is, one line per rule and element. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Through the debugger, not a script tag: the page's CSP (script-src 'self') rightly refuses inline scripts.
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document)).violations;
  });
  return (violations as Violation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((node) => `${v.id} (${v.impact}) ${node.target.join(' ')}: ${v.help} — ${node.failureSummary ?? ''}`),
    );
}

/** Controls reached with Tab whose focus shows no ring (outline or box-shadow) of at least 2 px. */
async function controlsWithoutFocusRing(page: Page, presses = 25): Promise<string[]> {
  const missing: string[] = [];
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press('Tab');
    const problem = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const outline = style.outlineStyle !== 'none' ? parseFloat(style.outlineWidth) : 0;
      const shadow = /(\d+(?:\.\d+)?)px\s*(?:rgb|#|$)/.exec(style.boxShadow.replace(/^.*?\)\s*/, ''));
      const ring = Math.max(outline, shadow ? parseFloat(shadow[1]!) : 0);
      if (ring >= 2) return null;
      const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30);
      return `${el.tagName.toLowerCase()} "${name}" (outline ${style.outlineStyle} ${style.outlineWidth})`;
    });
    if (problem && !missing.includes(problem)) missing.push(problem);
  }
  return missing;
}

describe('accessibility (axe-core): no serious or critical violation', () => {
  it('/console, signed in', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/console`);
    await page.waitForSelector('[data-screen-grid]');
    await page.waitForSelector('[data-screen-card]');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.locator('main').count()).toBe(1);
    expect(await page.locator('nav').count()).toBeGreaterThan(0);
    expect(await controlsWithoutFocusRing(page)).toEqual([]);
    await page.close();
  });

  it('/view/main', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/view/main`);
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-widget-id]').length > 0 &&
        [...document.querySelectorAll('[data-widget-id]')].every((el) => el.getAttribute('data-state') === 'live'),
      null,
      { timeout: 45_000 },
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('/pair', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/pair`);
    await page.waitForSelector('[data-pair-code]', { timeout: 15_000 });
    expect(await seriousViolations(page)).toEqual([]);
    // A paragraph is no control: a label on it is not read (axe: aria-prohibited-attr).
    expect(await page.locator('p[aria-label]').count()).toBe(0);
    await page.close();
  });
});
