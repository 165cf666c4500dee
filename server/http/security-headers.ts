/**
 * Helmet's headers (a strict Content-Security-Policy for the built SPA), and the headers helmet
 * does not send, on every answer including Socket.IO's (which Fastify never sees): a Permissions-Policy that switches off the device features no page here uses, HSTS once the
 * server is behind a TLS proxy (`IOC_TRUST_PROXY`) and the request came over HTTPS, and
 * `Cache-Control: no-store` on API answers, which may carry internal data or a session's token.
 */
import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import type { FastifyPluginAsync } from 'fastify';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** No page asks for these; a kiosk may go full screen and keep its screen awake. */
const PERMISSIONS_POLICY =
  'camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=(), fullscreen=(self), screen-wake-lock=(self)';

/** A year; no includeSubDomains: the city's other hosts are not ours to promise for. */
const HSTS = 'max-age=31536000';

export interface SecurityHeadersOptions {
  /** Behind a TLS-terminating proxy (IOC_TRUST_PROXY set): HTTPS requests get HSTS. */
  behindTlsProxy: boolean;
  /** Foreign origins the pages may stream from (the cameras of the current config). */
  mediaOrigins?: () => readonly string[];
}

function forwardedHttps(headers: IncomingHttpHeaders): boolean {
  const proto = headers['x-forwarded-proto'];
  return (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0]?.trim() === 'https';
}

const securityHeaders: FastifyPluginAsync<SecurityHeadersOptions> = async (app, { behindTlsProxy, mediaOrigins }) => {
  // Read at each answer: a config reload that adds a camera reaches the next page load.
  const media = () => mediaOrigins?.().join(' ') || "'self'";
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // The built SPA has no inline script; workers (MapLibre) come from our own origin or blobs.
        scriptSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', media],
        // data: — deck.gl fetches the map's incident shapes, inline SVGs, as data URLs.
        connectSrc: ["'self'", 'ws:', 'wss:', 'data:', media],
        mediaSrc: ["'self'", 'blob:', media],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // Screens on plain HTTP inside the city network: HSTS only behind a TLS proxy (below).
    hsts: false,
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('permissions-policy', PERMISSIONS_POLICY);
    // request.protocol believes X-Forwarded-Proto from the trusted proxy only.
    if (behindTlsProxy && request.protocol === 'https') reply.header('strict-transport-security', HSTS);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
};

export default fp(securityHeaders, { name: 'security-headers' });

/** The Engine.IO server's hook for the headers of its HTTP answers and WebSocket upgrades. */
interface HeaderEvents {
  on(event: 'headers', listener: (headers: Record<string, string>, request: IncomingMessage) => void): unknown;
}

/**
 * The same headers on `/socket.io` answers. Browsers honour HSTS only when it arrives over HTTPS,
 * so trusting X-Forwarded-Proto here without Fastify's proxy check can promise nothing false.
 */
export function addSocketSecurityHeaders(engine: HeaderEvents, { behindTlsProxy }: SecurityHeadersOptions): void {
  engine.on('headers', (headers, request) => {
    headers['permissions-policy'] = PERMISSIONS_POLICY;
    headers['x-content-type-options'] = 'nosniff';
    headers['referrer-policy'] = 'no-referrer';
    headers['cache-control'] = 'no-store';
    if (behindTlsProxy && forwardedHttps(request.headers)) headers['strict-transport-security'] = HSTS;
  });
}
