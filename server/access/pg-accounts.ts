/**
 * Accounts with their scopes, sign-in sessions, feed keys and the audit log on PostgreSQL, shared
 * by every server process of one system: signed in through one process is signed in on all, a
 * key made on one is accepted by all and a key revoked on one is refused by all.
 *
 * Accounts, scopes, sessions and keys are few (hundreds, not millions) and read on every request
 * and handshake, so each process holds them all in memory and answers without waiting. A write
 * goes to PostgreSQL in one transaction with its audit entries and a notification; the other
 * processes then read the tables again and re-check their live connections. The audit log is
 * only appended to and listed, so it is read from PostgreSQL.
 */
import type pg from 'pg';
import type { SharedDatabase } from '../services/store';
import { inTransaction } from '../store/pg/pg-database';
import type { ApiKey, AuditEntry } from './access-store';
import type { Role } from './roles';
import type { UserScope } from './scope-roles';
import { PgSignInFailures } from './sign-in-failures';

const PART = 'accounts';
/** How often a session or key unknown here is looked for again (made on another process a moment ago). */
const LOOK_AGAIN_MS = 1000;

/** An account as the access store reads it, on SQLite or here. */
export interface UserRecord {
  id: number;
  username: string;
  password_hash: string;
  role: Role;
  must_change_password: number;
  disabled_at: number | null;
}

export interface SessionRecord {
  userId: number;
  csrfToken: string;
  expiresAt: number;
}

/** An audit entry before PostgreSQL numbers it. */
export type AuditInput = Omit<AuditEntry, 'id'>;

interface StoredAudit {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  ip: string | null;
  detail: Record<string, unknown> | null;
}

interface Held {
  users: Map<number, UserRecord>;
  scopes: Map<number, UserScope[]>;
  sessions: Map<string, SessionRecord>;
  keys: Map<string, ApiKey>;
}

const num = (value: string | number | null): number | null => (value === null ? null : Number(value));

export class PgAccounts {
  readonly #shared: SharedDatabase;
  readonly #now: () => number;
  readonly #onError: (error: unknown) => void;
  #held: Held = { users: new Map(), scopes: new Map(), sessions: new Map(), keys: new Map() };
  readonly #listeners = new Set<() => void>();
  #reloading: Promise<void> = Promise.resolve();
  #lookedAgainAt = -Infinity;
  /** Audit entries written one after the other, in the order they were made; listing waits for them. */
  #auditWrites: Promise<void> = Promise.resolve();

  private constructor(shared: SharedDatabase, now: () => number, onError: (error: unknown) => void) {
    this.#shared = shared;
    this.#now = now;
    this.#onError = onError;
  }

