/** Accounts, sessions, feed keys, screen tokens and the audit log (`app.access`). */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { AccessStore } from '../access/access-store';

declare module 'fastify' {
  interface FastifyInstance {
    access: AccessStore;
  }
}

const accessService: FastifyPluginAsync = async (app) => {
  app.decorate('access', new AccessStore(app.db, app.now));
};

export default fp(accessService, {
  name: 'access',
  fastify: '5.x',
  dependencies: ['clock', 'store'],
  decorators: { fastify: ['db', 'now'] },
});
