/**
 * Which pages may open a socket. A browser sends the cookie of our session with a WebSocket or
 * polling request that any page opens, so the handshake must come from our own origin (the one
 * the request was addressed to) or one the configuration names. Browsers always send `Origin`
 * on WebSockets and on cross-origin requests; a request without one is no cross-site browser
 * request (a kiosk player, a script, a same-origin poll), and is judged by its credentials alone.
 */
import type { IncomingMessage } from 'node:http';

export function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[],
): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file:) and anything else that is no origin
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (allowed.includes(url.origin)) return true;
  return host !== undefined && url.host === host.toLowerCase();
}

/** Socket.IO's `allowRequest`, run by engine.io on every new session, polling or WebSocket. */
export function checkOrigin(allowed: () => readonly string[]) {
  return (request: IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void): void => {
    const origin = typeof request.headers.origin === 'string' ? request.headers.origin : undefined;
    const ok = originAllowed(origin, request.headers.host, allowed());
    callback(ok ? null : 'Origin not allowed / Nguồn (Origin) không được phép', ok);
  };
}
