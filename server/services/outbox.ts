/**
 * The webhook outbox (`app.outbox`, `server/outbox/`): deliveries of public notices to the city's
 * gateways. It reads the event store on its own cursor; its timer starts with the feeds (after
 * `listen`), so tests drive it by hand (`runOnce`) with the injected clock.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { WebhookOutbox, type OutboxOptions } from '../outbox/webhook-outbox';

declare module 'fastify' {
  interface FastifyInstance {
    outbox: WebhookOutbox;
  }
}

export type OutboxServiceOptions = Partial<Omit<OutboxOptions, 'now' | 'onError'>>;

const outboxService: FastifyPluginAsync<OutboxServiceOptions> = async (app, options) => {
  const outbox = new WebhookOutbox(app.db, {
    ...options,
    now: app.now,
    onError: (error) => app.log.error({ err: error }, 'webhook outbox'),
  });
  app.decorate('outbox', outbox);
  // Before the store closes (onClose runs in reverse order of registration).
  app.addHook('onClose', async () => outbox.stop());
};

export default fp(outboxService, {
  name: 'outbox',
  fastify: '5.x',
  dependencies: ['clock', 'store'],
  decorators: { fastify: ['now', 'db'] },
});
