/**
 * Accounts, sessions, feed keys, screen tokens and the audit log, in the same SQLite database as
 * the events. Every secret is stored hashed; every state-changing call records who did it.
 */
import type { SqliteDatabase } from '../store/database';
import { hashPassword, newPassword, newToken, sameSecret, tokenHash, verifyPassword } from './secrets';
import type { Role } from './roles';

export const SESSION_TTL_MS = 12 * 3_600_000;
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;

export interface User {
  id: number;
  username: string;
  role: Role;
  scope: string | null;
  mustChangePassword: boolean;
}

export interface Session {
  user: User;
  csrfToken: string;
  expiresAt: number;
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

export type LoginResult =
  | { ok: true; token: string; session: Session }
  | { ok: false; reason: 'invalid' | 'locked'; lockedUntil?: number };

interface UserRow {
  id: number;
  username: string;
  password_hash: string;
  role: Role;
  scope: string | null;
  must_change_password: number;
  failed_logins: number;
  locked_until: number | null;
  disabled_at: number | null;
}

const toUser = (row: UserRow): User => ({
  id: row.id, username: row.username, role: row.role, scope: row.scope, mustChangePassword: row.must_change_password === 1,
});

/** Spent on unknown usernames too, so that timing does not tell which accounts exist. */
let dummyHash: Promise<string> | null = null;

/** How often "last used" is written for a key or token in steady use: not on every request. */
const TOUCH_EVERY_MS = 60_000;
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

export class SecurityStore {
  readonly #db: SqliteDatabase;
  readonly #now: () => number;
  readonly #keys = new VerifiedSecrets<ApiKey>();
  readonly #screenTokens = new VerifiedSecrets<{ id: number; screenId: string }>();

