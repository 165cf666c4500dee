/**
 * `GET /api/v1/reports/:id`: one report in full for an authorised operator, including the
 * reporter's contact, which no topic and no public path ever carries. Every read is audited.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { EventStore } from '../store/event-store';
import type { SecurityStore } from '../security/security-store';
import type { ReportsReadModel } from '../domains/reports/aggregator';
import type { ReportCreated } from '../domains/reports/schema';
import { actorOf } from '../security/identity';
import { errorBody } from './error-handler';
import { requirePermission } from './auth-plugin';

export interface ReportDetailOptions {
  store: EventStore;
  security: SecurityStore;
  reports: () => ReportsReadModel;
}

const reportDetailRoute: FastifyPluginAsync<ReportDetailOptions> = async (fastify, { store, security, reports }) => {
  fastify.withTypeProvider<TypeBoxTypeProvider>().get('/api/v1/reports/:id', {
    preHandler: requirePermission('console.use'),
    schema: { params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }) },
  }, async (request, reply) => {
    const report = reports().get(request.params.id);
    if (!report) return reply.code(404).send(errorBody(404, `no report ${request.params.id}`, `không có phản ánh ${request.params.id}`, 'id'));
    const created = store.findFirst('reports', 'report.created', 'reportId', report.id);
    const contact = (created?.data as ReportCreated | undefined)?.reporter ?? null;
    security.audit({ actor: actorOf(request.identity), ip: request.ip }, 'report.contact-read', report.id);
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
  });
};

export default fp(reportDetailRoute, { name: 'report-detail-route' });
