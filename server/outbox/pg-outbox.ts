/**
 * The webhook outbox on PostgreSQL (PG migration 005) when several server processes form one
 * system: subscriptions, deliveries, dead letters and the cursor are one set for all, so a
 * webhook made or a dead letter sent again through one process is seen and acted on by every other.
 *
 * Every process follows the shared event store and sends, and still each event goes out once:
 * - deliveries are unique per (subscription, event): two processes writing the same event's
 *   deliveries write one row each (the other's insert does nothing), and the cursor only moves on;
 * - an attempt is claimed (`claimed_until`) with `FOR UPDATE SKIP LOCKED`, so one process sends it;
 *   the claim ends with the answer written, or expires when its process died mid-attempt, and then
 *   another sends it again (same `X-IOC-Delivery` id, for the receiver to drop a repeat).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { PublicNotice } from '../protocol/topics';
import { noticeOf } from '../domains/announcements/aggregator';
import type { AnnouncementPublished } from '../domains/announcements/schema';
import { inTransaction } from '../store/pg/pg-database';
import type { StoreEvent } from './notice-messages';
import { subscriptionValues, type OutboxEvents, type OutboxLedger } from './outbox-ledger';
import type {
  Delivery,
  DeliveryStatus,
  NewDelivery,
  NewSubscription,
  Subscription,
  SubscriptionHealth,
} from './outbox-store';

const CURSOR = 'webhooks';

type Num = string | number;
const num = (value: Num | null): number | null => (value === null ? null : Number(value));

interface SubscriptionRow {
  id: Num;
  url: string;
  kinds: string[];
  wards: string[];
  topics: string[];
  description: string | null;
  enabled: boolean;
  disabled_reason: string | null;
  from_seq: Num;
  created_at: Num;
  created_by: string;
  last_success_at: Num | null;
  last_failure_at: Num | null;
  last_error: string | null;
}

interface DeliveryRow {
  id: string;
  subscription_id: Num;
  event_seq: Num;
  type: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Num | null;
  last_attempt_at: Num | null;
  last_error: string | null;
  created_at: Num;
  delivered_at: Num | null;
}

const subscriptionOf = (row: SubscriptionRow): Subscription => ({
  id: Number(row.id),
  url: row.url,
  kinds: row.kinds,
  wards: row.wards,
  topics: row.topics,
  description: row.description,
  enabled: row.enabled,
  disabledReason: row.disabled_reason,
  fromSeq: Number(row.from_seq),
  createdAt: Number(row.created_at),
  createdBy: row.created_by,
  lastSuccessAt: num(row.last_success_at),
  lastFailureAt: num(row.last_failure_at),
  lastError: row.last_error,
});

const deliveryOf = (row: DeliveryRow): Delivery => ({
  id: row.id,
  subscriptionId: Number(row.subscription_id),
  eventSeq: Number(row.event_seq),
  type: row.type,
  body: row.body,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: num(row.next_attempt_at),
  lastAttemptAt: num(row.last_attempt_at),
  lastError: row.last_error,
  createdAt: Number(row.created_at),
  deliveredAt: num(row.delivered_at),
});

const SUBSCRIPTION_COLUMNS = `id, url, kinds, wards, topics, description, enabled, disabled_reason, from_seq,
  created_at, created_by, last_success_at, last_failure_at, last_error`;
const DELIVERY_COLUMNS = `id, subscription_id, event_seq, type, body, status, attempts, next_attempt_at,
  last_attempt_at, last_error, created_at, delivered_at`;

/** The shared event store's announcements, as the outbox reads them. */
export class PgOutboxEvents implements OutboxEvents {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async lastSeq(): Promise<number> {
    const { rows } = await this.#pool.query<{ s: string }>('SELECT coalesce(max(seq), 0) AS s FROM events');
    return Number(rows[0]!.s);
  }

