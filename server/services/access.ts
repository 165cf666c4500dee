/**
 * Accounts, sessions, feed keys, screen tokens and the audit log (`app.access`). With several
 * server processes on PostgreSQL the screen tokens are theirs together; the rest stays per process.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { AccessStore } from '../access/access-store';
import { PgScreenTokens } from '../access/pg-screen-tokens';

declare module 'fastify' {
  interface FastifyInstance {
    access: AccessStore;
  }
}

const accessService: FastifyPluginAsync = async (app) => {
  const sharedScreenTokens = app.shared ? await PgScreenTokens.open(app.shared, app.now) : undefined;
  app.decorate('access', new AccessStore(app.db, app.now, { sharedScreenTokens }));
};

export default fp(accessService, {
  name: 'access',
  fastify: '5.x',
  dependencies: ['clock', 'store'],
  decorators: { fastify: ['db', 'now', 'shared'] },
});
