/**
 * Data entry for departments, wards and communes (hệ thống thông tin báo cáo): the periodic
 * reports of a unit — form, Excel and CSV, submit, approve, return, publish, correct. Access: each
 * route names the unit it acts for and is guarded by `requireScope` (`server/access/scopes.ts`),
 * which answers 403 naming the unit. Without the reporting domain there is nothing to serve.
 */
import type { FastifyPluginAsync } from 'fastify';
import { isReportingAggregator } from '../../domains/reporting/aggregator';
import figures from './figures';
import figureFiles from './figure-files';

const entryArea: FastifyPluginAsync = async (app) => {
  if (!isReportingAggregator(app.runtime.aggregator('reporting'))) return;
  // The aggregator the runtime holds at each request: a process that takes the lead builds fresh ones.
  const reporting = () => {
    const aggregator = app.runtime.aggregator('reporting');
    if (!isReportingAggregator(aggregator)) throw new Error('the reporting domain is gone from the runtime');
    return aggregator.readModel;
  };
  const options = { ingest: app.ingest, security: app.access, reporting };
  await app.register(figures, options);
  await app.register(figureFiles, options);
};

export default entryArea;
