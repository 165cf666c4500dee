/**
 * What a domain is: the event kinds it accepts (with their schemas), the topics it keeps live,
 * the aggregator that turns stored events into topic states, and its simulator generator.
 * Adding a domain means adding one folder under `server/domains/` that exports a `Domain`,
 * and listing it in `server/domains/index.ts`.
 */
import type { TSchema } from 'typebox';
import type { Audience, TopicKind, TopicShape } from '../protocol/index';
import type { LocalizedText, TopicName, TopicPayloads } from '../protocol/topics';
import type { Fixtures } from '../fixtures/fixtures';
import type { Permission } from '../access/roles';
import type { ReportingTemplate } from '../../config/schema/reporting';
import type { ExceptionRule } from '../../config/schema/exceptions';
import type { FeedSilence } from '../exceptions/feed-silence';

/** An event as it stands in the store, after validation. */
export interface StoredEvent<D = unknown> {
  seq: number;
  domain: string;
  kind: string;
  /** When it happened (epoch ms), as told by the source or the time it arrived. */
  time: number;
  source: string;
  simulated: boolean;
  idempotencyKey: string | null;
  data: D;
}

/** An event as a feed sends it to `POST /api/v1/events` (see `server/ingest/ingest-schema.ts`). */
export interface IngestEvent {
  domain: string;
  kind: string;
  /** Idempotency key: an event with a key already stored is acknowledged and not stored twice. */
  id?: string;
  /** ISO 8601 time or epoch ms; defaults to the time of arrival. */
  time?: string | number;
  source?: string;
  simulated?: boolean;
  data: Record<string, unknown>;
}

type ValueTopicName = { [N in TopicName]: TopicPayloads[N] extends unknown[] ? never : N }[TopicName];
type CollectionTopicName = { [N in TopicName]: TopicPayloads[N] extends unknown[] ? N : never }[TopicName];
export type ItemOf<N extends CollectionTopicName> = TopicPayloads[N] extends Array<infer I> ? I : never;
export type { ValueTopicName, CollectionTopicName };

/** How an aggregator changes live topics. Changes are coalesced by the hub before they go out. */
/**
 * How an aggregator publishes. A write equal to what the topic holds now is dropped (see
 * `UnchangedFilter`): an aggregator publishes whenever it recomputes, the writer decides whether
 * that is news.
 */
export interface TopicWriter {
  set<N extends ValueTopicName>(topic: N, value: TopicPayloads[N]): void;
  upsert<N extends CollectionTopicName>(topic: N, items: ItemOf<N>[]): void;
  remove<N extends CollectionTopicName>(topic: N, ids: string[]): void;
  /**
   * Makes the collection exactly `items` (oldest first, as `upsert` takes them), for a list that
   * is an order rather than a feed: what was shown goes, then the items come in this order.
   */
  replace<N extends CollectionTopicName>(topic: N, items: ItemOf<N>[]): void;
}

export interface TopicDefinition {
  name: TopicName;
  audience: Audience;
  kind: TopicKind;
  /** `collection` when the payload is an array of items with `id`, else `value`. */
  shape: TopicShape;
  title: LocalizedText;
  /**
   * How often the data should change; older data is shown with its age, dimmed, on the screens.
   * 0 for event-driven topics whose quiet is normal (the emergency lane).
   */
  expectedIntervalMs: number;
  /** Collections only: the most items kept (the oldest go first). */
  limit?: number;
}

/** A topic as its domain declares it: the hub's definition and the schema of its payload. */
export interface DomainTopic extends TopicDefinition {
  /**
   * The TypeBox schema of the payload (from `server/protocol/topics/`; an array of items for a
   * collection): the config loader checks every dashboard's `field`s against it, and the drift
   * test checks that the aggregator publishes what it says.
   */
  payload: TSchema;
}

export interface DomainContext {
  fixtures: Fixtures;
  /** IANA time zone of the city (from config), for "today" and period boundaries. */
  timeZone: string;
  now(): number;
  /**
   * Days after its last change that a citizen report no longer open leaves the reports
   * aggregator's memory (`reports.settleAfterDays`; default in `reports/aggregator.ts`). Read once.
   */
  reportsSettleAfterDays?: number;
  /** The periodic report templates (`config/reporting/`), as the config stands now. */
  reportingTemplates?(): readonly ReportingTemplate[];
  /** The topics a citizens' notice may have (`config/app.yaml` `notices.topics`), as the config stands now. */
  noticeTopics?(): readonly NoticeTopic[];
  /** The rules of "Needs attention" (`config/exceptions.yaml`), as the config stands now. */
  exceptionRules?(): readonly ExceptionRule[];
  /**
   * A topic's state as its aggregator last published it: the exceptions stage, which runs after
   * every other domain's flush, reads them here (never the store).
   */
  topicState?(name: TopicName): unknown;
  /** The feeds of `config/feeds/` with their silence limits, for the stale alarm. */
  feedSilences?(): readonly FeedSilence[];
}

