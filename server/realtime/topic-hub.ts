/**
 * The topic hub: the live state of every topic, its sequence number, a bounded buffer of recent
 * deltas for resuming clients, and the coalescing of changes into one message per tick and room.
 *
 * Aggregators write through a `TopicWriter`. A topic's change goes out at once (as soon as the
 * writes of the current turn are done) when the topic has sent nothing for a tick (16 ms): the
 * leading edge, so a quiet topic's news is not held back for a window. What follows within the
 * tick waits in a per-topic pending delta until the tick is over, so a topic that changes a
 * thousand times a second still costs at most sixty messages. Topics of kind `alert` skip the
 * wait: each change goes out at once. A write equal to what the topic holds now is no change at
 * all: no delta, no new seq (`UnchangedFilter`).
 *
 * A collection with a limit keeps its newest items. Once the hub is live (`goLive`), an item is
 * never pushed out before a message has carried it: when a burst brings more than the limit
 * within one tick (a feed's backlog, a stalled process), the pending change goes out first, so a
 * screen sees every item at least once. That costs at most one more message per `limit` items.
 * While a runtime rebuilds (a start, a new leader) the hub is not live: the past is state, and
 * screens take it by snapshot.
 */
import type { TopicDefinition, TopicWriter, ValueTopicName, CollectionTopicName, ItemOf } from '../domains/domain';
import type {
  Audience,
  SubscribeAck,
  TopicDeltaMessage,
  TopicInfo,
  TopicName,
  TopicPayloads,
  TopicSnapshot,
} from '../protocol/index';
import type { Identified } from '../protocol/topics';
import { UnchangedFilter } from './unchanged-filter';

/** Sends one message to every socket of a room (Socket.IO encodes it once). */
export type RoomEmitter = (room: string, message: TopicDeltaMessage) => void;

/**
 * The hub's sense of time for coalescing: a monotonic clock and a timer (tests inject a manual
 * one). Separate from `now`, which dates the changes on the city's wall clock.
 */
export interface TickScheduler {
  now(): number;
  /** Runs `run` after `ms` (0: once the current turn's work is done); returns its cancel. */
  after(ms: number, run: () => void): () => void;
}

const realScheduler: TickScheduler = {
  now: () => performance.now(),
  after: (ms, run) => {
    if (ms <= 0) {
      const immediate = setImmediate(run);
      return () => clearImmediate(immediate);
    }
    const timeout = setTimeout(run, ms);
    return () => clearTimeout(timeout);
  },
};

export interface TopicHubOptions {
  emit: RoomEmitter;
  /** Coalescing window; 16 ms is one frame at 60 Hz. */
  tickMs?: number;
  /** Deltas kept per topic for clients that resume after a short disconnect. */
  replayLimit?: number;
  now?: () => number;
  scheduler?: TickScheduler;
}

interface PendingCollection {
  upsert: Map<string, Identified>;
  remove: Set<string>;
}

interface TopicRuntime {
  def: TopicDefinition;
  seq: number;
  changedAt: number | null;
  simulated: boolean;
  /** Value topics: the value. */
  value: unknown;
  /** Collection topics: items by id, oldest first (Map insertion order). */
  items: Map<string, Identified> | null;
  pendingValue: { value: unknown } | null;
  pendingCollection: PendingCollection | null;
  pendingSimulated: boolean;
  /** When the pending change may go out (scheduler time); null: nothing waits. */
  dueAt: number | null;
  /** When the topic last sent (scheduler time): within a tick of it, changes wait. */
  sentAt: number;
  buffer: TopicDeltaMessage[];
}

/** One topic's state in a snapshot (`TopicHub.exportStates`). */
export interface HubTopicState {
  name: TopicName;
  changedAt: number | null;
  simulated: boolean;
  value?: unknown;
  items?: Identified[];
}

export function roomOf(def: Pick<TopicDefinition, 'name' | 'audience'>): string {
  return `${def.audience}:${def.name}`;
}

