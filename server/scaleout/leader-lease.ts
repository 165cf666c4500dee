/**
 * Who aggregates: a PostgreSQL session-level advisory lock held on a connection of its own. The
 * process holding it is the aggregation leader. A follower's lock connection waits in
 * `pg_advisory_lock`: when the leader dies or its connection drops, PostgreSQL releases the lock
 * and grants it to the first waiter at once, so the next leader starts within milliseconds of the
 * old one's session ending, not at its next try (a try every second made the failover gap up to a
 * second longer, and every event of that gap reached screens only as state). Losing the
 * connection means losing the lease: the process steps down before anyone else can lead, because
 * the lock cannot outlive the session.
 *
 * A second connection LISTENs to `ioc_events`, so the leader's aggregators, and a follower's read
 * models (`follower-read-models.ts`), read the events other processes stored soon after they
 * commit: a session waiting for a lock is not told of notifications until the wait ends.
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
  /** How often a lost connection is made again (and how long a process that lost the lease stands back, twice that). */
  retryMs?: number;
  /** How long one wait for the lock lasts before it is made again (PostgreSQL's `lock_timeout`). */
  waitMs?: number;
}

/** PostgreSQL's `lock_not_available`: the wait reached `lock_timeout`; the follower waits again. */
const LOCK_NOT_AVAILABLE = '55P03';

export class LeaderLease {
  readonly #options: LeaderLeaseOptions;
  /** The session that waits for the lock, then holds it while this process leads. */
  #lock: pg.Client | null = null;
  /** The session that LISTENs (a waiting session hears no notification). */
  #listen: pg.Client | null = null;
  #timer: NodeJS.Timeout | null = null;
  #leading = false;
  #closed = false;
  #trying: Promise<void> | null = null;
  /** The lock's session is in `pg_advisory_lock` now (close cancels it). */
  #waiting = false;
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
    return (this.#lock as { processID?: number } | null)?.processID ?? null;
  }

  /** Listens, tries once now (no wait), then waits for the lock in the background while following. */
  async start(): Promise<void> {
    await this.#connectListen().catch(() => {});
    await this.#tryOnce(false);
    const retryMs = this.#options.retryMs ?? 1000;
    this.#timer = setInterval(() => {
      if (!this.#listen && !this.#closed) void this.#connectListen().catch(() => {});
      if (this.#leading || this.#trying || Date.now() - this.#lostAt < 2 * retryMs) return;
      void this.#tryOnce(true);
    }, retryMs);
    this.#timer.unref();
    if (!this.#leading && !this.#trying) void this.#tryOnce(true);
  }

  #tryOnce(wait: boolean): Promise<void> {
    this.#trying = this.#attempt(wait).finally(() => {
      this.#trying = null;
    });
    return this.#trying;
  }

  /** Takes the lock: at once if it is free, or (`wait`) as soon as its holder's session ends. */
  async #attempt(wait: boolean): Promise<void> {
    if (this.#closed || this.#leading) return;
    try {
      const client = (this.#lock ??= await this.#connectLock());
      if (!(await this.#take(client, wait)) || this.#closed) return;
      this.#leading = true;
      await this.#options.onGained();
    } catch {
      // PostgreSQL is unreachable or the session died: drop it, try again at the next interval.
      this.#dropLock();
    }
  }

  async #take(client: pg.Client, wait: boolean): Promise<boolean> {
    if (!wait) {
      const { rows } = await client.query<{ got: boolean }>(
        `SELECT pg_try_advisory_lock(${LOCK_NAMESPACE}, $1) AS got`,
        [LOCKS.leader],
      );
      return rows[0]?.got === true;
    }
    // Waits until the holder's session ends (PostgreSQL grants the lock to the first waiter then),
    // made again each `lock_timeout`; close() cancels it.
    while (!this.#closed) {
      this.#waiting = true;
      try {
        await client.query(`SELECT pg_advisory_lock(${LOCK_NAMESPACE}, $1)`, [LOCKS.leader]);
        return true;
      } catch (error) {
        if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw error;
      } finally {
        this.#waiting = false;
      }
    }
    return false;
  }

  async #connectLock(): Promise<pg.Client> {
    const client = new pg.Client(clientConfig(this.#options.database));
    client.on('error', () => this.#dropLock());
    client.on('end', () => this.#dropLock());
    try {
      await client.connect();
      await client.query(`SET lock_timeout = ${Math.max(1, Math.round(this.#options.waitMs ?? 30_000))}`);
    } catch (error) {
      client.end().catch(() => {});
      throw error;
    }
    return client;
  }

  async #connectListen(): Promise<void> {
    if (this.#listen) return;
    const client = new pg.Client(clientConfig(this.#options.database));
    const drop = () => {
      if (this.#listen === client) this.#listen = null;
      client.end().catch(() => {});
    };
    client.on('error', drop);
    client.on('end', drop);
    client.on('notification', () => this.#options.onEvents());
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (error) {
      client.end().catch(() => {});
      throw error;
    }
    if (this.#closed) {
      client.end().catch(() => {});
      return;
    }
    this.#listen = client;
    // Events stored while no one listened: the read models catch up now (and the poll after).
    this.#options.onEvents();
  }

  /** The lock's session is gone or unusable: so is the lock. */
  #dropLock(): void {
    const client = this.#lock;
    this.#lock = null;
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
    const lock = this.#lock;
    const listen = this.#listen;
    // A session waiting for the lock waits on in PostgreSQL after its client leaves: cancel it.
    const pid = (lock as { processID?: number } | null)?.processID;
    if (this.#waiting && listen && pid) await listen.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => {});
    this.#lock = null;
    this.#listen = null;
    this.#leading = false;
    await lock?.end().catch(() => {});
    await listen?.end().catch(() => {});
    await this.#trying?.catch(() => {});
  }
}