  /** `onError` hears an audit entry PostgreSQL refused (the change it records is already made). */
  static async open(shared: SharedDatabase, now: () => number, onError: (error: unknown) => void): Promise<PgAccounts> {
    const accounts = new PgAccounts(shared, now, onError);
    accounts.#held = await accounts.#read();
    shared.notifications.subscribe(PART, () => void accounts.#reload(true));
    return accounts;
  }

  /** Called once this process has read what another process changed. */
  onChangedElsewhere(listener: () => void): void {
    this.#listeners.add(listener);
  }

  /* ------------------------------------------------------------------ reads (memory) */

  users(): UserRecord[] {
    return [...this.#held.users.values()];
  }

  user(id: number): UserRecord | null {
    return this.#held.users.get(id) ?? null;
  }

  userNamed(username: string): UserRecord | null {
    const name = username.toLowerCase();
    return this.users().find((user) => user.username.toLowerCase() === name) ?? null;
  }

  scopes(): Array<UserScope & { user_id: number }> {
    return [...this.#held.scopes].flatMap(([userId, scopes]) => scopes.map((scope) => ({ ...scope, user_id: userId })));
  }

  scopesOf(userId: number): UserScope[] {
    return [...(this.#held.scopes.get(userId) ?? [])];
  }

  session(hash: string): SessionRecord | null {
    const session = this.#held.sessions.get(hash);
    if (!session) this.#lookAgain();
    return session ?? null;
  }

  apiKeys(): ApiKey[] {
    return [...this.#held.keys.values()].sort((a, b) => a.id - b.id).map((key) => ({ ...key }));
  }

  /** The held key of that hash, revoked or not (the caller checks). */
  apiKeyOf(hash: string): ApiKey | null {
    const key = this.#held.keys.get(hash);
    if (!key) this.#lookAgain();
    return key ?? null;
  }

  /**
   * Looks in the tables for a session or key not held here; when there is one, reads everything
   * again (its account and scopes with it). One indexed query for a stranger's cookie.
   */
  async lookUp(hashes: { key?: string; session?: string }): Promise<void> {
    const session = hashes.session !== undefined && !this.#held.sessions.has(hashes.session) ? hashes.session : null;
    const key = hashes.key !== undefined && !this.#held.keys.has(hashes.key) ? hashes.key : null;
    if (session === null && key === null) return;
    let found: boolean;
    try {
      const { rows } = await this.#shared.pool.query(
        `SELECT 1 FROM sessions WHERE token_hash = $1 AND expires_at > $3
         UNION ALL SELECT 1 FROM api_keys WHERE key_hash = $2`,
        [session, key, this.#now()],
      );
      found = rows.length > 0;
    } catch {
      // PostgreSQL is away: answer with what is held (a stranger stays a stranger), never a 500.
      return;
    }
    // Something new, nothing taken away: no connection needs re-checking.
    if (found) await this.#reload(false);
  }

  /* ------------------------------------------------------------------ writes */

  async createUser(
    input: { username: string; passwordHash: string; role: Role; mustChange: boolean; scopes: readonly UserScope[] },
    actor: string,
    audits: AuditInput[],
  ): Promise<number> {
    return this.#write(async (client) => {
      const at = this.#now();
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO users (username, password_hash, role, must_change_password, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [input.username, input.passwordHash, input.role, input.mustChange, at],
      );
      const id = Number(rows[0]!.id);
      for (const scope of input.scopes)
        await client.query(
          'INSERT INTO user_scopes (user_id, role, unit, created_at, created_by) VALUES ($1, $2, $3, $4, $5)',
          [id, scope.role, scope.unit, at, actor],
        );
      return id;
    }, audits);
  }

  /** Another role and/or scopes given and taken, in one transaction with their audit entries. */
  async updateUser(
    userId: number,
    change: { role?: Role; added: readonly UserScope[]; removed: readonly UserScope[] },
    actor: string,
    audits: AuditInput[],
  ): Promise<void> {
    await this.#write(async (client) => {
      if (change.role !== undefined)
        await client.query('UPDATE users SET role = $1 WHERE id = $2', [change.role, userId]);
      for (const scope of change.removed)
        await client.query('DELETE FROM user_scopes WHERE user_id = $1 AND role = $2 AND unit = $3', [
          userId,
          scope.role,
          scope.unit,
        ]);
      for (const scope of change.added)
        await client.query(
          'INSERT INTO user_scopes (user_id, role, unit, created_at, created_by) VALUES ($1, $2, $3, $4, $5)',
          [userId, scope.role, scope.unit, this.#now(), actor],
        );
    }, audits);
  }

  /** Disables (its sessions end) or enables an account. */
  async setDisabled(userId: number, disabled: boolean, audits: AuditInput[]): Promise<void> {
    await this.#write(async (client) => {
      await client.query('UPDATE users SET disabled_at = $1 WHERE id = $2', [disabled ? this.#now() : null, userId]);
      if (disabled) await client.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
    }, audits);
  }

  /** A new password; every session of the account but `keepSession` ends. Returns how many ended. */
  async setPassword(
    userId: number,
    passwordHash: string,
    keepSession: string | null,
    audits: (ended: number) => AuditInput[],
  ): Promise<number> {
    return this.#write(async (client) => {
      await client.query('UPDATE users SET password_hash = $1, must_change_password = false WHERE id = $2', [
        passwordHash,
        userId,
      ]);
      const ended = await client.query('DELETE FROM sessions WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2', [
        userId,
        keepSession,
      ]);
      return ended.rowCount ?? 0;
    }, audits);
  }

  async startSession(
    hash: string,
    session: SessionRecord & { createdAt: number; ip: string | null },
    audits: AuditInput[],
  ): Promise<void> {
    await this.#write(async (client) => {
      // Sessions past their end are of no use to anyone: cleared as new ones start.
      await client.query('DELETE FROM sessions WHERE expires_at <= $1', [session.createdAt]);
      await client.query(
        'INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, ip) VALUES ($1, $2, $3, $4, $5, $6)',
        [hash, session.userId, session.csrfToken, session.createdAt, session.expiresAt, session.ip],
      );
    }, audits);
  }

  async endSession(hash: string, audits: AuditInput[]): Promise<void> {
    await this.#write(async (client) => {
      await client.query('DELETE FROM sessions WHERE token_hash = $1', [hash]);
    }, audits);
  }

  async createApiKey(
    input: { name: string; hash: string; scopes: string[]; actor: string },
    audits: AuditInput[],
  ): Promise<ApiKey> {
    const id = await this.#write(async (client) => {
      const { rows } = await client.query<{ id: string }>(
        'INSERT INTO api_keys (name, key_hash, scopes, created_at, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [input.name, input.hash, JSON.stringify(input.scopes), this.#now(), input.actor],
      );
      return Number(rows[0]!.id);
    }, audits);
    return this.apiKeys().find((key) => key.id === id)!;
  }

  /** Revokes an active key; false when there was none (nothing written, nothing audited). */
  async revokeApiKey(id: number, audits: AuditInput[]): Promise<boolean> {
    return this.#write(async (client) => {
      const revoked = await client.query('UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [
        this.#now(),
        id,
      ]);
      if ((revoked.rowCount ?? 0) === 0) throw new NothingChanged();
      return true;
    }, audits).catch((error: unknown) => {
      if (error instanceof NothingChanged) return false;
      throw error;
    });
  }

  /** Notes a key's use (in memory at once, in PostgreSQL when it gets there: nothing waits for it). */
  touchApiKey(held: ApiKey, at: number): void {
    held.lastUsedAt = at;
    this.#shared.pool.query('UPDATE api_keys SET last_used_at = $1 WHERE id = $2', [at, held.id]).catch(() => {});
  }

  /** Failed sign-ins and locks, counted in PostgreSQL: every process's failures together. */
  signInFailures(): PgSignInFailures {
    return new PgSignInFailures(this.#shared.pool);
  }

  /* ------------------------------------------------------------------ audit */

  audit(entry: AuditInput): void {
    this.#auditWrites = this.#auditWrites
      .then(() => insertAudit(this.#shared.pool, entry))
      .catch((error: unknown) => this.#onError(error));
  }

  /** Resolves once every audit entry made so far is written (or refused). */
  settled(): Promise<void> {
    return this.#auditWrites;
  }

  /** The newest entries first; this process's own entries are all there. */
  async auditLog(limit: number): Promise<StoredAudit[]> {
    await this.settled();
    const { rows } = await this.#shared.pool.query<StoredAudit>('SELECT * FROM audit_log ORDER BY id DESC LIMIT $1', [
      limit,
    ]);
    return rows;
  }

  /* ------------------------------------------------------------------ internals */

  /**
   * Runs `work` and writes its audit entries in one transaction that also tells the other
   * processes; this process reads the tables again before answering.
   */
  async #write<T>(work: (client: pg.PoolClient) => Promise<T>, audits: AuditInput[] | ((result: T) => AuditInput[])) {
    const result = await inTransaction(this.#shared.pool, async (client) => {
      const done = await work(client);
      for (const entry of typeof audits === 'function' ? audits(done) : audits) await insertAudit(client, entry);
      await this.#shared.notifications.notify(PART, client);
      return done;
    });
    await this.#reload(false);
    return result;
  }

  #lookAgain(): void {
    const now = this.#now();
    if (now - this.#lookedAgainAt < LOOK_AGAIN_MS) return;
    this.#lookedAgainAt = now;
    void this.#reload(false);
  }

  async #read(): Promise<Held> {
    const pool = this.#shared.pool;
    const [users, scopes, sessions, keys] = await Promise.all([
      pool.query<{
        id: string;
        username: string;
        password_hash: string;
        role: Role;
        must_change_password: boolean;
        disabled_at: string | null;
      }>('SELECT id, username, password_hash, role, must_change_password, disabled_at FROM users'),
      pool.query<UserScope & { user_id: string }>('SELECT user_id, role, unit FROM user_scopes ORDER BY role, unit'),
      pool.query<{ token_hash: string; user_id: string; csrf_token: string; expires_at: string }>(
        'SELECT token_hash, user_id, csrf_token, expires_at FROM sessions WHERE expires_at > $1',
        [this.#now()],
      ),
      pool.query<{
        id: string;
        name: string;
        key_hash: string;
        scopes: string[];
        created_at: string;
        created_by: string;
        last_used_at: string | null;
        revoked_at: string | null;
      }>('SELECT * FROM api_keys'),
    ]);
    const held: Held = { users: new Map(), scopes: new Map(), sessions: new Map(), keys: new Map() };
    for (const row of users.rows)
      held.users.set(Number(row.id), {
        id: Number(row.id),
        username: row.username,
        password_hash: row.password_hash,
        role: row.role,
        must_change_password: row.must_change_password ? 1 : 0,
        disabled_at: num(row.disabled_at),
      });
    for (const row of scopes.rows) {
      const list = held.scopes.get(Number(row.user_id)) ?? [];
      list.push({ role: row.role, unit: row.unit });
      held.scopes.set(Number(row.user_id), list);
    }
    for (const row of sessions.rows)
      held.sessions.set(row.token_hash, {
        userId: Number(row.user_id),
        csrfToken: row.csrf_token,
        expiresAt: Number(row.expires_at),
      });
    for (const row of keys.rows)
      held.keys.set(row.key_hash, {
        id: Number(row.id),
        name: row.name,
        scopes: row.scopes,
        createdAt: Number(row.created_at),
        createdBy: row.created_by,
        lastUsedAt: num(row.last_used_at),
        revokedAt: num(row.revoked_at),
      });
    return held;
  }

  /** Reads everything again; `elsewhere` when another process changed it (live connections are re-checked). */
  #reload(elsewhere: boolean): Promise<void> {
    this.#reloading = this.#reloading.then(async () => {
      try {
        this.#held = await this.#read();
      } catch {
        // PostgreSQL is away: keep what is held; the reconnect reads everything again.
        return;
      }
      if (elsewhere) this.#listeners.forEach((listener) => listener());
    });
    return this.#reloading;
  }
}

class NothingChanged extends Error {}

async function insertAudit(client: pg.Pool | pg.PoolClient, entry: AuditInput): Promise<void> {
  await client.query('INSERT INTO audit_log (at, actor, action, target, ip, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
    entry.at,
    entry.actor,
    entry.action,
    entry.target,
    entry.ip,
    entry.detail === null ? null : JSON.stringify(entry.detail),
  ]);
}