export class TopicHub {
  readonly #topics = new Map<TopicName, TopicRuntime>();
  #unchanged = new UnchangedFilter();
  readonly #emit: RoomEmitter;
  readonly #tickMs: number;
  readonly #replayLimit: number;
  readonly #beforeFlush: Array<() => void> = [];
  readonly #now: () => number;
  readonly #scheduler: TickScheduler;
  #cancelTimer: (() => void) | null = null;
  /** When the timer fires (scheduler time). */
  #timerAt = Infinity;
  /** When the last tick ran: the domains' derived values are published at most once a tick. */
  #tickedAt = -Infinity;
  /** A change or an apply asked for the derived values since the last tick that published them. */
  #derivedWanted = false;
  #ticking = false;
  #stopped = false;
  /** Screens read this hub's messages now (`goLive`): bounded collections send before pushing out. */
  #live = false;
  /**
   * Restarted and not yet live (a new leader rebuilding): this process's screens still hold the
   * last epoch's seqs, and a delta of the new run could pass for the next of the old one (seq 3
   * of the new after seq 2 of the old). Nothing goes out until `goLive`, after which the screens
   * are told to take a snapshot.
   */
  #quiet = false;
  /** This run of the hub: seqs restart with it, so replays are only given within one epoch. */
  #epoch = newEpoch();
  readonly #sent: Array<(message: TopicDeltaMessage) => void> = [];
  /** Messages sent since start, for health and benches. */
  messagesSent = 0;
  /** Told after each message goes out (the metrics time ingest to emit with it). */
  onSent: ((message: TopicDeltaMessage) => void) | null = null;

  constructor(options: TopicHubOptions) {
    this.#emit = options.emit;
    this.#tickMs = options.tickMs ?? 16;
    this.#replayLimit = options.replayLimit ?? 512;
    this.#now = options.now ?? Date.now;
    this.#scheduler = options.scheduler ?? realScheduler;
  }

  /** This run of the hub (a follower's mirror holds the leader's). */
  get epoch(): string {
    return this.#epoch;
  }

  /** Tells `listener` of every message this hub sends (the leader relays them to followers). */
  onSend(listener: (message: TopicDeltaMessage) => void): void {
    this.#sent.push(listener);
  }

  /**
   * Forgets every topic's state and starts a new epoch: a new aggregation leader rebuilds from the
   * store, and screens must take a snapshot, never replay seqs of another run. Until `goLive` the
   * hub sends nothing (its rooms' screens hold the old run's seqs).
   */
  restart(): void {
    this.#live = false;
    this.#quiet = true;
    this.#epoch = newEpoch();
    this.#unchanged = new UnchangedFilter();
    for (const topic of this.#topics.values()) {
      topic.seq = 0;
      topic.changedAt = null;
      topic.simulated = false;
      topic.value = null;
      topic.items = topic.items ? new Map() : null;
      topic.pendingValue = null;
      topic.pendingCollection = null;
      topic.dueAt = null;
      topic.buffer = [];
    }
  }

  /**
   * A follower's copy of the leader's topics: takes the leader's epoch and states whole (what
   * `snapshots()` gave there), so this process answers subscriptions as the leader would. Returns
   * the topics whose seq moved without their deltas: this process's screens of them must be reset.
   */
  adopt(epoch: string, snapshots: readonly TopicSnapshot[]): TopicName[] {
    this.#epoch = epoch;
    const moved: TopicName[] = [];
    for (const snapshot of snapshots) {
      const topic = this.#topics.get(snapshot.topic);
      if (!topic) continue;
      if (snapshot.seq !== topic.seq) moved.push(topic.def.name);
      topic.seq = snapshot.seq;
      topic.changedAt = snapshot.changedAt;
      topic.simulated = snapshot.simulated;
      topic.buffer = [];
      if (topic.items) {
        // Snapshots list the newest first; the state keeps the oldest first.
        const items = [...((snapshot.data as Identified[] | null) ?? [])].reverse();
        topic.items = new Map(items.map((item) => [item.id, item]));
      } else {
        topic.value = snapshot.data;
      }
    }
    return moved;
  }

