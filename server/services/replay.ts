/**
 * The past moments (`app.replay`): `app.replay.topicsAt(at, audience, topics?)` gives the topics
 * as the live system published them at `at` (see `server/replay/topics-at.ts`), for the replay
 * route, the player and the exports of a past moment. The same on SQLite and PostgreSQL: the
 * store's whole log (`app.history`) and its snapshots (`app.snapshots`).
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { ReplayCursors } from '../replay/topics-at';

declare module 'fastify' {
  interface FastifyInstance {
    replay: ReplayCursors;
  }
}

const replayService: FastifyPluginAsync = async (app) => {
  const { domainContext, runtime, history, snapshots, now } = app;
  const { now: _liveClock, ...context } = domainContext;
  app.decorate('replay', new ReplayCursors({ store: history, snapshots, domains: runtime.domains, context, now }));
};

export default fp(replayService, {
  name: 'replay',
  fastify: '5.x',
  dependencies: ['domains'],
  decorators: { fastify: ['now', 'history', 'snapshots', 'runtime', 'domainContext'] },
});