  constructor(db: SqliteDatabase, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  /* ------------------------------------------------------------------ audit */

  audit(who: Actor, action: string, target: string | null = null, detail: Record<string, unknown> | null = null): void {
    this.#db
      .prepare('INSERT INTO audit_log (at, actor, action, target, ip, detail) VALUES (?, ?, ?, ?, ?, ?)')
      .run(this.#now(), who.actor, action, target, who.ip ?? null, detail ? JSON.stringify(detail) : null);
  }

  auditLog(limit = 200): AuditEntry[] {
    const rows = this.#db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?').all(limit) as Array<
      Omit<AuditEntry, 'detail'> & { detail: string | null }
    >;
    return rows.map((row) => ({ ...row, detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null }));
  }

  /* ------------------------------------------------------------------ users */

  userCount(): number {
    return (this.#db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  /** Creates an account; returns its one-time password when none is given. */
  async createUser(
    input: { username: string; role: Role; scope?: string | null; password?: string },
    who: Actor,
  ): Promise<{ user: User; password: string }> {
    const password = input.password ?? newPassword();
    const passwordHash = await hashPassword(password);
    const info = this.#db
      .prepare('INSERT INTO users (username, password_hash, role, scope, must_change_password, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(input.username, passwordHash, input.role, input.scope ?? null, input.password ? 0 : 1, this.#now());
    this.audit(who, 'user.create', input.username, { role: input.role, scope: input.scope ?? null });
    return { user: this.userById(Number(info.lastInsertRowid))!, password };
  }

  userById(id: number): User | null {
    const row = this.#db.prepare('SELECT * FROM users WHERE id = ? AND disabled_at IS NULL').get(id) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  users(): User[] {
    return (this.#db.prepare('SELECT * FROM users WHERE disabled_at IS NULL ORDER BY username').all() as UserRow[]).map(toUser);
  }

  /** On a fresh store: an `admin` account with a one-time password (never a fixed default). */
  async ensureBootstrapAdmin(): Promise<string | null> {
    if (this.userCount() > 0) return null;
    const { password } = await this.createUser({ username: 'admin', role: 'admin' }, { actor: 'system' });
    return password;
  }

  async login(username: string, password: string, ip: string | null): Promise<LoginResult> {
    const now = this.#now();
    const row = this.#db.prepare('SELECT * FROM users WHERE username = ? AND disabled_at IS NULL').get(username) as UserRow | undefined;
    if (!row) {
      dummyHash ??= hashPassword('not a real password');
      await verifyPassword(await dummyHash, password);
      this.audit({ actor: `user:${username.slice(0, 64)}`, ip }, 'auth.login-failed', null, { reason: 'unknown user' });
      return { ok: false, reason: 'invalid' };
    }
    if (row.locked_until !== null && row.locked_until > now) {
      this.audit({ actor: `user:${row.username}`, ip }, 'auth.login-refused', null, { reason: 'locked' });
      return { ok: false, reason: 'locked', lockedUntil: row.locked_until };
    }
    if (!(await verifyPassword(row.password_hash, password))) {
      const failed = row.failed_logins + 1;
      const lockedUntil = failed >= MAX_FAILED_LOGINS ? now + LOCKOUT_MS : null;
      this.#db.prepare('UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?').run(lockedUntil ? 0 : failed, lockedUntil, row.id);
      this.audit({ actor: `user:${row.username}`, ip }, lockedUntil ? 'auth.locked' : 'auth.login-failed');
      return lockedUntil ? { ok: false, reason: 'locked', lockedUntil } : { ok: false, reason: 'invalid' };
    }
    this.#db.prepare('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?').run(row.id);
    const token = newToken('');
    const session: Session = { user: toUser(row), csrfToken: newToken(''), expiresAt: now + SESSION_TTL_MS };
    this.#db
      .prepare('INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, ip) VALUES (?, ?, ?, ?, ?, ?)')
      .run(tokenHash(token), row.id, session.csrfToken, now, session.expiresAt, ip);
    this.audit({ actor: `user:${row.username}`, ip }, 'auth.login');
    return { ok: true, token, session };
  }

  session(token: string | undefined): Session | null {
    if (!token || token.length > 200) return null;
    const row = this.#db
      .prepare('SELECT user_id, csrf_token, expires_at FROM sessions WHERE token_hash = ?')
      .get(tokenHash(token)) as { user_id: number; csrf_token: string; expires_at: number } | undefined;
    if (!row) return null;
    if (row.expires_at <= this.#now()) {
      this.#db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash(token));
      return null;
    }
    const user = this.userById(row.user_id);
    return user ? { user, csrfToken: row.csrf_token, expiresAt: row.expires_at } : null;
  }

  checkCsrf(session: Session, presented: string | undefined): boolean {
    return typeof presented === 'string' && sameSecret(session.csrfToken, presented);
  }

  logout(token: string, who: Actor): void {
    this.#db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash(token));
    this.audit(who, 'auth.logout');
  }

  async changePassword(user: User, current: string, next: string, who: Actor): Promise<boolean> {
    const row = this.#db.prepare('SELECT password_hash FROM users WHERE id = ?').get(user.id) as { password_hash: string } | undefined;
    if (!row || !(await verifyPassword(row.password_hash, current))) {
      this.audit(who, 'auth.password-change-failed');
      return false;
    }
    this.#db.prepare('UPDATE users SET password_hash = ?, must_change_password = 0 WHERE id = ?').run(await hashPassword(next), user.id);
    this.audit(who, 'auth.password-change');
    return true;
  }

  /* ------------------------------------------------------------------ feed keys */

  createApiKey(name: string, scopes: string[], who: Actor): { key: string; apiKey: ApiKey } {
    const key = newToken('iock_');
    const info = this.#db
      .prepare('INSERT INTO api_keys (name, key_hash, scopes, created_at, created_by) VALUES (?, ?, ?, ?, ?)')
      .run(name, tokenHash(key), JSON.stringify(scopes), this.#now(), who.actor);
    this.audit(who, 'key.create', name, { scopes });
    return { key, apiKey: this.apiKeys().find((k) => k.id === Number(info.lastInsertRowid))! };
  }

  apiKeys(): ApiKey[] {
    const rows = this.#db.prepare('SELECT * FROM api_keys ORDER BY id').all() as Array<{
      id: number; name: string; scopes: string; created_at: number; created_by: string; last_used_at: number | null; revoked_at: number | null;
    }>;
    return rows.map((row) => ({
      id: row.id, name: row.name, scopes: JSON.parse(row.scopes) as string[], createdAt: row.created_at,
      createdBy: row.created_by, lastUsedAt: row.last_used_at, revokedAt: row.revoked_at,
    }));
  }

  /** The key a feed presented, if it is known and not revoked. */
  apiKey(key: string | undefined): ApiKey | null {
    if (!key || !key.startsWith('iock_') || key.length > 200) return null;
    const hash = tokenHash(key);
    const now = this.#now();
    return this.#keys.get(
      hash,
      now,
      () => {
        const row = this.#db.prepare('SELECT id FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL').get(hash) as { id: number } | undefined;
        return (row && this.apiKeys().find((k) => k.id === row.id)) || null;
      },
      (apiKey) => {
        apiKey.lastUsedAt = now;
        this.#db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(now, apiKey.id);
      },
    );
  }

  revokeApiKey(id: number, who: Actor): boolean {
    const changed = this.#db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(this.#now(), id).changes > 0;
    this.#keys.clear();
    if (changed) this.audit(who, 'key.revoke', String(id));
    return changed;
  }

  /* ------------------------------------------------------------------ screen tokens */

  createScreenToken(screenId: string, who: Actor): { token: string; screenToken: ScreenToken } {
    const token = newToken('iocs_');
    const info = this.#db
      .prepare('INSERT INTO screen_tokens (screen_id, token_hash, created_at, created_by) VALUES (?, ?, ?, ?)')
      .run(screenId, tokenHash(token), this.#now(), who.actor);
    this.audit(who, 'screen-token.create', screenId);
    return { token, screenToken: this.screenTokens().find((t) => t.id === Number(info.lastInsertRowid))! };
  }

  screenTokens(): ScreenToken[] {
    const rows = this.#db.prepare('SELECT * FROM screen_tokens ORDER BY id').all() as Array<{
      id: number; screen_id: string; created_at: number; created_by: string; last_used_at: number | null; revoked_at: number | null;
    }>;
    return rows.map((row) => ({
      id: row.id, screenId: row.screen_id, createdAt: row.created_at, createdBy: row.created_by,
      lastUsedAt: row.last_used_at, revokedAt: row.revoked_at,
    }));
  }

  /** The screen a token belongs to, if it is known and not revoked. */
  screenOfToken(token: string | undefined): string | null {
    if (!token || !token.startsWith('iocs_') || token.length > 200) return null;
    const hash = tokenHash(token);
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
    return found?.screenId ?? null;
  }

  revokeScreenToken(id: number, who: Actor): boolean {
    const changed = this.#db.prepare('UPDATE screen_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(this.#now(), id).changes > 0;
    this.#screenTokens.clear();
    if (changed) this.audit(who, 'screen-token.revoke', String(id));
    return changed;
  }
}
