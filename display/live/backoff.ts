/**
 * How long a screen waits before its next attempt to reach the server: doubling from `baseMs`,
 * never above `maxMs`, each wait shortened by a random share (`jitter`) so that the hundred
 * screens cut off by the same outage do not all knock again in the same second.
 *
 * Our own rather than Socket.IO's: its backoff computes `min · 2^attempt` without a bound, which
 * after ~1,000 attempts (eight hours offline at 30 s) becomes Infinity − Infinity = NaN and then
 * a delay of 0 — a screen that hammers the network after a long night's outage.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** 0..1: the share of each wait that is random. */
  jitter: number;
}

export const RECONNECT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000, jitter: 0.5 };

export function reconnectDelay(
  attempt: number,
  options: BackoffOptions = RECONNECT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 30);
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  return Math.round(ceiling * (1 - options.jitter * random()));
}

/** The most a server may ask a screen to wait after `server:leaving` (a bad value is not a night offline). */
const LEAVING_MAX_MS = 10_000;

/**
 * How long a screen waits after its server said it is leaving (a rolling restart): not the
 * backoff of an outage, but the server's short pause plus a random share of its jitter, bounded.
 */
export function leavingDelay(
  notice: { reconnectAfterMs: number; jitterMs: number },
  random: () => number = Math.random,
): number {
  const after = Number.isFinite(notice.reconnectAfterMs) ? Math.max(0, notice.reconnectAfterMs) : 0;
  const jitter = Number.isFinite(notice.jitterMs) ? Math.max(0, notice.jitterMs) : 0;
  return Math.min(LEAVING_MAX_MS, Math.round(after + jitter * random()));
}
