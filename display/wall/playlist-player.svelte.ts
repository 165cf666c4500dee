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
    const next = currentItem(this.#playlist, now, this.#timeZone);
    const current = this.position;
    if (!current || current.index !== next.index || current.startedAt !== next.startedAt || current.dashboard !== next.dashboard) this.position = next;
    this.#timer = setTimeout(() => this.update(), Math.min(Math.max(next.endsAt - now, 0) + AFTER_EDGE_MS, MAX_WAIT_MS));
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
