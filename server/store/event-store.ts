/**
 * The append-only event store with group commit.
 *
 * Requests that arrive in the same turn of the event loop are written in one SQLite transaction
 * (one commit for many POSTs), each request inside its own savepoint so that it is stored whole
 * or not at all. A request's promise resolves only after the commit: an acknowledged event is
 * on disk.
 */
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './database';
import type { StoredEvent } from '../domains/domain';
import { isStorageFailure, storageFailureReason, StoreUnavailableError } from './storage-failure';
import { aboutNames, findNames, repeatedAct, RepeatedAct, type AppendOptions, type EventLog } from './event-log';

/** Whether the store can write: degraded from a write that failed for the disk's sake until one succeeds. */
export type StoreHealth = { ok: true } | { ok: false; reason: string; since: number };

/** An event ready to be stored: validated and normalised; the store gives it its seq. */
export type NewEvent = Omit<StoredEvent<Record<string, unknown>>, 'seq'>;

export interface AppendResult {
  /** The events stored now, in order, with their seq. */
  stored: StoredEvent[];
  /** How many events were already stored under their idempotency key (or repeated in the batch). */
  duplicates: number;
}

interface PendingAppend {
  events: NewEvent[];
  once: boolean;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

interface EventRow {
  seq: number;
  domain: string;
  kind: string;
  time: number;
  source: string;
  simulated: number;
  idempotency_key: string | null;
  payload: string;
}

export class EventStore implements EventLog {
  readonly backend = 'sqlite' as const;
  readonly #db: SqliteDatabase;
  readonly #insert;
  readonly #commitGroup;
  readonly #page;
  /** Statements prepared once: preparing costs more than the look-up itself (7 % of a busy ingest). */
  readonly #statements = new Map<string, Statement>();
  #pending: PendingAppend[] = [];
  #scheduled = false;
  #closed = false;
  #health: StoreHealth = { ok: true };

