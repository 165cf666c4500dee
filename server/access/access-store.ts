/**
 * Accounts, sessions, feed keys, screen tokens and the audit log, in the data folder's SQLite
 * database; in PostgreSQL instead when several server processes share them (`pg-accounts.ts`,
 * `pg-screen-tokens.ts`), sign-in failures and locks with them (`sign-in-failures.ts`). Every secret
 * is stored hashed; every state-changing call records who did it.
 */
import type { SqliteDatabase } from '../store/database';
import { hashPassword, newPassword, newToken, sameSecret, tokenHash, verifyPassword } from './secrets';
import type { Role } from './roles';
import { sameScope, type UserScope } from './scope-roles';
import type { PgScreenTokens } from './pg-screen-tokens';
import type { AuditInput, PgAccounts, UserRecord } from './pg-accounts';
import { SqliteSignInFailures, type SignInFailureRow, type SignInFailures } from './sign-in-failures';

export const SESSION_TTL_MS = 12 * 3_600_000;
export { MAX_FAILED_LOGINS, LOCKOUT_MS } from './sign-in-failures';

export interface User {
  id: number;
  username: string;
  role: Role;
  mustChangePassword: boolean;
  /** The units this person may act for, and in which role (beside the base role). */
  scopes: UserScope[];
}

/** An account as administrators see it: disabled ones too. */
export interface Account extends User {
  disabled: boolean;
}

export interface Session {
  user: User;
  csrfToken: string;
  expiresAt: number;
  /** SHA-256 of the cookie: names the session when it ends (a socket granted from it is cut off). */
  hash: string;
}

