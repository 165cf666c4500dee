/** Past moments: the dashboards as they were (`GET /api/v1/replay`). Access: as the live topics. */
import type { FastifyPluginAsync } from 'fastify';
import getReplay from './get-replay';

const replayArea: FastifyPluginAsync = async (app) => {
  await app.register(getReplay);
};

export default replayArea;
