/**
 * The webhook outbox (`app.outbox`, `server/outbox/`): deliveries of public notices to the city's
 * gateways. It reads the event store on its own cursor (the data folder's SQLite, or PostgreSQL
 * shared by every process: `server/outbox/pg-outbox.ts`); its timer starts with the feeds (after
 * `listen`), so tests drive it by hand (`runOnce`) with the injected clock.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { WebhookOutbox, type OutboxOptions } from '../outbox/webhook-outbox';
import { PgOutboxEvents, PgOutboxStore } from '../outbox/pg-outbox';

declare module 'fastify' {
  interface FastifyInstance {
    outbox: WebhookOutbox;
  }
}

export type OutboxServiceOptions = Partial<Omit<OutboxOptions, 'now' | 'onError'>>;

const outboxService: FastifyPluginAsync<OutboxServiceOptions> = async (app, options) => {
  // Shared by every process on PostgreSQL (each follows and sends, each delivery claimed by one).
  const where = app.shared
    ? { events: new PgOutboxEvents(app.shared.pool), store: new PgOutboxStore(app.shared.pool) }
    : app.db;
  const outbox = await WebhookOutbox.open(where, {
    ...options,
    now: app.now,
    // Read at each attempt: a config reload applies to the next.
    allowedNetworks: () => app.config.current().app.webhooks.allowedNetworks,
    onError: (error: unknown) => app.log.error({ err: error }, 'webhook outbox'),
  });
  app.decorate('outbox', outbox);
  // Before the store closes (onClose runs in reverse order of registration).
  app.addHook('onClose', async () => outbox.stop());
};

export default fp(outboxService, {
  name: 'outbox',
  fastify: '5.x',
  dependencies: ['clock', 'config', 'store'],
  decorators: { fastify: ['now', 'config', 'db'] },
});
