/**
 * The connectors to the city's systems (`app.feeds`): MQTT subscriptions, HTTP pollers and inbound
 * webhooks of `config/feeds/`, each handing its events to `app.ingest` as `feed:<id>`. Started with
 * the other feeds after `listen`, restarted as the config changes, stopped before the store closes.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { FeedManager } from '../feeds/pipeline/feed-manager';
import { FeedStore } from '../feeds/pipeline/feed-store';
import { realSchedule, type ConnectorContext, type Schedule } from '../feeds/pipeline/connector';

declare module 'fastify' {
  interface FastifyInstance {
    feeds: FeedManager;
    feedStore: FeedStore;
  }
}

export interface FeedsOptions {
  /** Where secrets come from (default `process.env`). */
  env?: ConnectorContext['env'];
  /** The pollers' timers (tests run polls without waiting). */
  schedule?: Schedule;
}

const feedsService: FastifyPluginAsync<FeedsOptions> = async (app, options) => {
  const feedStore = new FeedStore(app.db);
  const manager = new FeedManager(
    {
      ingest: app.ingest,
      store: feedStore,
      now: app.now,
      schedule: options.schedule ?? realSchedule,
      env: options.env ?? process.env,
    },
    app.config.current().feeds,
  );
  app.decorate('feeds', manager);
  app.decorate('feedStore', feedStore);
  app.config.onReload(() => {
    manager.sync(app.config.current().feeds).catch((error: unknown) => app.log.error(error, 'feeds: reload'));
  });
  app.addHook('preClose', async () => {
    await manager.stop();
  });
};

export default fp(feedsService, {
  name: 'feeds',
  fastify: '5.x',
  dependencies: ['clock', 'config', 'store', 'domains'],
  decorators: { fastify: ['now', 'config', 'db', 'ingest'] },
});
