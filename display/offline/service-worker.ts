/**
 * The page's side of the service worker (`sw.ts`): registration, the heartbeat its watchdog
 * listens for, and the list of files to keep for an offline boot.
 */
import type { PageMessage } from './sw-logic';

/**
 * `ASSET_CACHE_PREFIX` of `sw-logic.ts`, written out: a value shared with the worker would split
 * `sw-logic` into a chunk of its own that the worker imports over the network, bypassing the HTTP
 * cache (`updateViaCache: 'none'`). `service-worker.test.ts` checks that both agree.
 */
export const PAGE_ASSET_CACHE_PREFIX = 'ioc-assets-';

const HEARTBEAT_MS = 10_000;
/** Lazily loaded widget chunks arrive after boot: report again once they are in. */
const KEEP_AFTER_MS = [2_000, 10_000, 60_000];
const KEEP_EVERY_MS = 30 * 60_000;

function container(): ServiceWorkerContainer | null {
  return typeof navigator !== 'undefined' && 'serviceWorker' in navigator ? navigator.serviceWorker : null;
}

/** Registers `/sw.js` (built pages only: the dev server has none). */
export async function registerServiceWorker(): Promise<ServiceWorkerRegistration | null> {
  const workers = container();
  if (!workers || import.meta.env?.DEV) return null;
  try {
    return await workers.register('/sw.js', { scope: '/', type: 'module', updateViaCache: 'none' });
  } catch {
    // No service worker (plain HTTP on a non-local address, or refused): the screen works, without offline boot.
    return null;
  }
}

function post(message: PageMessage): void {
  container()?.controller?.postMessage(message);
}

/**
 * Beats while the page renders: each beat is sent from an animation frame, so a page whose
 * rendering stalled falls silent too. Hidden pages (throttled timers) pause the watchdog.
 */
export class WatchdogBeat {
  readonly #timer: ReturnType<typeof setInterval>;
  readonly #onVisibility = () => (document.visibilityState === 'hidden' ? post({ type: 'pause' }) : this.#beat());
  readonly #timeoutMs: number;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
    this.#timer = setInterval(() => this.#beat(), HEARTBEAT_MS);
    document.addEventListener('visibilitychange', this.#onVisibility);
    container()?.addEventListener('controllerchange', this.#onVisibility);
    this.#beat();
  }

  #beat(): void {
    if (document.visibilityState === 'hidden') return;
    requestAnimationFrame(() => post({ type: 'heartbeat', timeoutMs: this.#timeoutMs }));
  }

  stop(): void {
    clearInterval(this.#timer);
    document.removeEventListener('visibilitychange', this.#onVisibility);
    container()?.removeEventListener('controllerchange', this.#onVisibility);
    post({ type: 'pause' });
  }
}

/**
 * Copies the files this page loaded into the service worker's cache from the page's own HTTP
 * cache (`only-if-cached`: never over the network). On a first start the page loads its entry
 * script, stylesheet and preloads before any worker controls it, and a worker asking for them
 * again misses the page's cache entries and downloads them a second time.
 */
async function copyLoadedFiles(build: string, urls: readonly string[]): Promise<void> {
  if (typeof caches === 'undefined') return;
  const cache = await caches.open(PAGE_ASSET_CACHE_PREFIX + build);
  const own = urls
    .map((raw) => new URL(raw, location.origin))
    .filter((url) => url.origin === location.origin && /^\/(assets|geodata)\//.test(url.pathname))
    .map((url) => url.origin + url.pathname);
  for (const url of new Set(own)) {
    if (await cache.match(url)) continue;
    const response = await fetch(url, { cache: 'only-if-cached', mode: 'same-origin' }).catch(() => null);
    // Not in the page's cache (or not whole): the worker fetches it, once.
    if (response?.ok && response.status === 200) await cache.put(url, response);
  }
}

/** Tells the service worker which files this page loaded, a few times after boot and then now and then. */
export function keepLoadedFiles(build: string | null): () => void {
  let copying: Promise<void> = Promise.resolve();
  const report = () => {
    const urls = performance.getEntriesByType('resource').map((entry) => entry.name);
    // The page's copies first, so that the worker finds them kept and fetches none of them again.
    copying = copying
      .then(() => (build === null ? undefined : copyLoadedFiles(build, urls)))
      .catch(() => undefined)
      .then(() => post({ type: 'keep', build, urls }));
  };
  // Now if a worker already controls the page, and when one takes it over (the first visit).
  report();
  const timers = KEEP_AFTER_MS.map((ms) => setTimeout(report, ms));
  const every = setInterval(report, KEEP_EVERY_MS);
  container()?.addEventListener('controllerchange', report);
  return () => {
    timers.forEach(clearTimeout);
    clearInterval(every);
    container()?.removeEventListener('controllerchange', report);
  };
}