  async announcementsAfter(from: number, to: number, limit: number): Promise<StoreEvent[]> {
    const { rows } = await this.#pool.query<{ seq: string; kind: string; time: string; payload: unknown }>(
      `SELECT seq, kind, time, payload FROM events WHERE seq > $1 AND seq <= $2 AND domain = 'announcements'
       ORDER BY seq LIMIT $3`,
      [from, to, limit],
    );
    return rows.map((row) => ({ seq: Number(row.seq), kind: row.kind, time: Number(row.time), data: row.payload }));
  }

  async noticeBefore(announcementId: string, beforeSeq: number): Promise<PublicNotice | null> {
    const { rows } = await this.#pool.query<{ kind: string; time: string; payload: unknown }>(
      `SELECT kind, time, payload FROM events
       WHERE domain = 'announcements' AND kind IN ('announcement.published', 'announcement.withdrawn')
         AND payload->>'announcementId' = $1 AND seq < $2
       ORDER BY seq DESC LIMIT 1`,
      [announcementId, beforeSeq],
    );
    const row = rows[0];
    if (!row || row.kind !== 'announcement.published') return null;
    return noticeOf(row.payload as AnnouncementPublished, Number(row.time));
  }
}

export class PgOutboxStore implements OutboxLedger {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /* ----------------------------------------------------------- subscriptions */