export interface ApiKey {
  id: number;
  name: string;
  scopes: string[];
  createdAt: number;
  createdBy: string;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface ScreenToken {
  id: number;
  screenId: string;
  createdAt: number;
  createdBy: string;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  ip: string | null;
  detail: Record<string, unknown> | null;
}

/** Who is acting, for the audit log: `user:<name>`, `key:<name>`, `cli`, `system`. */
export interface Actor {
  actor: string;
  ip?: string | null;
}

/**
 * A change that may take away what a live connection was granted. The gateway re-identifies the
 * sockets granted from what changed: they are disconnected when their grant no longer holds.
 */
export type SecurityChange =
  | { kind: 'screen-token-revoked'; tokenId: number; screenId: string }
  | { kind: 'session-ended'; sessionHash: string }
  /** Role, disabling, password (other sessions ended), first password changed. */
  | { kind: 'account-changed'; userId: number }
  /** A unit given to or taken from an account (`user_scopes`). */
  | { kind: 'scopes-changed'; userId: number }
  /** Another process (the CLI) wrote to the store: anything may have changed. */
  | { kind: 'changed-elsewhere' };

export interface AccessStoreOptions {
  /** Argon2 verification; tests count the calls to check that every sign-in path does the same work. */
  verifyPassword?: (passwordHash: string, password: string) => Promise<boolean>;
  /** Screen tokens shared by several server processes (PostgreSQL) instead of this database's. */
  sharedScreenTokens?: PgScreenTokens;
  /** Accounts, sessions, feed keys and the audit log shared by several server processes (PostgreSQL). */
  sharedAccounts?: PgAccounts;
}

export type LoginResult =
  { ok: true; token: string; session: Session } | { ok: false; reason: 'invalid' | 'locked'; lockedUntil?: number };

type UserRow = UserRecord;

const toUser = (row: UserRow, scopes: UserScope[]): User => ({
  id: row.id,
  username: row.username,
  role: row.role,
  mustChangePassword: row.must_change_password === 1,
  scopes,
});

/**
 * Verified instead of a real hash for unknown and locked accounts: the same Argon2 work on every
 * path, so that the time of an answer does not tell which accounts exist or are locked.
 */
let dummyHash: Promise<string> | null = null;
const dummyPasswordHash = (): Promise<string> => (dummyHash ??= hashPassword('not a real password'));

/** How often "last used" is written for a key or token in steady use: not on every request. */
const TOUCH_EVERY_MS = 60_000;
/** The order of SQLite's `COLLATE NOCASE` (ASCII letters folded), so both stores list accounts alike. */
function byNameAsSqlite(a: string, b: string): number {
  const fold = (name: string) => name.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
  const [x, y] = [fold(a), fold(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** PostgreSQL's code for a unique constraint that refused a row. */
const UNIQUE_VIOLATION = '23505';
/** How long a verified key or token is believed without asking the store again (a revoke by the CLI, another process, lands within this). */
const RECHECK_EVERY_MS = 5_000;

/**
 * Verified keys and tokens by hash. A feed posts thousands of times a second: checking a key must
 * cost a hash and a map lookup, not a query and a write. Entries are re-verified against the
 * store every few seconds, so a revoke made by another process (the CLI) still lands.
 */
class VerifiedSecrets<T> {
  readonly #entries = new Map<string, { value: T; checkedAt: number; touchedAt: number }>();

  get(hash: string, now: number, load: () => T | null, touch: (value: T) => void): T | null {
    let entry = this.#entries.get(hash);
    if (entry && now - entry.checkedAt >= RECHECK_EVERY_MS) {
      this.#entries.delete(hash);
      entry = undefined;
    }
    if (!entry) {
      const value = load();
      if (value === null) return null;
      entry = { value, checkedAt: now, touchedAt: 0 };
      this.#entries.set(hash, entry);
    }
    if (now - entry.touchedAt >= TOUCH_EVERY_MS) {
      entry.touchedAt = now;
      touch(entry.value);
    }
    return entry.value;
  }

  clear(): void {
    this.#entries.clear();
  }
}

export class AccessStore {
  readonly #db: SqliteDatabase;
  readonly #now: () => number;
  readonly #keys = new VerifiedSecrets<ApiKey>();
  readonly #screenTokens = new VerifiedSecrets<{ id: number; screenId: string }>();
  readonly #verify: (passwordHash: string, password: string) => Promise<boolean>;
  readonly #listeners = new Set<(change: SecurityChange) => void>();
  readonly #shared: PgScreenTokens | null;
  readonly #accounts: PgAccounts | null;
  readonly #failures: SignInFailures;
  #dataVersion: number;

  constructor(db: SqliteDatabase, now: () => number = Date.now, options: AccessStoreOptions = {}) {
    this.#db = db;
    this.#now = now;
    this.#verify = options.verifyPassword ?? verifyPassword;
    this.#dataVersion = this.#readDataVersion();
    this.#shared = options.sharedScreenTokens ?? null;
    // Revoked on another server process: this one's sockets of that token are cut off too.
    this.#shared?.onRevokedElsewhere((token) =>
      this.#emit({ kind: 'screen-token-revoked', tokenId: token.id, screenId: token.screenId }),
    );
    this.#accounts = options.sharedAccounts ?? null;
    this.#failures = this.#accounts?.signInFailures() ?? new SqliteSignInFailures(db);
    // A session ended, an account or its scopes changed on another process: re-check every connection.
    this.#accounts?.onChangedElsewhere(() => this.#emit({ kind: 'changed-elsewhere' }));
  }

  /* ------------------------------------------------------------------ changes */

  /** Calls `listener` after each change that may take away a live connection's grant. */
  onChange(listener: (change: SecurityChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Changes held back until the transaction that made them commits (`updateUser`). */
  #deferred: SecurityChange[] | null = null;

  #emit(change: SecurityChange): void {
    if (this.#deferred) {
      this.#deferred.push(change);
      return;
    }
    for (const listener of this.#listeners) listener(change);
  }

  #readDataVersion(): number {
    return this.#db.pragma('data_version', { simple: true }) as number;
  }

  /**
   * Whether another process (the CLI) wrote to the database since the last call: SQLite's
   * `data_version` moves only for other connections' commits, so this costs one pragma. When it
   * did, cached keys and tokens are dropped and listeners re-check every live connection.
   */
  checkChangesElsewhere(): boolean {
    const version = this.#readDataVersion();
    if (version === this.#dataVersion) return false;
    this.#dataVersion = version;
    this.#keys.clear();
    this.#screenTokens.clear();
    this.#emit({ kind: 'changed-elsewhere' });
    return true;
  }

  /* ------------------------------------------------------------------ audit */

  audit(who: Actor, action: string, target: string | null = null, detail: Record<string, unknown> | null = null): void {
    if (this.#accounts) return this.#accounts.audit(this.#auditEntry(who, action, target, detail));
    this.#db
      .prepare('INSERT INTO audit_log (at, actor, action, target, ip, detail) VALUES (?, ?, ?, ?, ?, ?)')
      .run(this.#now(), who.actor, action, target, who.ip ?? null, detail ? JSON.stringify(detail) : null);
  }

  #auditEntry(
    who: Actor,
    action: string,
    target: string | null = null,
    detail: Record<string, unknown> | null = null,
  ): AuditInput {
    return { at: this.#now(), actor: who.actor, action, target, ip: who.ip ?? null, detail };
  }

  /** Resolves once every audit entry made so far is stored (PostgreSQL writes them in the background). */
  async settled(): Promise<void> {
    await this.#accounts?.settled();
  }

  async auditLog(limit = 200): Promise<AuditEntry[]> {
    if (this.#accounts)
      return (await this.#accounts.auditLog(limit)).map((row) => ({ ...row, id: Number(row.id), at: Number(row.at) }));
    const rows = this.#db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?').all(limit) as Array<
      Omit<AuditEntry, 'detail'> & { detail: string | null }
    >;
    return rows.map((row) => ({
      ...row,
      detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null,
    }));
  }

  /* ------------------------------------------------------------------ users */

  userCount(): number {
    if (this.#accounts) return this.#accounts.users().length;
    return (this.#db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  /**
   * Creates an account, with the units it acts for (checked by the caller against the config),
   * in one transaction; returns its one-time password when none is given.
   */
  async createUser(
    input: { username: string; role: Role; scopes?: readonly UserScope[]; password?: string },
    who: Actor,
  ): Promise<{ user: User; password: string }> {
    const password = input.password ?? newPassword();
    const passwordHash = await hashPassword(password);
    if (this.#accounts) {
      const scopes = (input.scopes ?? []).filter(
        (scope, index, all) => all.findIndex((other) => sameScope(other, scope)) === index,
      );
      const id = await this.#accounts.createUser(
        { username: input.username, passwordHash, role: input.role, mustChange: !input.password, scopes },
        who.actor,
        [
          this.#auditEntry(who, 'user.create', input.username, { role: input.role }),
          ...scopes.map((scope) =>
            this.#auditEntry(who, 'user.scope-add', input.username, { role: scope.role, unit: scope.unit }),
          ),
        ],
      );
      return { user: this.userById(id)!, password };
    }
    const id = this.#db.transaction(() => {
      const info = this.#db
        .prepare(
          'INSERT INTO users (username, password_hash, role, must_change_password, created_at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(input.username, passwordHash, input.role, input.password ? 0 : 1, this.#now());
      const created = Number(info.lastInsertRowid);
      this.audit(who, 'user.create', input.username, { role: input.role });
      if (input.scopes && input.scopes.length > 0) this.#setScopesHere(created, input.scopes, who);
      return created;
    })();
    return { user: this.userById(id)!, password };
  }

  userById(id: number): User | null {
    const row = this.#userRow(id);
    return row && row.disabled_at === null ? toUser(row, this.scopesOf(row.id)) : null;
  }

  #userRow(id: number): UserRow | null {
    if (this.#accounts) return this.#accounts.user(id);
    return (this.#db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined) ?? null;
  }

  /** Every account by name, the disabled ones too. */
  #userRows(): UserRow[] {
    if (this.#accounts) return this.#accounts.users().sort((a, b) => byNameAsSqlite(a.username, b.username));
    return this.#db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[];
  }

  users(): User[] {
    const scopes = this.#scopesByUser();
    return this.#userRows()
      .filter((row) => row.disabled_at === null)
      .map((row) => toUser(row, scopes.get(row.id) ?? []));
  }

  /** Every account, the disabled ones too: what administrators manage (a disabled one can be enabled again). */
  accounts(): Account[] {
    const scopes = this.#scopesByUser();
    return this.#userRows().map((row) => ({
      ...toUser(row, scopes.get(row.id) ?? []),
      disabled: row.disabled_at !== null,
    }));
  }

  #scopesByUser(): Map<number, UserScope[]> {
    const scopes = new Map<number, UserScope[]>();
    const rows = this.#accounts
      ? this.#accounts.scopes()
      : (this.#db.prepare('SELECT user_id, role, unit FROM user_scopes ORDER BY role, unit').all() as Array<
          UserScope & { user_id: number }
        >);
    for (const row of rows) {
      const list = scopes.get(row.user_id) ?? [];
      list.push({ role: row.role, unit: row.unit });
      scopes.set(row.user_id, list);
    }
    return scopes;
  }

  /** One account, disabled or not. */
  accountById(id: number): Account | null {
    const row = this.#userRow(id);
    return row ? { ...toUser(row, this.scopesOf(row.id)), disabled: row.disabled_at !== null } : null;
  }

  /* ------------------------------------------------------------------ scopes */

  /** The units an account may act for, by role then unit. */
  scopesOf(userId: number): UserScope[] {
    if (this.#accounts) return this.#accounts.scopesOf(userId);
    return this.#db
      .prepare('SELECT role, unit FROM user_scopes WHERE user_id = ? ORDER BY role, unit')
      .all(userId) as UserScope[];
  }

  /** The active accounts holding a scope on `unit` (in `role`, when given): who enters or approves for it. */
  usersScopedTo(unit: string, role?: UserScope['role']): User[] {
    const ids = this.#accounts
      ? [
          ...new Set(
            this.#accounts
              .scopes()
              .filter((scope) => scope.unit === unit && (role === undefined || scope.role === role))
              .map((scope) => scope.user_id),
          ),
        ]
      : (
          this.#db
            .prepare('SELECT DISTINCT user_id FROM user_scopes WHERE unit = ? AND (? IS NULL OR role = ?)')
            .all(unit, role ?? null, role ?? null) as Array<{ user_id: number }>
        ).map((row) => row.user_id);
    return ids
      .map((id) => this.userById(id))
      .filter((user): user is User => user !== null)
      .sort((a, b) => a.username.localeCompare(b.username));
  }

  /** Gives an account a unit to act for. False when it already had it (nothing written). */
  async addScope(userId: number, scope: UserScope, who: Actor): Promise<boolean> {
    return (await this.setScopes(userId, [...this.scopesOf(userId), scope], who))?.added.length === 1;
  }

  /** Takes a unit from an account; its live connections are re-checked at once. False when it did not have it. */
  async removeScope(userId: number, scope: UserScope, who: Actor): Promise<boolean> {
    return (
      (
        await this.setScopes(
          userId,
          this.scopesOf(userId).filter((held) => !sameScope(held, scope)),
          who,
        )
      )?.removed.length === 1
    );
  }

  /**
   * Makes `scopes` the account's whole set, in one transaction: each scope given or taken is one
   * audit entry, and the account's live connections are re-checked once. Null for no active account.
   */
  async setScopes(
    userId: number,
    scopes: readonly UserScope[],
    who: Actor,
  ): Promise<{ added: UserScope[]; removed: UserScope[] } | null> {
    if (this.#accounts) {
      const user = this.userById(userId);
      if (!user) return null;
      const { added, removed } = this.#scopeChange(user, scopes);
      if (added.length === 0 && removed.length === 0) return { added, removed };
      await this.#accounts.updateUser(
        userId,
        { added, removed },
        who.actor,
        this.#scopeAudits(user, added, removed, who),
      );
      this.#emit({ kind: 'scopes-changed', userId });
      return { added, removed };
    }
    return this.#setScopesHere(userId, scopes, who);
  }

  #scopeChange(user: User, scopes: readonly UserScope[]): { added: UserScope[]; removed: UserScope[] } {
    const wanted = scopes.filter((scope, index) => scopes.findIndex((other) => sameScope(other, scope)) === index);
    return {
      added: wanted.filter((scope) => !user.scopes.some((held) => sameScope(held, scope))),
      removed: user.scopes.filter((held) => !wanted.some((scope) => sameScope(held, scope))),
    };
  }

  #scopeAudits(user: User, added: UserScope[], removed: UserScope[], who: Actor): AuditInput[] {
    return [
      ...removed.map((scope) =>
        this.#auditEntry(who, 'user.scope-remove', user.username, { role: scope.role, unit: scope.unit }),
      ),
      ...added.map((scope) =>
        this.#auditEntry(who, 'user.scope-add', user.username, { role: scope.role, unit: scope.unit }),
      ),
    ];
  }

  /** `setScopes` on SQLite: synchronous, so that `updateUser` runs it inside its transaction. */
  #setScopesHere(
    userId: number,
    scopes: readonly UserScope[],
    who: Actor,
  ): { added: UserScope[]; removed: UserScope[] } | null {
    const user = this.userById(userId);
    if (!user) return null;
    const { added, removed } = this.#scopeChange(user, scopes);
    if (added.length === 0 && removed.length === 0) return { added, removed };
    const at = this.#now();
    this.#db.transaction(() => {
      const insert = this.#db.prepare(
        'INSERT INTO user_scopes (user_id, role, unit, created_at, created_by) VALUES (?, ?, ?, ?, ?)',
      );
      const remove = this.#db.prepare('DELETE FROM user_scopes WHERE user_id = ? AND role = ? AND unit = ?');
      for (const scope of removed) {
        remove.run(userId, scope.role, scope.unit);
        this.audit(who, 'user.scope-remove', user.username, { role: scope.role, unit: scope.unit });
      }
      for (const scope of added) {
        insert.run(userId, scope.role, scope.unit, at, who.actor);
        this.audit(who, 'user.scope-add', user.username, { role: scope.role, unit: scope.unit });
      }
    })();
    this.#emit({ kind: 'scopes-changed', userId });
    return { added, removed };
  }

  /** On a fresh store: an `admin` account with a one-time password (never a fixed default). */
  async ensureBootstrapAdmin(): Promise<string | null> {
    if (this.userCount() > 0) return null;
    try {
      const { password } = await this.createUser({ username: 'admin', role: 'admin' }, { actor: 'system' });
      return password;
    } catch (error) {
      // Another server process on the same PostgreSQL made it at the same moment: that one shows its password.
      if (this.#accounts && (error as { code?: string }).code === UNIQUE_VIOLATION) return null;
      throw error;
    }
  }

  async login(username: string, password: string, ip: string | null): Promise<LoginResult> {
    const now = this.#now();
    const name = username.slice(0, 64);
    const address = ip ?? '';
    const found = this.#accounts
      ? this.#accounts.userNamed(name)
      : (this.#db.prepare('SELECT * FROM users WHERE username = ?').get(name) as UserRow | undefined);
    const row = found && found.disabled_at === null ? found : undefined;
    const lockedUntil = await this.#failures.lockedUntil(name, address, now);
    const locked = lockedUntil !== null;
    // One Argon2 verification on every path (unknown, locked, wrong, right): equal work, equal time.
    const valid = await this.#verify(row && !locked ? row.password_hash : await dummyPasswordHash(), password);
    const actor = { actor: `user:${row?.username ?? name}`, ip };
    if (locked) {
      this.audit(actor, 'auth.login-refused', null, { reason: 'locked' });
      return { ok: false, reason: 'locked', lockedUntil };
    }
    if (!row || !valid) {
      const lockedNow = await this.#failures.count(name, address, now);
      this.audit(actor, lockedNow ? 'auth.locked' : 'auth.login-failed', null, {
        reason: row ? 'wrong password' : 'unknown user',
      });
      return lockedNow ? { ok: false, reason: 'locked', lockedUntil: lockedNow } : { ok: false, reason: 'invalid' };
    }
    await this.#failures.forget(name, address);
    const token = newToken('');
    const session: Session = {
      user: toUser(row, this.scopesOf(row.id)),
      csrfToken: newToken(''),
      expiresAt: now + SESSION_TTL_MS,
      hash: tokenHash(token),
    };
    if (this.#accounts) {
      await this.#accounts.startSession(
        session.hash,
        { userId: row.id, csrfToken: session.csrfToken, expiresAt: session.expiresAt, createdAt: now, ip },
        [this.#auditEntry(actor, 'auth.login')],
      );
      return { ok: true, token, session };
    }
    this.#db
      .prepare(
        'INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, ip) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(session.hash, row.id, session.csrfToken, now, session.expiresAt, ip);
    this.audit(actor, 'auth.login');
    return { ok: true, token, session };
  }

  /** Failed sign-ins counted against `username` from every address (for the CLI and tests). */
  signInFailures(username: string): Promise<SignInFailureRow[]> {
    return this.#failures.list(username);
  }

  /** Lifts every lock of an account name (`npm run ioc -- user unlock`). Returns how many were lifted. */
  async unlock(username: string, who: Actor): Promise<number> {
    const lifted = await this.#failures.unlock(username, this.#now());
    if (!this.#accounts)
      this.#db.prepare('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE username = ?').run(username);
    this.audit(who, 'auth.unlock', username, { locks: lifted });
    return lifted;
  }

  /**
   * On PostgreSQL, a session or feed key this process does not hold yet (made on another process,
   * its notification on the way) is looked for in the tables, so the next `session` or `apiKey`
   * knows it. Nothing on SQLite, where every read asks the file.
   */
  async lookUpElsewhere(presented: { key?: string; session?: string }): Promise<void> {
    if (!this.#accounts) return;
    const key = presented.key && presented.key.length <= 200 ? tokenHash(presented.key) : undefined;
    const session = presented.session && presented.session.length <= 200 ? tokenHash(presented.session) : undefined;
    await this.#accounts.lookUp({ key, session });
  }

  session(token: string | undefined): Session | null {
    if (!token || token.length > 200) return null;
    if (this.#accounts) {
      const held = this.#accounts.session(tokenHash(token));
      if (!held || held.expiresAt <= this.#now()) return null;
      const user = this.userById(held.userId);
      return user ? { user, csrfToken: held.csrfToken, expiresAt: held.expiresAt, hash: tokenHash(token) } : null;
    }
    const row = this.#db
      .prepare('SELECT user_id, csrf_token, expires_at FROM sessions WHERE token_hash = ?')
      .get(tokenHash(token)) as { user_id: number; csrf_token: string; expires_at: number } | undefined;
    if (!row) return null;
    if (row.expires_at <= this.#now()) {
      this.#db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash(token));
      return null;
    }
    const user = this.userById(row.user_id);
    return user ? { user, csrfToken: row.csrf_token, expiresAt: row.expires_at, hash: tokenHash(token) } : null;
  }

  checkCsrf(session: Session, presented: string | undefined): boolean {
    return typeof presented === 'string' && sameSecret(session.csrfToken, presented);
  }

  async logout(token: string, who: Actor): Promise<void> {
    const sessionHash = tokenHash(token);
    if (this.#accounts) await this.#accounts.endSession(sessionHash, [this.#auditEntry(who, 'auth.logout')]);
    else {
      this.#db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(sessionHash);
      this.audit(who, 'auth.logout');
    }
    this.#emit({ kind: 'session-ended', sessionHash });
  }

  /**
   * Changes a password with the current one. Every other session of the account ends (whoever
   * knew the old password is signed out everywhere); `keepSession` is the one that asked.
   */
  async changePassword(
    user: User,
    current: string,
    next: string,
    who: Actor,
    keepSession: string | null = null,
  ): Promise<boolean> {
    const row = this.#userRow(user.id);
    if (!row || !(await this.#verify(row.password_hash, current))) {
      this.audit(who, 'auth.password-change-failed');
      return false;
    }
    const passwordHash = await hashPassword(next);
    if (this.#accounts) {
      await this.#accounts.setPassword(user.id, passwordHash, keepSession, (ended) => [
        this.#auditEntry(who, 'auth.password-change', null, { sessionsEnded: ended }),
      ]);
      this.#emit({ kind: 'account-changed', userId: user.id });
      return true;
    }
    const ended = this.#db.transaction(() => {
      this.#db
        .prepare('UPDATE users SET password_hash = ?, must_change_password = 0 WHERE id = ?')
        .run(passwordHash, user.id);
      return this.#db
        .prepare('DELETE FROM sessions WHERE user_id = ? AND token_hash IS NOT ?')
        .run(user.id, keepSession).changes;
    })();
    this.audit(who, 'auth.password-change', null, { sessionsEnded: ended });
    this.#emit({ kind: 'account-changed', userId: user.id });
    return true;
  }

  /** Gives an account another role; its live connections are re-checked at once. */
  async setRole(userId: number, role: Role, who: Actor): Promise<User | null> {
    if (this.#accounts) return this.updateUser(userId, { role }, who);
    return this.#setRoleHere(userId, role, who);
  }

  #setRoleHere(userId: number, role: Role, who: Actor): User | null {
    const user = this.userById(userId);
    if (!user) return null;
    this.#db.prepare('UPDATE users SET role = ? WHERE id = ?').run(role, userId);
    this.audit(who, 'user.role', user.username, { from: user.role, to: role });
    this.#emit({ kind: 'account-changed', userId });
    return this.userById(userId);
  }

  /**
   * Another role and/or another set of scopes for an account, in one transaction (all or
   * nothing); each change is audited and the account's live connections are re-checked.
   */
  async updateUser(
    userId: number,
    change: { role?: Role; scopes?: readonly UserScope[] },
    who: Actor,
  ): Promise<User | null> {
    if (this.#accounts) {
      const user = this.userById(userId);
      if (!user) return null;
      const { added, removed } = change.scopes ? this.#scopeChange(user, change.scopes) : { added: [], removed: [] };
      const role = change.role !== undefined && change.role !== user.role ? change.role : undefined;
      await this.#accounts.updateUser(userId, { role, added, removed }, who.actor, [
        ...(change.role !== undefined
          ? [this.#auditEntry(who, 'user.role', user.username, { from: user.role, to: change.role })]
          : []),
        ...this.#scopeAudits(user, added, removed, who),
      ]);
      if (change.role !== undefined) this.#emit({ kind: 'account-changed', userId });
      if (added.length + removed.length > 0) this.#emit({ kind: 'scopes-changed', userId });
      return this.userById(userId);
    }
    // Live connections are re-checked once it is committed: never against what is rolled back.
    const deferred: SecurityChange[] = [];
    this.#deferred = deferred;
    let user: User | null;
    try {
      user = this.#db.transaction(() => {
        if (!this.userById(userId)) return null;
        if (change.role !== undefined) this.#setRoleHere(userId, change.role, who);
        if (change.scopes !== undefined) this.#setScopesHere(userId, change.scopes, who);
        return this.userById(userId);
      })();
    } finally {
      this.#deferred = null;
    }
    for (const held of deferred) this.#emit(held);
    return user;
  }

  /** Disables an account: its sessions end and its live connections are cut off at once. */
  async disableUser(userId: number, who: Actor): Promise<boolean> {
    const user = this.userById(userId);
    if (!user) return false;
    if (this.#accounts) {
      await this.#accounts.setDisabled(userId, true, [this.#auditEntry(who, 'user.disable', user.username)]);
      this.#emit({ kind: 'account-changed', userId });
      return true;
    }
    this.#db.transaction(() => {
      this.#db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?').run(this.#now(), userId);
      this.#db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
    })();
    this.audit(who, 'user.disable', user.username);
    this.#emit({ kind: 'account-changed', userId });
    return true;
  }

