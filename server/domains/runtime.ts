/**
 * Runs the domains: defines their topics on the hub, rebuilds their state from the stored events
 * at start, applies each newly stored event, and drives their flush and clock ticks.
 */
import type { Aggregator, Domain, DomainContext, StoredEvent } from './domain';
import type { TopicHub } from '../realtime/topic-hub';
import type { EventLog } from '../store/event-log';

/** Events read per page while rebuilding (bounded memory, few round trips to PostgreSQL). */
const REBUILD_PAGE = 5000;

export class DomainRuntime {
  readonly #domains: Domain[];
  readonly #hub: TopicHub;
  readonly #aggregators = new Map<string, Aggregator>();
  readonly #live;
  readonly #simulatedWriter;
  /** Whether each domain's latest event came from the simulator: its derived topics say so too. */
  readonly #simulated = new Map<string, boolean>();
  #clock: NodeJS.Timeout | null = null;
  #lastSeq = 0;
  readonly #context: DomainContext;
  /** A follower of the scale-out (another process aggregates): applies nothing until it leads. */
  #paused = false;
  /** The store a scale-out leader follows: an event out of seq order is read from it, in order. */
  #following: EventLog | null = null;
  #catchingUp: Promise<void> | null = null;
  #catchUpAgain = false;
  readonly #now: () => number;

  constructor(domains: Domain[], context: DomainContext, hub: TopicHub) {
    this.#domains = domains;
    this.#hub = hub;
    this.#now = context.now;
    this.#context = context;
    this.#live = hub.writer(false);
    this.#simulatedWriter = hub.writer(true);
    for (const domain of domains) {
      for (const topic of domain.topics) hub.define(topic);
      this.#aggregators.set(domain.name, domain.createAggregator(context));
    }
    hub.beforeEachFlush(() => this.flush());
  }

  /** A domain's aggregator, for read APIs that need more than its topics (Open311). */
  aggregator(domain: string): Aggregator | undefined {
    return this.#aggregators.get(domain);
  }

  get domains(): readonly Domain[] {
    return this.#domains;
  }

  /** Replays the whole store into the aggregators, then publishes every topic's state. */
  async rebuild(store: EventLog): Promise<number> {
    let count = 0;
    for (;;) {
      const page = await store.readAfter(this.#lastSeq, REBUILD_PAGE);
      for (const event of page) this.#applyOne(event);
      count += page.length;
      if (page.length < REBUILD_PAGE) break;
    }
    this.tick();
    this.#hub.flush();
    return count;
  }

  /** The seq of the last event applied (the leader follows the store from here). */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** Applies newly stored events and asks the hub for a tick. */
  apply(events: readonly StoredEvent[]): void {
    if (this.#paused) return;
    if (this.#following && events.length > 0) {
      // Another process may have stored events between ours: read them all, in seq order.
      if (events[0]!.seq !== this.#lastSeq + 1) {
        void this.catchUp();
        return;
      }
      events = events.filter((event) => event.seq > this.#lastSeq);
    }
    for (const event of events) this.#applyOne(event);
    this.#hub.requestFlush();
  }

  /** Scale-out follower: stops aggregating (its hub copies the leader's topics instead). */
  pause(): void {
    this.#paused = true;
    this.#following = null;
    this.stop();
  }

  /**
   * Scale-out leader: fresh aggregators, rebuilt from the store, then following it (events other
   * processes store are read after `lastSeq`, in order). The hub must be restarted first.
   */
  async lead(store: EventLog): Promise<number> {
    this.#paused = false;
    this.#following = null;
    this.#lastSeq = 0;
    this.#simulated.clear();
    for (const domain of this.#domains) this.#aggregators.set(domain.name, domain.createAggregator(this.#context));
    const replayed = await this.rebuild(store);
    this.#following = store;
    this.startClock();
    await this.catchUp();
    return replayed;
  }

  /** Applies what the followed store holds after `lastSeq` (serialised: one reader at a time). */
  catchUp(): Promise<void> {
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
    if (event.seq > this.#lastSeq) this.#lastSeq = event.seq;
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
