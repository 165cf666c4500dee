/**
 * Runs the domains: defines their topics on the hub, rebuilds their state from the stored events
 * at start, applies each newly stored event, and drives their flush and clock ticks.
 */
import type { Aggregator, Domain, DomainContext, StoredEvent } from './domain';
import type { HubTopicState, TopicHub } from '../realtime/topic-hub';
import type { EventLog } from '../store/event-log';
import { judgeMoments } from './judge-as-time-passes';

/** Events read per page while rebuilding (bounded memory, few round trips to PostgreSQL). */
const REBUILD_PAGE = 5000;

/** Bump when the shape of `RuntimeSnapshot` itself changes. */
const SNAPSHOT_FORMAT = 1;

/**
 * Everything a start needs instead of the events up to `seq`: each aggregator's state (with its
 * version), whether each domain's latest event was simulated, and the topics' states.
 */
export interface RuntimeSnapshot {
  format: number;
  /** The last event the state includes. */
  seq: number;
  versions: Record<string, number>;
  aggregators: Record<string, unknown>;
  simulated: Record<string, boolean>;
  topics: HubTopicState[];
}

export class DomainRuntime {
  readonly #domains: Domain[];
  readonly #hub: TopicHub;
  readonly #aggregators = new Map<string, Aggregator>();
  readonly #live;
  readonly #simulatedWriter;
  /** Whether each domain's latest event came from the simulator: its derived topics say so too. */
  readonly #simulated = new Map<string, boolean>();
  #clock: NodeJS.Timeout | null = null;
  readonly #context: DomainContext;
  /** A follower of the scale-out (another process aggregates): applies nothing until it leads. */
  #paused = false;
  /** While paused: the runtime whose aggregators are the read models (see `aggregator`). */
  #shadow: DomainRuntime | null = null;
  /** The store a scale-out leader follows: an event out of seq order is read from it, in order. */
  #following: Pick<EventLog, 'readAfter'> | null = null;
  #catchingUp: Promise<void> | null = null;
  /** A lead's rebuild under way: it reads every stored event itself, in order (see `apply`). */
  #rebuilding: Promise<unknown> | null = null;
  /**
   * Counts leads and pauses: a rebuild whose lead ended (the lease lost, maybe gained again) stops
   * reading, so two rebuilds never fold into the same aggregators.
   */
  #leads = 0;
  #catchUpAgain = false;
  readonly #now: () => number;
  /** While a rebuild judges a past moment (`#rebuild`): the time the aggregators' clock says. */
  #judgingAt: number | null = null;
  /** The seq of the last event applied: what a snapshot taken now covers. */
  #lastSeq = 0;

  constructor(domains: Domain[], context: DomainContext, hub: TopicHub) {
    this.#domains = domains;
    this.#hub = hub;
    this.#now = context.now;
    // The aggregators' clock: the context's, except while a rebuild judges a past moment.
    this.#context = { ...context, now: () => this.#judgingAt ?? context.now() };
    this.#live = hub.writer(false);
    this.#simulatedWriter = hub.writer(true);
    for (const domain of domains) {
      for (const topic of domain.topics) hub.define(topic);
      this.#aggregators.set(domain.name, domain.createAggregator(this.#context));
    }
    hub.beforeEachFlush(() => this.flush());
  }

  /**
   * A domain's aggregator, for what needs more than its topics: the read APIs (the dispatch board,
   * inboxes, Open311 lists, the figures entered) and ingest's state check. Whose is `#reader`'s.
   */
  aggregator(domain: string): Aggregator | undefined {
    return this.#reader.#aggregators.get(domain);
  }

  /**
   * The one place that chooses whose aggregators are the read models. While this process follows
   * another's aggregation, its own apply nothing; while it rebuilds to lead, its own are partial:
   * then the shadow's, which follows the store (`readFrom`), when there is one. Otherwise its own
   * (before a follower's shadow is built: empty at start, or as they were when it stopped leading).
   */
  get #reader(): DomainRuntime {
    return (this.#paused || this.#rebuilding) && this.#shadow ? this.#shadow : this;
  }

  /**
   * Scale-out: the runtime that keeps the read models while this one follows or rebuilds (a hub of
   * its own, never sent to screens; `server/scaleout/follower-read-models.ts`), or null to drop it.
   * Events this process stores go to it at once, so a person reads what they just did.
   */
  readFrom(shadow: DomainRuntime | null): void {
    this.#shadow = shadow;
  }

  get domains(): readonly Domain[] {
    return this.#domains;
  }

  /**
   * Rebuilds the state from the store, then publishes every topic's state: from `snapshot` and
   * the events after it when it is given and fits this code (see `restore`), else from the whole
   * log. Returns how many events were replayed.
   */
  rebuild(store: Pick<EventLog, 'readAfter'>, snapshot?: RuntimeSnapshot | null): Promise<number> {
    return this.#rebuild(store, snapshot ?? null, () => true);
  }

