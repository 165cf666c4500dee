/**
 * The display's copy of live topics.
 *
 * A topic is subscribed when a widget first reads it and dropped when the last reader goes
 * (`createSubscriber`). Deltas are checked against the seq (no gap, nothing twice), applied to a
 * working copy as they arrive, and handed to Svelte at most once per animation frame, so a topic
 * that changes 1,000 times a second redraws 60 times. After a reconnect every active topic
 * resubscribes with its last seq and gets the missed deltas, or a fresh snapshot.
 *
 * Data kept from an earlier run (the offline cache) can seed a topic: it is shown with the time
 * it was last known to be current (`restoredAt`) and never as live, and the first answer from
 * the server (replay from its seq, or a snapshot) replaces it.
 */
import { createSubscriber } from 'svelte/reactivity';
import type {
  ProtocolError,
  SubscribeAck,
  SubscribeRequest,
  TopicDeltaMessage,
  TopicName,
  TopicPayloads,
} from '../../server/protocol/index';
import type { CollectionDelta, Identified, ValueDelta } from '../../server/protocol/topics';
import { applyCollectionDelta, isCollectionDelta } from '../../server/protocol/apply-delta';

/** What the store needs of a socket: a subscription request with an answer, and a way to leave. */
export interface TopicTransport {
  subscribe(request: SubscribeRequest): Promise<SubscribeAck>;
  unsubscribe(topic: TopicName): void;
}

/** A topic's data as kept by the offline cache. */
export interface RestoredTopic {
  topic: TopicName;
  data: unknown;
  seq: number;
  /** The server epoch the seq belongs to. */
  epoch: string | null;
  changedAt: number | null;
  simulated: boolean;
  /** Server time until which the data was known to be current. */
  verifiedAt: number;
}

export type FrameScheduler = (callback: () => void) => void;

const defaultScheduler: FrameScheduler =
  typeof requestAnimationFrame === 'function'
    ? (callback) => requestAnimationFrame(() => callback())
    : (callback) => setTimeout(callback, 16);

export class LiveTopic<N extends TopicName = TopicName> {
  readonly name: N;
  #data = $state.raw<TopicPayloads[N] | null>(null);
  #changedAt = $state<number | null>(null);
  #simulated = $state(false);
  #error = $state<ProtocolError | null>(null);
  #restoredAt = $state<number | null>(null);
  readonly #track: () => void;

  /** Not reactive: the working state, ahead of what Svelte has been given. */
  working: TopicPayloads[N] | null = null;
  workingChangedAt: number | null = null;
  workingSimulated = false;
  /** Set while the data comes from the offline cache: when it was last known to be current. */
  workingRestoredAt: number | null = null;
  seq = 0;
  epoch: string | null = null;
  /** True from the first snapshot on. */
  synced = false;
  active = false;
  /** A subscription request is on its way: deltas before its answer are covered by the answer. */
  inFlight = false;
  dirty = false;

  constructor(name: N, store: TopicStore) {
    this.name = name;
    this.#track = createSubscriber(() => {
      store.activate(this as unknown as LiveTopic);
      return () => store.deactivate(this as unknown as LiveTopic);
    });
  }

  get data(): TopicPayloads[N] | null {
    this.#track();
    return this.#data;
  }
  get changedAt(): number | null {
    this.#track();
    return this.#changedAt;
  }
  get simulated(): boolean {
    this.#track();
    return this.#simulated;
  }
  get error(): ProtocolError | null {
    this.#track();
    return this.#error;
  }
  /** Not null while the data was restored from the offline cache and the server has not confirmed it. */
  get restoredAt(): number | null {
    this.#track();
    return this.#restoredAt;
  }

  /** Hands the working state to Svelte (once per frame). */
  commit(): void {
    this.dirty = false;
    this.#data = this.working;
    this.#changedAt = this.workingChangedAt;
    this.#simulated = this.workingSimulated;
    this.#restoredAt = this.workingRestoredAt;
  }

  setError(error: ProtocolError | null): void {
    this.#error = error;
  }
}

export class TopicStore {
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- each LiveTopic holds its own $state; the index is read imperatively
  readonly #topics = new Map<TopicName, LiveTopic>();
  readonly #transport: TopicTransport;
  readonly #schedule: FrameScheduler;
  #frameRequested = false;
  /** Epoch of the server as last welcomed; seqs are only comparable within one. */
  epoch: string | null = null;
  /** Epoch ms at which the newest delta arrived (for the heartbeat and latency figures). */
  lastMessageAt: number | null = null;
  /** Applied deltas since start, for tests and the heartbeat. */
  applied = 0;
  /** True while any topic on screen carries simulator data: the header says so. */
  anySimulated = $state(false);

  constructor(transport: TopicTransport, schedule: FrameScheduler = defaultScheduler) {
    this.#transport = transport;
    this.#schedule = schedule;
  }

  /**
   * The live topic of that name. Call it outside the reaction that reads `.data` (e.g. one
   * `$derived` for the topic, another for its data): Svelte does not track state created by the
   * reading reaction itself.
   */
  topic<N extends TopicName>(name: N): LiveTopic<N> {
    let topic = this.#topics.get(name) as LiveTopic<N> | undefined;
    if (!topic) {
      topic = new LiveTopic(name, this);
      this.#topics.set(name, topic as unknown as LiveTopic);
    }
    return topic;
  }

