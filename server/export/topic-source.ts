/**
 * Where an export reads the topics from: the hub's current states (live), or a moment in the past
 * through a function the replay gives the routes (`topicsAt`). Either way the caller's audience is
 * passed in, so a public export cannot reach an internal topic whatever the source.
 */
import type { TopicHub } from '../realtime/topic-hub';
import type { TopicName } from '../protocol/topics';
import type { TopicData } from '../../widgets/widget';

export type ExportAudience = 'public' | 'internal';

/** The topics as they were (or are) at one moment, for one audience. */
export interface TopicMoment {
  /** The moment (ms); for live, the server's now. */
  at: number;
  /** True when read from the past, not the hub's current state. */
  past: boolean;
  data: TopicData;
  /** When each topic read last changed (null: never). */
  changedAt: Partial<Record<TopicName, number | null>>;
  /** Whether any topic read holds simulated data (the pack says so). */
  simulated: boolean;
}

/**
 * The replay's side of the contract: the topics as they were at `at`, only those this audience may
 * read. Built by the replay helper; the export routes are given it (or none: then `?at=` is refused).
 */
export type TopicsAt = (at: number, audience: ExportAudience) => Promise<TopicMoment>;

/** The live source: the hub's current state of the topics this audience may read. */
export function liveTopics(hub: TopicHub, now: () => number): TopicsAt {
  return async (_at, audience) => {
    const data: Record<string, unknown> = {};
    const changedAt: Partial<Record<TopicName, number | null>> = {};
    let simulated = false;
    for (const info of hub.list(audience)) {
      const name = info.name as TopicName;
      const snapshot = hub.snapshot(name);
      if (snapshot.data === undefined || snapshot.data === null) continue;
      data[name] = snapshot.data;
      changedAt[name] = snapshot.changedAt;
      simulated ||= snapshot.simulated;
    }
    return { at: now(), past: false, data: data as TopicData, changedAt, simulated };
  };
}
