/** The outbox's tables (migration 007): subscriptions, deliveries and the cursor on the event store. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { SqliteDatabase } from '../store/database';
import type { MessageFilter } from './notice-messages';
import { subscriptionValues, type OutboxLedger } from './outbox-ledger';

export interface Subscription extends MessageFilter {
  id: number;
  url: string;
  description: string | null;
  enabled: boolean;
  disabledReason: string | null;
  fromSeq: number;
  createdAt: number;
  createdBy: string;
  lastSuccessAt: number | null;
  lastFailureAt: number | null;
  lastError: string | null;
}

export interface SubscriptionHealth {
  pending: number;
  delivered: number;
  dead: number;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

export interface Delivery {
  id: string;
  subscriptionId: number;
  eventSeq: number;
  type: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number | null;
  lastAttemptAt: number | null;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

interface SubscriptionRow {
  id: number;
  url: string;
  secret: string;
  kinds: string;
  wards: string;
  topics: string;
  description: string | null;
  enabled: number;
  disabled_reason: string | null;
  from_seq: number;
  created_at: number;
  created_by: string;
  last_success_at: number | null;
  last_failure_at: number | null;
  last_error: string | null;
}

interface DeliveryRow {
  id: string;
  subscription_id: number;
  event_seq: number;
  type: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number | null;
  last_attempt_at: number | null;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

const subscriptionOf = (row: SubscriptionRow): Subscription => ({
  id: row.id,
  url: row.url,
  kinds: JSON.parse(row.kinds) as string[],
  wards: JSON.parse(row.wards) as string[],
  topics: JSON.parse(row.topics) as string[],
  description: row.description,
  enabled: row.enabled === 1,
  disabledReason: row.disabled_reason,
  fromSeq: row.from_seq,
  createdAt: row.created_at,
  createdBy: row.created_by,
  lastSuccessAt: row.last_success_at,
  lastFailureAt: row.last_failure_at,
  lastError: row.last_error,
});

const deliveryOf = (row: DeliveryRow): Delivery => ({
  id: row.id,
  subscriptionId: row.subscription_id,
  eventSeq: row.event_seq,
  type: row.type,
  body: row.body,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  lastAttemptAt: row.last_attempt_at,
  lastError: row.last_error,
  createdAt: row.created_at,
  deliveredAt: row.delivered_at,
});

export interface NewSubscription extends MessageFilter {
  url: string;
  description?: string | null;
}

/** A delivery to write: its body is built once, with its id inside, and sent as is on every attempt. */
export interface NewDelivery {
  subscriptionId: number;
  eventSeq: number;
  type: string;
  body(id: string): string;
}

const CURSOR = 'webhooks';

