/**
 * The citizens' app's service worker, served at `/phan-anh/sw.js` with scope `/phan-anh`: keeps the
 * app's page and build files so it opens without network (a report written then waits in
 * IndexedDB, see `outbox.ts`). The screens' worker (`display/offline/sw.ts`, scope `/`) is apart:
 * the narrower scope wins for these pages, and the two use caches of their own names.
 */
import {
  APP_PATH,
  CITIZEN_ASSET_CACHE_PREFIX,
  CITIZEN_SHELL_CACHE,
  citizenCacheable,
  citizenStrategy,
  isKeepMessage,
} from './sw-logic';

/* The few service-worker types this file needs (the project's lib is DOM, not WebWorker). */
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Response | Promise<Response>): void;
}
interface ExtendableMessageEvent extends ExtendableEvent {
  readonly data: unknown;
}
interface ServiceWorkerScope {
  readonly location: Location;
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: ExtendableMessageEvent) => void): void;
}

declare const __IOC_BUILD__: string | undefined;
const scope = self as unknown as ServiceWorkerScope;
const ORIGIN = scope.location.origin;
const ASSETS = CITIZEN_ASSET_CACHE_PREFIX + (typeof __IOC_BUILD__ === 'string' ? __IOC_BUILD__ : 'dev');
/** On 3G a page may be slow rather than absent: this long before the kept copy is shown. */
const SHELL_TIMEOUT_MS = 6000;

scope.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const page = await fetch(APP_PATH, { cache: 'no-cache' }).catch(() => null);
      if (page?.ok) await (await caches.open(CITIZEN_SHELL_CACHE)).put(APP_PATH, page);
      await scope.skipWaiting();
    })(),
  );
});

scope.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys())
        if (name.startsWith(CITIZEN_ASSET_CACHE_PREFIX) && name !== ASSETS) await caches.delete(name);
      await scope.clients.claim();
    })(),
  );
});

scope.addEventListener('fetch', (event) => {
  const { request } = event;
  switch (citizenStrategy(request, ORIGIN)) {
    case 'shell':
      event.respondWith(shell(request));
      break;
    case 'asset':
      event.respondWith(cacheFirst(request));
      break;
    case 'kept':
      event.respondWith(networkFirst(request));
      break;
    case 'network':
      break;
  }
});

scope.addEventListener('message', (event) => {
  if (isKeepMessage(event.data)) event.waitUntil(keep(event.data.urls));
});

/** Every page of the app is the same document: one kept copy serves them all. */
async function shell(request: Request): Promise<Response> {
  const cache = await caches.open(CITIZEN_SHELL_CACHE);
  try {
    const response = await withTimeout(fetch(request), SHELL_TIMEOUT_MS);
    if (response.ok && (response.headers.get('content-type') ?? '').includes('text/html'))
      await cache.put(APP_PATH, response.clone());
    return response;
  } catch {
    const kept = await cache.match(APP_PATH);
    if (kept) return kept;
    throw new Error('offline and no page kept');
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const kept = await caches.match(request, { ignoreSearch: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await (await caches.open(ASSETS)).put(request, response.clone());
  return response;
}

async function networkFirst(request: Request): Promise<Response> {
  try {
    const response = await fetch(request);
    if (response.ok) await (await caches.open(ASSETS)).put(request, response.clone());
    return response;
  } catch (error) {
    const kept = await caches.match(request, { ignoreSearch: true });
    if (kept) return kept;
    throw error;
  }
}

/** The files the page loaded before this worker controlled it. */
async function keep(urls: readonly string[]): Promise<void> {
  const cache = await caches.open(ASSETS);
  for (const url of citizenCacheable(urls, ORIGIN)) {
    if (await cache.match(url)) continue;
    const response = (await caches.match(url)) ?? (await fetch(url).catch(() => null));
    if (response?.ok) await cache.put(url, response.clone());
  }
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
