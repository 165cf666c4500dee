/**
 * The citizens' channel (`/api/citizen/…`): public, anonymous, for the phone app `/phan-anh`.
 * Access: open to anybody by design; what a caller may see depends on the reference it holds (a
 * tracking code or a public id), and abuse is bounded in the routes (proof of work, limits).
 * Without the reports domain there is nothing to serve.
 */
import type { FastifyPluginAsync } from 'fastify';
import { reportsReadModel } from '../../domains/reports/aggregator';
import citizen from './citizen';

const citizenArea: FastifyPluginAsync = async (app) => {
  if (!reportsReadModel(app.runtime)) return;
  await app.register(citizen);
};

export default citizenArea;
