/** The connectors for the console: their health, pause/resume, a dry run of a mapping, dead letters and their replay. */
import type { FastifyPluginAsync } from 'fastify';
import feedsAdmin from './feeds-admin';

const feedsArea: FastifyPluginAsync = async (app) => {
  await app.register(feedsAdmin);
};

export default feedsArea;
