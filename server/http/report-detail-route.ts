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
import { requireCsrf, requirePermission } from './auth-plugin';
import type { IngestService } from '../ingest/ingest-service';
import type { IngestEvent } from '../domains/domain';

export interface ReportDetailOptions {
  store: EventStore;
  ingest: IngestService;
  security: SecurityStore;
  reports: () => ReportsReadModel;
}

const Moderation = Type.Object(
  {
    approve: Type.Optional(Type.Boolean()),
    reject: Type.Optional(Type.Boolean()),
    publicTitle: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    hidePhoto: Type.Optional(Type.Boolean()),
    private: Type.Optional(Type.Boolean()),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

const reportDetailRoute: FastifyPluginAsync<ReportDetailOptions> = async (fastify, { store, ingest, security, reports }) => {
  /**
   * Moderation by an operator: approve (or reject) a new report, set its public title, hide its
   * photo, make it private. Stored as ordinary events through the ingest path, by this person.
   */
  fastify.withTypeProvider<TypeBoxTypeProvider>().post('/api/v1/reports/:id/moderation', {
    preHandler: [requirePermission('reports.moderate'), requireCsrf],
    schema: { params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }), body: Moderation },
  }, async (request, reply) => {
    const { id } = request.params;
    if (!reports().get(id)) return reply.code(404).send(errorBody(404, `no report ${id}`, `không có phản ánh ${id}`, 'id'));
    const body = request.body;
    if (body.approve && body.reject) return reply.code(400).send(errorBody(400, 'approve, reject: not both', 'approve, reject: không thể cùng lúc', 'reject'));
    const events: IngestEvent[] = [];
    const note = body.note ? { note: body.note } : {};
    if (body.approve) events.push({ domain: 'reports', kind: 'report.status', data: { reportId: id, status: 'approved', ...note } });
    if (body.reject) events.push({ domain: 'reports', kind: 'report.status', data: { reportId: id, status: 'rejected', ...note } });
    const decision = Object.fromEntries(Object.entries({ publicTitle: body.publicTitle, hidePhoto: body.hidePhoto, private: body.private }).filter(([, v]) => v !== undefined));
    if (Object.keys(decision).length > 0) events.push({ domain: 'reports', kind: 'report.moderated', data: { reportId: id, ...decision } });
    if (events.length === 0) return reply.code(400).send(errorBody(400, 'body: nothing to do', 'body: không có thay đổi', 'body'));
    const who = { actor: actorOf(request.identity), ip: request.ip };
    await ingest.ingest(events, { source: who.actor });
    security.audit(who, 'report.moderate', id, body as Record<string, unknown>);
    return { ok: true };
  });

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