  /** Enables a disabled account again: it signs in with its password as before (no session survived). */
  async enableUser(userId: number, who: Actor): Promise<boolean> {
    const account = this.accountById(userId);
    if (!account?.disabled) return false;
    if (this.#accounts) {
      await this.#accounts.setDisabled(userId, false, [this.#auditEntry(who, 'user.enable', account.username)]);
      this.#emit({ kind: 'account-changed', userId });
      return true;
    }
    this.#db.prepare('UPDATE users SET disabled_at = NULL WHERE id = ?').run(userId);
    this.audit(who, 'user.enable', account.username);
    this.#emit({ kind: 'account-changed', userId });
    return true;
  }

  /* ------------------------------------------------------------------ feed keys */

  async createApiKey(name: string, scopes: string[], who: Actor): Promise<{ key: string; apiKey: ApiKey }> {
    const key = newToken('iock_');
    if (this.#accounts) {
      const apiKey = await this.#accounts.createApiKey({ name, hash: tokenHash(key), scopes, actor: who.actor }, [
        this.#auditEntry(who, 'key.create', name, { scopes }),
      ]);
      return { key, apiKey };
    }
    const info = this.#db
      .prepare('INSERT INTO api_keys (name, key_hash, scopes, created_at, created_by) VALUES (?, ?, ?, ?, ?)')
      .run(name, tokenHash(key), JSON.stringify(scopes), this.#now(), who.actor);
    this.audit(who, 'key.create', name, { scopes });
    return { key, apiKey: this.apiKeys().find((k) => k.id === Number(info.lastInsertRowid))! };
  }

  apiKeys(): ApiKey[] {
    if (this.#accounts) return this.#accounts.apiKeys();
    const rows = this.#db.prepare('SELECT * FROM api_keys ORDER BY id').all() as Array<{
      id: number;
      name: string;
      scopes: string;
      created_at: number;
      created_by: string;
      last_used_at: number | null;
      revoked_at: number | null;
    }>;
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      scopes: JSON.parse(row.scopes) as string[],
      createdAt: row.created_at,
      createdBy: row.created_by,
      lastUsedAt: row.last_used_at,
      revokedAt: row.revoked_at,
    }));
  }

  /** The key a feed presented, if it is known and not revoked. */
  apiKey(key: string | undefined): ApiKey | null {
    if (!key || !key.startsWith('iock_') || key.length > 200) return null;
    const hash = tokenHash(key);
    const now = this.#now();
    if (this.#accounts) {
      // Held in memory and read again on every change anywhere: no cache to expire here.
      const held = this.#accounts.apiKeyOf(hash);
      if (!held || held.revokedAt !== null) return null;
      if (held.lastUsedAt === null || now - held.lastUsedAt >= TOUCH_EVERY_MS) this.#accounts.touchApiKey(held, now);
      return held;
    }
    return this.#keys.get(
      hash,
      now,
      () => {
        const row = this.#db.prepare('SELECT id FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL').get(hash) as
          { id: number } | undefined;
        return (row && this.apiKeys().find((k) => k.id === row.id)) || null;
      },
      (apiKey) => {
        apiKey.lastUsedAt = now;
        this.#db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(now, apiKey.id);
      },
    );
  }

  async revokeApiKey(id: number, who: Actor): Promise<boolean> {
    if (this.#accounts) return this.#accounts.revokeApiKey(id, [this.#auditEntry(who, 'key.revoke', String(id))]);
    const changed =
      this.#db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(this.#now(), id)
        .changes > 0;
    this.#keys.clear();
    if (changed) this.audit(who, 'key.revoke', String(id));
    return changed;
  }

  /* ------------------------------------------------------------------ screen tokens */

  async createScreenToken(screenId: string, who: Actor): Promise<{ token: string; screenToken: ScreenToken }> {
    const token = newToken('iocs_');
    let screenToken: ScreenToken;
    if (this.#shared) {
      screenToken = await this.#shared.create(screenId, tokenHash(token), who.actor);
    } else {
      const info = this.#db
        .prepare('INSERT INTO screen_tokens (screen_id, token_hash, created_at, created_by) VALUES (?, ?, ?, ?)')
        .run(screenId, tokenHash(token), this.#now(), who.actor);
      screenToken = this.screenTokens().find((t) => t.id === Number(info.lastInsertRowid))!;
    }
    this.audit(who, 'screen-token.create', screenId);
    return { token, screenToken };
  }

  screenTokens(): ScreenToken[] {
    if (this.#shared) return this.#shared.list();
    const rows = this.#db.prepare('SELECT * FROM screen_tokens ORDER BY id').all() as Array<{
      id: number;
      screen_id: string;
      created_at: number;
      created_by: string;
      last_used_at: number | null;
      revoked_at: number | null;
    }>;
    return rows.map((row) => ({
      id: row.id,
      screenId: row.screen_id,
      createdAt: row.created_at,
      createdBy: row.created_by,
      lastUsedAt: row.last_used_at,
      revokedAt: row.revoked_at,
    }));
  }

  /** The screen a token belongs to, if it is known and not revoked. */
  screenOfToken(token: string | undefined): string | null {
    return this.screenTokenOf(token)?.screenId ?? null;
  }

  /** A known, unrevoked screen token: its id (what a revoke names) and its screen. */
  screenTokenOf(token: string | undefined): { id: number; screenId: string } | null {
    if (!token || !token.startsWith('iocs_') || token.length > 200) return null;
    const hash = tokenHash(token);
    if (this.#shared) return this.#shared.find(hash);
    const now = this.#now();
    const found = this.#screenTokens.get(
      hash,
      now,
      () => {
        const row = this.#db
          .prepare('SELECT id, screen_id FROM screen_tokens WHERE token_hash = ? AND revoked_at IS NULL')
          .get(hash) as { id: number; screen_id: string } | undefined;
        return row ? { id: row.id, screenId: row.screen_id } : null;
      },
      (entry) => void this.#db.prepare('UPDATE screen_tokens SET last_used_at = ? WHERE id = ?').run(now, entry.id),
    );
    return found ? { id: found.id, screenId: found.screenId } : null;
  }

  async revokeScreenToken(id: number, who: Actor): Promise<boolean> {
    let screenId: string | null;
    if (this.#shared) {
      screenId = await this.#shared.revoke(id);
    } else {
      const row = this.#db.prepare('SELECT screen_id FROM screen_tokens WHERE id = ?').get(id) as
        { screen_id: string } | undefined;
      const changed =
        this.#db
          .prepare('UPDATE screen_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
          .run(this.#now(), id).changes > 0;
      this.#screenTokens.clear();
      screenId = changed ? row!.screen_id : null;
    }
    if (screenId === null) return false;
    this.audit(who, 'screen-token.revoke', String(id));
    this.#emit({ kind: 'screen-token-revoked', tokenId: id, screenId });
    return true;
  }
}