export class OutboxStore implements OutboxLedger {
  readonly #db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.#db = db;
  }

  /* ----------------------------------------------------------- subscriptions */

  create(
    input: NewSubscription,
    fromSeq: number,
    at: number,
    by: string,
  ): { subscription: Subscription; secret: string } {
    const secret = `whsec_${randomBytes(32).toString('hex')}`;
    const { id } = this.#db
      .prepare<unknown[], { id: number }>(
        `INSERT INTO webhook_subscriptions (url, secret, kinds, wards, topics, description, from_seq, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .get(...subscriptionValues(input, secret, fromSeq, at, by))!;
    return { subscription: this.subscription(id)!, secret };
  }

  subscription(id: number): Subscription | null {
    const row = this.#db.prepare<[number], SubscriptionRow>('SELECT * FROM webhook_subscriptions WHERE id = ?').get(id);
    return row ? subscriptionOf(row) : null;
  }

  subscriptions(): Subscription[] {
    return this.#db
      .prepare<[], SubscriptionRow>('SELECT * FROM webhook_subscriptions ORDER BY id')
      .all()
      .map(subscriptionOf);
  }

  /** The secret, for signing only; never listed. */
  secretOf(id: number): string | null {
    return (
      this.#db.prepare<[number], { secret: string }>('SELECT secret FROM webhook_subscriptions WHERE id = ?').get(id)
        ?.secret ?? null
    );
  }

  health(id: number): SubscriptionHealth {
    const counts = { pending: 0, delivered: 0, dead: 0 };
    const rows = this.#db
      .prepare<[number], { status: DeliveryStatus; n: number }>(
        'SELECT status, count(*) AS n FROM webhook_deliveries WHERE subscription_id = ? GROUP BY status',
      )
      .all(id);
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  setEnabled(id: number, enabled: boolean, reason: string | null): boolean {
    return (
      this.#db
        .prepare('UPDATE webhook_subscriptions SET enabled = ?, disabled_reason = ? WHERE id = ?')
        .run(enabled ? 1 : 0, enabled ? null : reason, id).changes > 0
    );
  }

  delete(id: number): boolean {
    return this.#db.prepare('DELETE FROM webhook_subscriptions WHERE id = ?').run(id).changes > 0;
  }

  /* --------------------------------------------------------------- the cursor */

  cursor(): number | null {
    return (
      this.#db.prepare<[string], { seq: number }>('SELECT seq FROM outbox_cursor WHERE name = ?').get(CURSOR)?.seq ??
      null
    );
  }

  /**
   * Writes the deliveries of the events up to `seq` and moves the cursor there, in one
   * transaction: after a crash either both happened or neither, and the unique key
   * (subscription, event) makes a repeat write nothing.
   */
  readonly advance = (seq: number, deliveries: NewDelivery[], at: number): number => {
    const insert = this.#db.prepare(
      `INSERT INTO webhook_deliveries (id, subscription_id, event_seq, type, body, status, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (subscription_id, event_seq) DO NOTHING`,
    );
    const move = this.#db.prepare(
      'INSERT INTO outbox_cursor (name, seq) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET seq = excluded.seq',
    );
    return this.#db.transaction(() => {
      let written = 0;
      for (const delivery of deliveries) {
        const id = randomUUID();
        written += insert.run(
          id,
          delivery.subscriptionId,
          delivery.eventSeq,
          delivery.type,
          delivery.body(id),
          at,
          at,
        ).changes;
      }
      move.run(CURSOR, seq);
      return written;
    })();
  };

  /* --------------------------------------------------------------- deliveries */

  /** Pending deliveries due now of enabled subscriptions, the oldest first (one process: nothing to claim). */
  due(now: number, limit: number): Delivery[] {
    return this.#db
      .prepare<[number, number], DeliveryRow>(
        `SELECT d.* FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
         WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND s.enabled = 1
         ORDER BY d.next_attempt_at, d.event_seq LIMIT ?`,
      )
      .all(now, limit)
      .map(deliveryOf);
  }

  unclaim(): void {}

  delivery(id: string): Delivery | null {
    const row = this.#db.prepare<[string], DeliveryRow>('SELECT * FROM webhook_deliveries WHERE id = ?').get(id);
    return row ? deliveryOf(row) : null;
  }

  deliveries(status?: DeliveryStatus, limit = 200): Delivery[] {
    const rows = status
      ? this.#db
          .prepare<[string, number], DeliveryRow>(
            'SELECT * FROM webhook_deliveries WHERE status = ? ORDER BY coalesce(last_attempt_at, created_at) DESC LIMIT ?',
          )
          .all(status, limit)
      : this.#db
          .prepare<[number], DeliveryRow>(
            'SELECT * FROM webhook_deliveries ORDER BY event_seq, subscription_id LIMIT ?',
          )
          .all(limit);
    return rows.map(deliveryOf);
  }

  delivered(delivery: Delivery, at: number): void {
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_attempt_at = ?,
           delivered_at = ?, next_attempt_at = NULL, last_error = NULL WHERE id = ?`,
        )
        .run(at, at, delivery.id);
      this.#db
        .prepare('UPDATE webhook_subscriptions SET last_success_at = ? WHERE id = ?')
        .run(at, delivery.subscriptionId);
    })();
  }

  /** A failed attempt: retried at `nextAttemptAt`, or dead-lettered when that is null. */
  failed(delivery: Delivery, at: number, error: string, nextAttemptAt: number | null): void {
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, last_attempt_at = ?, last_error = ?,
           next_attempt_at = ? WHERE id = ?`,
        )
        .run(nextAttemptAt === null ? 'dead' : 'pending', at, error, nextAttemptAt, delivery.id);
      this.#db
        .prepare('UPDATE webhook_subscriptions SET last_failure_at = ?, last_error = ? WHERE id = ?')
        .run(at, error, delivery.subscriptionId);
    })();
  }

  /** A dead letter sent again: a fresh round of attempts from now. */
  revive(id: string, at: number): boolean {
    return (
      this.#db
        .prepare(
          `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ? WHERE id = ? AND status = 'dead'`,
        )
        .run(at, id).changes > 0
    );
  }
}
