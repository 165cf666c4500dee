/**
 * Plays a playlist on a screen: the current item is `currentItem(playlist, server time)`, and a
 * timer set to the item's end (in server time) moves on, so the tiles of a wall change within a
 * few milliseconds of each other rather than at their own once-a-second ticks.
 */
import type { Playlist } from '../../config/schema/playlist';
import { currentItem, type PlaylistPosition } from './playlist-schedule';

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

  constructor(serverNow: () => number) {
    this.#serverNow = serverNow;
  }

  /** Starts (or changes) the playlist; null stops. */
  play(playlist: Playlist | null, timeZone: string): void {
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
    const next = this.#manual ?? currentItem(this.#playlist, now, this.#timeZone);
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

  /** Moves `delta` items along the playlist now; false when no playlist plays. */
  skip(delta: number): boolean {
    const playlist = this.#playlist;
    const position = this.position;
    if (!playlist || !position) return false;
    const count = playlist.items.length;
    const index = position.index < 0 ? 0 : (((position.index + delta) % count) + count) % count;
    const item = playlist.items[index]!;
    this.#manual = {
      index,
      dashboard: item.dashboard,
      variables: item.variables ?? {},
      startedAt: this.#serverNow(),
      endsAt: position.endsAt,
    };
    this.update();
    return true;
  }

  /** Shows one dashboard until the scheduled item would have ended; false when no playlist plays. */
  show(dashboard: string): boolean {
    const position = this.position;
    if (!this.#playlist || !position) return false;
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
