/**
 * Load shedding that never sheds the feeds. When the event loop lags (under-pressure), anonymous
 * and interactive requests get 503 with `Retry-After` and a message in Vietnamese and English;
 * a feed posting with its API key still gets through, because an event lost at the door is lost
 * for good while a reader just asks again.
 */
import fp from 'fastify-plugin';
import underPressure from '@fastify/under-pressure';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { OVERLOADED } from './error-handler';

/** Thrown to the error handler, which answers 503 with the message in Vietnamese and English. */
class OverloadedError extends Error {
  readonly statusCode = 503;
  readonly code = 'IOC_OVERLOADED';
  constructor() {
    super(OVERLOADED.en);
    this.name = 'OverloadedError';
  }
}

export interface OverloadOptions {
  /** Event-loop delay past which requests are shed. */
  maxEventLoopDelayMs: number;
  retryAfterSeconds: number;
  /**
   * Extra pressure signal, sampled every `probeIntervalMs` (tests use it to put the server under
   * pressure deterministically instead of loading the machine).
   */
  pressure?: () => boolean;
  probeIntervalMs?: number;
}

/** Authenticated ingest: a feed key writing. Its requests are worth more than any read. */
function isPriorityIngest(request: FastifyRequest): boolean {
  return request.method === 'POST' && request.identity?.kind === 'key';
}

const overload: FastifyPluginAsync<OverloadOptions> = async (app, options) => {
  const { pressure } = options;
  await app.register(underPressure, {
    maxEventLoopDelay: options.maxEventLoopDelayMs,
    retryAfter: options.retryAfterSeconds,
    ...(pressure ? { healthCheck: async () => !pressure(), healthCheckInterval: options.probeIntervalMs ?? 50 } : {}),
    // Resolving lets the request through; rejecting hands the error to the error handler and stops
    // the hooks (answering here instead would let the route's own hooks run on and change the status).
    pressureHandler: async (request: FastifyRequest, reply: FastifyReply) => {
      if (isPriorityIngest(request)) return;
      reply.header('retry-after', String(options.retryAfterSeconds));
      throw new OverloadedError();
    },
  });
};

/** Register after the auth plugin: shedding looks at who is asking. */
export default fp(overload, { name: 'overload', dependencies: ['auth'] });
