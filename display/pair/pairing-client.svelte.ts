/**
 * The `/pair` page's side of pairing: ask for a code, show it, poll with the ticket until an
 * operator claims it, then keep the screen token. A code that expires is replaced by itself, and
 * a server that cannot be reached is tried again: a screen left at `/pair` overnight still pairs.
 */
export type PairState =
  | { kind: 'asking' }
  | { kind: 'showing'; code: string; expiresAt: number }
  | { kind: 'paired'; screenId: string }
  | { kind: 'waiting'; reason: 'busy' | 'unreachable' };

export interface PairingClientOptions {
  fetcher?: typeof fetch;
  onPaired: (screenId: string, token: string) => void;
  pollMs?: number;
  now?: () => number;
}

export class PairingClient {
  state = $state<PairState>({ kind: 'asking' });
  readonly #fetch: typeof fetch;
  readonly #onPaired: (screenId: string, token: string) => void;
  readonly #pollMs: number;
  readonly #now: () => number;
  #ticket: string | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;

  constructor(options: PairingClientOptions) {
    this.#fetch = options.fetcher ?? ((input, init) => fetch(input, init));
    this.#onPaired = options.onPaired;
    this.#pollMs = options.pollMs ?? 2000;
    this.#now = options.now ?? Date.now;
  }

  start(): void {
    this.#stopped = false;
    void this.#askForCode();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #later(run: () => Promise<void>, ms: number): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void run(), ms);
  }

  async #post(path: string, body?: unknown): Promise<Response> {
    return this.#fetch(path, {
      method: 'POST',
      cache: 'no-store',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async #askForCode(): Promise<void> {
    this.state = { kind: 'asking' };
    try {
      const response = await this.#post('/api/v1/pairing');
      if (response.status === 429 || response.status === 503) {
        this.state = { kind: 'waiting', reason: 'busy' };
        return this.#later(() => this.#askForCode(), 30_000);
      }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const { code, ticket, ttlMs } = (await response.json()) as { code: string; ticket: string; ttlMs: number };
      this.#ticket = ticket;
      // The page's own clock counts down: the server's may differ, the length does not.
      this.state = { kind: 'showing', code, expiresAt: this.#now() + ttlMs };
      this.#later(() => this.#poll(), this.#pollMs);
    } catch {
      this.state = { kind: 'waiting', reason: 'unreachable' };
      this.#later(() => this.#askForCode(), 5000);
    }
  }

  async #poll(): Promise<void> {
    const state = this.state;
    if (state.kind !== 'showing' || !this.#ticket) return;
    if (this.#now() >= state.expiresAt) return this.#askForCode();
    try {
      const response = await this.#post('/api/v1/pairing/status', { ticket: this.#ticket });
      if (response.status === 404 || response.status === 410) return this.#askForCode();
      if (response.ok) {
        const status = (await response.json()) as { state: string; screenId?: string; token?: string };
        if (status.state === 'paired' && status.screenId && status.token) {
          this.#ticket = null;
          this.state = { kind: 'paired', screenId: status.screenId };
          this.#onPaired(status.screenId, status.token);
          return;
        }
      }
    } catch {
      // Unreachable for a moment: the code is still good, keep asking.
    }
    this.#later(() => this.#poll(), this.#pollMs);
  }
}
