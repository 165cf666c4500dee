/**
 * The latest thumbnail of each screen (a small JPEG or PNG data URL, bounded by screen control).
 * One process keeps them in memory (`MemoryThumbnails`); several share them on Redis with an
 * expiry (`scaleout/redis-thumbnails.ts`), so a console on any process shows one taken through another.
 */
export interface Thumbnail {
  at: number;
  dataUrl: string;
}

export interface ThumbnailStore {
  put(screenId: string, thumbnail: Thumbnail): Promise<void>;
  get(screenId: string): Promise<Thumbnail | null>;
  /** When each of these screens' thumbnail was taken (screens without one are left out). */
  takenAt(screenIds: readonly string[]): Promise<Map<string, number>>;
}

export class MemoryThumbnails implements ThumbnailStore {
  readonly #thumbnails = new Map<string, Thumbnail>();

  put(screenId: string, thumbnail: Thumbnail): Promise<void> {
    this.#thumbnails.set(screenId, thumbnail);
    return Promise.resolve();
  }

  get(screenId: string): Promise<Thumbnail | null> {
    return Promise.resolve(this.#thumbnails.get(screenId) ?? null);
  }

  takenAt(screenIds: readonly string[]): Promise<Map<string, number>> {
    const taken = new Map<string, number>();
    for (const id of screenIds) {
      const thumbnail = this.#thumbnails.get(id);
      if (thumbnail) taken.set(id, thumbnail.at);
    }
    return Promise.resolve(taken);
  }
}
