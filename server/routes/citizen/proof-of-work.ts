/**
 * A small proof of work before a citizen's submission, without any third-party service: the
 * server hands out a signed challenge (stateless: expiry and difficulty inside, HMAC over them),
 * the phone finds a `nonce` such that SHA-256(`${challenge}:${nonce}`) starts with `difficulty`
 * zero bits, and the server accepts each challenge once (remembered in the database until it
 * expires, so a restart does not make a used one valid again): the data folder's SQLite with one
 * process, PostgreSQL when several share the system (one secret, one set of used challenges, so a
 * challenge from one process is good on another and used up on all).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import type { SqliteDatabase } from '../../store/database';
import { leadingZeroBits } from '../../protocol/proof-of-work';

/** Long enough to write a report with photos on a slow phone. */
const CHALLENGE_TTL_MS = 10 * 60_000;

export type PowRefusal = { field: 'challenge' | 'nonce'; en: string; vi: string } | null;

/** What the phone does (also used by the tests): the first nonce that meets the difficulty. */
export function solveChallenge(challenge: string, difficulty: number): string {
  for (let nonce = 0; ; nonce++) {
    const digest = createHash('sha256').update(`${challenge}:${nonce}`, 'utf8').digest();
    if (leadingZeroBits(digest) >= difficulty) return String(nonce);
  }
}

/** The challenges already accepted, until they expire. */
export interface UsedChallenges {
  isUsed(challenge: string): Promise<boolean>;
  /** Marks it used; false when it already was (two submissions racing with one proof, on any process). */
  use(challenge: string, expiresAt: number, now: number): Promise<boolean>;
}

export class SqliteUsedChallenges implements UsedChallenges {
  readonly #db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.#db = db;
  }

  async isUsed(challenge: string): Promise<boolean> {
    return this.#db.prepare('SELECT 1 FROM citizen_used_challenges WHERE challenge = ?').get(challenge) !== undefined;
  }

  async use(challenge: string, expiresAt: number, now: number): Promise<boolean> {
    this.#db.prepare('DELETE FROM citizen_used_challenges WHERE expires_at <= ?').run(now);
    const result = this.#db
      .prepare('INSERT INTO citizen_used_challenges (challenge, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING')
      .run(challenge, expiresAt);
    return result.changes === 1;
  }
}

export class PgUsedChallenges implements UsedChallenges {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async isUsed(challenge: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query('SELECT 1 FROM citizen_used_challenges WHERE challenge = $1', [
      challenge,
    ]);
    return (rowCount ?? 0) > 0;
  }

  async use(challenge: string, expiresAt: number, now: number): Promise<boolean> {
    await this.#pool.query('DELETE FROM citizen_used_challenges WHERE expires_at <= $1', [now]);
    // The primary key decides between two processes using one challenge at once: one row, one winner.
    const { rowCount } = await this.#pool.query(
      'INSERT INTO citizen_used_challenges (challenge, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [challenge, expiresAt],
    );
    return rowCount === 1;
  }
}

export class ProofOfWork {
  readonly #secret: Buffer;
  readonly #used: UsedChallenges;

  constructor(secret: Buffer, used: UsedChallenges) {
    this.#secret = secret;
    this.#used = used;
  }

  #sign(body: string): string {
    return createHmac('sha256', this.#secret).update(`pow:${body}`).digest('base64url');
  }

  issue(now: number, difficulty: number): { challenge: string; difficulty: number; expiresAt: number } {
    const expiresAt = now + CHALLENGE_TTL_MS;
    const body = `${expiresAt}.${difficulty}.${randomBytes(12).toString('base64url')}`;
    return { challenge: `${body}.${this.#sign(body)}`, difficulty, expiresAt };
  }

  /** Why the proof is not good (without using the challenge up), or null. */
  async check(challenge: string, nonce: string, now: number): Promise<PowRefusal> {
    const parts = challenge.split('.');
    const body = parts.slice(0, 3).join('.');
    const given = Buffer.from(parts[3] ?? '');
    const expected = Buffer.from(this.#sign(body));
    if (parts.length !== 4 || given.length !== expected.length || !timingSafeEqual(given, expected))
      return {
        field: 'challenge',
        en: 'is not a challenge of this server: ask GET /api/citizen/challenge for one',
        vi: 'không phải mã thử thách của máy chủ này: hãy lấy mã mới',
      };
    const expiresAt = Number(parts[0]);
    const difficulty = Number(parts[1]);
    if (!(expiresAt > now))
      return { field: 'challenge', en: 'has expired: ask for a new one', vi: 'đã hết hạn: hãy lấy mã mới' };
    if (await this.#used.isUsed(challenge))
      return { field: 'challenge', en: 'was already used: ask for a new one', vi: 'đã được dùng: hãy lấy mã mới' };
    if (!/^[0-9]{1,20}$/.test(nonce))
      return { field: 'nonce', en: 'must be a decimal number', vi: 'phải là một số thập phân' };
    const digest = createHash('sha256').update(`${challenge}:${nonce}`, 'utf8').digest();
    if (leadingZeroBits(digest) < difficulty)
      return {
        field: 'nonce',
        en: 'does not solve the challenge',
        vi: 'không giải được mã thử thách',
      };
    return null;
  }

  /** Uses the challenge up; false when it already was (two submissions racing with one proof). */
  use(challenge: string, now: number): Promise<boolean> {
    return this.#used.use(challenge, Number(challenge.split('.')[0]), now);
  }
}
