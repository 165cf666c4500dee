/**
 * The proof of work a citizen's report carries: a decimal `nonce` such that
 * SHA-256(`${challenge}:${nonce}`) starts with at least `difficulty` zero bits. The phone searches
 * (`display/citizen/pow.ts`), the server checks (`server/routes/citizen/proof-of-work.ts`): both
 * count the bits here, so they cannot disagree.
 */

/** How many zero bits the digest starts with. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}
