/**
 * The drill-down of `/view`: the detail of a selected indicator. Access: anybody; what it answers
 * depends on who asks and on the dashboard it is asked from (see `detail.ts`).
 */
import type { FastifyPluginAsync } from 'fastify';
import detail from './detail';

const detailArea: FastifyPluginAsync = async (app) => {
  await app.register(detail);
};

export default detailArea;
