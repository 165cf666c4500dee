/**
 * The event store on PostgreSQL, for several servers on one database. Same contract as the SQLite
 * store: requests of one turn share one transaction (group commit), each in a savepoint so it is
 * stored whole or not at all, an idempotency key already stored is acknowledged not stored, and a
 * request's promise resolves only after COMMIT.
 *
 * Every group takes a transaction-level advisory lock before it inserts: seqs are then given and
 * committed in order across processes, so "every event after seq N" read by the aggregation leader
 * can never miss one that a slower writer commits later with a lower seq. The commit notifies
 * `ioc_events` with the last seq (LISTEN/NOTIFY) so the leader reads soon after.
 */
import type pg from 'pg';
import type { StoredEvent } from '../../domains/domain';
import { aboutNames, findNames, repeatedAct, RepeatedAct, type AppendOptions, type EventLog } from '../event-log';
import type { AppendResult, NewEvent, StoreHealth } from '../event-store';
import { StoreUnavailableError } from '../storage-failure';
import { LOCK_NAMESPACE, LOCKS } from './pg-database';

export const EVENTS_CHANNEL = 'ioc_events';

interface PendingAppend {
  events: NewEvent[];
  once: boolean;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

interface EventRow {
  seq: string;
  domain: string;
  kind: string;
  time: string;
  source: string;
  simulated: boolean;
  idempotency_key: string | null;
  payload: unknown;
}

const COLUMNS = 'seq, domain, kind, time, source, simulated, idempotency_key, payload';

/** PostgreSQL classes and node errors that mean "the database cannot take writes now". */
const CANNOT_WRITE_SQLSTATE = /^(08|53|57P|58|25006)/;
const CANNOT_REACH = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH)$/;

function unavailableReason(error: unknown): string | null {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (CANNOT_WRITE_SQLSTATE.test(code) || CANNOT_REACH.test(code)))
    return `PostgreSQL: ${typeof message === 'string' ? message : code} (${code})`;
  if (typeof message === 'string' && /Connection terminated|connection error|Client has encountered/i.test(message))
    return `PostgreSQL: ${message}`;
  return null;
}