  async create(
    input: NewSubscription,
    fromSeq: number,
    at: number,
    by: string,
  ): Promise<{ subscription: Subscription; secret: string }> {
    const secret = `whsec_${randomBytes(32).toString('hex')}`;
    const { rows } = await this.#pool.query<SubscriptionRow>(
      `INSERT INTO webhook_subscriptions (url, secret, kinds, wards, topics, description, from_seq, created_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${SUBSCRIPTION_COLUMNS}`,
      subscriptionValues(input, secret, fromSeq, at, by),
    );
    return { subscription: subscriptionOf(rows[0]!), secret };
  }

  async subscription(id: number): Promise<Subscription | null> {
    const { rows } = await this.#pool.query<SubscriptionRow>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE id = $1`,
      [id],
    );
    return rows[0] ? subscriptionOf(rows[0]) : null;
  }

  async subscriptions(): Promise<Subscription[]> {
    const { rows } = await this.#pool.query<SubscriptionRow>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions ORDER BY id`,
    );
    return rows.map(subscriptionOf);
  }

  async secretOf(id: number): Promise<string | null> {
    const { rows } = await this.#pool.query<{ secret: string }>(
      'SELECT secret FROM webhook_subscriptions WHERE id = $1',
      [id],
    );
    return rows[0]?.secret ?? null;
  }

  async health(id: number): Promise<SubscriptionHealth> {
    const counts = { pending: 0, delivered: 0, dead: 0 };
    const { rows } = await this.#pool.query<{ status: DeliveryStatus; n: string }>(
      'SELECT status, count(*) AS n FROM webhook_deliveries WHERE subscription_id = $1 GROUP BY status',
      [id],
    );
    for (const row of rows) counts[row.status] = Number(row.n);
    return counts;
  }

  async setEnabled(id: number, enabled: boolean, reason: string | null): Promise<boolean> {
    const result = await this.#pool.query(
      'UPDATE webhook_subscriptions SET enabled = $1, disabled_reason = $2 WHERE id = $3',
      [enabled, enabled ? null : reason, id],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async delete(id: number): Promise<boolean> {
    const result = await this.#pool.query('DELETE FROM webhook_subscriptions WHERE id = $1', [id]);
    return (result.rowCount ?? 0) > 0;
  }

  /* --------------------------------------------------------------- the cursor */

  async cursor(): Promise<number | null> {
    const { rows } = await this.#pool.query<{ seq: string }>('SELECT seq FROM outbox_cursor WHERE name = $1', [CURSOR]);
    return rows[0] ? Number(rows[0].seq) : null;
  }

  async advance(seq: number, deliveries: NewDelivery[], at: number): Promise<number> {
    return inTransaction(this.#pool, async (client) => {
      let written = 0;
      for (const delivery of deliveries) {
        const id = randomUUID();
        const inserted = await client.query(
          `INSERT INTO webhook_deliveries (id, subscription_id, event_seq, type, body, status, next_attempt_at, created_at)
           VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7) ON CONFLICT (subscription_id, event_seq) DO NOTHING`,
          [id, delivery.subscriptionId, delivery.eventSeq, delivery.type, delivery.body(id), at, at],
        );
        written += inserted.rowCount ?? 0;
      }
      // Another process may have read further meanwhile: the cursor never goes back.
      await client.query(
        `INSERT INTO outbox_cursor (name, seq) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET seq = greatest(outbox_cursor.seq, excluded.seq)`,
        [CURSOR, seq],
      );
      return written;
    });
  }

  /* --------------------------------------------------------------- deliveries */

  async due(now: number, limit: number, claimMs: number): Promise<Delivery[]> {
    const { rows } = await this.#pool.query<DeliveryRow>(
      `UPDATE webhook_deliveries SET claimed_until = $3
       WHERE id IN (
         SELECT d.id FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
         WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND s.enabled
           AND (d.claimed_until IS NULL OR d.claimed_until <= $1)
         ORDER BY d.next_attempt_at, d.event_seq LIMIT $2
         FOR UPDATE OF d SKIP LOCKED)
       RETURNING ${DELIVERY_COLUMNS}`,
      [now, limit, now + claimMs],
    );
    return rows
      .map(deliveryOf)
      .sort((a, b) => (a.nextAttemptAt ?? 0) - (b.nextAttemptAt ?? 0) || a.eventSeq - b.eventSeq);
  }

  async unclaim(ids: string[]): Promise<void> {
    await this.#pool.query('UPDATE webhook_deliveries SET claimed_until = NULL WHERE id = ANY($1)', [ids]);
  }

  async delivery(id: string): Promise<Delivery | null> {
    const { rows } = await this.#pool.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = $1`,
      [id],
    );
    return rows[0] ? deliveryOf(rows[0]) : null;
  }

  async deliveries(status?: DeliveryStatus, limit = 200): Promise<Delivery[]> {
    const { rows } = status
      ? await this.#pool.query<DeliveryRow>(
          `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE status = $1
           ORDER BY coalesce(last_attempt_at, created_at) DESC LIMIT $2`,
          [status, limit],
        )
      : await this.#pool.query<DeliveryRow>(
          `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries ORDER BY event_seq, subscription_id LIMIT $1`,
          [limit],
        );
    return rows.map(deliveryOf);
  }

  async delivered(delivery: Delivery, at: number): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      await client.query(
        `UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_attempt_at = $1,
         delivered_at = $1, next_attempt_at = NULL, last_error = NULL, claimed_until = NULL WHERE id = $2`,
        [at, delivery.id],
      );
      await client.query('UPDATE webhook_subscriptions SET last_success_at = $1 WHERE id = $2', [
        at,
        delivery.subscriptionId,
      ]);
    });
  }

  async failed(delivery: Delivery, at: number, error: string, nextAttemptAt: number | null): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      await client.query(
        `UPDATE webhook_deliveries SET status = $1, attempts = attempts + 1, last_attempt_at = $2, last_error = $3,
         next_attempt_at = $4, claimed_until = NULL WHERE id = $5`,
        [nextAttemptAt === null ? 'dead' : 'pending', at, error, nextAttemptAt, delivery.id],
      );
      await client.query('UPDATE webhook_subscriptions SET last_failure_at = $1, last_error = $2 WHERE id = $3', [
        at,
        error,
        delivery.subscriptionId,
      ]);
    });
  }

  async revive(id: string, at: number): Promise<boolean> {
    const result = await this.#pool.query(
      `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = $1, claimed_until = NULL
       WHERE id = $2 AND status = 'dead'`,
      [at, id],
    );
    return (result.rowCount ?? 0) > 0;
  }
}
