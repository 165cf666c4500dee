/**
 * Load shedding that never sheds the feeds. When the event loop lags (under-pressure), anonymous
 * and interactive requests get 503 with `Retry-After` and a message in Vietnamese and English;
 * a feed posting with its API key still gets through, because an event lost at the door is lost
 * for good while a reader just asks again.
 */
import fp from 'fastify-plugin';
import underPressure from '@fastify/under-pressure';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody, OVERLOADED } from './error-handler';

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
export function isPriorityIngest(request: FastifyRequest): boolean {
  return request.method === 'POST' && request.identity?.kind === 'key';
}

const overload: FastifyPluginAsync<OverloadOptions> = async (app, options) => {
  const { pressure } = options;
  await app.register(underPressure, {
    maxEventLoopDelay: options.maxEventLoopDelayMs,
    retryAfter: options.retryAfterSeconds,
    ...(pressure ? { healthCheck: async () => !pressure(), healthCheckInterval: options.probeIntervalMs ?? 50 } : {}),
    pressureHandler: (request: FastifyRequest, reply: FastifyReply) => {
      // Not answering lets the request through; once answered, Fastify runs no further hook.
      if (isPriorityIngest(request)) return;
      void reply.code(503).header('retry-after', String(options.retryAfterSeconds)).send(errorBody(503, OVERLOADED.en, OVERLOADED.vi));
    },
  });
};

/** Register after the auth plugin: shedding looks at who is asking. */
export default fp(overload, { name: 'overload', dependencies: ['auth'] });
