/**
 * Which screens are online across every server process. Each process's status book knows its own
 * sockets (one process alone needs nothing more); with several, each publishes what it knows of
 * each screen it has seen (online, since, its sockets, the latest heartbeat) to a board they share
 * on Redis (`scaleout/redis-presence-board.ts`), where what a dead process said expires by
 * itself, and a console merges its own book with what the others say.
 */
import type { ScreenHeartbeat } from '../protocol/index';

/** One process's word on one screen. */
export interface ScreenPresence {
  screenId: string;
  online: boolean;
  since: number | null;
  /** The screen's sockets open on that process. */
  connections: number;
  heartbeat: ScreenHeartbeat | null;
  heartbeatAt: number | null;
}

export interface PresenceBoard {
  /** What this process knows now, replacing what it said before (and keeping it alive). */
  publish(entries: readonly ScreenPresence[]): Promise<void>;
  /** What every other live process says (a screen may appear once per process). */
  others(): Promise<ScreenPresence[]>;
  /** This process leaves: what it said goes at once. */
  withdraw(): Promise<void>;
}

/**
 * One screen as the console sees it from what the processes say (`entries`, possibly none).
 * Online on any process is online; since, from the earliest of those that agree online (the
 * latest offline); the freshest heartbeat. A screen no process speaks of any more (its process
 * died, or it left) is offline from `now`, keeping what was last known of it (`before`).
 */
export function mergePresence(
  screenId: string,
  entries: readonly ScreenPresence[],
  before: ScreenPresence | undefined,
  now: number,
): ScreenPresence {
  if (entries.length === 0) {
    if (!before) return { screenId, online: false, since: null, connections: 0, heartbeat: null, heartbeatAt: null };
    return { ...before, online: false, connections: 0, since: before.online ? now : before.since };
  }
  const online = entries.some((entry) => entry.online);
  const agreeing = entries.filter((entry) => entry.online === online && entry.since !== null).map((e) => e.since!);
  const freshest = entries.reduce((best, entry) =>
    (entry.heartbeatAt ?? -Infinity) > (best.heartbeatAt ?? -Infinity) ? entry : best,
  );
  return {
    screenId,
    online,
    since: agreeing.length === 0 ? null : online ? Math.min(...agreeing) : Math.max(...agreeing),
    connections: entries.reduce((sum, entry) => sum + entry.connections, 0),
    heartbeat: freshest.heartbeat,
    heartbeatAt: freshest.heartbeatAt,
  };
}
