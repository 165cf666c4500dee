/**
 * The Prometheus metrics of one server process (prom-client, its own registry: two apps in one
 * test process do not mix). Counters that other parts already keep (the connectors' health, the
 * hub's seqs, the sockets) are read at scrape time; what no part keeps (ingest by source, the
 * ingest-to-emit latency, the store's commit time) is observed through small hooks.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { IngestObserver } from '../ingest/ingest-service';
import type { TopicHub } from '../realtime/topic-hub';
import type { EventLog } from '../store/event-log';
import type { FeedHealthView } from '../feeds/pipeline/feed-health';
import type { Audience } from '../protocol/index';

export interface MetricSources {
  hub: TopicHub;
  store: Pick<EventLog, 'onCommit' | 'count'>;
  /** The connectors' health (cumulative counts since start). */
  feeds: () => FeedHealthView[];
  /** The sockets now connected: their audience and whether a screen holds them. */
  sockets: () => Iterable<{ audience: Audience; screenId: string | null }>;
}

/** People posting by hand count as one source: a label per account would name people in the metrics. */
const sourceLabel = (source: string): string => (source.startsWith('user:') ? 'user' : source);

/** Bounds of the pending ingest times: a burst whose events change no topic must not grow memory. */
const MAX_PENDING = 10_000;

export class IocMetrics implements IngestObserver {
  readonly registry = new Registry();
  /** 1 while this process leads (writes the topics); a single process always does. */
  readonly leader: Gauge;
  readonly #ingested: Counter<'source'>;
  readonly #refused: Counter<'source'>;
  readonly #latency: Histogram;
  readonly #commit: Histogram;
  readonly #loop: IntervalHistogram;
  /** `performance.now()` of requests stored but whose change has not gone out yet. */
  #pending: number[] = [];

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    this.#ingested = new Counter({
      name: 'ioc_ingest_events_total',
      help: 'Events stored, by source (feed key name or feed:<id>)',
      labelNames: ['source'],
      registers,
    });
    this.#refused = new Counter({
      name: 'ioc_ingest_refusals_total',
      help: 'Ingest requests refused (invalid, conflict, store), by source',
      labelNames: ['source'],
      registers,
    });
    this.#latency = new Histogram({
      name: 'ioc_ingest_to_emit_seconds',
      help: 'From a request reaching ingest to the first topic message sent after it was stored',
      // 0.025: the budget of DESIGN.md (p99 ≤ 25 ms at 1,000 events/s), so a dashboard can tell it.
      buckets: [0.002, 0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.#commit = new Histogram({
      name: 'ioc_store_commit_seconds',
      help: 'Time of one group commit of the event store',
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.leader = new Gauge({ name: 'ioc_leader', help: '1 while this process leads the topics', registers });
    this.leader.set(1);

    const feedCounter = (name: string, help: string, pick: (feed: FeedHealthView) => number) => {
      // prom-client counters only go up: the scrape adds what the connector counted since the last one.
      const seen = new Map<string, number>();
      return new Counter({
        name,
        help,
        labelNames: ['feed'],
        registers,
        collect() {
          for (const feed of sources.feeds()) {
            const now = pick(feed);
            const before = seen.get(feed.id) ?? 0;
            if (now > before) this.inc({ feed: feed.id }, now - before);
            seen.set(feed.id, Math.max(now, before));
          }
        },
      });
    };
    feedCounter('ioc_feed_messages_total', 'Messages a connector received', (feed) => feed.messages);
    feedCounter(
      'ioc_feed_refusals_total',
      'Messages a connector refused (to its dead letters)',
      (feed) => feed.refusals,
    );
    new Gauge({
      name: 'ioc_feed_connected',
      help: '1 when the connector is connected',
      labelNames: ['feed'],
      registers,
      collect() {
        for (const feed of sources.feeds()) this.set({ feed: feed.id }, feed.connected ? 1 : 0);
      },
    });
    new Gauge({
      name: 'ioc_feed_stale',
      help: '1 when the connector has been silent past its staleAfterSeconds',
      labelNames: ['feed'],
      registers,
      collect() {
        for (const feed of sources.feeds()) this.set({ feed: feed.id }, feed.stale ? 1 : 0);
      },
    });
    new Gauge({
      name: 'ioc_connected_screens',
      help: 'Sockets connected, by audience and whether a screen holds them',
      labelNames: ['audience', 'screen'],
      registers,
      collect() {
        this.reset();
        for (const audience of ['internal', 'public'] as const)
          for (const screen of ['yes', 'no']) this.set({ audience, screen }, 0);
        for (const socket of sources.sockets())
          this.inc({ audience: socket.audience, screen: socket.screenId ? 'yes' : 'no' });
      },
    });
    new Gauge({
      name: 'ioc_topic_seq',
      help: 'The seq of each topic (messages sent on it in this epoch)',
      labelNames: ['topic'],
      registers,
      collect() {
        for (const topic of sources.hub.list()) this.set({ topic: topic.name }, topic.seq);
      },
    });
    new Gauge({
      name: 'ioc_topic_bytes',
      help: 'Size of each topic’s current state as JSON',
      labelNames: ['topic'],
      registers,
      collect() {
        for (const topic of sources.hub.list())
          this.set(
            { topic: topic.name },
            Buffer.byteLength(JSON.stringify(sources.hub.snapshot(topic.name).data ?? null)),
          );
      },
    });
    new Gauge({
      name: 'ioc_store_events',
      help: 'Events in the store',
      registers,
      async collect() {
        this.set(await sources.store.count());
      },
    });
    new Gauge({
      name: 'ioc_topic_messages_sent_total',
      help: 'Topic messages sent since start',
      registers,
      collect() {
        this.set(sources.hub.messagesSent);
      },
    });

    this.#loop = monitorEventLoopDelay({ resolution: 10 });
    this.#loop.enable();
    const loop = this.#loop;
    new Gauge({
      name: 'ioc_event_loop_delay_seconds',
      help: 'Event-loop delay since the last scrape, by quantile',
      labelNames: ['quantile'],
      registers,
      collect() {
        for (const q of [0.5, 0.9, 0.99]) this.set({ quantile: String(q) }, loop.percentile(q * 100) / 1e9);
        this.set({ quantile: '1' }, loop.max / 1e9);
        loop.reset();
      },
    });

    sources.store.onCommit = (seconds) => this.#commit.observe(seconds);
    sources.hub.onSent = () => this.#sent();
  }

  stored(source: string, stored: number, startedAt: number): void {
    if (stored === 0) return;
    this.#ingested.inc({ source: sourceLabel(source) }, stored);
    if (this.#pending.length < MAX_PENDING) this.#pending.push(startedAt);
  }

  refused(source: string): void {
    this.#refused.inc({ source: sourceLabel(source) });
  }

  /** The first message after a stored request is when its change left: one observation each. */
  #sent(): void {
    if (this.#pending.length === 0) return;
    const now = performance.now();
    for (const startedAt of this.#pending) this.#latency.observe((now - startedAt) / 1000);
    this.#pending = [];
  }

  stop(): void {
    this.#loop.disable();
  }
}
