/**
 * The citizens' service worker's decisions (`sw.ts`), apart from its plumbing so they can be
 * tested. Scope `/phan-anh`: it never sees the screens' pages, which have their own worker.
 */
/**
 * - `shell`: a page of the app: the network first (a new build at once), the kept page offline.
 * - `asset`: hashed build files: the kept copy first.
 * - `kept`: the map's geodata and the app's manifest and icons: the network first, kept offline.
 * - `network`: the API and everything else: never from a cache (a report's state must be live).
 */
export type CitizenStrategy = 'shell' | 'asset' | 'kept' | 'network';

export const APP_PATH = '/phan-anh';

function isAppPath(pathname: string): boolean {
  return pathname === APP_PATH || pathname.startsWith(`${APP_PATH}/`);
}

export function citizenStrategy(
  request: { url: string; method: string; mode: string },
  origin: string,
): CitizenStrategy {
  if (request.method !== 'GET') return 'network';
  const url = new URL(request.url);
  if (url.origin !== origin) return 'network';
  if (request.mode === 'navigate') return isAppPath(url.pathname) ? 'shell' : 'network';
  if (url.pathname.startsWith('/assets/')) return 'asset';
  if (url.pathname.startsWith('/geodata/')) return 'kept';
  if (isAppPath(url.pathname) && /\.(webmanifest|png|svg)$/.test(url.pathname)) return 'kept';
  return 'network';
}

/**
 * The files a page reports having loaded that an offline start needs. The screens' worker has the
 * same rule (`offline/sw-logic.ts`), but a worker must stay one file: importing it from both
 * workers would split it into a shared chunk that a classic worker script cannot load.
 */
export function citizenCacheable(urls: readonly string[], origin: string): string[] {
  const keep = new Set<string>();
  for (const raw of urls) {
    let url: URL;
    try {
      url = new URL(raw, origin);
    } catch {
      continue;
    }
    if (url.origin !== origin) continue;
    if (url.pathname.startsWith('/assets/') || url.pathname.startsWith('/geodata/'))
      keep.add(url.origin + url.pathname);
  }
  return [...keep];
}

export const CITIZEN_SHELL_CACHE = 'ioc-citizen-shell';
export const CITIZEN_ASSET_CACHE_PREFIX = 'ioc-citizen-assets-';

export function isKeepMessage(value: unknown): value is { type: 'keep'; urls: string[] } {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Record<string, unknown>;
  return (
    message.type === 'keep' &&
    Array.isArray(message.urls) &&
    message.urls.length <= 500 &&
    message.urls.every((url) => typeof url === 'string')
  );
}
