/**
 * The page's side of the service worker (`sw.ts`): registration, the heartbeat its watchdog
 * listens for, and the list of files to keep for an offline boot.
 */
import type { PageMessage } from './sw-logic';

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

/** Tells the service worker which files this page loaded, a few times after boot and then now and then. */
export function keepLoadedFiles(build: string | null): () => void {
  const report = () => {
    const urls = performance.getEntriesByType('resource').map((entry) => entry.name);
    post({ type: 'keep', build, urls });
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
