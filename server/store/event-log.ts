/**
 * What the rest of the server needs of an event store, whichever database holds it: SQLite in one
 * process (the default, `event-store.ts`) or PostgreSQL shared by several (`pg/pg-event-store.ts`).
 *
 * SQLite answers synchronously and PostgreSQL over the network, so every read may be a promise
 * (`Awaitable`): callers `await`, and the SQLite path costs no extra round trip.
 */
import type { StoredEvent } from '../domains/domain';
import type { AppendResult, NewEvent, StoreHealth } from './event-store';

export type Awaitable<T> = T | Promise<T>;

export interface EventLog {
  /** `sqlite` or `postgres`: health and logs name it. */
  readonly backend: 'sqlite' | 'postgres';
  /** Stores one request's events, all or nothing, with others of the same turn in one commit. */
  append(events: NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /** Up to `limit` stored events after `afterSeq`, in seq order (a rebuild reads page by page). */
  readAfter(afterSeq: number, limit: number): Awaitable<StoredEvent[]>;
  /** Which of these idempotency keys are stored already. */
  knownKeys(keys: readonly string[]): Awaitable<Set<string>>;
  /** The first event of a kind whose `data[field]` equals `value` (a dotted field is a path: `reporter.trackingCodeHash`). */
  findFirst(domain: string, kind: string, field: string, value: string): Awaitable<StoredEvent | null>;
  /**
   * Every event of a domain whose `data[field]` equals `value`, in seq order: one report's own
   * events, to fold a report settled out of the aggregator (`reports/settled-reports.ts`). Indexed
   * for `reports`/`reportId` only (SQLite 013, PostgreSQL 007); `field` is a plain name.
   */
  eventsAbout(domain: string, field: string, value: string): Awaitable<StoredEvent[]>;
  count(): Awaitable<number>;
  lastSeq(): Awaitable<number>;
  hasSource(source: string): Awaitable<boolean>;
  /** Can the store write? */
  readonly health: StoreHealth;
  /** Another writer's failure on the same database marks the store degraded too. */
  noteFailure(error: unknown): void;
  /** Commits what is pending and refuses further appends. */
  close(): Awaitable<void>;
  /** Told after each group commit: how long it took and how many requests it held (the metrics). */
  onCommit: ((seconds: number, requests: number) => void) | null;
}

/**
 * The whole log, its archived months included (retention), as a start's rebuild and a look-up of
 * an old event read it: SQLite's `archive/event-history.ts`, PostgreSQL's `pg/pg-event-history.ts`.
 */
export type WholeLog = Pick<EventLog, 'readAfter' | 'findFirst' | 'eventsAbout'>;

/**
 * The domain and field of `eventsAbout`, checked as names: they are written into the SQL as
 * literals, so that the partial expression index on `reports`/`reportId` is used.
 */
export function aboutNames(domain: string, field: string): { domain: string; field: string } {
  if (!/^[a-z][a-z0-9-]*$/.test(domain) || !/^[A-Za-z][A-Za-z0-9_]*$/.test(field))
    throw new Error(`eventsAbout: not a plain name: ${domain}/${field}`);
  return { domain, field };
}

/**
 * The domain, kind and field path of `findFirst`, checked as names for the same reason: a
 * parameter in their place hides from the planner which partial expression index applies (a
 * report's creation by `reportId`, by `reporter.trackingCodeHash`), and every look-up read all
 * the reports ever created. `path` is the field's keys (`['reporter', 'trackingCodeHash']`).
 */
export function findNames(
  domain: string,
  kind: string,
  field: string,
): { domain: string; kind: string; path: string[] } {
  if (
    !/^[a-z][a-z0-9-]*$/.test(domain) ||
    !/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/.test(kind) ||
    !/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/.test(field)
  )
    throw new Error(`findFirst: not a plain name: ${domain}/${kind}/${field}`);
  return { domain, kind, path: field.split('.') };
}

/** The first and last events' acceptance times and the last seq of a log. */
export interface LogSpan {
  first: number;
  last: number;
  lastSeq: number;
}

/**
 * The whole log as the replay of a past moment reads it: where a moment is in it, and its events
 * page by page (SQLite's `EventHistory`, PostgreSQL's `PgEventHistory`).
 */
export interface PastLog {
  readAfter(afterSeq: number, limit: number): Awaitable<StoredEvent[]>;
  /** Null while the log is empty. */
  span(): Awaitable<LogSpan | null>;
  /** The seq of the last event accepted at or before `at` (0 when none was). */
  seqAt(at: number): Awaitable<number>;
}

export interface AppendOptions {
  /**
   * The request is one act (a citizen's rating and the reopening it asks for): when any of its
   * events' keys is stored already, none of them is, and all count as duplicates. Without it,
   * each repeated key is skipped alone, as a feed's retry of a partly stored batch needs. Two
   * processes storing the same act at the same moment: the one that commits second stores nothing.
   */
  once?: boolean;
}

/** Thrown inside a request's savepoint to undo what it stored: the act was stored before. */
export class RepeatedAct extends Error {}

/** What a request of `count` events that repeated a stored act answers. */
export const repeatedAct = (count: number): AppendResult => ({ stored: [], duplicates: count });
