import { describe, expect, it } from 'vitest';
import {
  CODE_ALPHABET,
  CODE_LENGTH,
  CODE_TTL_MS,
  FAILURE_WINDOW_MS,
  MAX_FAILURES,
  MAX_FAILURES_OVERALL,
  MAX_WAITING,
  newCode,
  normaliseCode,
  PairingService,
} from './pairing';

function service() {
  const clock = { now: 1_800_000_000_000 };
  const abandoned: Array<[string, number]> = [];
  const pairing = new PairingService({
    now: () => clock.now,
    onAbandoned: (screenId, tokenId) => abandoned.push([screenId, tokenId]),
  });
  return { clock, pairing, abandoned };
}

describe('pairing codes', () => {
  it('are six characters nobody misreads', () => {
    expect(CODE_LENGTH).toBe(6);
    for (const ambiguous of '0O1IL2Z5S8B6G') expect(CODE_ALPHABET).not.toContain(ambiguous);
    const codes = Array.from({ length: 2000 }, newCode);
    for (const code of codes) expect(code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{6}$`));
    // Random, not a sequence: 2,000 draws from 22^6 codes practically never repeat.
    expect(new Set(codes).size).toBeGreaterThan(1990);
  });

  it('accept what people type: lower case, spaces, dashes', () => {
    expect(normaliseCode(' ac3-f7k ')).toBe('AC3F7K');
  });
});

describe('PairingService', () => {
  it('hands the token to the waiting browser once, and the code works once', () => {
    const { pairing } = service();
    const { code, ticket, expiresAt } = pairing.start('10.0.0.5')!;
    expect(pairing.status(ticket)).toEqual({ state: 'waiting', code, expiresAt });
    expect(pairing.check(code.toLowerCase(), ['user:1'])).toEqual({ ok: true, code });
    pairing.complete(code, 'led-ky-lua', { token: 'iocs_secret', id: 7 });
    expect(pairing.status(ticket)).toEqual({ state: 'paired', screenId: 'led-ky-lua', token: 'iocs_secret' });
    expect(pairing.status(ticket)).toBeNull();
    expect(pairing.check(code, ['user:1'])).toEqual({ ok: false, reason: 'used' });
    expect(pairing.status('iocp_not-a-ticket')).toBeNull();
  });

  it('lets a code expire after 10 minutes, then forgets it', () => {
    const { clock, pairing } = service();
    const { code, ticket } = pairing.start(null)!;
    clock.now += CODE_TTL_MS - 1;
    expect(pairing.check(code, ['a'])).toEqual({ ok: true, code });
    clock.now += 1;
    expect(pairing.check(code, ['a'])).toEqual({ ok: false, reason: 'expired' });
    expect(pairing.status(ticket)).toEqual({ state: 'expired' });
    clock.now += 31 * 60_000;
    expect(pairing.check(code, ['a'])).toEqual({ ok: false, reason: 'unknown' });
    expect(pairing.status(ticket)).toBeNull();
  });

  it('revokes a token the browser never collected', () => {
    const { clock, pairing, abandoned } = service();
    const { code } = pairing.start(null)!;
    pairing.check(code, []);
    pairing.complete(code, 'tuong-1', { token: 'iocs_x', id: 42 });
    clock.now += CODE_TTL_MS + 61_000;
    pairing.start(null); // any call sweeps
    expect(abandoned).toEqual([['tuong-1', 42]]);
  });

  it('limits wrong codes per person and overall, for a sliding window', () => {
    const { clock, pairing } = service();
    for (let i = 0; i < MAX_FAILURES - 1; i++) pairing.check('AAAAAA', ['user:1', 'ip:a']);
    expect(pairing.limited(['user:1', 'ip:a'])).toBeNull();
    pairing.check('AAAAAA', ['user:1', 'ip:a']);
    expect(pairing.limited(['user:1', 'ip:a'])).toEqual({ retryAfterMs: FAILURE_WINDOW_MS });
    // Another person from another address is not held back by them…
    expect(pairing.limited(['user:2', 'ip:b'])).toBeNull();
    // …until the guesses from everywhere add up.
    for (let i = MAX_FAILURES; i < MAX_FAILURES_OVERALL; i++) pairing.check('AAAAAA', [`user:${i}`]);
    expect(pairing.limited(['user:2', 'ip:b'])).not.toBeNull();
    clock.now += FAILURE_WINDOW_MS;
    expect(pairing.limited(['user:1', 'ip:a'])).toBeNull();
    expect(pairing.limited(['user:2', 'ip:b'])).toBeNull();
  });

  it('refuses new codes while too many wait', () => {
    const { clock, pairing } = service();
    for (let i = 0; i < MAX_WAITING; i++) expect(pairing.start(null)).not.toBeNull();
    expect(pairing.start(null)).toBeNull();
    clock.now += CODE_TTL_MS;
    expect(pairing.start(null)).not.toBeNull();
  });
});
