/**
 * Plays a playlist on a screen: the current item is `currentItem(playlist, server time)`, and a
 * timer set to the item's end (in server time) moves on, so the tiles of a wall change within a
 * few milliseconds of each other rather than at their own once-a-second ticks.
 */
import type { Playlist } from '../../config/schema/playlist';
import { currentItem, itemSlot, type PlaylistPosition } from './playlist-schedule';

/** How far an operator's next/previous moved a playlist's rotation, and until when (server time). */
export interface PlaylistShift {
  playlist: string;
  delta: number;
  until: number;
}

/** Where a screen keeps its shift across a reload (the page's local storage). */
export interface ShiftMemory {
  load(): PlaylistShift | null;
  save(shift: PlaylistShift | null): void;
}

/** Re-reads the schedule at least this often, to follow a re-measured server clock. */
const MAX_WAIT_MS = 30_000;
/** Wakes just after the edge, so a timer that fires a hair early does not miss it. */
const AFTER_EDGE_MS = 5;

export class PlaylistPlayer {
  position = $state.raw<PlaylistPosition | null>(null);
  readonly #serverNow: () => number;
  #playlist: Playlist | null = null;
  #timeZone = 'Asia/Ho_Chi_Minh';
  #timer: ReturnType<typeof setTimeout> | null = null;
  /**
   * An operator's next/previous/switch: shown until the scheduled item would have ended, then the
   * schedule (and with it the lockstep of the wall's tiles) takes over again.
   */
  #manual: PlaylistPosition | null = null;
  /**
   * An operator's next/previous: the rotation goes on in the playlist's order from the item chosen,
   * as the schedule shifted by `delta` ms, until the daypart (or the day) ends and the rotation
   * restarts anyway. Every tile of a wall gets the same command, so they shift together; the shift
   * is kept (`memory`) so that a tile that reloads comes back in step with the others.
   */
  #shift: PlaylistShift | null = null;
  readonly #memory: ShiftMemory | null;

  constructor(serverNow: () => number, memory: ShiftMemory | null = null) {
    this.#serverNow = serverNow;
    this.#memory = memory;
  }

  /** Starts (or changes) the playlist; null stops. */
  play(playlist: Playlist | null, timeZone: string): void {
    if (playlist !== this.#playlist) {
      const kept = this.#memory?.load() ?? null;
      this.#shift = kept && playlist && kept.playlist === playlist.id ? kept : null;
    }
    this.#playlist = playlist;
    this.#timeZone = timeZone;
    this.update();
  }

  /** Reads the schedule again now (the playlist or the server clock changed). */
  update(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (!this.#playlist) {
      this.position = null;
      return;
    }
    const now = this.#serverNow();
    if (this.#manual && now >= this.#manual.endsAt) this.#manual = null;
    if (this.#shift && now >= this.#shift.until) this.#keep(null);
    const next = this.#manual ?? this.#shifted(now) ?? currentItem(this.#playlist, now, this.#timeZone);
    const current = this.position;
    if (
      !current ||
      current.index !== next.index ||
      current.startedAt !== next.startedAt ||
      current.dashboard !== next.dashboard
    )
      this.position = next;
    this.#timer = setTimeout(
      () => this.update(),
      Math.min(Math.max(next.endsAt - now, 0) + AFTER_EDGE_MS, MAX_WAIT_MS),
    );
  }

  /**
   * Moves `delta` items along the playlist now, and goes on from there in the playlist's order
   * (each item for its own duration); false when no playlist plays.
   */
  skip(delta: number): boolean {
    const playlist = this.#playlist;
    const position = this.position;
    if (!playlist || !position) return false;
    const count = playlist.items.length;
    const index = position.index < 0 ? 0 : (((position.index + delta) % count) + count) % count;
    const now = this.#serverNow();
    const slot = itemSlot(playlist, index, now, this.#timeZone);
    this.#manual = null;
    if (slot) {
      const delta = slot.startsAt - now;
      this.#keep({ playlist: playlist.id, delta, until: slot.segmentEndsAt - Math.max(delta, 0) });
    } else {
      // Not an item of this daypart: shown until the scheduled item would have ended.
      const item = playlist.items[index]!;
      this.#keep(null);
      this.#manual = {
        index,
        dashboard: item.dashboard,
        variables: item.variables ?? {},
        startedAt: now,
        endsAt: position.endsAt,
      };
    }
    this.update();
    return true;
  }

  #keep(shift: PlaylistShift | null): void {
    this.#shift = shift;
    this.#memory?.save(shift);
  }

  /** The rotation as the operator's next/previous shifted it, or null when it does not hold. */
  #shifted(now: number): PlaylistPosition | null {
    if (!this.#shift || !this.#playlist) return null;
    const { delta, until } = this.#shift;
    const position = currentItem(this.#playlist, now + delta, this.#timeZone);
    return {
      ...position,
      startedAt: position.startedAt - delta,
      endsAt: Math.min(position.endsAt - delta, until),
    };
  }

  /** Shows one dashboard until the scheduled item would have ended; false when no playlist plays. */
  show(dashboard: string): boolean {
    const position = this.position;
    if (!this.#playlist || !position) return false;
    this.#keep(null);
    this.#manual = {
      index: position.index,
      dashboard,
      variables: {},
      startedAt: this.#serverNow(),
      endsAt: position.endsAt,
    };
    this.update();
    return true;
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
