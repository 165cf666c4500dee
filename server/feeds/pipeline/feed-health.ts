/**
 * A feed's health as an operator reads it: connected, last message, messages and refusals in the
 * last minute, the last error in plain words, and stale when a feed that should speak is silent.
 */
import type { Words } from './mapping';

export interface FeedHealthView {
  id: string;
  kind: string;
  title: Words;
  paused: boolean;
  connected: boolean;
  stale: boolean;
  lastMessageAt: number | null;
  messagesPerMinute: number;
  refusalsPerMinute: number;
  messages: number;
  stored: number;
  duplicates: number;
  refusals: number;
  deadLetters: number;
  lastError: (Words & { at: number }) | null;
}

/** Counts per second over the last minute (a ring of 60 buckets). */
class MinuteCounter {
  readonly #buckets = new Array<number>(60).fill(0);
  readonly #seconds = new Array<number>(60).fill(-1);

  add(now: number, count = 1): void {
    const second = Math.floor(now / 1000);
    const slot = second % 60;
    if (this.#seconds[slot] !== second) {
      this.#seconds[slot] = second;
      this.#buckets[slot] = 0;
    }
    this.#buckets[slot]! += count;
  }

  perMinute(now: number): number {
    const second = Math.floor(now / 1000);
    let total = 0;
    for (let slot = 0; slot < 60; slot++) if (second - this.#seconds[slot]! < 60) total += this.#buckets[slot]!;
    return total;
  }
}

export class FeedHealth {
  connected = false;
  lastMessageAt: number | null = null;
  messages = 0;
  stored = 0;
  duplicates = 0;
  refusals = 0;
  lastError: (Words & { at: number }) | null = null;
  /** Since when the feed is listening: silence is counted from here when nothing came yet. */
  listeningSince: number | null = null;
  readonly #messages = new MinuteCounter();
  readonly #refusals = new MinuteCounter();

  message(now: number): void {
    this.messages++;
    this.lastMessageAt = now;
    this.#messages.add(now);
  }

  refusal(now: number, reason: Words): void {
    this.refusals++;
    this.#refusals.add(now);
    this.lastError = { ...reason, at: now };
  }

  error(now: number, reason: Words): void {
    this.lastError = { ...reason, at: now };
  }

  stale(now: number, staleAfterSeconds: number, paused: boolean): boolean {
    if (paused || staleAfterSeconds <= 0) return false;
    const since = this.lastMessageAt ?? this.listeningSince;
    return since !== null && now - since > staleAfterSeconds * 1000;
  }

  rates(now: number): { messagesPerMinute: number; refusalsPerMinute: number } {
    return { messagesPerMinute: this.#messages.perMinute(now), refusalsPerMinute: this.#refusals.perMinute(now) };
  }
}
