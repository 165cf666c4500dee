/**
 * Reading the live state: health, topics, dashboards and setups. Access: anybody; what each route
 * answers depends on who asks (`request.identity`), and anonymous reads are rate limited per
 * address (`http/request-limits.ts`).
 */
import type { FastifyPluginAsync } from 'fastify';
import health from './health';
import topics from './topics';
import dashboards from './dashboards';
import setup from './setup';

const queryArea: FastifyPluginAsync = async (app) => {
  await app.register(health);
  await app.register(topics);
  await app.register(dashboards);
  await app.register(setup);
};

export default queryArea;
