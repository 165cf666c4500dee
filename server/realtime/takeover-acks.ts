/**
 * What each screen said of each active takeover: visible (a person can read it now), or received
 * but not visible, with its reason. One process keeps them in memory (`MemoryTakeoverAcks`);
 * several share them on Redis (`scaleout/redis-takeover-acks.ts`), so a console on any process
 * shows the word of a screen connected to another. The rule of what counts is here, once.
 */
import type { TakeoverAck, TakeoverStatus, TakeoverVisibility } from '../protocol/index';
import type { TakeoverItem } from '../protocol/topics';
import { targetedScreens, type ScreenIdentity } from '../protocol/targeting';

export interface TakeoverAckStore {
  /** What the screen said of the takeover before, or null. */
  get(takeoverId: string, screenId: string): Promise<TakeoverAck | null>;
  /** Keeps the screen's word until the takeover ends. */
  set(takeover: TakeoverItem, ack: TakeoverAck): Promise<void>;
  /** The acknowledgements of these takeovers (the active ones), by takeover id; the others are forgotten. */
  of(takeoverIds: readonly string[]): Promise<Record<string, TakeoverAck[]>>;
}

export class MemoryTakeoverAcks implements TakeoverAckStore {
  /** takeover id → screen id → ack. */
  readonly #acks = new Map<string, Map<string, TakeoverAck>>();

  get(takeoverId: string, screenId: string): Promise<TakeoverAck | null> {
    return Promise.resolve(this.#acks.get(takeoverId)?.get(screenId) ?? null);
  }

  set(takeover: TakeoverItem, ack: TakeoverAck): Promise<void> {
    let byScreen = this.#acks.get(takeover.id);
    if (!byScreen) this.#acks.set(takeover.id, (byScreen = new Map()));
    byScreen.set(ack.screenId, ack);
    return Promise.resolve();
  }

  of(takeoverIds: readonly string[]): Promise<Record<string, TakeoverAck[]>> {
    const active = new Set(takeoverIds);
    // Expired or withdrawn: its acknowledgements go with it.
    for (const id of this.#acks.keys()) if (!active.has(id)) this.#acks.delete(id);
    return Promise.resolve(Object.fromEntries([...this.#acks].map(([id, byScreen]) => [id, [...byScreen.values()]])));
  }
}

/**
 * A screen says it has a takeover, visible or "received, not visible" with its reason. Kept only
 * when the takeover is active and targets that screen. The first visible acknowledgement counts
 * (a screen re-acknowledges after each reconnect); a screen's word that its takeover is not (or
 * no longer) visible replaces what it said before, and so does a visible one after it. Returns
 * whether anything changed.
 */
export async function recordTakeoverAck(
  store: TakeoverAckStore,
  word: {
    screenId: string;
    takeover: TakeoverItem | undefined;
    screens: readonly ScreenIdentity[];
    shownAt: number | null;
    visibility: TakeoverVisibility;
    now: number;
  },
): Promise<boolean> {
  const { screenId, takeover, visibility, now } = word;
  if (!takeover) return false;
  if (!targetedScreens(takeover.targets, word.screens).some((screen) => screen.id === screenId)) return false;
  const before = await store.get(takeover.id, screenId);
  if (before && sameVisibility(before, visibility)) return false;
  // A screen's clock is its own word: keep its time only when it is plausible.
  const shownAt = word.shownAt;
  const shown =
    shownAt !== null && Number.isFinite(shownAt) && Math.abs(shownAt - now) < 60_000 ? Math.round(shownAt) : null;
  await store.set(
    takeover,
    visibility.visible
      ? { screenId, ackedAt: now, shownAt: shown, visible: true }
      : { screenId, ackedAt: now, shownAt: shown, visible: false, reason: visibility.reason },
  );
  return true;
}

function sameVisibility(a: TakeoverVisibility, b: TakeoverVisibility): boolean {
  if (a.visible || b.visible) return a.visible === b.visible;
  return a.reason.vi === b.reason.vi && a.reason.en === b.reason.en;
}

/** One takeover and, for each screen it targets, whether it is online and what it said. */
export function takeoverStatusOf(
  takeover: TakeoverItem,
  screens: readonly ScreenIdentity[],
  acks: readonly TakeoverAck[] | undefined,
  isOnline: (screenId: string) => boolean,
): TakeoverStatus {
  const byScreen = new Map((acks ?? []).map((ack) => [ack.screenId, ack]));
  return {
    takeover,
    screens: targetedScreens(takeover.targets, screens).map((screen) => ({
      screenId: screen.id,
      online: isOnline(screen.id),
      ack: byScreen.get(screen.id) ?? null,
    })),
  };
}
