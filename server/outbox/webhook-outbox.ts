/**
 * The webhook outbox: follows the event store by `seq` (its cursor is persisted with the
 * deliveries it writes), turns public notices into one delivery per matching subscription, and
 * sends them signed, with retries on a backoff schedule with jitter and a dead-letter list.
 *
 * On PostgreSQL (several processes) every process follows and sends: deliveries are written once
 * per event and subscription whoever writes them, and each attempt is claimed by one process
 * (`pg-outbox.ts`). A process that dies mid-attempt leaves its claim to expire, and another sends
 * it again with the same `X-IOC-Delivery` id: at least once, rarely twice, never lost.
 *
 * Bounded: at most `concurrency` requests at once and `perSubscription` per receiver, each cut
 * off after `timeoutMs`, so one slow receiver holds its own slots only. The clock and the random
 * source are injected: tests advance the clock instead of sleeping.
 */
import type { SqliteDatabase } from '../store/database';
import type { PublicNotice } from '../protocol/topics';
import { noticeOf } from '../domains/announcements/aggregator';
import type { AnnouncementPublished } from '../domains/announcements/schema';
import { OutboxStore, type Delivery, type NewDelivery } from './outbox-store';
import type { OutboxEvents, OutboxLedger } from './outbox-ledger';
import { messageOf, noticeData, wants, type StoreEvent, type WebhookMessage } from './notice-messages';
import { signatureHeader } from './signature';
import type { Lookup } from './destination-policy';
import { postWebhook } from './post-webhook';

/** A claim outlives its attempt's timeout by this much (the answer still has to be written). */
const CLAIM_MARGIN_MS = 30_000;

/** Waits before the 2nd … 6th attempt; after the 6th failure the delivery is dead. */
const RETRY_SCHEDULE_MS = [30_000, 120_000, 600_000, 3_600_000, 21_600_000];

export interface OutboxOptions {
  now: () => number;
  random?: () => number;
  retryScheduleMs?: readonly number[];
  /** ± this share of each wait, so that receivers back from an outage are not hit all at once. */
  jitter?: number;
  timeoutMs?: number;
  concurrency?: number;
  perSubscription?: number;
  /** Events read per pass. */
  batch?: number;
  onError?: (error: unknown) => void;
  /**
   * The networks beside the public internet a webhook may go to (`webhooks.allowedNetworks`,
   * read at each attempt so a config reload applies); none when not given.
   */
  allowedNetworks?: () => readonly string[];
  /** The resolver for receivers' names (tests); the system's when not given. */
  lookup?: Lookup;
}

interface EventRow {
  seq: number;
  kind: string;
  time: number;
  payload: string;
}

/** The data folder's events and outbox tables (one process). */
export class SqliteOutboxEvents implements OutboxEvents {
  readonly #db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.#db = db;
  }

  lastSeq(): number {
    return this.#db.prepare<[], { s: number }>('SELECT coalesce(max(seq), 0) AS s FROM events').get()!.s;
  }

  announcementsAfter(from: number, to: number, limit: number): StoreEvent[] {
    return this.#db
      .prepare<[number, number, number], EventRow>(
        `SELECT seq, kind, time, payload FROM events WHERE seq > ? AND seq <= ? AND domain = 'announcements'
         ORDER BY seq LIMIT ?`,
      )
      .all(from, to, limit)
      .map((row) => ({ seq: row.seq, kind: row.kind, time: row.time, data: JSON.parse(row.payload) }));
  }

  noticeBefore(announcementId: string, beforeSeq: number): PublicNotice | null {
    const row = this.#db
      .prepare<[string, number], EventRow>(
        `SELECT seq, kind, time, payload FROM events
         WHERE domain = 'announcements' AND kind IN ('announcement.published', 'announcement.withdrawn')
           AND json_extract(payload, '$.announcementId') = ? AND seq < ?
         ORDER BY seq DESC LIMIT 1`,
      )
      .get(announcementId, beforeSeq);
    if (!row || row.kind !== 'announcement.published') return null;
    return noticeOf(JSON.parse(row.payload) as AnnouncementPublished, row.time);
  }
}