  constructor(db: SqliteDatabase) {
    this.#db = db;
    // ON CONFLICT … DO NOTHING RETURNING yields no row for a repeated key: that is the duplicate test.
    // A key whose event retention moved to the archive is a repeat too (`archived_keys`).
    this.#insert = db.prepare<
      [string, string, number, number, string, number, string | null, string, string | null],
      { seq: number }
    >(
      `INSERT INTO events (domain, kind, time, received_at, source, simulated, idempotency_key, payload)
       SELECT ?, ?, ?, ?, ?, ?, ?, ?
       WHERE NOT EXISTS (SELECT 1 FROM archived_keys WHERE idempotency_key = ?)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING seq`,
    );
    const appendOne = db.transaction((events: NewEvent[], receivedAt: number, once: boolean): AppendResult => {
      const stored: StoredEvent[] = [];
      let duplicates = 0;
      for (const event of events) {
        const row = this.#insert.get(
          event.domain,
          event.kind,
          event.time,
          receivedAt,
          event.source,
          event.simulated ? 1 : 0,
          event.idempotencyKey,
          JSON.stringify(event.data),
          event.idempotencyKey,
        );
        if (!row) {
          duplicates++;
          continue;
        }
        stored.push({ seq: row.seq, ...event });
      }
      if (once && duplicates > 0 && stored.length > 0) throw new RepeatedAct();
      return { stored, duplicates };
    });
    this.#page = db.prepare<[number, number], EventRow>(
      'SELECT seq, domain, kind, time, source, simulated, idempotency_key, payload FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
    );
    this.#commitGroup = db.transaction((group: PendingAppend[]) => {
      const receivedAt = Date.now();
      return group.map((request) => {
        try {
          // Nested transaction = savepoint: a failing request rolls back alone.
          return { ok: true as const, result: appendOne(request.events, receivedAt, request.once) };
        } catch (error) {
          // Its savepoint is rolled back: nothing of the repeated act is kept.
          if (error instanceof RepeatedAct) return { ok: true as const, result: repeatedAct(request.events.length) };
          return { ok: false as const, error };
        }
      });
    });
  }

  /** Stores the events of one request, all or nothing; resolves once committed. */
  append(events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    if (this.#closed) return Promise.reject(new Error('event store is closed'));
    return new Promise<AppendResult>((resolve, reject) => {
      this.#pending.push({ events, once: options.once ?? false, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Told how long each group commit took (seconds) and how many requests it held: the metrics. */
  onCommit: ((seconds: number, requests: number) => void) | null = null;

  /** Commits every pending request now (also called on shutdown). */
  flush(): void {
    this.#scheduled = false;
    const group = this.#pending;
    if (group.length === 0) return;
    this.#pending = [];
    let outcomes;
    const startedAt = performance.now();
    try {
      outcomes = this.#commitGroup(group);
      this.onCommit?.((performance.now() - startedAt) / 1000, group.length);
    } catch (error) {
      // The commit itself failed: SQLite rolled the whole group back, nothing of it is kept.
      const refusal = this.#refusal(error);
      for (const request of group) request.reject(refusal);
      return;
    }
    if (outcomes.some((outcome) => outcome.ok)) this.#health = { ok: true };
    outcomes.forEach((outcome, index) => {
      const request = group[index]!;
      if (outcome.ok) request.resolve(outcome.result);
      else request.reject(this.#refusal(outcome.error));
    });
  }

  /** Can the store write? Degraded since a write failed for the disk's sake (full, read-only, I/O). */
  get health(): StoreHealth {
    return this.#health;
  }

  /** Any other writer on the same database (sessions, keys) reports its disk failures here too. */
  noteFailure(error: unknown): void {
    this.#refusal(error);
  }

  /** A disk failure becomes a 503 for the writer and marks the store degraded; anything else passes through. */
  #refusal(error: unknown): unknown {
    if (!isStorageFailure(error)) return error;
    const reason = storageFailureReason(error);
    if (this.#health.ok) this.#health = { ok: false, reason, since: Date.now() };
    return new StoreUnavailableError(reason);
  }

  /** Every stored event in order, read lazily (used to rebuild topic states at start). */
  *readAll(afterSeq = 0): Generator<StoredEvent> {
    const rows = this.#db
      .prepare<[number], EventRow>(
        'SELECT seq, domain, kind, time, source, simulated, idempotency_key, payload FROM events WHERE seq > ? ORDER BY seq',
      )
      .iterate(afterSeq);
    for (const row of rows) yield eventOf(row);
  }

  /** Up to `limit` events after `afterSeq`, in order (a rebuild reads page by page). */
  readAfter(afterSeq: number, limit: number): StoredEvent[] {
    return this.#page.all(afterSeq, limit).map(eventOf);
  }

  /**
   * Which of these idempotency keys are already stored, hot or archived (acknowledged, not applied).
   * The keys go in as one JSON array, so one statement serves any number of them.
   */
  knownKeys(keys: readonly string[]): Set<string> {
    if (keys.length === 0) return new Set();
    const rows = this.#statement<[string], { key: string }>(
      `SELECT DISTINCT j.value AS key FROM json_each(?) AS j
       WHERE EXISTS (SELECT 1 FROM events WHERE idempotency_key = j.value)
          OR EXISTS (SELECT 1 FROM archived_keys WHERE idempotency_key = j.value)`,
    ).all(JSON.stringify(keys));
    return new Set(rows.map((row) => row.key));
  }

  #statement<P extends unknown[], R>(sql: string): Statement<P, R> {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement as Statement<P, R>;
  }

  /** The first event of a kind whose `data[field]` equals `value` (e.g. a report's creation). */
  findFirst(domain: string, kind: string, field: string, value: string): StoredEvent | null {
    const names = findNames(domain, kind, field);
    const row = this.#statement<[string], EventRow>(
      `SELECT seq, domain, kind, time, source, simulated, idempotency_key, payload FROM events
       WHERE domain = '${names.domain}' AND kind = '${names.kind}'
         AND json_extract(payload, '$.${names.path.join('.')}') = ? ORDER BY seq LIMIT 1`,
    ).get(value);
    return row ? eventOf(row) : null;
  }

  eventsAbout(domain: string, field: string, value: string): StoredEvent[] {
    const names = aboutNames(domain, field);
    return this.#statement<[string], EventRow>(
      `SELECT seq, domain, kind, time, source, simulated, idempotency_key, payload FROM events
       WHERE domain = '${names.domain}' AND json_extract(payload, '$.${names.field}') = ? ORDER BY seq`,
    )
      .all(value)
      .map(eventOf);
  }

  count(): number {
    return this.#statement<[], { n: number }>('SELECT count(*) AS n FROM events').get()!.n;
  }

  lastSeq(): number {
    return this.#statement<[], { s: number }>('SELECT coalesce(max(seq), 0) AS s FROM events').get()!.s;
  }

  /** True when any event came from this source (the simulator seeds an empty history once). */
  hasSource(source: string): boolean {
    return this.#statement<[string], 1>('SELECT 1 FROM events WHERE source = ? LIMIT 1').get(source) !== undefined;
  }

  /** Flushes what is pending and refuses further appends. */
  close(): void {
    this.flush();
    this.#closed = true;
  }
}

function eventOf(row: EventRow): StoredEvent {
  return {
    seq: row.seq,
    domain: row.domain,
    kind: row.kind,
    time: row.time,
    source: row.source,
    simulated: row.simulated === 1,
    idempotencyKey: row.idempotency_key,
    data: JSON.parse(row.payload) as unknown,
  };
}
