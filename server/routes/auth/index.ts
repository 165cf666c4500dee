/** Signing in (anybody) and a person's own session (signed in). Each file says its access once, at its top. */
import type { FastifyPluginAsync } from 'fastify';
import login from './login';
import session from './session';

const authArea: FastifyPluginAsync = async (app) => {
  await app.register(login);
  await app.register(session);
};

export default authArea;
