/**
 * Pairing a new screen: a browser opened at `/pair` asks for a short code and shows it; an
 * operator types the code into the console and says which screen it is; the browser, polling
 * with a secret ticket only it holds, then receives its screen token once.
 *
 * Codes are short enough to read across a room, so they are guarded by what a short secret
 * needs: a 10-minute life, single use, a cap on codes waiting at once, and a limit on wrong
 * guesses per person and overall. In one process they live in memory (here): a restart only means
 * showing a new code. When several processes share PostgreSQL they live there (`pg-pairing.ts`):
 * a code shown by a browser on one process is claimed through the console of another, and wrong
 * guesses count across all of them.
 */
import { randomInt } from 'node:crypto';
import { newToken, tokenHash } from '../access/secrets';

/** Letters and digits nobody confuses on a screen or when typing: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, 6/G. */
export const CODE_ALPHABET = 'ACDEFHJKMNPRTUVWXY3479';
export const CODE_LENGTH = 6;
export const CODE_TTL_MS = 10 * 60_000;
/** After this, an expired or used code is forgotten and reads as unknown. */
export const REMEMBER_MS = 30 * 60_000;
/** Codes waiting at once: enough for a whole installation day, too few to make guessing pay. */
export const MAX_WAITING = 200;
/** Wrong codes allowed per person (or address) per window, and overall. */
export const MAX_FAILURES = 8;
export const MAX_FAILURES_OVERALL = 60;
export const FAILURE_WINDOW_MS = 10 * 60_000;
/** A claimed token the browser has not collected this long after its code expired is revoked. */
export const ABANDONED_AFTER_MS = 60_000;

export type CodeRefusal = 'unknown' | 'expired' | 'used';

interface Pairing {
  code: string;
  ticketHash: string;
  createdAt: number;
  expiresAt: number;
  ip: string | null;
  /** Set once an operator claimed the code: the token waits here until the browser collects it. */
  screenId: string | null;
  token: string | null;
  tokenId: number | null;
  collected: boolean;
}

export type CodeCheck = { ok: true; code: string } | { ok: false; reason: CodeRefusal };

type Awaitable<T> = T | Promise<T>;

/** What the pairing routes need, in memory (one process) or in PostgreSQL (several). */
export interface PairingCodes {
  /** A new code and the ticket its browser polls with; null when too many codes are waiting. */
  start(ip: string | null): Awaitable<{ code: string; ticket: string; expiresAt: number } | null>;
  /** What the waiting browser learns. The token is handed over once, then forgotten. */
  status(ticket: string): Awaitable<PairingStatus | null>;
  /** Whether `who` (a person, an address) has used up its wrong guesses; when, if so, it may try again. */
  limited(who: string[]): Awaitable<{ retryAfterMs: number } | null>;
  /** Checks a typed code; a wrong one counts against `who`. */
  check(input: string, who: string[]): Awaitable<CodeCheck>;
  /** Hands a screen token to the browser that shows `code`; false when another claim was first. */
  complete(code: string, screenId: string, token: { token: string; id: number }): Awaitable<boolean>;
}

/**
 * When `who` may try again, given each key's failure times in the window (oldest first) and the
 * overall list last; null while every list is under its limit.
 */
export function retryAfter(lists: number[][], now: number): { retryAfterMs: number } | null {
  const limits = [...lists.slice(0, -1).map(() => MAX_FAILURES), MAX_FAILURES_OVERALL];
  let retryAt = 0;
  lists.forEach((list, index) => {
    if (list.length >= limits[index]!)
      retryAt = Math.max(retryAt, list[list.length - limits[index]!]! + FAILURE_WINDOW_MS);
  });
  return retryAt > 0 ? { retryAfterMs: retryAt - now } : null;
}

export type PairingStatus =
  | { state: 'waiting'; code: string; expiresAt: number }
  | { state: 'paired'; screenId: string; token: string }
  | { state: 'expired' };

/** Makes codes more readable when spoken or typed: upper case, no spaces or dashes. */
export function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

export function newCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

export class PairingService implements PairingCodes {
  readonly #now: () => number;
  readonly #byCode = new Map<string, Pairing>();
  readonly #byTicket = new Map<string, Pairing>();
  /** Failure times per person or address, and overall. */
  readonly #failures = new Map<string, number[]>();
  #allFailures: number[] = [];
  /** Tokens made for a claim the browser never collected: revoked when their code expires. */
  readonly #onAbandoned: (screenId: string, tokenId: number) => void;

