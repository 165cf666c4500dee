/**
 * What the webhook outbox needs of a store, on SQLite (one process: `outbox-store.ts`, sync) or on
 * PostgreSQL (several processes: `pg-outbox.ts`): the events it follows and the ledger of its
 * subscriptions, deliveries and cursor. Every call may answer at once or later; the outbox awaits.
 */
import type { PublicNotice } from '../protocol/topics';
import type { StoreEvent } from './notice-messages';
import type { Awaitable } from '../store/event-log';
import type {
  Delivery,
  DeliveryStatus,
  NewDelivery,
  NewSubscription,
  Subscription,
  SubscriptionHealth,
} from './outbox-store';

export interface OutboxEvents {
  lastSeq(): Awaitable<number>;
  /** Announcement events with `from < seq <= to`, in seq order, at most `limit`. */
  announcementsAfter(from: number, to: number, limit: number): Awaitable<StoreEvent[]>;
  /** The last publication or withdrawal of an announcement before `seq`, as citizens had it. */
  noticeBefore(announcementId: string, beforeSeq: number): Awaitable<PublicNotice | null>;
}

export interface OutboxLedger {
  create(
    input: NewSubscription,
    fromSeq: number,
    at: number,
    by: string,
  ): Awaitable<{ subscription: Subscription; secret: string }>;
  subscription(id: number): Awaitable<Subscription | null>;
  subscriptions(): Awaitable<Subscription[]>;
  secretOf(id: number): Awaitable<string | null>;
  health(id: number): Awaitable<SubscriptionHealth>;
  setEnabled(id: number, enabled: boolean, reason: string | null): Awaitable<boolean>;
  delete(id: number): Awaitable<boolean>;
  cursor(): Awaitable<number | null>;
  /** Writes the deliveries of the events up to `seq` and moves the cursor there (never back). */
  advance(seq: number, deliveries: NewDelivery[], at: number): Awaitable<number>;
  /**
   * Pending deliveries due now of enabled subscriptions, the oldest first; on a shared store each
   * is claimed for `claimMs` by the caller, so no other process sends it meanwhile.
   */
  due(now: number, limit: number, claimMs: number): Awaitable<Delivery[]>;
  /** Claims given back unsent (the bounds left no slot for them this pass). */
  unclaim(ids: string[]): Awaitable<void>;
  delivery(id: string): Awaitable<Delivery | null>;
  deliveries(status?: DeliveryStatus, limit?: number): Awaitable<Delivery[]>;
  delivered(delivery: Delivery, at: number): Awaitable<void>;
  failed(delivery: Delivery, at: number, error: string, nextAttemptAt: number | null): Awaitable<void>;
  revive(id: string, at: number): Awaitable<boolean>;
}

/**
 * A new subscription's values, in the column order both stores insert them (`url, secret, kinds,
 * wards, topics, description, from_seq, created_at, created_by`): lists without repeats, as JSON.
 */
export function subscriptionValues(
  input: NewSubscription,
  secret: string,
  fromSeq: number,
  at: number,
  by: string,
): Array<string | number | null> {
  return [
    input.url,
    secret,
    JSON.stringify([...new Set(input.kinds)]),
    JSON.stringify([...new Set(input.wards)]),
    JSON.stringify([...new Set(input.topics)]),
    input.description ?? null,
    fromSeq,
    at,
    by,
  ];
}
