/**
 * Keeps the last data of each topic the screen shows in the offline cache: every few seconds
 * (only the topics that changed), when the connection drops (stamped with the moment it was lost,
 * the last time the data was known to be current), and when the page goes away.
 */
import type { Connection } from '../live/connection.svelte';
import type { RestoredTopic } from '../live/topic-store.svelte';
import type { OfflineCache } from './offline-cache';

/** What the keeper needs of the connection. */
export type KeptConnection = Pick<Connection, 'status' | 'since' | 'serverNow' | 'onStatus' | 'topics'>;

export class SnapshotKeeper {
  readonly #cache: Pick<OfflineCache, 'saveTopics'>;
  readonly #screenId: string;
  readonly #connection: KeptConnection;
  /** seq (and epoch) last written per topic: unchanged topics are not written again. */
  readonly #written = new Map<string, string>();
  readonly #timer: ReturnType<typeof setInterval>;
  readonly #stopStatus: () => void;
  readonly #onPageHide = () => void this.save();
  #saving: Promise<void> = Promise.resolve();

  constructor(cache: Pick<OfflineCache, 'saveTopics'>, screenId: string, connection: KeptConnection, everyMs: number) {
    this.#cache = cache;
    this.#screenId = screenId;
    this.#connection = connection;
    this.#timer = setInterval(() => void this.save(), everyMs);
    // The moment the connection is lost is the last moment the data is known to be current.
    this.#stopStatus = connection.onStatus((status) => {
      if (status === 'offline') void this.save(connection.serverNow(connection.since));
    });
    globalThis.addEventListener?.('pagehide', this.#onPageHide);
  }

  /**
   * Writes the topics whose data changed since the last write, and stamps every topic on screen
   * as current until `verifiedAt` (server time; now by default, which only holds while online).
   * Restored data the server has not confirmed yet, and topics no widget reads any more (their
   * data stopped following the server), are not vouched for.
   */
  save(verifiedAt?: number): Promise<void> {
    if (this.#connection.status !== 'online' && verifiedAt === undefined) return this.#saving;
    const stamp = verifiedAt ?? this.#connection.serverNow();
    const changed: RestoredTopic[] = [];
    const verified: Array<{ topic: string; verifiedAt: number }> = [];
    for (const topic of this.#connection.topics.syncedTopics()) {
      if (!topic.active || topic.workingRestoredAt !== null) continue;
      verified.push({ topic: topic.name, verifiedAt: stamp });
      const version = `${topic.epoch}:${topic.seq}`;
      if (this.#written.get(topic.name) === version) continue;
      this.#written.set(topic.name, version);
      changed.push({
        topic: topic.name,
        data: topic.working,
        seq: topic.seq,
        epoch: topic.epoch,
        changedAt: topic.workingChangedAt,
        simulated: topic.workingSimulated,
        verifiedAt: stamp,
      });
    }
    // One write at a time, in order: a slow disk must not put an old state after a new one.
    // The root says what the last finished write kept: the data while online, or the data as of
    // the moment the connection was lost (a page may reboot offline only after that one).
    const kept = verifiedAt === undefined ? 'online' : 'offline';
    this.#saving = this.#saving
      .then(() => this.#cache.saveTopics(this.#screenId, changed, verified))
      .then(() => {
        if (globalThis.document) document.documentElement.dataset.kept = kept;
      })
      .catch(() => undefined);
    return this.#saving;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#stopStatus();
    globalThis.removeEventListener?.('pagehide', this.#onPageHide);
  }
}
