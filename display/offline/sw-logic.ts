/**
 * The service worker's decisions, kept apart from its event plumbing so they can be tested:
 * how each request is served, and which pages have stopped beating.
 */

/**
 * - `shell`: a screen's page (`/wall/…`): the network first (a new build loads at once), the kept
 *   copy when the server cannot be reached, so a panel boots during an outage.
 * - `asset`: hashed build files, which never change under one name: the kept copy first.
 * - `geodata`: the map's layers: the network first, the kept copy offline.
 * - `network`: everything else (the API, Socket.IO, the console): never from a cache.
 */
export type Strategy = 'shell' | 'asset' | 'geodata' | 'network';

export function strategyFor(request: { url: string; method: string; mode: string }, origin: string): Strategy {
  if (request.method !== 'GET') return 'network';
  const url = new URL(request.url);
  if (url.origin !== origin) return 'network';
  if (request.mode === 'navigate')
    return /^\/wall\/[a-z0-9][a-z0-9-]{0,62}\/?$/.test(url.pathname) ? 'shell' : 'network';
  if (url.pathname.startsWith('/assets/')) return 'asset';
  if (url.pathname.startsWith('/geodata/')) return 'geodata';
  return 'network';
}

/** The URLs a page reports having loaded that are worth keeping for an offline boot. */
export function cacheableUrls(urls: readonly string[], origin: string): string[] {
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

export interface Beat {
  /** When the page last said it was alive (the service worker's clock). */
  at: number;
  /** How long a silence means a frozen page. */
  timeoutMs: number;
}

/** The pages whose heartbeat has been silent longer than their own timeout. */
export function frozenClients(now: number, beats: ReadonlyMap<string, Beat>): string[] {
  const frozen: string[] = [];
  for (const [id, beat] of beats) if (now - beat.at > beat.timeoutMs) frozen.push(id);
  return frozen;
}

/** Messages a page sends its service worker. */
export type PageMessage =
  | { type: 'heartbeat'; timeoutMs: number }
  /** Hidden (a tab in the background): its timers are throttled, its silence means nothing. */
  | { type: 'pause' }
  /** The files this page loaded, to keep for an offline boot; older builds' files can go. */
  | { type: 'keep'; build: string | null; urls: string[] };

export function isPageMessage(value: unknown): value is PageMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Record<string, unknown>;
  switch (message.type) {
    case 'heartbeat':
      return typeof message.timeoutMs === 'number' && message.timeoutMs >= 5_000 && message.timeoutMs <= 300_000;
    case 'pause':
      return true;
    case 'keep':
      return (
        (message.build === null || typeof message.build === 'string') &&
        Array.isArray(message.urls) &&
        message.urls.length <= 2000 &&
        message.urls.every((url) => typeof url === 'string')
      );
    default:
      return false;
  }
}

export const SHELL_CACHE = 'ioc-shell';
export const ASSET_CACHE_PREFIX = 'ioc-assets-';
