/**
 * The presence board on Redis: each process's word on its screens is one hash,
 * `<prefix>:presence:<process>`, rewritten at each publish (about once a second) with an expiry
 * of `ttlMs`. A process that dies stops rewriting it, so its screens drop off the board within
 * `ttlMs` and go offline on every console; a process that closes withdraws at once. The set
 * `<prefix>:presence:processes` lists the hashes to read (no SCAN over the whole keyspace).
 */
import { randomUUID } from 'node:crypto';
import type { PresenceBoard, ScreenPresence } from '../realtime/presence-board';
import type { RedisClient } from './redis-adapter';

/** How long what a process said outlives its last publish. */
const PRESENCE_TTL_MS = 10_000;

export class RedisPresenceBoard implements PresenceBoard {
  readonly #redis: RedisClient;
  readonly #processes: string;
  readonly #prefix: string;
  readonly #self = randomUUID();
  readonly #ttlMs: number;

  constructor(redis: RedisClient, prefix: string, ttlMs = PRESENCE_TTL_MS) {
    this.#redis = redis;
    this.#prefix = `${prefix}:presence:`;
    this.#processes = `${prefix}:presence:processes`;
    this.#ttlMs = ttlMs;
  }

  async publish(entries: readonly ScreenPresence[]): Promise<void> {
    const key = this.#prefix + this.#self;
    const transaction = this.#redis.multi().del(key);
    if (entries.length > 0)
      transaction.hSet(key, Object.fromEntries(entries.map((entry) => [entry.screenId, JSON.stringify(entry)])));
    // Even with no screens the hash exists (a placeholder field), so the set's member stays meaningful.
    else transaction.hSet(key, '', '');
    await transaction.pExpire(key, this.#ttlMs).sAdd(this.#processes, this.#self).exec();
  }

  async others(): Promise<ScreenPresence[]> {
    const processes = (await this.#redis.sMembers(this.#processes)).filter((id) => id !== this.#self);
    const hashes = await Promise.all(processes.map((id) => this.#redis.hGetAll(this.#prefix + id)));
    const entries: ScreenPresence[] = [];
    const gone: string[] = [];
    hashes.forEach((hash, index) => {
      const fields = Object.entries(hash);
      if (fields.length === 0) gone.push(processes[index]!);
      for (const [screenId, value] of fields) if (screenId !== '') entries.push(JSON.parse(value) as ScreenPresence);
    });
    // Expired hashes: their processes are gone (a live one writes its hash again within a second).
    if (gone.length > 0) await this.#redis.sRem(this.#processes, gone);
    return entries;
  }

  async withdraw(): Promise<void> {
    await this.#redis
      .multi()
      .del(this.#prefix + this.#self)
      .sRem(this.#processes, this.#self)
      .exec();
  }
}
