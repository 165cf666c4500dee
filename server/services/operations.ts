/**
 * Operations (`app.readiness`, `app.metrics`): whether this process should get traffic yet, and
 * its Prometheus metrics. Not ready from the start until `startFeeds` (the topics are rebuilt and
 * the feeds started) and again from the moment it closes.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { Readiness } from '../operations/readiness';
import { IocMetrics } from '../operations/metrics';

declare module 'fastify' {
  interface FastifyInstance {
    readiness: Readiness;
    metrics: IocMetrics;
  }
}

/** The gate `startFeeds` opens (`app.ts`). */
export const STARTING = 'starting';
/** The gate a closing process never opens: set first on shutdown, so a balancer stops sending. */
export const CLOSING = 'closing';
export const CLOSING_REASON = { vi: 'máy chủ đang dừng', en: 'the server is shutting down' };

const operationsService: FastifyPluginAsync = async (app) => {
  const readiness = new Readiness();
  readiness.wait(STARTING, { vi: 'máy chủ đang khởi động', en: 'the server is starting' });
  const metrics = new IocMetrics({
    hub: app.hub,
    store: app.store,
    feeds: () => app.feeds.health(),
    sockets: () => [...app.io.of('/').sockets.values()].map((socket) => socket.data),
  });
  app.ingest.observer = metrics;
  app.decorate('readiness', readiness);
  app.decorate('metrics', metrics);
  // First of all on close: a load balancer stops sending here while the rest shuts down.
  app.addHook('preClose', async () => {
    readiness.wait(CLOSING, CLOSING_REASON);
  });
  app.addHook('onClose', async () => {
    app.ingest.observer = null;
    metrics.stop();
  });
};

export default fp(operationsService, {
  name: 'operations',
  fastify: '5.x',
  dependencies: ['store', 'domains', 'feeds', 'socket-io'],
  decorators: { fastify: ['hub', 'store', 'ingest', 'feeds', 'io'] },
});
