/**
 * Screen tokens on PostgreSQL, shared by every server process of one system: a screen paired
 * through one process's console connects to any of them, and a token revoked on one drops the
 * screen's sockets on all. Every token (its hash, its screen, whether revoked) is held in memory,
 * so checking a handshake costs a hash and a lookup; a write goes to PostgreSQL and notifies the
 * other processes, which read the table again and cut off the sockets of what was revoked.
 */
import type { SharedDatabase } from '../services/store';
import type { ScreenToken } from './access-store';

interface Row {
  id: string;
  screen_id: string;
  token_hash: string;
  created_at: string;
  created_by: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

interface Held extends ScreenToken {
  hash: string;
}

const PART = 'screen-tokens';
/** How often "last used" is written for a token in steady use, and a token unknown here is looked for. */
const TOUCH_EVERY_MS = 60_000;
const LOOK_AGAIN_MS = 1000;

const toHeld = (row: Row): Held => ({
  id: Number(row.id),
  screenId: row.screen_id,
  hash: row.token_hash,
  createdAt: Number(row.created_at),
  createdBy: row.created_by,
  lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
  revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
});

const view = ({ hash: _hash, ...token }: Held): ScreenToken => ({ ...token });

export class PgScreenTokens {
  readonly #shared: SharedDatabase;
  readonly #now: () => number;
  #byHash = new Map<string, Held>();
  readonly #listeners = new Set<(token: ScreenToken) => void>();
  #reloading: Promise<void> = Promise.resolve();
  #lookedAgainAt = -Infinity;

  private constructor(shared: SharedDatabase, now: () => number) {
    this.#shared = shared;
    this.#now = now;
  }

  static async open(shared: SharedDatabase, now: () => number): Promise<PgScreenTokens> {
    const tokens = new PgScreenTokens(shared, now);
    tokens.#byHash = await tokens.#read();
    shared.notifications.subscribe(PART, () => void tokens.#reload());
    return tokens;
  }

  /** Called for each token another process revoked (or removed), once this process knows. */
  onRevokedElsewhere(listener: (token: ScreenToken) => void): void {
    this.#listeners.add(listener);
  }

  list(): ScreenToken[] {
    return [...this.#byHash.values()].sort((a, b) => a.id - b.id).map(view);
  }

  /** A known, unrevoked token by its hash. */
  find(hash: string): { id: number; screenId: string } | null {
    const held = this.#byHash.get(hash);
    if (!held) {
      // Made on another process a moment ago, its notification still on the way: look once more.
      const now = this.#now();
      if (now - this.#lookedAgainAt >= LOOK_AGAIN_MS) {
        this.#lookedAgainAt = now;
        void this.#reload();
      }
      return null;
    }
    if (held.revokedAt !== null) return null;
    const now = this.#now();
    if (held.lastUsedAt === null || now - held.lastUsedAt >= TOUCH_EVERY_MS) {
      held.lastUsedAt = now;
      this.#shared.pool
        .query('UPDATE screen_tokens SET last_used_at = $1 WHERE id = $2', [now, held.id])
        .catch(() => {});
    }
    return { id: held.id, screenId: held.screenId };
  }

  async create(screenId: string, hash: string, actor: string): Promise<ScreenToken> {
    const { rows } = await this.#shared.pool.query<Row>(
      `INSERT INTO screen_tokens (screen_id, token_hash, created_at, created_by) VALUES ($1, $2, $3, $4) RETURNING *`,
      [screenId, hash, this.#now(), actor],
    );
    const held = toHeld(rows[0]!);
    this.#byHash.set(held.hash, held);
    await this.#shared.notifications.notify(PART);
    return view(held);
  }

  /** Revokes a token; its screen when it was active, else null. */
  async revoke(id: number): Promise<string | null> {
    const at = this.#now();
    const { rows } = await this.#shared.pool.query<Row>(
      'UPDATE screen_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL RETURNING *',
      [at, id],
    );
    const row = rows[0];
    if (!row) return null;
    const held = toHeld(row);
    this.#byHash.set(held.hash, held);
    await this.#shared.notifications.notify(PART);
    return held.screenId;
  }

  async #read(): Promise<Map<string, Held>> {
    const { rows } = await this.#shared.pool.query<Row>('SELECT * FROM screen_tokens');
    return new Map(rows.map((row) => [row.token_hash, toHeld(row)]));
  }

  #reload(): Promise<void> {
    this.#reloading = this.#reloading.then(async () => {
      let next: Map<string, Held>;
      try {
        next = await this.#read();
      } catch {
        // PostgreSQL is away: keep what is held; the reconnect reads everything again.
        return;
      }
      const before = this.#byHash;
      this.#byHash = next;
      for (const [hash, held] of before) {
        const now = next.get(hash);
        if (held.revokedAt === null && (!now || now.revokedAt !== null))
          this.#listeners.forEach((listener) => listener(view(now ?? held)));
      }
    });
    return this.#reloading;
  }
}