  activate(topic: LiveTopic): void {
    topic.active = true;
    void this.#subscribe(topic);
  }

  deactivate(topic: LiveTopic): void {
    topic.active = false;
    this.#transport.unsubscribe(topic.name);
  }

  /**
   * Seeds topics with data kept from an earlier run, before any widget reads them. A topic that
   * already has live data keeps it.
   */
  restore(records: readonly RestoredTopic[]): void {
    for (const record of records) {
      const topic = this.topic(record.topic);
      if (topic.synced) continue;
      topic.working = record.data as typeof topic.working;
      topic.seq = record.seq;
      topic.epoch = record.epoch;
      topic.workingChangedAt = record.changedAt;
      topic.workingSimulated = record.simulated;
      topic.workingRestoredAt = record.verifiedAt;
      topic.synced = true;
      this.#markDirty(topic);
    }
  }

  /** Topics with data, for the offline cache to keep. */
  syncedTopics(): LiveTopic[] {
    return [...this.#topics.values()].filter((topic) => topic.synced && topic.working !== null);
  }

  /** After a reconnect: resume every topic that a widget still reads. */
  resubscribeAll(): void {
    for (const topic of this.#topics.values()) if (topic.active) void this.#subscribe(topic);
  }

  async #subscribe(topic: LiveTopic, fresh = false): Promise<void> {
    topic.inFlight = true;
    const request: SubscribeRequest = { topic: topic.name };
    if (!fresh && topic.synced && topic.epoch) {
      request.sinceSeq = topic.seq;
      request.epoch = topic.epoch;
    }
    let answer: SubscribeAck;
    try {
      answer = await this.#transport.subscribe(request);
    } catch {
      // No answer (disconnected meanwhile): the reconnect will subscribe again.
      topic.inFlight = false;
      return;
    }
    topic.inFlight = false;
    if (!topic.active) return;
    if (!answer.ok) {
      topic.setError(answer.error);
      return;
    }
    topic.setError(null);
    if (topic.workingRestoredAt !== null) {
      // The server answered: from here the data is live (or replaced by the snapshot below).
      topic.workingRestoredAt = null;
      this.#markDirty(topic);
    }
    if (answer.mode === 'snapshot') {
      const { snapshot } = answer;
      topic.working = snapshot.data;
      topic.seq = snapshot.seq;
      topic.workingChangedAt = snapshot.changedAt;
      topic.workingSimulated = snapshot.simulated;
      // The answer's run, not the welcome's: this process may have changed run since (a new leader).
      topic.epoch = answer.epoch ?? this.epoch;
      topic.synced = true;
      this.#markDirty(topic);
      return;
    }
    for (const message of answer.deltas) {
      if (!this.#applyInOrder(topic, message)) {
        void this.#subscribe(topic, true);
        return;
      }
    }
    topic.epoch = answer.epoch ?? this.epoch;
  }

  /** A `topic:delta` from the socket. */
  receive(message: TopicDeltaMessage): void {
    this.lastMessageAt = Date.now();
    const topic = this.#topics.get(message.topic);
    if (!topic || !topic.active || !topic.synced || topic.inFlight) return;
    if (!this.#applyInOrder(topic, message)) void this.#subscribe(topic);
  }

  /** `topic:reset`: the server asks for a fresh start of this topic. */
  reset(name: TopicName): void {
    const topic = this.#topics.get(name);
    if (topic?.active) void this.#subscribe(topic, true);
  }

  /** Applies a delta if it is the next one; false on a gap (the caller resubscribes). */
  #applyInOrder(topic: LiveTopic, message: TopicDeltaMessage): boolean {
    if (message.seq <= topic.seq) return true; // already applied
    if (message.seq !== topic.seq + 1) return false;
    const delta = message.delta as CollectionDelta<Identified> | ValueDelta<unknown>;
    topic.working = (
      isCollectionDelta(delta) ? applyCollectionDelta((topic.working as Identified[] | null) ?? [], delta) : delta.set
    ) as typeof topic.working;
    topic.seq = message.seq;
    topic.workingChangedAt = message.changedAt;
    topic.workingSimulated = message.simulated;
    this.applied++;
    this.#markDirty(topic);
    return true;
  }

  /**
   * Hands a topic's pending change to Svelte now rather than at the next frame: the alert lane
   * (a takeover) must not wait for a frame that a busy screen may draw late.
   */
  commitNow(name: TopicName): void {
    const topic = this.#topics.get(name);
    if (topic?.dirty) topic.commit();
  }

  #markDirty(topic: LiveTopic): void {
    topic.dirty = true;
    if (this.#frameRequested) return;
    this.#frameRequested = true;
    this.#schedule(() => {
      this.#frameRequested = false;
      let simulated = false;
      for (const each of this.#topics.values()) {
        if (each.dirty) each.commit();
        if (each.active && each.workingSimulated) simulated = true;
      }
      if (simulated !== this.anySimulated) this.anySimulated = simulated;
    });
  }
}
