/**
 * Takeover acknowledgements on Redis: one hash per takeover, `<prefix>:acks:<takeover id>`, screen
 * id → its word, expiring when the takeover does (a withdrawn one's are no longer read, and expire
 * with it). Any process records a screen's word; every process's console reads it.
 */
import type { TakeoverAck } from '../protocol/index';
import type { TakeoverItem } from '../protocol/topics';
import type { TakeoverAckStore } from '../realtime/takeover-acks';
import type { RedisClient } from './redis-adapter';

/** A takeover without an end (a feed's) keeps its acknowledgements this long after the last one. */
const OPEN_ENDED_MS = 7 * 24 * 3_600_000;

export class RedisTakeoverAcks implements TakeoverAckStore {
  readonly #redis: RedisClient;
  readonly #prefix: string;
  readonly #now: () => number;

  constructor(redis: RedisClient, prefix: string, now: () => number) {
    this.#redis = redis;
    this.#prefix = `${prefix}:acks:`;
    this.#now = now;
  }

  async get(takeoverId: string, screenId: string): Promise<TakeoverAck | null> {
    const value = await this.#redis.hGet(this.#prefix + takeoverId, screenId);
    return value ? (JSON.parse(value) as TakeoverAck) : null;
  }

  async set(takeover: TakeoverItem, ack: TakeoverAck): Promise<void> {
    const key = this.#prefix + takeover.id;
    const endsAt = Math.max(takeover.validTo ?? this.#now() + OPEN_ENDED_MS, this.#now() + 60_000);
    await this.#redis.multi().hSet(key, ack.screenId, JSON.stringify(ack)).pExpireAt(key, endsAt).exec();
  }

  async of(takeoverIds: readonly string[]): Promise<Record<string, TakeoverAck[]>> {
    const hashes = await Promise.all(takeoverIds.map((id) => this.#redis.hGetAll(this.#prefix + id)));
    const acks: Record<string, TakeoverAck[]> = {};
    hashes.forEach((hash, index) => {
      const values = Object.values(hash);
      if (values.length > 0) acks[takeoverIds[index]!] = values.map((value) => JSON.parse(value) as TakeoverAck);
    });
    return acks;
  }
}
