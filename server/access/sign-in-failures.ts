/**
 * Failed sign-ins per account name and address, and the locks they lead to: in the data folder's
 * SQLite with one process (migration 004), in PostgreSQL when several server processes share the
 * accounts (PG migration 005), so that guesses spread over the processes count together and a
 * lock made on one holds on all. The rule (five in a row lock, each lock in a row twice as long)
 * is here once; the two stores only count.
 */
import type pg from 'pg';
import type { SqliteDatabase } from '../store/database';
import { inTransaction } from '../store/pg/pg-database';

export const MAX_FAILED_LOGINS = 5;
/** The first lock of an account for an address; each lock in a row lasts twice the one before. */
export const LOCKOUT_MS = 15 * 60_000;
const MAX_LOCKOUT_MS = 24 * 3_600_000;
/** Failures and locks of an account and address are forgotten after this long without a failure. */
const FORGET_FAILURES_MS = 24 * 3_600_000;

export interface SignInFailureRow {
  ip: string;
  failures: number;
  lockouts: number;
  lockedUntil: number | null;
}

export interface SignInFailures {
  /** When the lock of `name` for `address` ends, if it is locked now. */
  lockedUntil(name: string, address: string, now: number): Promise<number | null>;
  /**
   * Counts one failure, so that concurrent attempts each count; the fifth in a row locks.
   * Returns when the lock ends, if this failure locked it.
   */
  count(name: string, address: string, now: number): Promise<number | null>;
  /** A right password: the failures of that name and address are forgotten. */
  forget(name: string, address: string): Promise<void>;
  list(username: string): Promise<SignInFailureRow[]>;
  /** Lifts every lock of a name; returns how many were in force. */
  unlock(username: string, now: number): Promise<number>;
}

/** The end of the lock that a run of `lockouts` earlier locks in a row makes. */
const lockEnd = (lockouts: number, now: number): number => now + Math.min(LOCKOUT_MS * 2 ** lockouts, MAX_LOCKOUT_MS);

export class SqliteSignInFailures implements SignInFailures {
  readonly #db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.#db = db;
  }

  async lockedUntil(name: string, address: string, now: number): Promise<number | null> {
    const lock = this.#db
      .prepare('SELECT locked_until FROM sign_in_failures WHERE username = ? AND ip = ?')
      .get(name, address) as { locked_until: number | null } | undefined;
    return lock?.locked_until != null && lock.locked_until > now ? lock.locked_until : null;
  }

  async count(name: string, address: string, now: number): Promise<number | null> {
    return this.#db.transaction((): number | null => {
      this.#db
        .prepare('DELETE FROM sign_in_failures WHERE updated_at < ? AND (locked_until IS NULL OR locked_until < ?)')
        .run(now - FORGET_FAILURES_MS, now);
      const counted = this.#db
        .prepare(
          `INSERT INTO sign_in_failures (username, ip, failures, lockouts, locked_until, updated_at) VALUES (?, ?, 1, 0, NULL, ?)
           ON CONFLICT (username, ip) DO UPDATE SET failures = failures + 1, updated_at = excluded.updated_at
           RETURNING failures, lockouts`,
        )
        .get(name, address, now) as { failures: number; lockouts: number };
      if (counted.failures < MAX_FAILED_LOGINS) return null;
      const lockedUntil = lockEnd(counted.lockouts, now);
      this.#db
        .prepare(
          'UPDATE sign_in_failures SET failures = 0, lockouts = lockouts + 1, locked_until = ? WHERE username = ? AND ip = ?',
        )
        .run(lockedUntil, name, address);
      return lockedUntil;
    })();
  }

  async forget(name: string, address: string): Promise<void> {
    this.#db.prepare('DELETE FROM sign_in_failures WHERE username = ? AND ip = ?').run(name, address);
  }

  async list(username: string): Promise<SignInFailureRow[]> {
    const rows = this.#db
      .prepare('SELECT ip, failures, lockouts, locked_until FROM sign_in_failures WHERE username = ? ORDER BY ip')
      .all(username) as Array<{ ip: string; failures: number; lockouts: number; locked_until: number | null }>;
    return rows.map((row) => ({
      ip: row.ip,
      failures: row.failures,
      lockouts: row.lockouts,
      lockedUntil: row.locked_until,
    }));
  }

  async unlock(username: string, now: number): Promise<number> {
    const lifted = this.#db
      .prepare('SELECT count(*) AS n FROM sign_in_failures WHERE username = ? AND locked_until > ?')
      .get(username, now) as { n: number };
    this.#db.prepare('DELETE FROM sign_in_failures WHERE username = ?').run(username);
    return lifted.n;
  }
}

/** Names are kept in lower case: `Admin` and `admin` are one account, as SQLite's NOCASE has it. */
const folded = (name: string): string => name.toLowerCase();

export class PgSignInFailures implements SignInFailures {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async lockedUntil(name: string, address: string, now: number): Promise<number | null> {
    const { rows } = await this.#pool.query<{ locked_until: string | null }>(
      'SELECT locked_until FROM sign_in_failures WHERE username = $1 AND ip = $2',
      [folded(name), address],
    );
    const until = rows[0]?.locked_until;
    return until != null && Number(until) > now ? Number(until) : null;
  }

  async count(name: string, address: string, now: number): Promise<number | null> {
    return inTransaction(this.#pool, async (client) => {
      await client.query(
        'DELETE FROM sign_in_failures WHERE updated_at < $1 AND (locked_until IS NULL OR locked_until < $2)',
        [now - FORGET_FAILURES_MS, now],
      );
      // The upsert locks the row: failures sent to two processes at once are counted one after the other.
      const { rows } = await client.query<{ failures: number; lockouts: number }>(
        `INSERT INTO sign_in_failures (username, ip, failures, lockouts, locked_until, updated_at)
         VALUES ($1, $2, 1, 0, NULL, $3)
         ON CONFLICT (username, ip) DO UPDATE SET failures = sign_in_failures.failures + 1, updated_at = excluded.updated_at
         RETURNING failures, lockouts`,
        [folded(name), address, now],
      );
      const counted = rows[0]!;
      if (counted.failures < MAX_FAILED_LOGINS) return null;
      const lockedUntil = lockEnd(counted.lockouts, now);
      await client.query(
        'UPDATE sign_in_failures SET failures = 0, lockouts = lockouts + 1, locked_until = $1 WHERE username = $2 AND ip = $3',
        [lockedUntil, folded(name), address],
      );
      return lockedUntil;
    });
  }

  async forget(name: string, address: string): Promise<void> {
    await this.#pool.query('DELETE FROM sign_in_failures WHERE username = $1 AND ip = $2', [folded(name), address]);
  }

  async list(username: string): Promise<SignInFailureRow[]> {
    const { rows } = await this.#pool.query<{
      ip: string;
      failures: number;
      lockouts: number;
      locked_until: string | null;
    }>('SELECT ip, failures, lockouts, locked_until FROM sign_in_failures WHERE username = $1 ORDER BY ip', [
      folded(username),
    ]);
    return rows.map((row) => ({
      ip: row.ip,
      failures: row.failures,
      lockouts: row.lockouts,
      lockedUntil: row.locked_until === null ? null : Number(row.locked_until),
    }));
  }

  async unlock(username: string, now: number): Promise<number> {
    const { rows } = await this.#pool.query<{ locked: boolean }>(
      'DELETE FROM sign_in_failures WHERE username = $1 RETURNING locked_until > $2 AS locked',
      [folded(username), now],
    );
    return rows.filter((row) => row.locked).length;
  }
}
