/**
 * What one address may ask of the server. Bodies: every route but ingest takes small JSON, so it
 * refuses a large body from its Content-Length, before reading it. Reads: the public answers
 * (Open311 lists, topic snapshots, dashboards and screen setups) are rate limited per address for
 * anonymous callers, so that a flood gets 429 with `Retry-After` instead of starving the feeds.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync, FastifyRequest, RouteOptions } from 'fastify';

/** The body limit of every route that does not set its own (ingest sets the configured one). */
export const SMALL_BODY_LIMIT_BYTES = 256 * 1024;

/** GET routes whose anonymous callers are limited per address. `/api/v1/health` is not: probes must always get through. */
const LIMITED_READS = [
  '/thong-bao',
  '/open311/v2/',
  '/api/v1/topics',
  '/api/v1/detail',
  '/api/v1/dashboards',
  '/api/v1/screens/',
  '/api/citizen/',
  '/media/photos/',
  '/api/v1/export/',
  '/api/v1/promotion/',
  '/api/v1/guides/',
];

function isLimitedRead(method: RouteOptions['method'], url: string): boolean {
  const methods = Array.isArray(method) ? method : [method];
  return methods.includes('GET') && LIMITED_READS.some((prefix) => url.startsWith(prefix));
}

/** Signed-in people, screens with a token and feed keys are limited elsewhere (or trusted). */
const isAuthenticated = (request: FastifyRequest): boolean =>
  request.identity !== null && request.identity.kind !== 'anonymous';

export interface ReadLimitOptions {
  /** Anonymous reads per minute per address on the limited routes. */
  perMinute: number;
}

/**
 * Adds a per-address rate limit to the limited read routes. Register before `@fastify/rate-limit`:
 * both work when a route is added, and the rate limiter must see the setting this one adds.
 */
const readLimits: FastifyPluginAsync<ReadLimitOptions> = async (app, { perMinute }) => {
  app.addHook('onRoute', (route) => {
    if (!isLimitedRead(route.method, route.url)) return;
    const config = (route.config ?? {}) as Record<string, unknown>;
    if (config.rateLimit !== undefined) return;
    route.config = {
      ...config,
      rateLimit: {
        max: perMinute,
        timeWindow: 60_000,
        allowList: (request: FastifyRequest) => isAuthenticated(request),
      },
    } as typeof route.config;
  });
};

export default fp(readLimits, { name: 'read-limits' });
