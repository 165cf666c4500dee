/**
 * The signature of a webhook delivery, the same scheme the IOC uses for its own outbound
 * notices: `X-IOC-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. The
 * timestamp inside the signed text bounds a replay to the window; the comparison takes the same
 * time whatever the bytes (timingSafeEqual), so a forger learns nothing from the answer's delay.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Words } from '../pipeline/mapping';

export const SIGNATURE_HEADER = 'x-ioc-signature';
const REPLAY_WINDOW_SECONDS = 300;

export function signature(secret: string, timestampSeconds: number, body: string | Buffer): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.`).update(body).digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

export type Verdict = { ok: true } | { ok: false; status: 400 | 401; reason: Words };

export function verifySignature(header: string | undefined, body: Buffer, secret: string, nowMs: number): Verdict {
  if (!header) {
    return {
      ok: false,
      status: 401,
      reason: { en: 'the X-IOC-Signature header is missing', vi: 'thiếu tiêu đề X-IOC-Signature (chữ ký)' },
    };
  }
  const parts = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const t = parts.get('t') ?? '';
  const v1 = parts.get('v1') ?? '';
  if (!/^\d{1,12}$/.test(t) || !/^[0-9a-f]{64}$/.test(v1)) {
    return {
      ok: false,
      status: 400,
      reason: {
        en: 'X-IOC-Signature must read t=<unix seconds>,v1=<64 hex digits>',
        vi: 'X-IOC-Signature phải có dạng t=<giây unix>,v1=<64 chữ số hex>',
      },
    };
  }
  if (Math.abs(nowMs / 1000 - Number(t)) > REPLAY_WINDOW_SECONDS) {
    return {
      ok: false,
      status: 401,
      reason: {
        en: `the signature's time is more than ${REPLAY_WINDOW_SECONDS / 60} minutes from now (a replay, or a clock off)`,
        vi: `thời điểm ký lệch quá ${REPLAY_WINDOW_SECONDS / 60} phút so với hiện tại (gửi lại tin cũ, hoặc đồng hồ sai)`,
      },
    };
  }
  const expected = Buffer.from(signature(secret, Number(t), body).slice(`t=${t},v1=`.length), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(v1, 'hex'))) {
    return {
      ok: false,
      status: 401,
      reason: { en: 'the signature does not match the body', vi: 'chữ ký không khớp với nội dung' },
    };
  }
  return { ok: true };
}