  /**
   * Applies a delta the leader sent (a follower's copy) and sends it on to this process's own
   * screens: true when it was the next one of its topic (or already held), false on a gap, when
   * the follower must take the whole state again. The follower's screens hear a delta only from
   * here, after the copy holds it, so a screen that subscribes between two deltas gets a snapshot
   * and then exactly the next one (a broadcast straight from the leader could pass the copy by).
   */
  mirror(message: TopicDeltaMessage): boolean {
    const topic = this.#topics.get(message.topic);
    if (!topic) return true;
    if (message.seq <= topic.seq) return true;
    if (message.seq !== topic.seq + 1) return false;
    const delta = message.delta as { set?: unknown; upsert?: Identified[]; remove?: string[] };
    if (topic.items) {
      for (const id of delta.remove ?? []) topic.items.delete(id);
      for (const item of delta.upsert ?? []) topic.items.set(item.id, item);
    } else {
      topic.value = delta.set;
    }
    topic.seq = message.seq;
    topic.changedAt = message.changedAt;
    topic.simulated = message.simulated;
    topic.buffer.push(message);
    if (topic.buffer.length > this.#replayLimit) topic.buffer.splice(0, topic.buffer.length - this.#replayLimit);
    this.#emit(roomOf(topic.def), message);
    return true;
  }

  /** Every topic's snapshot, for a follower that takes this hub's state. */
  snapshots(): TopicSnapshot[] {
    return [...this.#topics.keys()].map((name) => this.snapshot(name));
  }

  /** The room of every topic (to tell screens to take a snapshot after a change of leader). */
  rooms(): Array<{ topic: TopicName; room: string }> {
    return [...this.#topics.values()].map((topic) => ({ topic: topic.def.name, room: roomOf(topic.def) }));
  }

  /**
   * Runs `step` before each tick's messages are built: the domain runtime publishes its
   * aggregators' derived values here (it adds itself; the hub needs not know it).
   */
  beforeEachFlush(step: () => void): void {
    this.#beforeFlush.push(step);
  }

  /** Declares a topic, empty until its aggregator first writes it. */
  define(def: TopicDefinition): void {
    if (this.#topics.has(def.name)) throw new Error(`topic ${def.name} is defined twice`);
    this.#topics.set(def.name, {
      def,
      seq: 0,
      changedAt: null,
      simulated: false,
      value: null,
      items: def.shape === 'collection' ? new Map() : null,
      pendingValue: null,
      pendingCollection: null,
      pendingSimulated: false,
      dueAt: null,
      sentAt: -Infinity,
      buffer: [],
    });
  }

  has(name: string): name is TopicName {
    return this.#topics.has(name as TopicName);
  }

  definition(name: TopicName): TopicDefinition | undefined {
    return this.#topics.get(name)?.def;
  }

  /** A writer whose changes are marked simulated or not (the simulator's data is shown as such). */
  writer(simulated: boolean): TopicWriter {
    return {
      set: <N extends ValueTopicName>(topic: N, value: TopicPayloads[N]) => this.#set(topic, value, simulated),
      upsert: <N extends CollectionTopicName>(topic: N, items: ItemOf<N>[]) =>
        this.#upsert(topic, items as Identified[], simulated),
      remove: <N extends CollectionTopicName>(topic: N, ids: string[]) => this.#remove(topic, ids, simulated),
      replace: <N extends CollectionTopicName>(topic: N, items: ItemOf<N>[]) =>
        this.#replace(topic, items as Identified[], simulated),
    };
  }

  #runtime(name: TopicName, shape: 'value' | 'collection'): TopicRuntime {
    const topic = this.#topics.get(name);
    if (!topic) throw new Error(`unknown topic ${name}`);
    if ((topic.items !== null) !== (shape === 'collection')) throw new Error(`topic ${name} is not a ${shape}`);
    return topic;
  }

  #set(name: TopicName, value: unknown, simulated: boolean): void {
    const topic = this.#runtime(name, 'value');
    if (!this.#unchanged.valueChanged(name, value)) return;
    topic.value = value;
    topic.pendingValue = { value };
    this.#changed(topic, simulated);
  }

  /**
   * `everyItem` (live, news rather than a whole list): an upsert with more new items than a
   * bounded collection keeps goes in batches of `limit`, each sent before the next pushes it out.
   */
  #upsert(name: TopicName, all: Identified[], simulated: boolean, everyItem = this.#live): void {
    const topic = this.#runtime(name, 'collection');
    const items = this.#unchanged.changedItems(name, all);
    if (items.length === 0) return;
    const limit = topic.def.limit;
    const batch = everyItem && limit !== undefined ? limit : items.length;
    for (let start = 0; start < items.length; start += batch)
      this.#upsertBatch(topic, items.slice(start, start + batch), simulated, everyItem);
  }

