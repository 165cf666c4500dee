/**
 * A follower's read models. Of several processes only the leader aggregates for the screens; the
 * others copy its topics (`topic-relay.ts`) and their own runtime applies nothing. But routes read
 * more than topics: the dispatch board, a department's inbox, the moderation queue, the state a
 * handling action or a figure's approval is checked against, Open311 lists. So a follower keeps a
 * *shadow*: a second runtime of the same domains that follows the shared store as a leader does
 * (the newest snapshot that fits, the events after it, then each NOTIFY and poll), on a hub of its
 * own that no screen and no other process ever hears. `DomainRuntime.aggregator` answers from it
 * while the process follows (`DomainRuntime.readFrom`).
 *
 * Its cost: a second copy of the aggregators' state and of the topics' states per follower, and
 * the aggregation's work (apply, flush, the clock's tick) done once more on each follower.
 */
import { DomainRuntime } from '../domains/runtime';
import type { Domain, DomainContext } from '../domains/domain';
import { TopicHub } from '../realtime/topic-hub';
import type { EventLog } from '../store/event-log';
import type { SnapshotStore } from '../replay/snapshot-store';
import { startSnapshot } from '../replay/snapshot-writer';

export interface ShadowSources {
  domains: readonly Domain[];
  context: DomainContext;
  /** The shared store it follows, as the leader does. */
  store: Pick<EventLog, 'readAfter'>;
  /** The whole log (archived months too), read once up to the store's tail. */
  history: Pick<EventLog, 'readAfter'>;
  snapshots: SnapshotStore;
}

export interface ShadowReadModels {
  readonly runtime: DomainRuntime;
  /** Events replayed to build it; the seq of the snapshot it started from, or null. */
  readonly replayed: number;
  readonly fromSnapshot: number | null;
  /** Stops following and ticking: it is garbage once no one holds it. */
  close(): void;
}

/** Builds a shadow and brings it up to the store's last event (rejects when the store cannot be read). */
export async function buildShadowReadModels(sources: ShadowSources): Promise<ShadowReadModels> {
  // No screen hears it, nor any other process; no client resumes from it: no replay buffer.
  const hub = new TopicHub({ emit: () => {}, now: sources.context.now, replayLimit: 0 });
  const runtime = new DomainRuntime(
    [...sources.domains],
    // The exceptions stage judges the topics this shadow builds, as the leader's judges its own.
    { ...sources.context, topicState: (name) => hub.current(name) },
    hub,
  );
  const close = () => {
    runtime.pause();
    hub.stop();
  };
  try {
    const { snapshot } = await startSnapshot(runtime, sources.snapshots);
    const replayed = await runtime.lead(sources.store, sources.history, snapshot);
    return { runtime, replayed, fromSnapshot: snapshot?.seq ?? null, close };
  } catch (error) {
    close();
    throw error;
  }
}