export interface NoticeTopic {
  id: string;
  name: LocalizedText;
}

/** Why an event cannot apply to the current state (an impossible lifecycle move, say). */
export interface StateConflict {
  /** Index into the events given to `check`. */
  index: number;
  /** Field inside `data`, e.g. `status`. */
  field: string;
  en: string;
  vi: string;
}

export interface Aggregator {
  /**
   * Optional: refuses events that the current state makes impossible, before anything is stored.
   * The events of one request are checked in order, each seeing the ones before it.
   */
  check?(events: ReadonlyArray<{ kind: string; data: unknown }>): StateConflict | null;
  /** Applies one stored event: at start for every stored event, then for each new one. */
  apply(event: StoredEvent, out: TopicWriter): void;
  /**
   * Called by the hub before it sends each coalescing tick (every 16 ms) and before it serves a
   * snapshot: publish here the derived values (summaries, rankings) that `apply` marked dirty,
   * so that a burst of events costs one recomputation, not one per event.
   */
  flush(out: TopicWriter): void;
  /**
   * Called about once a second with the current time and after the start-up replay, to publish
   * what depends on the clock (overdue flags, the day's counters after midnight) and the
   * initial state of each topic.
   */
  tick(now: number, out: TopicWriter): void;
  /**
   * The aggregator's state as JSON and back, so that a start (or a replay of a past moment) loads
   * a snapshot and applies only the events after it instead of the whole log. Optional so that a
   * new domain works before it has one; while any domain lacks it, no snapshot is taken.
   */
  snapshot?: AggregatorSnapshotter;
}

export interface AggregatorSnapshotter {
  /**
   * Bump it whenever the state's shape or the way events fold into it changes: a snapshot of
   * another version is ignored and the log replayed in full (see `server/replay/snapshots.ts`).
   */
  version: number;
  /** The state now, as JSON (`encodeState` of `server/domains/snapshot-codec.ts`). */
  save(): unknown;
  /** Makes the state exactly what `save` gave (on a fresh aggregator, before any event). */
  restore(state: unknown): void;
}

/** Produces plausible live events for a domain; posted through the ingest path like any feed. */
export interface SimulatorGenerator {
  /** History to seed an empty store with, so a fresh wall is not empty (e.g. the last 14 days). */
  seed(now: number): IngestEvent[];
  /** Events to post now; `elapsedMs` since the last step; `rate` scales the volume (1 = normal). */
  step(now: number, elapsedMs: number, rate: number): IngestEvent[];
}

/** Why an event may only come from a person with a permission (approving a report, say). */
export interface EventGuard {
  permission: Permission;
  /** What in the event needs the permission, inside the event: `data.status`, `kind`. */
  field: string;
  en: string;
  vi: string;
}

export interface Domain {
  name: string;
  title: LocalizedText;
  /** The schema of `data` for every event kind this domain accepts. */
  events: Record<string, TSchema>;
  /**
   * Optional: the events that only a caller with a permission may post; checked at ingest for
   * every path (HTTP single and batch, Open311, the console), with `data` already valid.
   */
  guard?(kind: string, data: unknown): EventGuard | null;
  /**
   * Optional: kinds stored at most once per value of a field of `data` (`report.created` once
   * per `reportId`): ingest refuses a second one (409 naming the field) unless it is a retry of
   * the same event (its idempotency key). Checked against the store, not the aggregator, because
   * the aggregator forgets what settles (a report closed a month ago) and would count it again.
   */
  unique?: Readonly<Record<string, string>>;
  topics: DomainTopic[];
  createAggregator(context: DomainContext): Aggregator;
  createSimulator(context: DomainContext, random: () => number, tuning?: SimulatorTuning): SimulatorGenerator;
}

/** What a simulator run may be asked beyond its seeded course (a domain without such a thing ignores it). */
export interface SimulatorTuning {
  /**
   * When the domain's surge (citizen reports: a storm's aftermath) starts, instead of at its seeded
   * draw: for the practice space, which needs reports to handle whatever the hour, a test or a demo.
   */
  surgeAt?: number;
}
