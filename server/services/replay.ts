/**
 * The past moments (`app.replay`): `app.replay.topicsAt(at, audience, topics?)` gives the topics
 * as the live system published them at `at` (see `server/replay/topics-at.ts`), for the replay
 * route, the player and the exports of a past moment.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { ReplayCursors } from '../replay/topics-at';

declare module 'fastify' {
  interface FastifyInstance {
    replay: ReplayCursors;
  }
}

const REPLAY_NOT_ON_POSTGRES = {
  en: 'at: replay is not available on the PostgreSQL store yet',
  vi: 'at: xem lại chưa có trên kho PostgreSQL',
};

const replayService: FastifyPluginAsync = async (app) => {
  const { domainContext, runtime, history, snapshots, now } = app;
  const { now: _liveClock, ...context } = domainContext;
  // The past is read from SQLite's log and its snapshots. On PostgreSQL no snapshot is written
  // yet, so every moment is refused, saying so: never an empty past shown as real, and never
  // "nothing was recorded" about a log that holds a year.
  const log = history ?? { readAll: function* () {}, span: () => null, seqAt: () => 0 };
  const unavailable = history ? null : REPLAY_NOT_ON_POSTGRES;
  app.decorate(
    'replay',
    new ReplayCursors({ store: log, snapshots, domains: runtime.domains, context, now, unavailable }),
  );
};

export default fp(replayService, {
  name: 'replay',
  fastify: '5.x',
  dependencies: ['domains'],
  decorators: { fastify: ['now', 'history', 'snapshots', 'runtime', 'domainContext'] },
});
