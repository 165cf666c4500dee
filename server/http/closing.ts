/**
 * While the server closes, a request that reaches it is refused with 503 and `Retry-After`, in
 * Vietnamese and English, before anything reads or writes: a feed retries (behind a proxy, on
 * another process) and nothing is half-written. Requests already past this gate run to their end:
 * the close waits for them, and the store commits before it closes (`services/store.ts`).
 *
 * Fastify's own answer during close (`return503OnClosing`) carries no `Retry-After` and no words,
 * so `app.ts` turns it off in favour of this. Liveness and readiness still answer: readiness says
 * "closing" (503), which is what a load balancer asks.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { errorBody } from './error-handler';

const CLOSING = {
  en: 'the server is shutting down; retry (another server answers at the same address)',
  vi: 'máy chủ đang dừng; vui lòng thử lại (một máy chủ khác trả lời tại cùng địa chỉ)',
} as const;

const STILL_ANSWERED = new Set(['/api/v1/health/live', '/api/v1/health/ready']);

const closing: FastifyPluginAsync<{ retryAfterSeconds: number }> = async (app, { retryAfterSeconds }) => {
  let closed = false;
  // Registered before the other services' preClose hooks, so it runs first of them.
  app.addHook('preClose', async () => {
    closed = true;
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!closed || STILL_ANSWERED.has(request.url.split('?')[0]!)) return;
    return reply
      .code(503)
      .header('retry-after', String(retryAfterSeconds))
      .header('connection', 'close')
      .send(errorBody(503, CLOSING.en, CLOSING.vi));
  });
};

export default fp(closing, { name: 'closing' });