  /** `rebuild`, which stops reading once `current()` is false (a lead that ended meanwhile). */
  async #rebuild(
    store: Pick<EventLog, 'readAfter'>,
    snapshot: RuntimeSnapshot | null,
    current: () => boolean,
  ): Promise<number> {
    if (snapshot) this.restore(snapshot);
    let count = 0;
    // Since when an exception needs attention is noted by the flush that first judges it: judged
    // only now, every exception of the log's tail would say it began at this start.
    const momentBefore = judgeMoments(this.#now());
    for (;;) {
      const page = await store.readAfter(this.#lastSeq, REBUILD_PAGE);
      if (!current()) return count;
      for (const event of page) {
        const moment = momentBefore(event.time);
        if (moment !== null) this.#judgeAt(moment);
        this.#applyOne(event);
      }
      count += page.length;
      if (page.length < REBUILD_PAGE) break;
    }
    this.tick();
    this.#hub.flush();
    return count;
  }

  /**
   * Flushes with the aggregators' clock at a past `moment`. Nothing reaches a screen: a start
   * flushes before the server listens, a new leader's hub is quiet until it goes live, and a
   * follower's read models have a hub of their own.
   */
  #judgeAt(moment: number): void {
    this.#judgingAt = moment;
    try {
      this.#hub.flush();
    } finally {
      this.#judgingAt = null;
    }
  }

  /**
   * Applies the stored events after the last one applied, up to seq `untilSeq`, without publishing
   * a tick: the replay of a past moment. Pages never reach past `untilSeq` (seqs rise, so no more
   * than `untilSeq - lastSeq` events lie before it): nothing is read that is not applied.
   * `beforeEach` is called before each event is applied (the replay flushes there as time passes).
   */
  async replay(
    store: Pick<EventLog, 'readAfter'>,
    untilSeq: number,
    beforeEach?: (event: StoredEvent) => void,
  ): Promise<number> {
    let count = 0;
    while (this.#lastSeq < untilSeq) {
      const limit = Math.min(REBUILD_PAGE, untilSeq - this.#lastSeq);
      const page = await store.readAfter(this.#lastSeq, limit);
      for (const event of page) {
        if (event.seq > untilSeq) return count;
        beforeEach?.(event);
        this.#applyOne(event);
        count++;
      }
      if (page.length < limit) break;
    }
    return count;
  }

  /** The seq of the last event applied. */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** Why a snapshot cannot be taken now (a domain without one), or null. */
  get snapshotBlocker(): string | null {
    const missing = [...this.#aggregators].filter(([, aggregator]) => !aggregator.snapshot).map(([name]) => name);
    return missing.length > 0 ? `no snapshot for ${missing.join(', ')}` : null;
  }

  /** Every aggregator's state and the topics', as JSON-ready data; null while a domain has no snapshot. */
  snapshot(): RuntimeSnapshot | null {
    if (this.snapshotBlocker) return null;
    const versions: Record<string, number> = {};
    const aggregators: Record<string, unknown> = {};
    for (const [name, aggregator] of this.#aggregators) {
      versions[name] = aggregator.snapshot!.version;
      aggregators[name] = aggregator.snapshot!.save();
    }
    return {
      format: SNAPSHOT_FORMAT,
      seq: this.#lastSeq,
      versions,
      aggregators,
      simulated: Object.fromEntries(this.#simulated),
      topics: this.#hub.exportStates(),
    };
  }

  /**
   * Why `snapshot` cannot be restored by this code, or null. A snapshot written by another
   * version of an aggregator (or with a domain added or gone) is ignored: its state was folded by
   * other code, and reading it would give a wrong state without any error, whereas replaying the
   * log is always right, only slower.
   */
  unfit(snapshot: RuntimeSnapshot): string | null {
    if (snapshot.format !== SNAPSHOT_FORMAT) return `snapshot format ${snapshot.format}, code ${SNAPSHOT_FORMAT}`;
    const names = new Set([...this.#aggregators.keys(), ...Object.keys(snapshot.versions)]);
    for (const name of names) {
      const code = this.#aggregators.get(name)?.snapshot?.version;
      if (code !== snapshot.versions[name]) return `${name}: snapshot version ${snapshot.versions[name]}, code ${code}`;
    }
    return null;
  }

  /** Loads a snapshot into this fresh runtime (before any event); throws when it does not fit. */
  restore(snapshot: RuntimeSnapshot): void {
    const unfit = this.unfit(snapshot);
    if (unfit) throw new Error(`snapshot does not fit: ${unfit}`);
    if (this.#lastSeq !== 0) throw new Error('snapshot restored into a runtime that has applied events');
    for (const [name, aggregator] of this.#aggregators) aggregator.snapshot!.restore(snapshot.aggregators[name]);
    for (const [name, simulated] of Object.entries(snapshot.simulated)) this.#simulated.set(name, simulated);
    this.#hub.importStates(snapshot.topics);
    this.#lastSeq = snapshot.seq;
  }

  /**
   * Applies newly stored events and asks the hub for a tick (while paused, the shadow applies them).
   * Resolves once the aggregators include them: at once, unless other processes stored events
   * between the last applied and these; then after reading those from the store, in seq order, so
   * the request that stored them reads its own change (a route answers with the state it made).
   */
  apply(events: readonly StoredEvent[]): Promise<void> {
    const reader = this.#reader;
    if (reader !== this) return reader.apply(events);
    if (this.#paused) return Promise.resolve();
    // Applied now, they would move `lastSeq` past the events the rebuild has yet to read; the
    // rebuild reads them itself.
    if (this.#rebuilding)
      return this.#rebuilding.then(
        () => undefined,
        () => undefined,
      );
    if (this.#following && events.length > 0) {
      // A notification's catch-up may have read them already.
      if (events.at(-1)!.seq <= this.#lastSeq) return Promise.resolve();
      // Another process stored events between ours: read them all, in seq order.
      if (events[0]!.seq > this.#lastSeq + 1) return this.catchUp();
      events = events.filter((event) => event.seq > this.#lastSeq);
    }
    for (const event of events) this.#applyOne(event);
    this.#hub.requestFlush();
    return Promise.resolve();
  }

  /** Scale-out follower: stops aggregating (its hub copies the leader's topics instead). */
  pause(): void {
    this.#leads++;
    this.#paused = true;
    this.#following = null;
    this.stop();
  }

  /**
   * Scale-out leader: fresh aggregators, rebuilt from the store, then following it (events other
   * processes store are read after `lastSeq`, in order). The hub must be restarted first.
   */
  async lead(
    store: Pick<EventLog, 'readAfter'>,
    history: Pick<EventLog, 'readAfter'> = store,
    snapshot: RuntimeSnapshot | null = null,
  ): Promise<number> {
    const lead = ++this.#leads;
    const current = () => this.#leads === lead;
    this.#paused = false;
    this.#following = null;
    this.#lastSeq = 0;
    this.#simulated.clear();
    for (const domain of this.#domains) this.#aggregators.set(domain.name, domain.createAggregator(this.#context));
    // From the snapshot (when one fits) through the history after it, archived months too, then
    // the hot store it follows.
    const rebuilding = (async () => {
      const replayed = await this.#rebuild(history, snapshot, current);
      if (!current()) return replayed;
      this.#following = store;
      this.startClock();
      await this.#catchUpOwn();
      return replayed;
    })();
    this.#rebuilding = rebuilding;
    try {
      return await rebuilding;
    } finally {
      if (this.#rebuilding === rebuilding) this.#rebuilding = null;
    }
  }

  /**
   * Applies what the followed store holds after `lastSeq` (serialised: one reader at a time). While
   * the shadow serves the reads (`#reader`), the shadow catches up: a rebuild reads the store itself.
   */
  catchUp(): Promise<void> {
    const reader = this.#reader;
    return reader === this ? this.#catchUpOwn() : reader.catchUp();
  }

  #catchUpOwn(): Promise<void> {
    if (this.#catchingUp) {
      this.#catchUpAgain = true;
      return this.#catchingUp;
    }
    this.#catchingUp = (async () => {
      try {
        await this.#readFollowed();
      } catch {
        // The store cannot be read now: the next notification or poll tries again.
      }
    })().finally(() => {
      this.#catchingUp = null;
    });
    return this.#catchingUp;
  }

  async #readFollowed(): Promise<void> {
    do {
      this.#catchUpAgain = false;
      for (;;) {
        const store = this.#following;
        if (!store || this.#paused) return;
        const page = await store.readAfter(this.#lastSeq, REBUILD_PAGE);
        if (this.#following !== store || this.#paused) return;
        for (const event of page) if (event.seq > this.#lastSeq) this.#applyOne(event);
        if (page.length > 0) this.#hub.requestFlush();
        if (page.length < REBUILD_PAGE) break;
      }
    } while (this.#catchUpAgain);
  }

  #applyOne(event: StoredEvent): void {
    this.#lastSeq = event.seq;
    const aggregator = this.#aggregators.get(event.domain);
    if (!aggregator) return; // a domain that was removed from the code: its events stay stored
    this.#simulated.set(event.domain, event.simulated);
    aggregator.apply(event, this.#writerFor(event.domain));
  }

  #writerFor(domain: string) {
    return this.#simulated.get(domain) ? this.#simulatedWriter : this.#live;
  }

  /** Publishes derived values (the hub calls it before each tick). */
  flush(): void {
    if (this.#paused) return;
    for (const [domain, aggregator] of this.#aggregators) aggregator.flush(this.#writerFor(domain));
  }

  tick(now = this.#now()): void {
    if (this.#paused) return;
    for (const [domain, aggregator] of this.#aggregators) aggregator.tick(now, this.#writerFor(domain));
  }

  startClock(intervalMs = 1000): void {
    this.#clock ??= setInterval(() => this.tick(), intervalMs);
    this.#clock.unref();
  }

  stop(): void {
    if (this.#clock) clearInterval(this.#clock);
    this.#clock = null;
  }
}
