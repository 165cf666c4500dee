/**
 * How many times a key acted within a sliding window: per address, per device. In this process's
 * memory with one process (a restart forgives); in PostgreSQL when several processes share the
 * system, so that acts sent to any of them count together.
 *
 * PostgreSQL rather than Redis: it is there whenever processes share the system (Redis is not
 * required for PostgreSQL alone), the pairing codes' wrong-code windows already live there, and the
 * counts are small (a few reports an hour, a few dozen look-ups a minute per address), so a row
 * per act and an indexed range count are cheap and need no fallback when Redis is away.
 */
import type pg from 'pg';

export interface WindowCounter {
  /** Seconds until `key` may act again when it already acted `max` times in the window, else null. */
  retryAfter(key: string, max: number, now: number): Promise<number | null>;
  hit(key: string, now: number): Promise<void>;
}

/** Seconds until the oldest of the last `max` acts leaves the window (acts newest first). */
function waitFor(newestFirst: readonly number[], max: number, windowMs: number, now: number): number | null {
  if (max <= 0) return Math.ceil(windowMs / 1000);
  if (newestFirst.length < max) return null;
  return Math.max(1, Math.ceil((newestFirst[max - 1]! + windowMs - now) / 1000));
}

export class WindowLimit implements WindowCounter {
  readonly #hits = new Map<string, number[]>();
  readonly #windowMs: number;

  constructor(windowMs: number) {
    this.#windowMs = windowMs;
  }

  async retryAfter(key: string, max: number, now: number): Promise<number | null> {
    return waitFor([...this.#recent(key, now)].reverse(), max, this.#windowMs, now);
  }

  async hit(key: string, now: number): Promise<void> {
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

export class PgWindowLimit implements WindowCounter {
  readonly #pool: pg.Pool;
  readonly #name: string;
  readonly #windowMs: number;

  /** `name` tells this window's rows from the others' in the one table. */
  constructor(pool: pg.Pool, name: string, windowMs: number) {
    this.#pool = pool;
    this.#name = name;
    this.#windowMs = windowMs;
  }

  async retryAfter(key: string, max: number, now: number): Promise<number | null> {
    const { rows } = await this.#pool.query<{ at: string }>(
      `SELECT at FROM citizen_window_hits WHERE window_name = $1 AND key = $2 AND at > $3
       ORDER BY at DESC LIMIT $4`,
      [this.#name, key, now - this.#windowMs, max],
    );
    return waitFor(
      rows.map((row) => Number(row.at)),
      max,
      this.#windowMs,
      now,
    );
  }

  async hit(key: string, now: number): Promise<void> {
    // One statement: the act is counted and this window's old rows go, on whichever process.
    await this.#pool.query(
      `WITH gone AS (DELETE FROM citizen_window_hits WHERE window_name = $1 AND at <= $4)
       INSERT INTO citizen_window_hits (window_name, key, at) VALUES ($1, $2, $3)`,
      [this.#name, key, now, now - this.#windowMs],
    );
  }
}
