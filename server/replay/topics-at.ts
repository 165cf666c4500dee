/**
 * The topics as the live system published them at a past moment T: the newest snapshot taken
 * before T, then the events accepted up to T applied to fresh aggregators whose clock says T, and
 * one clock tick at T. Nothing of the live hub is touched. The audience rules are the live ones:
 * the public audience gets public topics only.
 *
 * The player asks for moment after moment, forward: a few replays are kept (`ReplayCursors`),
 * and a later moment goes on from the nearest one before it instead of from its snapshot again,
 * also when a snapshot was taken between the two, as long as the events the kept replay lacks
 * cost less than decoding that snapshot (see `decodeBytesPerEvent`).
 *
 * SQLite's log (`EventHistory`) and PostgreSQL's (`PgEventHistory`) are read the same way, with
 * their own snapshots (`SnapshotStore`).
 */
import type { Domain, DomainContext, StoredEvent } from '../domains/domain';
import { DomainRuntime } from '../domains/runtime';
import { judgeMoments } from '../domains/judge-as-time-passes';
import { TopicHub } from '../realtime/topic-hub';
import type { PastLog } from '../store/event-log';
import type { Audience, TopicSnapshot } from '../protocol/index';
import type { TopicName } from '../protocol/topics';
import type { SnapshotHeader, SnapshotStore } from './snapshot-store';

export interface ReplaySource {
  /** The whole log, archived months included (`EventHistory`, `PgEventHistory`). */
  store: PastLog;
  snapshots: SnapshotStore;
  /**
   * What decoding a snapshot costs, counted in events applied: one event per this many gzip bytes
   * of its state. Measured (README, bench:replay-year): ≈1 MB gzipped took ≈500 ms to gunzip, parse
   * and restore, the time of ≈5,000 events applied (≈0.1 ms each), so ≈200 bytes an event.
   */
  decodeBytesPerEvent?: number;
  domains: readonly Domain[];
  /** The live context without its clock: the replay's clock says T. */
  context: Omit<DomainContext, 'now'>;
  now(): number;
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
  reason: 'future' | 'before-first-event';
  en: string;
  vi: string;
}

interface Cursor {
  clock: { now: number };
  hub: TopicHub;
  runtime: DomainRuntime;
}

/** Replays kept for later moments: one player, or a few people on the same past, go on from theirs. */
const KEPT_CURSORS = 4;
const DECODE_BYTES_PER_EVENT = 200;

/**
 * Live, the hub flushes every few milliseconds and the exceptions stage notes when each exception
 * began. A replay that flushed only at T would say every exception that began after its snapshot
 * began at T. So the replay judges as time passes (`judgeMoments`), with the clock at the moment
 * judged; the clock then says T again, as every event applied in the replay sees it.
 */
function judgeAsTimePasses(cursor: Cursor, at: number): (event: StoredEvent) => void {
  const momentBefore = judgeMoments(at);
  return (event) => {
    const moment = momentBefore(event.time);
    if (moment === null) return;
    cursor.clock.now = moment;
    cursor.hub.flush();
    cursor.clock.now = at;
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
  async topicsAt(
    at: number,
    audience: Audience,
    topics?: ReadonlySet<string>,
  ): Promise<TopicsAtAnswer | TopicsAtRefusal> {
    const { snapshots, store } = this.#source;
    const now = this.#source.now();
    if (at > now) {
      return {
        ok: false,
        reason: 'future',
        en: `at: ${new Date(at).toISOString()} is in the future`,
        vi: `at: thời điểm ${new Date(at).toISOString()} ở tương lai`,
      };
    }
    const span = await store.span();
    if (!span || at < span.first) {
      const first = span ? new Date(span.first).toISOString() : null;
      return {
        ok: false,
        reason: 'before-first-event',
        en: first ? `at: nothing was recorded before ${first}` : 'at: nothing has been recorded yet',
        vi: first ? `at: chưa có dữ liệu trước ${first}` : 'at: chưa có dữ liệu nào',
      };
    }
    const seq = await store.seqAt(at);
    const snapshot = await snapshots.latestHeader(seq);
    // Taken off the kept list before any wait: two requests at once never share a replay.
    const reuse = this.#nearestKept(at, seq, snapshot);
    let cursor: Cursor;
    let fromSnapshot: number | null = null;
    if (reuse) {
      cursor = reuse;
      this.#cursors.splice(this.#cursors.indexOf(reuse), 1);
    } else {
      cursor = this.#fresh({ now: at });
      const loaded = snapshot ? await snapshots.latest(snapshot.seq) : null;
      // A snapshot of other aggregator versions is passed over: the log from its start is right.
      if (loaded && cursor.runtime.unfit(loaded.snapshot) === null) {
        cursor.runtime.restore(loaded.snapshot);
        fromSnapshot = loaded.seq;
      }
    }
    cursor.clock.now = at;
    const replayed = await cursor.runtime.replay(store, seq, judgeAsTimePasses(cursor, at));
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
  async span(): Promise<{ first: number; last: number } | null> {
    return this.#source.store.span();
  }

  /**
   * The kept replay to go on from, or null to start from the snapshot: the nearest one before the
   * moment, when it is not behind the snapshot, or when the events it lacks beyond the snapshot's
   * tail cost less than decoding the snapshot (a player's next moment a few minutes later, with a
   * snapshot of a large state taken between).
   */
  #nearestKept(at: number, seq: number, snapshot: SnapshotHeader | null): Cursor | null {
    const nearest = this.#cursors
      .filter((cursor) => cursor.clock.now <= at && cursor.runtime.lastSeq <= seq)
      .sort((a, b) => b.runtime.lastSeq - a.runtime.lastSeq)[0];
    if (!nearest) return null;
    if (!snapshot || nearest.runtime.lastSeq >= snapshot.seq) return nearest;
    const bytesPerEvent = this.#source.decodeBytesPerEvent ?? DECODE_BYTES_PER_EVENT;
    const extraEvents = snapshot.seq - nearest.runtime.lastSeq;
    return extraEvents <= snapshot.bytes / bytesPerEvent ? nearest : null;
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
