/**
 * The topics as the live system published them at a past moment T: the newest snapshot taken
 * before T, then the events accepted up to T applied to fresh aggregators whose clock says T, and
 * one clock tick at T. Nothing of the live hub is touched. The audience rules are the live ones:
 * the public audience gets public topics only.
 *
 * The player asks for moment after moment, forward: a few replays are kept (`ReplayCursors`),
 * and a later moment goes on from the nearest one before it instead of from its snapshot again.
 */
import type { Domain, DomainContext, StoredEvent } from '../domains/domain';
import { DomainRuntime } from '../domains/runtime';
import { TopicHub } from '../realtime/topic-hub';
import type { EventHistory } from '../store/archive/event-history';
import type { Audience, TopicSnapshot } from '../protocol/index';
import type { TopicName } from '../protocol/topics';
import type { SnapshotStore } from './snapshot-store';

export interface ReplaySource {
  /** The whole log, archived months included (`EventHistory`). */
  store: Pick<EventHistory, 'readAll' | 'span' | 'seqAt'>;
  snapshots: SnapshotStore;
  domains: readonly Domain[];
  /** The live context without its clock: the replay's clock says T. */
  context: Omit<DomainContext, 'now'>;
  now(): number;
  /**
   * Why no past moment can be shown at all (the store keeps no snapshots and its log is not read
   * here), said instead of "nothing was recorded": null where replay works.
   */
  unavailable?: { en: string; vi: string } | null;
}

export interface TopicsAtAnswer {
  ok: true;
  /** The moment asked for (epoch ms). */
  at: number;
  /** The last event included (accepted at or before `at`). */
  seq: number;
  /** The snapshot the replay started from (its seq); null from the log's start or a kept replay. */
  fromSnapshot: number | null;
  /** Events applied after the snapshot (or the last replay reused) to reach `at`. */
  replayed: number;
  topics: TopicSnapshot[];
}

export interface TopicsAtRefusal {
  ok: false;
  reason: 'future' | 'before-first-event' | 'unavailable';
  en: string;
  vi: string;
}

interface Cursor {
  clock: { now: number };
  hub: TopicHub;
  runtime: DomainRuntime;
}

const KEPT_CURSORS = 4;

/**
 * How finely the replay tells when something began to need attention (the list says "since 08:05").
 * Each judgement flushes every aggregator (about 7 ms on a quiet machine): five minutes costs 36 of
 * them for the 3 hours a moment may lie after its snapshot; each minute cost 2 s more there.
 */
export const JUDGE_EVERY_MS = 5 * 60_000;

/**
 * Live, the hub flushes every few milliseconds and the exceptions stage notes when each exception
 * began. A replay that flushed only at T would say every exception that began after its snapshot
 * began at T. So the replay flushes at the last event of each five minutes of the log, with the
 * clock at that event's time: "since" is right to five minutes. The clock then says T again, as every
 * event applied in the replay sees it.
 */
function judgeAsTimePasses(cursor: Cursor, at: number): (event: StoredEvent) => void {
  let previous: number | null = null;
  return (event) => {
    if (previous !== null && Math.floor(event.time / JUDGE_EVERY_MS) !== Math.floor(previous / JUDGE_EVERY_MS)) {
      cursor.clock.now = Math.min(previous, at);
      cursor.hub.flush();
      cursor.clock.now = at;
    }
    previous = event.time;
  };
}

export class ReplayCursors {
  readonly #source: ReplaySource;
  /** Most recently used last. */
  readonly #cursors: Cursor[] = [];

  constructor(source: ReplaySource) {
    this.#source = source;
  }

  /** The topics at `at` for `audience` (only `topics` when given), or why there is no such moment. */
  topicsAt(at: number, audience: Audience, topics?: ReadonlySet<string>): TopicsAtAnswer | TopicsAtRefusal {
    const { snapshots, store, unavailable } = this.#source;
    if (unavailable) return { ok: false, reason: 'unavailable', ...unavailable };
    const now = this.#source.now();
    if (at > now) {
      return {
        ok: false,
        reason: 'future',
        en: `at: ${new Date(at).toISOString()} is in the future`,
        vi: `at: thời điểm ${new Date(at).toISOString()} ở tương lai`,
      };
    }
    const span = store.span();
    if (!span || at < span.first) {
      const first = span ? new Date(span.first).toISOString() : null;
      return {
        ok: false,
        reason: 'before-first-event',
        en: first ? `at: nothing was recorded before ${first}` : 'at: nothing has been recorded yet',
        vi: first ? `at: chưa có dữ liệu trước ${first}` : 'at: chưa có dữ liệu nào',
      };
    }
    const seq = store.seqAt(at);
    const snapshot = snapshots.latest(seq);
    // Go on from a kept replay when it is before the moment and not behind the snapshot.
    const reuse = this.#cursors
      .filter((cursor) => cursor.clock.now <= at && cursor.runtime.lastSeq <= seq)
      .sort((a, b) => b.runtime.lastSeq - a.runtime.lastSeq)[0];
    let cursor: Cursor;
    let fromSnapshot: number | null = null;
    if (reuse && reuse.runtime.lastSeq >= (snapshot?.seq ?? 0)) {
      cursor = reuse;
      this.#cursors.splice(this.#cursors.indexOf(reuse), 1);
    } else {
      cursor = this.#fresh({ now: at });
      // A snapshot of other aggregator versions is passed over: the log from its start is right.
      if (snapshot && cursor.runtime.unfit(snapshot.snapshot) === null) {
        cursor.runtime.restore(snapshot.snapshot);
        fromSnapshot = snapshot.seq;
      }
    }
    cursor.clock.now = at;
    const replayed = cursor.runtime.replay(store, seq, judgeAsTimePasses(cursor, at));
    cursor.runtime.tick(at);
    cursor.hub.flush();
    this.#cursors.push(cursor);
    if (this.#cursors.length > KEPT_CURSORS) this.#cursors.shift();
    const names = cursor.hub
      .list(audience)
      .map((info) => info.name as TopicName)
      .filter((name) => !topics || topics.has(name));
    return {
      ok: true,
      at,
      seq: cursor.runtime.lastSeq,
      fromSnapshot,
      replayed,
      topics: names.map((name) => cursor.hub.snapshot(name)),
    };
  }

  /** The first and last moments of the log, archived months included; null while it is empty. */
  span(): { first: number; last: number } | null {
    return this.#source.store.span();
  }

  #fresh(clock: { now: number }): Cursor {
    const hub = new TopicHub({ emit: () => {}, now: () => clock.now });
    hub.stop(); // no timers: the replay flushes by hand
    const runtime = new DomainRuntime(
      [...this.#source.domains],
      {
        ...this.#source.context,
        now: () => clock.now,
        // The exceptions stage judges the topics of the moment, never the live hub's: a past moment
        // once showed today's 241 reports in its "needs attention" list.
        topicState: (name) => hub.current(name),
        // A feed's silence is not in the log: the past shows no feed as silent rather than today's.
        feedSilences: () => [],
      },
      hub,
    );
    return { clock, hub, runtime };
  }
}
