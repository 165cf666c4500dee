/**
 * Pairing codes and their failure windows on PostgreSQL, for several server processes: a browser
 * at `/pair` served by one process shows a code an operator claims through the console of
 * another, the browser collects its token from whichever process its poll reaches, and wrong
 * guesses count across every process. Same rules as the in-memory `PairingService`.
 *
 * A claimed token waits in `pairing_codes.token` until the browser collects it (then it is erased
 * in the same statement that hands it over) or until it is abandoned (erased and revoked).
 */
import type pg from 'pg';
import { newToken, tokenHash } from '../access/secrets';
import {
  ABANDONED_AFTER_MS,
  CODE_TTL_MS,
  FAILURE_WINDOW_MS,
  MAX_WAITING,
  newCode,
  normaliseCode,
  REMEMBER_MS,
  retryAfter,
  type CodeCheck,
  type CodeRefusal,
  type PairingCodes,
  type PairingStatus,
} from './pairing';

/** The key of the failures counted overall. */
const OVERALL = '*';

interface CodeRow {
  code: string;
  expires_at: string;
  screen_id: string | null;
  token: string | null;
  collected: boolean;
}

export class PgPairing implements PairingCodes {
  readonly #pool: pg.Pool;
  readonly #now: () => number;
  readonly #onAbandoned: (screenId: string, tokenId: number) => void;

  constructor(
    pool: pg.Pool,
    options: { now?: () => number; onAbandoned?: (screenId: string, tokenId: number) => void },
  ) {
    this.#pool = pool;
    this.#now = options.now ?? Date.now;
    this.#onAbandoned = options.onAbandoned ?? (() => {});
  }

  async start(ip: string | null): Promise<{ code: string; ticket: string; expiresAt: number } | null> {
    await this.#sweep();
    const now = this.#now();
    const { rows } = await this.#pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM pairing_codes WHERE screen_id IS NULL AND expires_at > $1',
      [now],
    );
    if (Number(rows[0]!.n) >= MAX_WAITING) return null;
    const ticket = newToken('iocp_');
    const expiresAt = now + CODE_TTL_MS;
    for (;;) {
      const code = newCode();
      // A code still remembered (here or on another process) is drawn again.
      const inserted = await this.#pool.query(
        `INSERT INTO pairing_codes (code, ticket_hash, created_at, expires_at, ip) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (code) DO NOTHING`,
        [code, tokenHash(ticket), now, expiresAt, ip],
      );
      if (inserted.rowCount === 1) return { code, ticket, expiresAt };
    }
  }

  async status(ticket: string): Promise<PairingStatus | null> {
    await this.#sweep();
    const hash = tokenHash(ticket);
    // Handed over and erased in one statement: two polls at once never both get the token.
    const collected = await this.#pool.query<{ screen_id: string; token: string }>(
      `WITH claimed AS (
         SELECT code, screen_id, token FROM pairing_codes
         WHERE ticket_hash = $1 AND NOT collected AND token IS NOT NULL FOR UPDATE)
       UPDATE pairing_codes SET collected = true, token = NULL FROM claimed
       WHERE pairing_codes.code = claimed.code
       RETURNING claimed.screen_id, claimed.token`,
      [hash],
    );
    const handed = collected.rows[0];
    if (handed) return { state: 'paired', screenId: handed.screen_id, token: handed.token };
    const { rows } = await this.#pool.query<CodeRow>('SELECT * FROM pairing_codes WHERE ticket_hash = $1', [hash]);
    const pairing = rows[0];
    if (!pairing || pairing.collected) return null;
    const expiresAt = Number(pairing.expires_at);
    if (expiresAt <= this.#now()) return { state: 'expired' };
    return { state: 'waiting', code: pairing.code, expiresAt };
  }

  async limited(who: string[]): Promise<{ retryAfterMs: number } | null> {
    const now = this.#now();
    const windowStart = now - FAILURE_WINDOW_MS;
    await this.#pool.query('DELETE FROM pairing_failures WHERE at <= $1', [windowStart]);
    const keys = [...who, OVERALL];
    const { rows } = await this.#pool.query<{ who: string; at: string }>(
      'SELECT who, at FROM pairing_failures WHERE who = ANY($1) AND at > $2 ORDER BY at',
      [keys, windowStart],
    );
    const lists = keys.map((key) => rows.filter((row) => row.who === key).map((row) => Number(row.at)));
    return retryAfter(lists, now);
  }

  async check(input: string, who: string[]): Promise<CodeCheck> {
    await this.#sweep();
    const code = normaliseCode(input);
    const now = this.#now();
    const { rows } = await this.#pool.query<CodeRow>('SELECT * FROM pairing_codes WHERE code = $1', [code]);
    const pairing = rows[0];
    const reason: CodeRefusal | null = !pairing
      ? 'unknown'
      : pairing.screen_id !== null
        ? 'used'
        : Number(pairing.expires_at) <= now
          ? 'expired'
          : null;
    if (!reason) return { ok: true, code };
    const keys = [...who, OVERALL];
    await this.#pool.query('INSERT INTO pairing_failures (who, at) SELECT unnest($1::text[]), $2', [keys, now]);
    return { ok: false, reason };
  }

  async complete(code: string, screenId: string, token: { token: string; id: number }): Promise<boolean> {
    const claimed = await this.#pool.query(
      'UPDATE pairing_codes SET screen_id = $2, token = $3, token_id = $4 WHERE code = $1 AND screen_id IS NULL',
      [code, screenId, token.token, token.id],
    );
    return claimed.rowCount === 1;
  }

  async #sweep(): Promise<void> {
    const now = this.#now();
    // Claimed but never collected (the browser was closed): that token must not linger. One
    // process erases it, and only that one revokes it.
    const abandoned = await this.#pool.query<{ screen_id: string; token_id: string }>(
      `UPDATE pairing_codes SET token = NULL
       WHERE token IS NOT NULL AND token_id IS NOT NULL AND expires_at + $2 <= $1
       RETURNING screen_id, token_id`,
      [now, ABANDONED_AFTER_MS],
    );
    for (const row of abandoned.rows) this.#onAbandoned(row.screen_id, Number(row.token_id));
    await this.#pool.query('DELETE FROM pairing_codes WHERE expires_at + $2 <= $1', [now, REMEMBER_MS]);
  }
}
