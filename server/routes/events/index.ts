/** Ingest over HTTP. Access: feed keys and people with `events.post`, checked in `post-events.ts` (it also refuses a body that is not JSON). */
import type { FastifyPluginAsync } from 'fastify';
import postEvents from './post-events';

const eventsArea: FastifyPluginAsync = async (app) => {
  await app.register(postEvents);
};

export default eventsArea;
