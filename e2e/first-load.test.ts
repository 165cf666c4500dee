/**
 * A cold load of `/wall/main` (a new browser context: empty HTTP cache, no service worker) fetches
 * each file over the network once: the page's own requests and the service worker's (which keeps
 * the files for an offline boot) together. A second fetch of the same URL is half a megabyte a
 * screen downloads for nothing on its first start.
 *
 * The page talks to the server through a counting proxy: what reaches the proxy crossed the
 * network, whatever the browser answered from its HTTP cache or the worker's cache did not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, startServer, type ServerProcess } from './harness';
import { countingProxy, type CountingProxy } from './counting-proxy';

let server: ServerProcess;
let proxy: CountingProxy;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ simulator: true }), launchBrowser()]);
  proxy = await countingProxy(server.url);
});

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await server?.dispose();
});

describe('first load of /wall/main', () => {
  it('fetches every file once over the network, the service worker included', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.goto(server.screenUrl('main').replace(server.url, proxy.url));
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-widget-id]').length > 0 &&
        [...document.querySelectorAll('[data-widget-id]')].every((el) => el.getAttribute('data-state') === 'live'),
      null,
      { timeout: 60_000 },
    );
    // The service worker has kept every file the page loaded: its copies are done.
    await page.waitForFunction(
      async () => {
        if (!navigator.serviceWorker.controller) return false;
        const loaded = performance
          .getEntriesByType('resource')
          .map((entry) => new URL(entry.name))
          .filter((url) => url.origin === location.origin && /^\/(assets|geodata)\//.test(url.pathname))
          .map((url) => url.pathname);
        const kept = new Set<string>();
        for (const name of await caches.keys())
          for (const request of await (await caches.open(name)).keys()) kept.add(new URL(request.url).pathname);
        return loaded.length > 0 && loaded.every((path) => kept.has(path)) && kept.has('/index.html');
      },
      null,
      { timeout: 60_000, polling: 500 },
    );
    await context.close();
    const files = proxy
      .crossings()
      .filter(({ path, bytes }) => bytes > 0 && !path.startsWith('/socket.io/') && !path.startsWith('/api/'));
    const times = new Map<string, number>();
    for (const { path } of files) times.set(path, (times.get(path) ?? 0) + 1);
    expect([...times].filter(([, n]) => n > 1)).toEqual([]);
    // The check saw the load at all: the entry script, the map's geodata and the lazily loaded widgets came through it.
    expect([...times.keys()].some((path) => /^\/assets\/index-.*\.js$/.test(path))).toBe(true);
    expect([...times.keys()].some((path) => path.startsWith('/geodata/'))).toBe(true);
    expect([...times.keys()].some((path) => /^\/assets\/MapWidget-.*\.js$/.test(path))).toBe(true);
  });
});
