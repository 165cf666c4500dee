/**
 * What a screen keeps on its own disk (IndexedDB) to boot while the server is away: its setup,
 * the kiosk settings, and the last data of each topic it shows with its seq, epoch and the time
 * it was last known to be current. Kept per screen id; forgotten when the server says the screen
 * may no longer show its data (token revoked, screen removed).
 */
import type { ScreenSetup } from '../../server/protocol/index';
import type { KioskInfo } from '../../config/schema/display-care';
import type { RestoredTopic } from '../live/topic-store.svelte';

const DB_NAME = 'ioc-wall-offline';
const DB_VERSION = 1;
const SETUPS = 'setups';
const TOPICS = 'topics';
/** When each topic's kept data was last known to be current: tiny records, written every save. */
const VERIFIED = 'verified';

export interface CachedSetup {
  screenId: string;
  setup: ScreenSetup;
  kiosk: KioskInfo | null;
  savedAt: number;
}

interface TopicRecord extends RestoredTopic {
  screenId: string;
}

interface VerifiedRecord {
  screenId: string;
  topic: string;
  verifiedAt: number;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export class OfflineCache {
  readonly #db: IDBDatabase;

  private constructor(db: IDBDatabase) {
    this.#db = db;
  }

  /** The cache, or null where IndexedDB is missing or refused (private mode, tests): the screen works without it. */
  static async open(factory: IDBFactory | undefined = globalThis.indexedDB): Promise<OfflineCache | null> {
    if (!factory) return null;
    try {
      const opening = factory.open(DB_NAME, DB_VERSION);
      opening.onupgradeneeded = () => {
        const db = opening.result;
        if (!db.objectStoreNames.contains(SETUPS)) db.createObjectStore(SETUPS, { keyPath: 'screenId' });
        for (const name of [TOPICS, VERIFIED]) {
          if (!db.objectStoreNames.contains(name))
            db.createObjectStore(name, { keyPath: ['screenId', 'topic'] }).createIndex('screen', 'screenId');
        }
      };
      return new OfflineCache(await request(opening));
    } catch {
      return null;
    }
  }

  async loadSetup(screenId: string): Promise<CachedSetup | null> {
    const record = await request<CachedSetup | undefined>(
      this.#db.transaction(SETUPS).objectStore(SETUPS).get(screenId),
    );
    return record ?? null;
  }

  async saveSetup(record: CachedSetup): Promise<void> {
    const tx = this.#db.transaction(SETUPS, 'readwrite');
    tx.objectStore(SETUPS).put(record);
    await done(tx);
  }

  async loadTopics(screenId: string): Promise<RestoredTopic[]> {
    const tx = this.#db.transaction([TOPICS, VERIFIED]);
    const [records, verified] = await Promise.all([
      request<TopicRecord[]>(tx.objectStore(TOPICS).index('screen').getAll(IDBKeyRange.only(screenId))),
      request<VerifiedRecord[]>(tx.objectStore(VERIFIED).index('screen').getAll(IDBKeyRange.only(screenId))),
    ]);
    const verifiedAt = new Map(verified.map((record) => [record.topic, record.verifiedAt]));
    return records.map(({ screenId: _screen, ...topic }) => ({
      ...topic,
      verifiedAt: Math.max(topic.verifiedAt, verifiedAt.get(topic.topic) ?? 0),
    }));
  }

  /**
   * Writes the topics whose data changed, and the time until which each of `verified` was known
   * current (their data unchanged since it was last written). Data is written only when it
   * changes: a Raspberry Pi's SD card should not be rewritten every few seconds.
   */
  async saveTopics(
    screenId: string,
    changed: readonly RestoredTopic[],
    verified: ReadonlyArray<{ topic: string; verifiedAt: number }>,
  ): Promise<void> {
    if (changed.length === 0 && verified.length === 0) return;
    const tx = this.#db.transaction([TOPICS, VERIFIED], 'readwrite');
    const topics = tx.objectStore(TOPICS);
    for (const topic of changed) topics.put({ ...topic, screenId } satisfies TopicRecord);
    const marks = tx.objectStore(VERIFIED);
    for (const { topic, verifiedAt } of verified) marks.put({ screenId, topic, verifiedAt } satisfies VerifiedRecord);
    await done(tx);
  }

  /** Drops everything kept for a screen (it may no longer show this data). */
  async forget(screenId: string): Promise<void> {
    const tx = this.#db.transaction([SETUPS, TOPICS, VERIFIED], 'readwrite');
    tx.objectStore(SETUPS).delete(screenId);
    for (const name of [TOPICS, VERIFIED]) {
      const store = tx.objectStore(name);
      const keys = await request(store.index('screen').getAllKeys(IDBKeyRange.only(screenId)));
      for (const key of keys) store.delete(key);
    }
    await done(tx);
  }

  close(): void {
    this.#db.close();
  }
}
