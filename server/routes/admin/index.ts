/** Administration for the console: feed keys (`keys.manage`), accounts (`users.manage`), the audit log (`audit.read`), webhook subscriptions (`keys.manage`). Each file says its access once, at its top. */
import type { FastifyPluginAsync } from 'fastify';
import keys from './keys';
import users from './users';
import audit from './audit';
import webhooks from './webhooks';

const adminArea: FastifyPluginAsync = async (app) => {
  await app.register(keys);
  await app.register(users);
  await app.register(audit);
  await app.register(webhooks);
};

export default adminArea;