  #upsertBatch(topic: TopicRuntime, items: readonly Identified[], simulated: boolean, everyItem: boolean): void {
    const name = topic.def.name;
    const state = topic.items!;
    const limit = topic.def.limit;
    if (everyItem && limit !== undefined && topic.pendingCollection) {
      // Would the batch push out a pending item, one no message has carried yet? Send it first.
      let pushedOut = state.size - limit;
      for (const item of items) if (!state.has(item.id)) pushedOut++;
      let position = 0;
      for (const id of state.keys()) {
        if (position++ >= pushedOut) break;
        if (topic.pendingCollection.upsert.has(id)) {
          this.#send(topic);
          break;
        }
      }
    }
    const pending = (topic.pendingCollection ??= { upsert: new Map(), remove: new Set() });
    for (const item of items) {
      state.set(item.id, item);
      pending.upsert.set(item.id, item);
    }
    if (limit !== undefined) {
      for (const id of state.keys()) {
        if (state.size <= limit) break;
        state.delete(id);
        this.#unchanged.removed(name, [id]);
        pending.upsert.delete(id);
        pending.remove.add(id);
      }
    }
    this.#changed(topic, simulated);
  }

  #remove(name: TopicName, ids: string[], simulated: boolean): void {
    const topic = this.#runtime(name, 'collection');
    const pending = (topic.pendingCollection ??= { upsert: new Map(), remove: new Set() });
    this.#unchanged.removed(name, ids);
    let changed = false;
    for (const id of ids) {
      if (!topic.items!.delete(id) && !pending.upsert.has(id)) continue;
      // A re-upsert after this removal must land as a new (newest) item on the client as well.
      pending.upsert.delete(id);
      pending.remove.add(id);
      changed = true;
    }
    if (changed) this.#changed(topic, simulated);
  }

  #replace(name: TopicName, items: Identified[], simulated: boolean): void {
    const topic = this.#runtime(name, 'collection');
    if (this.#unchanged.sameList(name, items)) return;
    const shown = [...topic.items!.keys()];
    if (shown.length > 0) this.#remove(name, shown, simulated);
    // A whole list, not news: what does not fit the limit was never to be shown.
    this.#upsert(name, items, simulated, false);
  }

  #changed(topic: TopicRuntime, simulated: boolean): void {
    topic.pendingSimulated = simulated;
    if (topic.def.kind === 'alert') {
      this.#send(topic);
      return;
    }
    this.#derivedWanted = true;
    // Already waiting: this change joins the pending delta.
    if (topic.dueAt !== null) return;
    topic.dueAt = Math.max(this.#scheduler.now(), topic.sentAt + this.#tickMs);
    this.#wakeAt(topic.dueAt);
  }

  #wakeAt(at: number): void {
    // During a tick the tick itself looks for the next wake-up when it is done.
    if (this.#stopped || this.#ticking || at >= this.#timerAt) return;
    this.#cancelTimer?.();
    this.#timerAt = at;
    this.#cancelTimer = this.#scheduler.after(at - this.#scheduler.now(), () => {
      this.#cancelTimer = null;
      this.#timerAt = Infinity;
      this.#tick();
    });
  }

  /**
   * From now on screens read this hub's messages: a bounded collection sends what is pending
   * before pushing out an item no message has carried. Called once the rebuild is over (a start,
   * a new leader); `restart` ends it. Hubs no screen reads (replays, a follower's read models)
   * never go live.
   */
  goLive(): void {
    this.#live = true;
    this.#quiet = false;
  }

  /** Asks for a tick soon (after events were applied, so that derived values go out). */
  requestFlush(): void {
    this.#derivedWanted = true;
    this.#wakeAt(Math.max(this.#scheduler.now(), this.#tickedAt + this.#tickMs));
  }

  /** A timed tick: derived values, then each topic whose wait is over (one message per topic and tick). */
  #tick(): void {
    const now = this.#scheduler.now();
    this.#ticking = true;
    try {
      if (this.#derivedWanted && now >= this.#tickedAt + this.#tickMs) {
        this.#tickedAt = now;
        for (const step of this.#beforeFlush) step();
        // What the steps wrote goes out in this tick; it asks for no further round.
        this.#derivedWanted = false;
      }
      let next = Infinity;
      for (const topic of this.#topics.values()) {
        if (topic.dueAt === null) continue;
        if (topic.dueAt <= now) this.#send(topic);
        else next = Math.min(next, topic.dueAt);
      }
      if (this.#derivedWanted) next = Math.min(next, this.#tickedAt + this.#tickMs);
      this.#ticking = false;
      if (next < Infinity) this.#wakeAt(next);
    } finally {
      this.#ticking = false;
    }
  }

  /** Publishes derived values, then sends every topic's pending changes as one message, at once. */
  flush(): void {
    for (const step of this.#beforeFlush) step();
    for (const topic of this.#topics.values()) this.#send(topic);
  }

  #send(topic: TopicRuntime): void {
    topic.dueAt = null;
    let delta: TopicDeltaMessage['delta'];
    if (topic.pendingValue) {
      delta = { set: topic.pendingValue.value } as TopicDeltaMessage['delta'];
      topic.pendingValue = null;
    } else if (topic.pendingCollection) {
      const { upsert, remove } = topic.pendingCollection;
      topic.pendingCollection = null;
      if (upsert.size === 0 && remove.size === 0) return;
      const collectionDelta: { upsert?: Identified[]; remove?: string[] } = {};
      if (remove.size > 0) collectionDelta.remove = [...remove];
      if (upsert.size > 0) collectionDelta.upsert = [...upsert.values()];
      delta = collectionDelta as TopicDeltaMessage['delta'];
    } else {
      return;
    }
    const changedAt = this.#now();
    topic.sentAt = this.#scheduler.now();
    topic.seq++;
    topic.changedAt = changedAt;
    topic.simulated = topic.pendingSimulated;
    const message: TopicDeltaMessage = {
      topic: topic.def.name,
      seq: topic.seq,
      changedAt,
      simulated: topic.simulated,
      delta,
    };
    topic.buffer.push(message);
    if (topic.buffer.length > this.#replayLimit) topic.buffer.splice(0, topic.buffer.length - this.#replayLimit);
    if (this.#quiet) return;
    this.messagesSent++;
    this.#emit(roomOf(topic.def), message);
    this.onSent?.(message);
    for (const listener of this.#sent) listener(message);
  }

  /**
   * What a topic holds now, pending changes included, without sending anything (a collection
   * oldest first); undefined before its first value. The exceptions stage reads the other
   * domains' states here during a flush, where `snapshot` would flush again.
   */
  current<N extends TopicName>(name: N): TopicPayloads[N] | undefined {
    const topic = this.#topics.get(name);
    if (!topic) return undefined;
    if (topic.items)
      return (topic.seq === 0 && !topic.pendingCollection ? undefined : [...topic.items.values()]) as
        TopicPayloads[N] | undefined;
    return (topic.value ?? undefined) as TopicPayloads[N] | undefined;
  }

  /** The current state of a topic (after sending what was pending, so seq and state agree). */
  snapshot<N extends TopicName>(name: N): TopicSnapshot<N> {
    const topic = this.#topics.get(name);
    if (!topic) throw new Error(`unknown topic ${name}`);
    if (topic.pendingValue || topic.pendingCollection) this.flush();
    const data = topic.items ? [...topic.items.values()].reverse() : topic.value;
    return {
      topic: name,
      seq: topic.seq,
      changedAt: topic.changedAt,
      simulated: topic.simulated,
      data: data as TopicPayloads[N],
    };
  }

  /**
   * The answer to a subscription: the deltas after `sinceSeq` when the buffer still holds all of
   * them, otherwise a fresh snapshot. The caller joins the room right after, in the same turn,
   * so the client misses nothing between the answer and the next delta.
   */
  subscribe(name: TopicName, sinceSeq?: number, epoch?: string): SubscribeAck {
    const topic = this.#topics.get(name);
    if (!topic) {
      return {
        ok: false,
        error: { code: 'unknown_topic', message: { vi: `Không có chủ đề ${name}`, en: `No topic ${name}` } },
      };
    }
    if (topic.pendingValue || topic.pendingCollection) this.flush();
    if (sinceSeq !== undefined && epoch === this.epoch && sinceSeq <= topic.seq) {
      if (sinceSeq === topic.seq) return { ok: true, mode: 'replay', deltas: [], epoch: this.epoch };
      const first = topic.buffer[0];
      if (first && first.seq <= sinceSeq + 1) {
        const deltas = topic.buffer.filter((message) => message.seq > sinceSeq);
        return { ok: true, mode: 'replay', deltas, epoch: this.epoch };
      }
    }
    return { ok: true, mode: 'snapshot', snapshot: this.snapshot(name), epoch: this.epoch };
  }

  /**
   * Every topic's state as it stands (pending changes included), for an aggregator snapshot: the
   * topics are part of the state, since a collection's items come from a history of upserts.
   */
  exportStates(): HubTopicState[] {
    return [...this.#topics.values()].map((topic) => ({
      name: topic.def.name,
      changedAt: topic.changedAt,
      simulated: topic.pendingValue || topic.pendingCollection ? topic.pendingSimulated : topic.simulated,
      ...(topic.items ? { items: [...topic.items.values()] } : { value: topic.value }),
    }));
  }

  /**
   * Puts exported states back, before any write (a start from a snapshot). Nothing is sent: the
   * screens of this new epoch subscribe and get snapshots. A topic with data gets seq 1, as if
   * its state had been sent once.
   */
  importStates(states: readonly HubTopicState[]): void {
    for (const state of states) {
      const topic = this.#topics.get(state.name);
      if (!topic) continue; // a topic that left the code
      topic.changedAt = state.changedAt;
      topic.simulated = state.simulated;
      if (topic.items && state.items) {
        topic.items.clear();
        for (const item of this.#unchanged.changedItems(state.name, state.items)) topic.items.set(item.id, item);
        if (topic.items.size > 0) topic.seq = Math.max(topic.seq, 1);
      } else if (!topic.items && 'value' in state) {
        this.#unchanged.valueChanged(state.name, state.value);
        topic.value = state.value;
        if (state.value != null) topic.seq = Math.max(topic.seq, 1);
      }
    }
  }

  info(name: TopicName): TopicInfo | undefined {
    const topic = this.#topics.get(name);
    if (!topic) return undefined;
    const { def } = topic;
    return {
      name: def.name,
      domain: def.name.split('.')[0] ?? def.name,
      audience: def.audience,
      kind: def.kind,
      shape: topic.items ? 'collection' : 'value',
      expectedIntervalMs: def.expectedIntervalMs,
      seq: topic.seq,
      changedAt: topic.changedAt,
      title: def.title,
    };
  }

  list(audience?: Audience): TopicInfo[] {
    return [...this.#topics.keys()]
      .map((name) => this.info(name)!)
      .filter((info) => audience !== 'public' || info.audience === 'public');
  }

  stop(): void {
    this.#stopped = true;
    this.#cancelTimer?.();
    this.#cancelTimer = null;
    this.#timerAt = Infinity;
  }
}

function newEpoch(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
