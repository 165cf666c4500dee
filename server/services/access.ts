/**
 * Accounts, sessions, feed keys, screen tokens and the audit log (`app.access`). With several
 * server processes on PostgreSQL these are theirs together; sign-in locks stay per process.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { AccessStore } from '../access/access-store';
import { PgScreenTokens } from '../access/pg-screen-tokens';
import { PgAccounts } from '../access/pg-accounts';

declare module 'fastify' {
  interface FastifyInstance {
    access: AccessStore;
  }
}

const accessService: FastifyPluginAsync = async (app) => {
  const sharedScreenTokens = app.shared ? await PgScreenTokens.open(app.shared, app.now) : undefined;
  const sharedAccounts = app.shared
    ? await PgAccounts.open(app.shared, app.now, (error) =>
        app.log.error({ err: error }, 'an audit entry could not be written to PostgreSQL'),
      )
    : undefined;
  const access = new AccessStore(app.db, app.now, { sharedScreenTokens, sharedAccounts });
  app.decorate('access', access);
  // Before the store closes the pool (hooks close in reverse order): the last audit entries are kept.
  app.addHook('onClose', async () => access.settled());
};

export default fp(accessService, {
  name: 'access',
  fastify: '5.x',
  dependencies: ['clock', 'store'],
  decorators: { fastify: ['db', 'now', 'shared'] },
});
