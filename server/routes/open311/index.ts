/**
 * Open311 GeoReport v2 for citizen apps and portals. Access: reading is public (approved,
 * non-sensitive reports only); a submission carries a feed key scoped to `reports` in its
 * `api_key` form field, as GeoReport has it, checked by the route. Form bodies are parsed here
 * only: no other area accepts them. Without the reports domain there is nothing to serve.
 */
import type { FastifyPluginAsync } from 'fastify';
import { reportsReadModel } from '../../domains/reports/aggregator';
import open311 from './open311';

const open311Area: FastifyPluginAsync = async (app) => {
  if (!reportsReadModel(app.runtime)) return;
  await app.register(open311, { prefix: '/open311' });
};

export default open311Area;
