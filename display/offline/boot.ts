/**
 * How a screen gets its setup at boot: from the server when it answers (and then kept), from
 * the offline cache when the server cannot be reached, so a panel that reboots during an outage
 * still shows its last known data. A refusal (token revoked, screen removed) is final and
 * forgets what was kept.
 */
import type { ScreenSetup } from '../../server/protocol/index';
import type { SetupResult } from '../wall/load-setup';
import type { OfflineCache, CachedSetup } from './offline-cache';

export type BootResult =
  | { kind: 'live'; setup: ScreenSetup; cached: CachedSetup | null; clockOffset: number | null }
  | { kind: 'cached'; setup: ScreenSetup; cached: CachedSetup }
  | { kind: 'refused'; status: number; message: { vi: string; en: string } }
  | { kind: 'unreachable'; status: number | null; message: { vi: string; en: string } | null };

type CacheLike = Pick<OfflineCache, 'loadSetup' | 'saveSetup' | 'forget'>;

export async function bootSetup(
  screenId: string,
  load: () => Promise<SetupResult>,
  cache: CacheLike | null,
  now: () => number = Date.now,
): Promise<BootResult> {
  let result: SetupResult | null = null;
  try {
    result = await load();
  } catch {
    // No answer at all: the server or the network is down.
  }
  const cached = (await cache?.loadSetup(screenId).catch(() => null)) ?? null;
  if (result?.ok) {
    await cache
      ?.saveSetup({ screenId, setup: result.setup, kiosk: cached?.kiosk ?? null, savedAt: now() })
      .catch(() => undefined);
    return { kind: 'live', setup: result.setup, cached, clockOffset: result.clockOffset };
  }
  if (result && result.status < 500) {
    // The server answered and said no: nothing kept for this screen may be shown any more.
    await cache?.forget(screenId).catch(() => undefined);
    return { kind: 'refused', status: result.status, message: result.message };
  }
  // Down, or a proxy in front of it answering 502/503/504: the last known setup will do.
  if (cached) return { kind: 'cached', setup: cached.setup, cached };
  return { kind: 'unreachable', status: result?.status ?? null, message: result?.message ?? null };
}
