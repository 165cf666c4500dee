/** How many times a key acted within a sliding window: per address, per device (in memory; a restart forgives). */
export class WindowLimit {
  readonly #hits = new Map<string, number[]>();
  readonly #windowMs: number;

  constructor(windowMs: number) {
    this.#windowMs = windowMs;
  }

  /** Seconds until `key` may act again when it already acted `max` times in the window, else null. */
  retryAfter(key: string, max: number, now: number): number | null {
    const recent = this.#recent(key, now);
    if (recent.length < max) return null;
    return Math.max(1, Math.ceil((recent[recent.length - max]! + this.#windowMs - now) / 1000));
  }

  hit(key: string, now: number): void {
    this.#hits.set(key, [...this.#recent(key, now), now]);
    // Addresses that came once and left must not pile up: sweep now and then.
    if (this.#hits.size > 10_000) for (const old of [...this.#hits.keys()]) this.#recent(old, now);
  }

  #recent(key: string, now: number): number[] {
    const recent = (this.#hits.get(key) ?? []).filter((at) => at > now - this.#windowMs);
    if (recent.length === 0) this.#hits.delete(key);
    else this.#hits.set(key, recent);
    return recent;
  }
}