export class PgEventStore implements EventLog {
  readonly backend = 'postgres' as const;
  onCommit: ((seconds: number, requests: number) => void) | null = null;
  readonly #pool: pg.Pool;
  #pending: PendingAppend[] = [];
  #committing: Promise<void> | null = null;
  #scheduled = false;
  #closed = false;
  #health: StoreHealth = { ok: true };

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  append(events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    if (this.#closed) return Promise.reject(new Error('event store is closed'));
    return new Promise<AppendResult>((resolve, reject) => {
      this.#pending.push({ events, once: options.once ?? false, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#committing) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      void this.flush();
    });
  }

  /** Commits what is pending: one group at a time; what arrives meanwhile forms the next group. */
  async flush(): Promise<void> {
    while (this.#committing) await this.#committing;
    const group = this.#pending;
    if (group.length === 0) return;
    this.#pending = [];
    this.#committing = this.#commit(group).finally(() => {
      this.#committing = null;
      if (this.#pending.length > 0) this.#schedule();
    });
    await this.#committing;
  }

  async #commit(group: PendingAppend[]): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      const refusal = this.#refusal(error);
      for (const request of group) request.reject(refusal);
      return;
    }
    const outcomes: Array<{ ok: true; result: AppendResult } | { ok: false; error: unknown }> = [];
    let broken: unknown = null;
    const startedAt = performance.now();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT pg_advisory_xact_lock(${LOCK_NAMESPACE}, $1)`, [LOCKS.append]);
      const receivedAt = Date.now();
      let last = 0;
      for (const request of group) {
        await client.query('SAVEPOINT request');
        try {
          const result = await this.#insert(client, request.events, receivedAt, request.once);
          await client.query('RELEASE SAVEPOINT request');
          outcomes.push({ ok: true, result });
          for (const event of result.stored) last = event.seq;
        } catch (error) {
          if (unavailableReason(error)) throw error;
          await client.query('ROLLBACK TO SAVEPOINT request');
          // A repeated act: rolled back whole, answered as duplicates.
          if (error instanceof RepeatedAct) outcomes.push({ ok: true, result: repeatedAct(request.events.length) });
          else outcomes.push({ ok: false, error });
        }
      }
      if (last > 0) await client.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, String(last)]);
      await client.query('COMMIT');
      this.onCommit?.((performance.now() - startedAt) / 1000, group.length);
    } catch (error) {
      broken = error;
      await client.query('ROLLBACK').catch(() => {});
    } finally {
      client.release(broken !== null && unavailableReason(broken) !== null);
    }
    if (broken !== null) {
      // The transaction failed as a whole: nothing of the group is kept.
      const refusal = this.#refusal(broken);
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

  async #insert(client: pg.PoolClient, events: NewEvent[], receivedAt: number, once: boolean): Promise<AppendResult> {
    const stored: StoredEvent[] = [];
    let duplicates = 0;
    for (const event of events) {
      const { rows } = await client.query<{ seq: string }>(
        // A key whose event retention moved to the archive is a repeat too (`archived_keys`; the
        // archiving transaction takes the append lock, so it never runs beside this one).
        `INSERT INTO events (domain, kind, time, received_at, source, simulated, idempotency_key, payload)
         SELECT $1::text, $2::text, $3::bigint, $4::bigint, $5::text, $6::boolean, $7::text, $8::jsonb
         WHERE NOT EXISTS (SELECT 1 FROM archived_keys WHERE idempotency_key = $7::text)
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING seq`,
        [
          event.domain,
          event.kind,
          event.time,
          receivedAt,
          event.source,
          event.simulated,
          event.idempotencyKey,
          JSON.stringify(event.data),
        ],
      );
      const row = rows[0];
      if (!row) {
        duplicates++;
        continue;
      }
      stored.push({ seq: Number(row.seq), ...event });
    }
    if (once && duplicates > 0 && stored.length > 0) throw new RepeatedAct();
    return { stored, duplicates };
  }

  get health(): StoreHealth {
    return this.#health;
  }

  noteFailure(error: unknown): void {
    this.#refusal(error);
  }

  #refusal(error: unknown): unknown {
    const reason = unavailableReason(error);
    if (reason === null) return error;
    if (this.#health.ok) this.#health = { ok: false, reason, since: Date.now() };
    return new StoreUnavailableError(reason);
  }

  async readAfter(afterSeq: number, limit: number): Promise<StoredEvent[]> {
    const { rows } = await this.#pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [afterSeq, limit],
    );
    return rows.map(eventOf);
  }

  async knownKeys(keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const { rows } = await this.#pool.query<{ key: string }>(
      `SELECT idempotency_key AS key FROM events WHERE idempotency_key = ANY($1::text[])
       UNION SELECT idempotency_key FROM archived_keys WHERE idempotency_key = ANY($1::text[])`,
      [keys],
    );
    return new Set(rows.map((row) => row.key));
  }

  async findFirst(domain: string, kind: string, field: string, value: string): Promise<StoredEvent | null> {
    const { domain: d, kind: k, path } = findNames(domain, kind, field);
    // The same expressions as the indexes: `->>` for a plain field (007), `#>>` for a path (009).
    const at = path.length === 1 ? `payload ->> '${path[0]}'` : `payload #>> '{${path.join(',')}}'`;
    const { rows } = await this.#pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE domain = '${d}' AND kind = '${k}' AND ${at} = $1 ORDER BY seq LIMIT 1`,
      [value],
    );
    return rows[0] ? eventOf(rows[0]) : null;
  }

  async eventsAbout(domain: string, field: string, value: string): Promise<StoredEvent[]> {
    const names = aboutNames(domain, field);
    const { rows } = await this.#pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE domain = '${names.domain}' AND payload ->> '${names.field}' = $1 ORDER BY seq`,
      [value],
    );
    return rows.map(eventOf);
  }

  async count(): Promise<number> {
    const { rows } = await this.#pool.query<{ n: string }>('SELECT count(*) AS n FROM events');
    return Number(rows[0]!.n);
  }

  async lastSeq(): Promise<number> {
    const { rows } = await this.#pool.query<{ s: string }>('SELECT coalesce(max(seq), 0) AS s FROM events');
    return Number(rows[0]!.s);
  }

  async hasSource(source: string): Promise<boolean> {
    const { rows } = await this.#pool.query('SELECT 1 FROM events WHERE source = $1 LIMIT 1', [source]);
    return rows.length > 0;
  }

  /** Commits what is pending, refuses further appends and closes the pool. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.flush();
    this.#closed = true;
    await this.#pool.end();
  }
}

function eventOf(row: EventRow): StoredEvent {
  return {
    seq: Number(row.seq),
    domain: row.domain,
    kind: row.kind,
    time: Number(row.time),
    source: row.source,
    simulated: row.simulated,
    idempotencyKey: row.idempotency_key,
    data: row.payload,
  };
}
