/**
 * Tracking codes: short, typeable, unguessable (`LS-7K3M-Q9XD`, Crockford base32, 40 bits). The
 * public report id is listed by Open311, so holding the code, not the id, is what lets a citizen
 * rate. Both are derived from the phone's `clientId` with the server's secret (HMAC), so a retry
 * of the same submission gets the same id and code without any table; the event stores only the
 * code's SHA-256, which is how a code finds its report after a restart.
 */
import { createHash, createHmac } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function base32(bytes: Buffer, chars: number): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += CROCKFORD[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

const derive = (secret: Buffer, purpose: string, clientId: string) =>
  createHmac('sha256', secret).update(`${purpose}:${clientId.toLowerCase()}`).digest();

export function trackingCodeFor(secret: Buffer, clientId: string): string {
  const chars = base32(derive(secret, 'tracking-code', clientId).subarray(0, 5), 8);
  return `LS-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

export function reportIdFor(secret: Buffer, clientId: string): string {
  return `pa-${base32(derive(secret, 'report-id', clientId).subarray(0, 10), 16).toLowerCase()}`;
}

/** A code as typed (lower case, spaces, O for 0, I or L for 1) in its canonical form, or null. */
export function canonicalCode(typed: string): string | null {
  const raw = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  const match = /^LS([0-9A-HJKMNP-TV-Z]{8})$/.exec(raw.replace(/^1S/, 'LS'));
  return match ? `LS-${match[1]!.slice(0, 4)}-${match[1]!.slice(4)}` : null;
}

export const codeHash = (code: string): string => createHash('sha256').update(code).digest('hex');
