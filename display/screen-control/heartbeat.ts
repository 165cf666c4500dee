/**
 * What a screen measures of itself for its heartbeat: frames per second (animation frames
 * counted over each second), ingest-to-screen latency (each `topic:delta`'s arrival on the
 * server's clock minus the hub's stamp `changedAt`), the age of the newest message, memory.
 * Pure: the clock and the frame source are given, so the arithmetic is tested without a browser.
 */
import type { CareState, DisplayMode, ScreenHeartbeat } from '../../server/protocol/index';

/** Samples kept per heartbeat window: enough for a median, bounded at any message rate. */
const MAX_SAMPLES = 2000;

export class HeartbeatMeter {
  #samples: number[] = [];
  #seen = 0;
  #max = 0;
  /** The last window's figures, for a quiet screen whose window saw no message. */
  #previous: { median: number; max: number } | null = null;
  #lastMessageAt: number | null = null;
  #frames = 0;
  #windowStart: number | null = null;
  #fps = 0;

  /**
   * A message arrived. `serverNow` is the arrival on the server's clock; `changedAt` the hub's
   * stamp. Negative values (clock skew) count as 0: a screen cannot receive before the send.
   */
  message(changedAt: number, serverNow: number, clientNow: number): void {
    this.#lastMessageAt = clientNow;
    const latency = Math.max(0, serverNow - changedAt);
    this.#seen++;
    if (this.#samples.length < MAX_SAMPLES) {
      this.#samples.push(latency);
    } else {
      // Reservoir sampling: every message of the window has the same chance to be kept.
      const slot = Math.floor(Math.random() * this.#seen);
      if (slot < MAX_SAMPLES) this.#samples[slot] = latency;
    }
    if (latency > this.#max) this.#max = latency;
  }

  /** One animation frame at `now` (ms, `performance.now()`). */
  frame(now: number): void {
    if (this.#windowStart === null) {
      // The first frame opens the window; frames are counted after it.
      this.#windowStart = now;
      return;
    }
    this.#frames++;
    const elapsed = now - this.#windowStart;
    if (elapsed >= 1000) {
      this.#fps = Math.round((this.#frames * 1000) / elapsed);
      this.#frames = 0;
      this.#windowStart = now;
    }
  }

  get fps(): number {
    return this.#fps;
  }

  /**
   * The figures of the window since the last call, which starts a new window. A window without
   * messages repeats the last latency measured (a quiet public panel gets a message a minute),
   * while the message age tells how old it is.
   */
  take(clientNow: number): Pick<ScreenHeartbeat, 'fps' | 'latencyMs' | 'latencyMaxMs' | 'lastMessageAgeMs'> {
    if (this.#samples.length > 0) {
      const sorted = [...this.#samples].sort((a, b) => a - b);
      const middle = sorted.length / 2;
      const median =
        sorted.length % 2 === 1 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
      this.#previous = { median, max: this.#max };
    }
    const figures = {
      fps: this.#fps,
      latencyMs: this.#previous === null ? null : Math.round(this.#previous.median),
      latencyMaxMs: this.#previous === null ? null : Math.round(this.#previous.max),
      lastMessageAgeMs: this.#lastMessageAt === null ? null : Math.max(0, clientNow - this.#lastMessageAt),
    };
    this.#samples = [];
    this.#seen = 0;
    this.#max = 0;
    return figures;
  }
}

/** Chromium's JS heap in use, in MB; null in browsers that do not tell. */
export function heapMb(): number | null {
  const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  return memory ? Math.round(memory.usedJSHeapSize / 1_048_576) : null;
}

/** The build of the display code: the hashed name of the entry script (changes with every build). */
export function buildId(): string | null {
  const script = document.querySelector<HTMLScriptElement>('script[type="module"][src]');
  if (!script) return null;
  const file = new URL(script.src, window.location.href).pathname.split('/').pop() ?? '';
  return file.replace(/\.js$/, '').slice(0, 80) || null;
}

export interface HeartbeatContext {
  screenId: string;
  dashboard: string | null;
  playlistItem: string | null;
  mode: DisplayMode;
  care: CareState | null;
  takeover: string | null;
  uptimeMs: number;
  version: string | null;
  memoryMb: number | null;
}

export function heartbeatOf(meter: HeartbeatMeter, context: HeartbeatContext, clientNow: number): ScreenHeartbeat {
  return { ...context, ...meter.take(clientNow) };
}
