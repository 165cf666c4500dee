import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { solve } from './pow';
import { leadingZeroBits } from '../../server/protocol/proof-of-work';

describe('proof of work', () => {
  it('counts the leading zero bits of a digest', () => {
    expect(leadingZeroBits(new Uint8Array([0x80, 0]))).toBe(0);
    expect(leadingZeroBits(new Uint8Array([0x01, 0xff]))).toBe(7);
    expect(leadingZeroBits(new Uint8Array([0, 0x10]))).toBe(11);
    expect(leadingZeroBits(new Uint8Array([0, 0]))).toBe(16);
  });

  it('finds a decimal nonce whose SHA-256 of "challenge:nonce" has the difficulty, as the server checks it', async () => {
    const nonce = await solve('c-42', 10);
    expect(nonce).toMatch(/^\d+$/);
    const digest = createHash('sha256').update(`c-42:${nonce}`, 'utf8').digest();
    expect(leadingZeroBits(new Uint8Array(digest))).toBeGreaterThanOrEqual(10);
    // The first such nonce: none before it would do.
    for (let n = 0; n < Number(nonce); n++) {
      const earlier = createHash('sha256').update(`c-42:${n}`, 'utf8').digest();
      expect(leadingZeroBits(new Uint8Array(earlier))).toBeLessThan(10);
    }
  });
});
