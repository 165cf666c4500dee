/**
 * The proof of work a report carries: a decimal `nonce` such that SHA-256(`${challenge}:${nonce}`)
 * starts with at least `difficulty` zero bits. Shared by the worker that searches and its tests.
 */
import { leadingZeroBits } from '../../server/protocol/proof-of-work';

/** Hashes this many nonces at once: `crypto.subtle` is asynchronous, a batch keeps it busy. */
const BATCH = 256;

/**
 * Searches nonces from 0 upwards until one meets the difficulty; `progress` hears how many were
 * tried after each batch.
 */
export async function solve(
  challenge: string,
  difficulty: number,
  progress: (tried: number) => void = () => undefined,
  subtle: SubtleCrypto = crypto.subtle,
): Promise<string> {
  const encoder = new TextEncoder();
  for (let start = 0; ; start += BATCH) {
    const nonces = Array.from({ length: BATCH }, (_, i) => String(start + i));
    const digests = await Promise.all(
      nonces.map((nonce) => subtle.digest('SHA-256', encoder.encode(`${challenge}:${nonce}`))),
    );
    const found = digests.findIndex((digest) => leadingZeroBits(new Uint8Array(digest)) >= difficulty);
    if (found >= 0) return nonces[found]!;
    progress(start + BATCH);
  }
}

export interface PowRequest {
  challenge: string;
  difficulty: number;
}

export type PowReply = { type: 'progress'; tried: number } | { type: 'done'; nonce: string };
