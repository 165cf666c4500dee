/**
 * Thumbnails on Redis: one hash per screen, `<prefix>:thumbnail:<screen id>` (`at`, `dataUrl`),
 * expiring after `ttlMs`; screen control bounds their size before they get here. A console on any
 * process serves the one taken through another.
 */
import type { Thumbnail, ThumbnailStore } from '../realtime/thumbnails';
import type { RedisClient } from './redis-adapter';

/** The console asks for a fresh one every minute or so; an old picture of a screen says little. */
const THUMBNAIL_TTL_MS = 30 * 60_000;

export class RedisThumbnails implements ThumbnailStore {
  readonly #redis: RedisClient;
  readonly #prefix: string;

  constructor(redis: RedisClient, prefix: string) {
    this.#redis = redis;
    this.#prefix = `${prefix}:thumbnail:`;
  }

  async put(screenId: string, thumbnail: Thumbnail): Promise<void> {
    const key = this.#prefix + screenId;
    await this.#redis
      .multi()
      .hSet(key, { at: String(thumbnail.at), dataUrl: thumbnail.dataUrl })
      .pExpire(key, THUMBNAIL_TTL_MS)
      .exec();
  }

  async get(screenId: string): Promise<Thumbnail | null> {
    const { at, dataUrl } = await this.#redis.hGetAll(this.#prefix + screenId);
    return at && dataUrl ? { at: Number(at), dataUrl } : null;
  }

  async takenAt(screenIds: readonly string[]): Promise<Map<string, number>> {
    const times = await Promise.all(screenIds.map((id) => this.#redis.hGet(this.#prefix + id, 'at')));
    const taken = new Map<string, number>();
    times.forEach((at, index) => {
      if (at) taken.set(screenIds[index]!, Number(at));
    });
    return taken;
  }
}
