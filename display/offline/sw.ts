/**
 * The screens' service worker, served at `/sw.js` (scope `/`), built by Vite as its own entry.
 *
 * - Offline boot: keeps the page shell and the build's files, so a panel that reboots while the
 *   server is away still starts (its data comes from IndexedDB, see `offline-cache.ts`).
 * - Watchdog: a page cannot see its own freeze, so each screen posts a heartbeat here; a page
 *   silent for longer than its timeout is navigated again (reloaded). Each heartbeat keeps this
 *   worker awake (`waitUntil`) until it is time to check on that page.
 *
 * Imports only `sw-logic.ts`, which the page never imports: the bundle stays one file.
 */
import {
  ASSET_CACHE_PREFIX,
  SHELL_CACHE,
  cacheableUrls,
  frozenClients,
  isPageMessage,
  strategyFor,
  type Beat,
} from './sw-logic';

/* The few service-worker types this file needs (the project's lib is DOM, not WebWorker). */
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Response | Promise<Response>): void;
}
interface WindowClientLike {
  readonly id: string;
  readonly url: string;
  navigate(url: string): Promise<unknown>;
}
interface ExtendableMessageEvent extends ExtendableEvent {
  readonly data: unknown;
  readonly source: { id: string } | null;
}
interface ServiceWorkerScope {
  readonly location: Location;
  readonly clients: {
    get(id: string): Promise<WindowClientLike | undefined>;
    claim(): Promise<void>;
  };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: ExtendableMessageEvent) => void): void;
}

declare const __IOC_BUILD__: string | undefined;
const scope = self as unknown as ServiceWorkerScope;
const ORIGIN = scope.location.origin;
const OWN_BUILD = typeof __IOC_BUILD__ === 'string' ? __IOC_BUILD__ : 'dev';
/** How long a screen's page may take to come from the network before the kept copy is used. */
const SHELL_TIMEOUT_MS = 5000;

let currentBuild = OWN_BUILD;
const beats = new Map<string, Beat>();

scope.addEventListener('install', (event) => {
  // Take over at once: a screen is never "open in another tab" that would need the old worker.
  event.waitUntil(scope.skipWaiting());
});

scope.addEventListener('activate', (event) => {
  event.waitUntil(scope.clients.claim());
});

scope.addEventListener('fetch', (event) => {
  const { request } = event;
  switch (strategyFor(request, ORIGIN)) {
    case 'shell':
      event.respondWith(shell(request));
      break;
    case 'asset':
      event.respondWith(cacheFirst(request));
      break;
    case 'geodata':
      event.respondWith(networkFirst(request));
      break;
    case 'network':
      break;
  }
});

scope.addEventListener('message', (event) => {
  const message = event.data;
  const clientId = event.source?.id;
  if (!clientId || !isPageMessage(message)) return;
  switch (message.type) {
    case 'heartbeat': {
      beats.set(clientId, { at: Date.now(), timeoutMs: message.timeoutMs });
      // Stay awake until this beat would be overdue, then look: a frozen page sends nothing more.
      event.waitUntil(sleep(message.timeoutMs + 1000).then(reloadFrozen));
      break;
    }
    case 'pause':
      beats.delete(clientId);
      break;
    case 'keep':
      event.waitUntil(keep(message.build ?? OWN_BUILD, message.urls));
      break;
  }
});

async function reloadFrozen(): Promise<void> {
  for (const id of frozenClients(Date.now(), beats)) {
    beats.delete(id);
    const client = await scope.clients.get(id);
    if (!client) continue;
    try {
      await client.navigate(client.url);
    } catch {
      // The page went away meanwhile, or is no longer ours: nothing to reload.
    }
  }
}

async function shell(request: Request): Promise<Response> {
  const cache = await caches.open(SHELL_CACHE);
  try {
    const response = await withTimeout(fetch(request), SHELL_TIMEOUT_MS);
    if (response.ok && (response.headers.get('content-type') ?? '').includes('text/html')) {
      await cache.put('/index.html', response.clone());
    }
    return response;
  } catch {
    const kept = await cache.match('/index.html');
    if (kept) return kept;
    throw new Error('offline and no page kept');
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const kept = await caches.match(request, { ignoreSearch: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await (await caches.open(ASSET_CACHE_PREFIX + currentBuild)).put(request, response.clone());
  return response;
}

async function networkFirst(request: Request): Promise<Response> {
  try {
    const response = await fetch(request);
    if (response.ok) await (await caches.open(ASSET_CACHE_PREFIX + currentBuild)).put(request, response.clone());
    return response;
  } catch (error) {
    const kept = await caches.match(request, { ignoreSearch: true });
    if (kept) return kept;
    throw error;
  }
}

/**
 * Keeps the files a page of `build` loaded (most came before this worker controlled the page)
 * and the page shell, then drops older builds' files: hashed files of a build nobody runs.
 */
async function keep(build: string, urls: readonly string[]): Promise<void> {
  currentBuild = build;
  const cache = await caches.open(ASSET_CACHE_PREFIX + build);
  for (const url of cacheableUrls(urls, ORIGIN)) {
    if (await cache.match(url)) continue;
    // The page has just loaded these files: take them from the browser's HTTP cache (hashed files are
    // immutable, geodata fresh for an hour) rather than download the same half megabyte again.
    const response = (await caches.match(url)) ?? (await fetch(url, { cache: 'force-cache' }).catch(() => null));
    if (response?.ok) await cache.put(url, response.clone());
  }
  const shellCache = await caches.open(SHELL_CACHE);
  if (!(await shellCache.match('/index.html'))) {
    const page = await fetch('/index.html').catch(() => null);
    if (page?.ok) await shellCache.put('/index.html', page);
  }
  // Only a page of this worker's own build (the newest deployed) may retire the others.
  if (build !== OWN_BUILD) return;
  for (const name of await caches.keys()) {
    if (name.startsWith(ASSET_CACHE_PREFIX) && name !== ASSET_CACHE_PREFIX + build) await caches.delete(name);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
