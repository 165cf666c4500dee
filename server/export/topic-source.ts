/**
 * Where an export reads the topics from: the hub's current states (live), or a moment in the past
 * through a function the replay gives the routes (`topicsAt`). Either way the caller's audience is
 * passed in, so a public export cannot reach an internal topic whatever the source.
 */
import type { TopicHub } from '../realtime/topic-hub';
import type { TopicName } from '../protocol/topics';
import type { TopicData } from '../../widgets/widget';
import { InputError } from '../ingest/ingest-error';
import type { ReplayCursors } from '../replay/topics-at';

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

/**
 * The past source: the replay's topics at `at` for this audience. A moment the replay cannot give
 * (in the future, before the first event) is a 400 naming `at`, in the replay's own words.
 */
export function replayedTopics(replay: Pick<ReplayCursors, 'topicsAt'>): TopicsAt {
  return async (at, audience) => {
    const answer = await replay.topicsAt(at, audience);
    if (!answer.ok) throw new InputError({ field: null, en: answer.en, vi: answer.vi });
    const data: Record<string, unknown> = {};
    const changedAt: Partial<Record<TopicName, number | null>> = {};
    let simulated = false;
    for (const topic of answer.topics) {
      if (topic.data === undefined || topic.data === null) continue;
      data[topic.topic] = topic.data;
      changedAt[topic.topic] = topic.changedAt;
      simulated ||= topic.simulated;
    }
    return { at: answer.at, past: true, data: data as TopicData, changedAt, simulated };
  };
}
