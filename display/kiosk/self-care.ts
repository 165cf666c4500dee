/**
 * When an unattended screen reloads itself. Each rule is a pure function of the time, the
 * settings and what the page knows, so it can be tested without waiting for 3 a.m.; the timers
 * that feed them live in `kiosk-care.svelte.ts`.
 *
 * A reload is never used to recover the connection (that resumes in place); it is for a stale
 * build, a heap that keeps growing, and a fresh start each night.
 */
import type { ScreenCare } from '../../config/schema/display-care';
import { inWindow, lastOccurrence } from './city-time';

export type ReloadReason = 'memory-critical' | 'update' | 'nightly' | 'memory';

export interface CareState {
  /** When this page started (server time). */
  bootedAt: number;
  online: boolean;
  /** Something urgent is on screen (an emergency): not the moment to go blank for a second. */
  busy: boolean;
  /** The build this page runs, and the one the server serves now (null: unknown, e.g. dev). */
  ownBuild: string | null;
  serverBuild: string | null;
  /** When this page first saw the server's current build differ from its own. */
  newBuildSeenAt: number | null;
  /** This screen's share of `updateSpreadSeconds`, so a hundred screens do not reload at once. */
  spreadMs: number;
  /** Growth of the JS heap since warm-up in MB (null: not measurable or not warm yet). */
  heapGrowthMb: number | null;
  /** The last reload this tab did for an update (kept across reloads): guards against a loop. */
  lastUpdateReload: { build: string; at: number } | null;
}

export type CareSettings = ScreenCare & { timeZone: string };

/** A page younger than this never reloads itself: a bad rule must not become a reload loop. */
export const MIN_UPTIME_MS = 10 * 60_000;
/** A nightly reload missed (offline, emergency on screen) is made up for this long, not all day. */
const NIGHTLY_GRACE_MS = 2 * 3_600_000;
/** After an update reload that did not bring the new build, wait this long before trying again. */
export const UPDATE_RETRY_MS = 3_600_000;

export function shouldReloadNow(now: number, care: CareSettings, state: CareState): ReloadReason | null {
  if (now - state.bootedAt < MIN_UPTIME_MS) return null;
  // A tab about to run out of memory crashes to a page nobody can reload: go now, whatever shows.
  if (state.heapGrowthMb !== null && state.heapGrowthMb > 2 * care.maxHeapGrowthMb) return 'memory-critical';
  // Offline, a reload could only come back from the cache; with an emergency up it would hide it.
  if (!state.online || state.busy) return null;
  if (updateDue(now, state)) return 'update';
  if (nightlyDue(now, care, state.bootedAt)) return 'nightly';
  if (
    state.heapGrowthMb !== null &&
    state.heapGrowthMb > care.maxHeapGrowthMb &&
    (care.quietHours === null || inWindow(now, care.quietHours, care.timeZone))
  ) {
    return 'memory';
  }
  return null;
}

function updateDue(now: number, state: CareState): boolean {
  const { ownBuild, serverBuild, newBuildSeenAt, lastUpdateReload } = state;
  if (ownBuild === null || serverBuild === null || ownBuild === serverBuild || newBuildSeenAt === null) return false;
  if (now < newBuildSeenAt + state.spreadMs) return false;
  return !(lastUpdateReload && lastUpdateReload.build === serverBuild && now - lastUpdateReload.at < UPDATE_RETRY_MS);
}

/** The nightly time passed while this page was running (and had run a while by then). */
export function nightlyDue(now: number, care: CareSettings, bootedAt: number): boolean {
  if (care.nightlyReload === null) return false;
  const occurrence = lastOccurrence(now, care.nightlyReload, care.timeZone);
  return occurrence - bootedAt >= MIN_UPTIME_MS && now - occurrence < NIGHTLY_GRACE_MS;
}

export interface HeapSample {
  at: number;
  mb: number;
}

/** Samples after boot before the heap counts as warm (widgets loaded, first data drawn). */
export const HEAP_WARMUP_MS = 5 * 60_000;
/** The baseline is the smallest heap seen in this span after warm-up. */
export const HEAP_BASELINE_SPAN_MS = 10 * 60_000;
/** The current heap is the smallest of the last few samples: garbage not yet collected is not growth. */
const HEAP_RECENT_SAMPLES = 5;

/**
 * How much the heap grew since warm-up, in MB; null until a baseline exists. Minima on both
 * sides, so a spike of uncollected garbage never counts: only memory that stays.
 */
export function heapGrowthMb(samples: readonly HeapSample[], bootedAt: number): number | null {
  const from = bootedAt + HEAP_WARMUP_MS;
  const baselineSamples = samples.filter((sample) => sample.at >= from && sample.at < from + HEAP_BASELINE_SPAN_MS);
  const last = samples.at(-1);
  if (baselineSamples.length === 0 || !last || last.at < from + HEAP_BASELINE_SPAN_MS) return null;
  const baseline = Math.min(...baselineSamples.map((sample) => sample.mb));
  const current = Math.min(...samples.slice(-HEAP_RECENT_SAMPLES).map((sample) => sample.mb));
  return current - baseline;
}

/**
 * The samples worth keeping: those that set the baseline and the recent ones (a screen samples
 * for months; the history must not become a leak of its own).
 */
export function keepHeapSamples(samples: readonly HeapSample[], bootedAt: number): HeapSample[] {
  const from = bootedAt + HEAP_WARMUP_MS;
  const baseline = samples.filter((sample) => sample.at < from + HEAP_BASELINE_SPAN_MS);
  const recent = samples.slice(-HEAP_RECENT_SAMPLES).filter((sample) => sample.at >= from + HEAP_BASELINE_SPAN_MS);
  return [...baseline, ...recent];
}
