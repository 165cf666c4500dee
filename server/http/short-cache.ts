/**
 * Answers kept for a moment: the expensive public answers (the Open311 list with its extensions)
 * are computed once per query every `ttlMs`, however many clients ask. Only public answers may
 * go in: the key is the query, never who asked. Bounded, so random queries cannot grow it.
 */
export interface ShortCacheOptions {
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}

export class ShortCache<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();
  readonly #options: ShortCacheOptions;
  readonly #now: () => number;

  constructor(options: ShortCacheOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    this.#entries.delete(key);
    // Oldest first in a Map: drop from the front when full.
    while (this.#entries.size >= this.#options.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, expiresAt: this.#now() + this.#options.ttlMs });
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