export class WebhookOutbox {
  readonly store: OutboxLedger;
  readonly #events: OutboxEvents;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #schedule: readonly number[];
  readonly #jitter: number;
  readonly #timeoutMs: number;
  readonly #concurrency: number;
  readonly #perSubscription: number;
  readonly #batch: number;
  readonly #onError: (error: unknown) => void;
  readonly #allowedNetworks: () => readonly string[];
  readonly #lookup: Lookup | undefined;
  readonly #inFlight = new Map<string, { subscriptionId: number; done: Promise<void> }>();
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;

  private constructor(events: OutboxEvents, store: OutboxLedger, options: OutboxOptions) {
    this.#events = events;
    this.store = store;
    this.#now = options.now;
    this.#random = options.random ?? Math.random;
    this.#schedule = options.retryScheduleMs ?? RETRY_SCHEDULE_MS;
    this.#jitter = options.jitter ?? 0.1;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#concurrency = options.concurrency ?? 8;
    this.#perSubscription = options.perSubscription ?? 2;
    this.#batch = options.batch ?? 500;
    this.#onError = options.onError ?? (() => {});
    this.#allowedNetworks = options.allowedNetworks ?? (() => []);
    this.#lookup = options.lookup;
  }

  /** On the data folder's SQLite, or on shared stores (PostgreSQL: every process of one system). */
  static async open(
    where: SqliteDatabase | { events: OutboxEvents; store: OutboxLedger },
    options: OutboxOptions,
  ): Promise<WebhookOutbox> {
    const outbox =
      'events' in where && 'store' in where
        ? new WebhookOutbox(where.events, where.store, options)
        : new WebhookOutbox(new SqliteOutboxEvents(where), new OutboxStore(where), options);
    // A first start on an existing store begins at its end: history is not news.
    if ((await outbox.store.cursor()) === null)
      await outbox.store.advance(await outbox.#events.lastSeq(), [], outbox.#now());
    return outbox;
  }

  /** Reads the events after the cursor and writes their deliveries; returns how many it wrote. */
  async follow(): Promise<number> {
    let written = 0;
    for (;;) {
      const from = (await this.store.cursor()) ?? 0;
      const last = await this.#events.lastSeq();
      if (last <= from) return written;
      const subscriptions = (await this.store.subscriptions()).filter((subscription) => subscription.enabled);
      // Nobody to tell: move past the events without reading them (a subscription made later
      // starts after its own creation, `fromSeq`, so none of them is owed to it).
      if (subscriptions.length === 0) {
        written += await this.store.advance(last, [], this.#now());
        continue;
      }
      const events = await this.#events.announcementsAfter(from, last, this.#batch);
      const to = events.length === this.#batch ? events[events.length - 1]!.seq : last;
      const deliveries: NewDelivery[] = [];
      for (const event of events) {
        // What citizens had before this event, read ahead (the message rule asks synchronously).
        const announcementId = (event.data as { announcementId?: unknown }).announcementId;
        const previous =
          typeof announcementId === 'string' ? await this.#events.noticeBefore(announcementId, event.seq) : null;
        const message = messageOf(event, () => previous);
        if (!message) continue;
        for (const subscription of subscriptions) {
          if (event.seq <= subscription.fromSeq || !wants(subscription, message.type, message.notice)) continue;
          deliveries.push({
            subscriptionId: subscription.id,
            eventSeq: event.seq,
            type: message.type,
            body: (id) =>
              JSON.stringify({
                id,
                type: message.type,
                occurredAt: message.occurredAt,
                data: noticeData(message.notice),
              } satisfies WebhookMessage),
          });
        }
      }
      written += await this.store.advance(to, deliveries, this.#now());
    }
  }

  /** Starts the attempts that are due, within the bounds; returns when they have all settled. */
  async dispatch(): Promise<void> {
    const free = this.#concurrency - this.#inFlight.size;
    if (free <= 0) return;
    // Claimed for longer than an attempt can take, so no other process sends it meanwhile.
    const due = await this.store.due(this.#now(), free * 4, this.#timeoutMs + CLAIM_MARGIN_MS);
    const perSubscription = new Map<number, number>();
    for (const { subscriptionId } of this.#inFlight.values())
      perSubscription.set(subscriptionId, (perSubscription.get(subscriptionId) ?? 0) + 1);
    const started: Promise<void>[] = [];
    const unsent: string[] = [];
    for (const delivery of due) {
      if (this.#inFlight.has(delivery.id)) continue;
      const busy = perSubscription.get(delivery.subscriptionId) ?? 0;
      if (this.#inFlight.size >= this.#concurrency || busy >= this.#perSubscription) {
        unsent.push(delivery.id);
        continue;
      }
      perSubscription.set(delivery.subscriptionId, busy + 1);
      const done = this.#attempt(delivery)
        .catch(this.#onError)
        .finally(() => this.#inFlight.delete(delivery.id));
      this.#inFlight.set(delivery.id, { subscriptionId: delivery.subscriptionId, done });
      started.push(done);
    }
    if (unsent.length > 0) await this.store.unclaim(unsent);
    await Promise.all(started);
  }

  /** One pass as the timer makes it: follow, send what is due, and wait for every attempt in flight. */
  async runOnce(): Promise<void> {
    await this.follow();
    await this.dispatch();
    await this.idle();
  }

  /** Resolves when no attempt is in flight. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight.values()].map((flight) => flight.done));
  }

  async #attempt(delivery: Delivery): Promise<void> {
    const subscription = await this.store.subscription(delivery.subscriptionId);
    const secret = await this.store.secretOf(delivery.subscriptionId);
    if (!subscription || !secret || !subscription.enabled) return;
    const sentAt = this.#now();
    const outcome = await postWebhook({
      url: subscription.url,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'ioc-wall-webhooks/1',
        'x-ioc-delivery': delivery.id,
        'x-ioc-event': delivery.type,
        'x-ioc-signature': signatureHeader(secret, delivery.body, Math.floor(sentAt / 1000)),
      },
      body: delivery.body,
      timeoutMs: this.#timeoutMs,
      allowedNetworks: this.#allowedNetworks(),
      ...(this.#lookup ? { lookup: this.#lookup } : {}),
    });
    const status = 'status' in outcome ? outcome.status : null;
    const error = 'status' in outcome ? `HTTP ${outcome.status}` : outcome.error;
    const at = this.#now();
    if (status !== null && status >= 200 && status < 300) {
      await this.store.delivered(delivery, at);
      return;
    }
    if (status === 410) {
      // The receiver says it is gone for good: stop sending to it until an admin turns it back on.
      await this.store.failed(delivery, at, 'HTTP 410', null);
      await this.store.setEnabled(delivery.subscriptionId, false, 'HTTP 410 Gone');
      return;
    }
    const wait = this.#schedule[delivery.attempts];
    const next = wait === undefined ? null : at + Math.round(wait * (1 + this.#jitter * (2 * this.#random() - 1)));
    await this.store.failed(delivery, at, error.slice(0, 300), next);
  }

  /**
   * Runs a pass every `intervalMs` (real time). A pass does not wait for the attempts it started:
   * a slow receiver keeps its own slots busy, the next pass sends everybody else's.
   */
  start(intervalMs = 1000): void {
    if (this.#timer || this.#stopped) return;
    let passing = false;
    this.#timer = setInterval(() => {
      // One pass at a time: a slow store must not pile passes up.
      if (passing) return;
      passing = true;
      this.follow()
        .then(() => {
          // The attempts run on; the next pass may start while they do.
          void this.dispatch().catch(this.#onError);
        })
        .catch(this.#onError)
        .finally(() => (passing = false));
    }, intervalMs);
    this.#timer.unref();
  }

  /** Stops the timer and waits for the attempts in flight (each bounded by its timeout). */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.idle();
  }
}
