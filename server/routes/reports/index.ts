/**
 * Citizen reports for operators: one report in full (`console.use`) and moderation
 * (`reports.moderate`). Each file says its access once, at its top. Without the reports domain
 * (a test's own list of domains) there is nothing to serve.
 */
import type { FastifyPluginAsync } from 'fastify';
import { reportsReadModel } from '../../domains/reports/aggregator';
import detail from './detail';
import moderation from './moderation';

const reportsArea: FastifyPluginAsync = async (app) => {
  if (!reportsReadModel(app.runtime)) return;
  await app.register(detail);
  await app.register(moderation);
};

export default reportsArea;
