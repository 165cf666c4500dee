/**
 * The clock every service and route reads (`app.now()`): the real one in production, a test's own
 * where a test must control time.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** Milliseconds since the epoch, by the app's clock. */
    now: () => number;
  }
}

const clock: FastifyPluginAsync<{ now?: () => number }> = async (app, options) => {
  const now = options.now ?? Date.now;
  app.decorate('now', () => now());
};

export default fp(clock, { name: 'clock', fastify: '5.x' });
