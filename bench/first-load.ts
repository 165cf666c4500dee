/**
 * `npm run bench:first-load`: how long `/wall/main` takes at 1920×1080, with the production build
 * (`npm run build` first), from navigation to every widget live and to the map ready; cold (a new
 * browser profile: nothing cached, no service worker) and warm (the same profile, loaded again).
 * Also prints the bytes fetched over the network, and any URL fetched more than once on one load
 * (the service worker's own fetches included). Figures are printed, never asserted.
 *
 *   npm run bench:first-load -- --runs 3
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { arg, startBenchServer } from './bench-support';

const runs = arg('runs', 3);
const screen = arg('screen', 'main');

interface Load {
  widgetsLiveMs: number;
  mapReadyMs: number;
  networkBytes: number;
  /** URL → times fetched over the network (page and service worker) during this load, if more than once. */
  repeats: Record<string, number>;
}

async function load(context: BrowserContext, url: string): Promise<Load> {
  const page = await context.newPage();
  const counts = new Map<string, number>();
  let bytes = 0;
  // Context-wide, so the service worker's fetches count as well as the page's.
  const onFinished = async (request: import('playwright-core').Request) => {
    const response = await request.response();
    if (!response || (await response.fromServiceWorker())) return;
    const sizes = await request.sizes().catch(() => null);
    // Served from the HTTP cache: no body bytes, or (a service worker's fetch) a negative count,
    // its headers' size taken from nothing. Not a network fetch.
    if (!sizes || sizes.responseBodySize <= 0) return;
    bytes += sizes.responseBodySize + sizes.responseHeadersSize;
    const key = new URL(request.url()).pathname;
    if (key.startsWith('/socket.io/') || key.startsWith('/api/')) return;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  context.on('requestfinished', (request) => void onFinished(request));
  const start = Date.now();
  await page.goto(url);
  await page.waitForFunction(
    () =>
      document.querySelectorAll('[data-widget-id]').length > 0 &&
      [...document.querySelectorAll('[data-widget-id]')].every((el) => el.getAttribute('data-state') === 'live'),
    null,
    { timeout: 120_000, polling: 50 },
  );
  const widgetsLiveMs = Date.now() - start;
  const hasMap = (await page.locator('[data-widget-type="map"]').count()) > 0;
  if (hasMap) await page.waitForSelector('[data-map-ready="true"]', { timeout: 120_000 });
  const mapReadyMs = hasMap ? Date.now() - start : Number.NaN;
  // Let the service worker finish keeping the files this load reported (its `keep` message).
  await page.waitForTimeout(5_000);
  context.removeAllListeners('requestfinished');
  await page.close();
  const repeats = Object.fromEntries([...counts].filter(([, n]) => n > 1));
  return { widgetsLiveMs, mapReadyMs, networkBytes: bytes, repeats };
}

async function main(): Promise<void> {
  // The simulator feeds every widget, as on the wall.
  const server = await startBenchServer({ IOC_SIMULATOR: 'on' });
  const url = server.screenUrl(screen);
  const results: Array<{ cold: Load; warm: Load }> = [];
  try {
    for (let run = 0; run < runs; run++) {
      const profile = mkdtempSync(path.join(tmpdir(), 'ioc-first-load-'));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        viewport: { width: 1920, height: 1080 },
        args: [
          '--no-sandbox',
          '--use-gl=angle',
          '--use-angle=swiftshader',
          '--enable-unsafe-swiftshader',
          '--ignore-gpu-blocklist',
        ],
      });
      try {
        const cold = await load(context, url);
        const warm = await load(context, url);
        results.push({ cold, warm });
        console.log(
          `run ${run + 1}: cold live ${cold.widgetsLiveMs} ms, map ${cold.mapReadyMs} ms, ${(cold.networkBytes / 1e6).toFixed(2)} MB` +
            ` | warm live ${warm.widgetsLiveMs} ms, map ${warm.mapReadyMs} ms, ${(warm.networkBytes / 1e6).toFixed(2)} MB`,
        );
        if (Object.keys(cold.repeats).length) console.log('  fetched twice on the cold load:', cold.repeats);
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    }
  } finally {
    await server.dispose();
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const pick = (which: 'cold' | 'warm', field: 'widgetsLiveMs' | 'mapReadyMs' | 'networkBytes') =>
    median(results.map((r) => r[which][field]));
  console.log(
    `\n/wall/${screen} 1920×1080, median of ${runs}:\n` +
      `  cold: all widgets live ${pick('cold', 'widgetsLiveMs')} ms, map ready ${pick('cold', 'mapReadyMs')} ms, ` +
      `${(pick('cold', 'networkBytes') / 1e6).toFixed(2)} MB over the network\n` +
      `  warm: all widgets live ${pick('warm', 'widgetsLiveMs')} ms, map ready ${pick('warm', 'mapReadyMs')} ms, ` +
      `${(pick('warm', 'networkBytes') / 1e6).toFixed(2)} MB over the network`,
  );
}

await main();
