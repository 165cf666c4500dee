/** What each kind of feed (`server/feeds/<kind>/`) gives the manager, and what it gets. */
import type { FeedChannel } from './feed-channel';
import type { FeedStore } from './feed-store';
import type { Words } from './mapping';

/**
 * Runs `run` after `ms`; returns a cancel. Tests inject their own to run polls without waiting
 * (`run` returns the poll's promise, so such a test can await it).
 */
export type Schedule = (run: () => unknown, ms: number) => () => void;

export const realSchedule: Schedule = (run, ms) => {
  const timer = setTimeout(() => void run(), ms);
  timer.unref();
  return () => clearTimeout(timer);
};

export interface ConnectorContext {
  channel: FeedChannel;
  store: FeedStore;
  now: () => number;
  schedule: Schedule;
  /** Where secrets come from (process.env in production). */
  env: Readonly<Record<string, string | undefined>>;
}

export interface Connector {
  start(): void;
  stop(): Promise<void>;
}

/** A feed that cannot start as configured (a missing secret): said plainly, the server goes on. */
export class FeedSetupError extends Error {
  readonly vi: string;
  constructor(words: Words) {
    super(words.en);
    this.name = 'FeedSetupError';
    this.vi = words.vi;
  }
}

export function secretFrom(env: ConnectorContext['env'], name: string): string {
  const value = env[name];
  if (!value) {
    throw new FeedSetupError({
      en: `the environment variable ${name} is not set: the feed cannot start without its secret`,
      vi: `chưa đặt biến môi trường ${name}: luồng dữ liệu không thể chạy khi thiếu khoá bí mật`,
    });
  }
  return value;
}

/** Doubles a wait after each failure, up to a ceiling; back to the first after a success. */
export class Backoff {
  readonly #first: number;
  readonly #max: number;
  #next: number;
  constructor(firstMs: number, maxMs: number) {
    this.#first = firstMs;
    this.#max = maxMs;
    this.#next = firstMs;
  }
  failed(): number {
    const wait = this.#next;
    this.#next = Math.min(this.#next * 2, this.#max);
    return wait;
  }
  succeeded(): void {
    this.#next = this.#first;
  }
}
