/**
 * Who aggregates: a PostgreSQL session-level advisory lock held on a connection of its own. The
 * process holding it is the aggregation leader; when that process dies or its connection drops,
 * PostgreSQL releases the lock at once and another process takes it at its next try (every
 * `retryMs`). Losing the connection means losing the lease: the process steps down before anyone
 * else can lead, because the lock cannot outlive the session.
 *
 * The same connection LISTENs to `ioc_events`, so the leader's aggregators, and a follower's read
 * models (`follower-read-models.ts`), read the events other processes stored soon after they commit.
 */
import pg from 'pg';
import { clientConfig, LOCK_NAMESPACE, LOCKS, type PgOptions } from '../store/pg/pg-database';
import { EVENTS_CHANNEL } from '../store/pg/pg-event-store';

export interface LeaderLeaseOptions {
  database: PgOptions;
  /** Called once the lock is held (rebuild and start publishing). */
  onGained: () => Promise<void>;
  /** Called when the lock is gone (stop publishing at once). */
  onLost: () => void;
  /** Some process stored events (a NOTIFY; leading or not). */
  onEvents: () => void;
  /** How often a follower tries to take the lock. */
  retryMs?: number;
}

export class LeaderLease {
  readonly #options: LeaderLeaseOptions;
  #client: pg.Client | null = null;
  #timer: NodeJS.Timeout | null = null;
  #leading = false;
  #closed = false;
  #trying: Promise<void> | null = null;
  /**
   * When this process last lost the lease. Its session died under it (a crash, a cut, a stall), so
   * it stands back for two tries before competing again: a healthy peer takes over rather than the
   * suspect process grabbing the lock straight back and flapping.
   */
  #lostAt = -Infinity;

  constructor(options: LeaderLeaseOptions) {
    this.#options = options;
  }

  get leading(): boolean {
    return this.#leading;
  }

  /** The server process id of the lock's connection (a test ends it as a crash would). */
  get backendPid(): number | null {
    return (this.#client as { processID?: number } | null)?.processID ?? null;
  }

  /** Tries once now, then every `retryMs` while not leading. */
  async start(): Promise<void> {
    await this.#tryOnce();
    const retryMs = this.#options.retryMs ?? 1000;
    this.#timer = setInterval(() => {
      if (this.#leading || this.#trying || Date.now() - this.#lostAt < 2 * retryMs) return;
      void this.#tryOnce();
    }, retryMs);
    this.#timer.unref();
  }

  #tryOnce(): Promise<void> {
    this.#trying = this.#attempt().finally(() => {
      this.#trying = null;
    });
    return this.#trying;
  }

  async #attempt(): Promise<void> {
    if (this.#closed || this.#leading) return;
    try {
      const client = (this.#client ??= await this.#connect());
      const { rows } = await client.query<{ got: boolean }>(
        `SELECT pg_try_advisory_lock(${LOCK_NAMESPACE}, $1) AS got`,
        [LOCKS.leader],
      );
      if (!rows[0]?.got || this.#closed) return;
      this.#leading = true;
      await this.#options.onGained();
    } catch {
      // PostgreSQL is unreachable or the session died: drop it, try again at the next interval.
      this.#drop();
    }
  }

  async #connect(): Promise<pg.Client> {
    const client = new pg.Client(clientConfig(this.#options.database));
    client.on('error', () => this.#drop());
    client.on('end', () => this.#drop());
    client.on('notification', () => this.#options.onEvents());
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (error) {
      client.end().catch(() => {});
      throw error;
    }
    return client;
  }

  /** The session is gone or unusable: so is the lock. */
  #drop(): void {
    const client = this.#client;
    this.#client = null;
    if (client) client.end().catch(() => {});
    if (this.#leading) {
      this.#leading = false;
      this.#lostAt = Date.now();
      this.#options.onLost();
    }
  }

  /** Releases the lock (its session ends) so another process leads without waiting. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#trying?.catch(() => {});
    const client = this.#client;
    this.#client = null;
    this.#leading = false;
    await client?.end().catch(() => {});
  }
}
