/**
 * The replay player's state: the moment shown, playing forward at a speed, and what the server
 * said. Playing asks the server for one moment at a time, the next only once the last has
 * answered and at least `STEP_MS` after it was asked (at most two requests a second, whatever the
 * speed): a faster speed takes longer strides through the past, never more requests.
 */
import type { TopicSnapshot } from '../../../server/protocol/index';

/** Wall time between two moments while playing. */
export const STEP_MS = 500;

export type ReplayAnswer =
  | { ok: true; at: number; first: number; now: number; topics: TopicSnapshot[] }
  | { ok: false; status: number; message: { vi: string; en: string } };

interface PlayerDeps {
  /** Asks the server for the dashboard at `at` (epoch ms, or the text of `?at=`). */
  fetchMoment(at: number | string): Promise<ReplayAnswer>;
  /** A moment's topics arrived: show them. */
  show(topics: readonly TopicSnapshot[]): void;
  /** The moment shown changed (to put it in the address). */
  moved?(at: number): void;
  setTimer?(callback: () => void, ms: number): unknown;
  clearTimer?(timer: unknown): void;
  clock?(): number;
}

export class ReplayPlayer {
  /** The moment on screen (epoch ms); null until the first answer. */
  moment = $state<number | null>(null);
  playing = $state(false);
  /** Seconds of the past per second of playing. */
  speed = $state(600);
  /** The first moment there is and the server's now, from its last answer. */
  first = $state<number | null>(null);
  now = $state<number | null>(null);
  /** Why the moment asked for cannot be shown (before the first event, in the future…), or null. */
  refusal = $state<{ vi: string; en: string } | null>(null);
  /** A request is on its way. */
  loading = $state(false);
  readonly #deps: Required<PlayerDeps>;
  #timer: unknown = null;
  /** Counts requests, so that an answer overtaken by a later jump is dropped. */
  #asked = 0;

  constructor(deps: PlayerDeps) {
    this.#deps = {
      moved: () => {},
      setTimer: (callback, ms) => setTimeout(callback, ms),
      clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
      clock: () => performance.now(),
      ...deps,
    };
  }

  /** Shows the moment `at` (stops playing). */
  async jump(at: number | string): Promise<void> {
    this.pause();
    await this.#load(at);
  }

  play(speed = this.speed): void {
    this.speed = speed;
    if (this.playing || this.moment === null) return;
    if (this.now !== null && this.moment >= this.now) return;
    this.playing = true;
    this.#schedule(0);
  }

  pause(): void {
    this.playing = false;
    if (this.#timer !== null) this.#deps.clearTimer(this.#timer);
    this.#timer = null;
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  #schedule(ms: number): void {
    this.#timer = this.#deps.setTimer(() => void this.#step(), ms);
  }

  async #step(): Promise<void> {
    this.#timer = null;
    if (!this.playing || this.moment === null) return;
    const started = this.#deps.clock();
    const now = this.now ?? Number.POSITIVE_INFINITY;
    const next = Math.min(now, this.moment + this.speed * STEP_MS);
    const shown = await this.#load(next);
    if (!this.playing) return;
    // At the server's now (or refused): the past is played out; the live page is one press away.
    if (!shown || next >= now) {
      this.pause();
      return;
    }
    this.#schedule(Math.max(0, STEP_MS - (this.#deps.clock() - started)));
  }

  /** True when the moment was shown. */
  async #load(at: number | string): Promise<boolean> {
    const asked = ++this.#asked;
    this.loading = true;
    const answer = await this.#deps.fetchMoment(at).catch((): ReplayAnswer => ({
      ok: false,
      status: 0,
      message: { vi: 'Không kết nối được máy chủ', en: 'Cannot reach the server' },
    }));
    if (asked !== this.#asked) return false;
    this.loading = false;
    if (!answer.ok) {
      this.refusal = answer.message;
      if (typeof at === 'number') this.moment = at;
      return false;
    }
    this.refusal = null;
    this.first = answer.first;
    this.now = answer.now;
    this.moment = answer.at;
    this.#deps.show(answer.topics);
    this.#deps.moved(answer.at);
    return true;
  }
}