  constructor(options: { now?: () => number; onAbandoned?: (screenId: string, tokenId: number) => void } = {}) {
    this.#now = options.now ?? Date.now;
    this.#onAbandoned = options.onAbandoned ?? (() => {});
  }

  get waiting(): number {
    this.#sweep();
    return [...this.#byCode.values()].filter((pairing) => pairing.screenId === null && pairing.expiresAt > this.#now())
      .length;
  }

  /** A new code and the ticket its browser polls with; null when too many codes are waiting. */
  start(ip: string | null): { code: string; ticket: string; expiresAt: number } | null {
    this.#sweep();
    if (this.waiting >= MAX_WAITING) return null;
    let code = newCode();
    while (this.#byCode.has(code)) code = newCode();
    const ticket = newToken('iocp_');
    const now = this.#now();
    const pairing: Pairing = {
      code,
      ticketHash: tokenHash(ticket),
      createdAt: now,
      expiresAt: now + CODE_TTL_MS,
      ip,
      screenId: null,
      token: null,
      tokenId: null,
      collected: false,
    };
    this.#byCode.set(code, pairing);
    this.#byTicket.set(pairing.ticketHash, pairing);
    return { code, ticket, expiresAt: pairing.expiresAt };
  }

  /** What the waiting browser learns. The token is handed over once, then forgotten. */
  status(ticket: string): PairingStatus | null {
    this.#sweep();
    const pairing = this.#byTicket.get(tokenHash(ticket));
    if (!pairing || pairing.collected) return null;
    if (pairing.screenId && pairing.token) {
      const answer: PairingStatus = { state: 'paired', screenId: pairing.screenId, token: pairing.token };
      pairing.token = null;
      pairing.collected = true;
      return answer;
    }
    if (pairing.expiresAt <= this.#now()) return { state: 'expired' };
    return { state: 'waiting', code: pairing.code, expiresAt: pairing.expiresAt };
  }

  /** Whether `who` (a person, an address) has used up its wrong guesses; when, if so, it may try again. */
  limited(who: string[]): { retryAfterMs: number } | null {
    const now = this.#now();
    const windowStart = now - FAILURE_WINDOW_MS;
    this.#allFailures = this.#allFailures.filter((at) => at > windowStart);
    const lists = [
      ...who.map((key) => (this.#failures.get(key) ?? []).filter((at) => at > windowStart)),
      this.#allFailures,
    ];
    who.forEach((key, index) => this.#failures.set(key, lists[index]!));
    return retryAfter(lists, now);
  }

  /** Checks a typed code; a wrong one counts against `who`. */
  check(input: string, who: string[]): CodeCheck {
    this.#sweep();
    const code = normaliseCode(input);
    const pairing = this.#byCode.get(code);
    const reason: CodeRefusal | null = !pairing
      ? 'unknown'
      : pairing.screenId !== null
        ? 'used'
        : pairing.expiresAt <= this.#now()
          ? 'expired'
          : null;
    if (reason) {
      const now = this.#now();
      for (const key of who) this.#failures.set(key, [...(this.#failures.get(key) ?? []), now]);
      this.#allFailures.push(now);
      return { ok: false, reason };
    }
    return { ok: true, code };
  }

  /** Hands a screen token to the browser that shows `code` (checked just before). */
  complete(code: string, screenId: string, token: { token: string; id: number }): boolean {
    const pairing = this.#byCode.get(code);
    if (!pairing || pairing.screenId !== null) return false;
    pairing.screenId = screenId;
    pairing.token = token.token;
    pairing.tokenId = token.id;
    // The browser has the rest of the code's life to collect it.
    return true;
  }

  #sweep(): void {
    const now = this.#now();
    for (const pairing of this.#byCode.values()) {
      if (
        pairing.token &&
        pairing.screenId &&
        pairing.tokenId !== null &&
        pairing.expiresAt + ABANDONED_AFTER_MS <= now
      ) {
        // Claimed but never collected (the browser was closed): that token must not linger.
        this.#onAbandoned(pairing.screenId, pairing.tokenId);
        pairing.token = null;
      }
      if (pairing.expiresAt + REMEMBER_MS <= now) {
        this.#byCode.delete(pairing.code);
        this.#byTicket.delete(pairing.ticketHash);
      }
    }
  }
}
