import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalCode, codeHash, reportIdFor, trackingCodeFor } from './tracking-code';
import { solveChallenge } from './proof-of-work';
import { createHash } from 'node:crypto';

describe('tracking codes', () => {
  const secret = randomBytes(32);

  it('are stable for a clientId, differ between clientIds and secrets, and are not the report id', () => {
    const clientId = randomUUID();
    const code = trackingCodeFor(secret, clientId);
    expect(code).toMatch(/^LS-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(trackingCodeFor(secret, clientId.toUpperCase())).toBe(code);
    expect(trackingCodeFor(secret, randomUUID())).not.toBe(code);
    expect(trackingCodeFor(randomBytes(32), clientId)).not.toBe(code);
    const id = reportIdFor(secret, clientId);
    expect(id).toMatch(/^pa-[0-9a-z]{16}$/);
    expect(id.toUpperCase()).not.toContain(code.slice(3, 7));
  });

  it('are read back as people type them: lower case, spaces, O for 0, I or L for 1', () => {
    expect(canonicalCode('ls-7k3m-q9xd')).toBe('LS-7K3M-Q9XD');
    expect(canonicalCode(' LS 7K3M Q9XD ')).toBe('LS-7K3M-Q9XD');
    expect(canonicalCode('LS-OIL0-0000')).toBe('LS-0110-0000');
    expect(canonicalCode('LS-7K3M-Q9X')).toBeNull();
    expect(canonicalCode('pa-abcdefabcdefabcd')).toBeNull();
    expect(codeHash('LS-7K3M-Q9XD')).toMatch(/^[a-f0-9]{64}$/);
  });
});

describe('proof of work', () => {
  it('finds a nonce whose hash has the leading zero bits asked for', () => {
    const nonce = solveChallenge('abc', 10);
    const digest = createHash('sha256').update(`abc:${nonce}`).digest();
    expect(digest[0]).toBe(0);
    expect(digest[1]! >> 6).toBe(0);
  });
});
