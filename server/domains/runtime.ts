/**
 * Runs the domains: defines their topics on the hub, rebuilds their state from the stored events
 * at start, applies each newly stored event, and drives their flush and clock ticks.
 */
import type { Aggregator, Domain, DomainContext, StoredEvent } from './domain';
import type { TopicHub } from '../realtime/topic-hub';
import type { EventStore } from '../store/event-store';

export class DomainRuntime {
  readonly #domains: Domain[];
  readonly #hub: TopicHub;
  readonly #aggregators = new Map<string, Aggregator>();
  readonly #live;
  readonly #simulatedWriter;
  /** Whether each domain's latest event came from the simulator: its derived topics say so too. */
  readonly #simulated = new Map<string, boolean>();
  #clock: NodeJS.Timeout | null = null;
  readonly #now: () => number;

  constructor(domains: Domain[], context: DomainContext, hub: TopicHub) {
    this.#domains = domains;
    this.#hub = hub;
    this.#now = context.now;
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
  rebuild(store: EventStore): number {
    let count = 0;
    for (const event of store.readAll()) {
      this.#applyOne(event);
      count++;
    }
    this.tick();
    this.#hub.flush();
    return count;
  }

  /** Applies newly stored events and asks the hub for a tick. */
  apply(events: readonly StoredEvent[]): void {
    for (const event of events) this.#applyOne(event);
    this.#hub.requestFlush();
  }

  #applyOne(event: StoredEvent): void {
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
    for (const [domain, aggregator] of this.#aggregators) aggregator.flush(this.#writerFor(domain));
  }

  tick(now = this.#now()): void {
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
