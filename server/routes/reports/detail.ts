/** One report in full for an operator (`console.use`), with the reporter's contact, which no topic and no public path ever carries. Every read is audited. */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { reportsReadModel } from '../../domains/reports/aggregator';
import { reportFinder } from '../../domains/reports/settled-reports';
import type { ReportCreated } from '../../domains/reports/schema';
import { actorOf } from '../../access/identity';
import { errorBody } from '../../http/error-handler';
import { errors } from '../../http/route-docs';
import { areaAccess } from '../area-access';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const ReportDetail = Type.Object(
  {
    id: Type.String(),
    status: Type.String(),
    title: Type.String(),
    contact: Type.Unknown({ description: "The reporter's contact, or null (every read is audited)" }),
  },
  { additionalProperties: true, description: "The report in full, with its history and the reporter's contact" },
);

const reportDetail: FastifyPluginAsync = async (fastify) => {
  areaAccess(fastify, { permission: 'console.use' });
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { wholeLog, access } = app;
  // An operator may open a report settled out of the aggregator: folded from the store.
  const reports = reportFinder(reportsReadModel(app.runtime)!, wholeLog);

  app.get(
    '/api/v1/reports/:id',
    {
      schema: {
        summary: "One report in full, with the reporter's contact (audited)",
        tags: ['reports'],
        params: IdParams,
        response: { 200: ReportDetail, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const report = await reports.get(request.params.id);
      if (!report)
        return reply
          .code(404)
          .send(errorBody(404, `no report ${request.params.id}`, `không có phản ánh ${request.params.id}`, 'id'));
      // Through the whole log: a report older than the hot months was created in the archive.
      const created = await wholeLog.findFirst('reports', 'report.created', 'reportId', report.id);
      const reporter = (created?.data as ReportCreated | undefined)?.reporter;
      // The tracking code's fingerprint is the citizen's credential, not a contact: never shown.
      const contact = reporter
        ? Object.fromEntries(Object.entries(reporter).filter(([key]) => key !== 'trackingCodeHash'))
        : null;
      access.audit({ actor: actorOf(request.identity), ip: request.ip }, 'report.contact-read', report.id);
      return {
        id: report.id,
        category: report.category.code,
        categoryName: report.category.name,
        department: report.category.department,
        ward: report.ward,
        status: report.status,
        title: report.title,
        publicTitle: report.publicTitle,
        description: report.description,
        address: report.address,
        photoUrl: report.photoUrl,
        hidePhoto: report.hidePhoto,
        private: report.private,
        lat: report.lat,
        lon: report.lon,
        createdAt: report.createdAt,
        dueAt: report.dueAt,
        extendedDueAt: report.extendedDueAt,
        handledAt: report.handledAt,
        rating: report.rating,
        history: report.history,
        contact,
        source: created?.source ?? null,
      };
    },
  );
};

export default reportDetail;
