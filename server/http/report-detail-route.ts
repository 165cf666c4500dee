/**
 * `GET /api/v1/reports/:id`: one report in full for an authorised operator, including the
 * reporter's contact, which no topic and no public path ever carries. Every read is audited.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { EventStore } from '../store/event-store';
import type { AccessStore } from '../access/access-store';
import type { ReportsReadModel } from '../domains/reports/aggregator';
import { isPublicReport } from '../domains/reports/publication';
import { maskPersonalData, publicTextOf } from '../domains/reports/public-text';
import type { ReportCreated } from '../domains/reports/schema';
import { actorOf } from '../access/identity';
import { errorBody } from './error-handler';
import { requireCsrf, requirePermission } from './auth-plugin';
import { PersonalDataFlag, PublicPreview } from '../protocol/rest';
import { errors, personWith } from './route-docs';
import type { IngestService } from '../ingest/ingest-service';
import type { IngestEvent } from '../domains/domain';

export interface ReportDetailOptions {
  store: EventStore;
  ingest: IngestService;
  security: AccessStore;
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

const Preview = Type.Object(
  { publicTitle: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })) },
  { additionalProperties: false },
);

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

const Moderated = Type.Object({ ok: Type.Boolean(), publicText: Type.String(), flags: Type.Array(PersonalDataFlag), public: Type.Boolean() });
const ReportDetail = Type.Object(
  { id: Type.String(), status: Type.String(), title: Type.String(), contact: Type.Unknown({ description: 'The reporter\'s contact, or null (every read is audited)' }) },
  { additionalProperties: true, description: 'The report in full, with its history and the reporter\'s contact' },
);

const reportDetailRoute: FastifyPluginAsync<ReportDetailOptions> = async (fastify, { store, ingest, security, reports }) => {
  /**
   * What the public would read of this report (its title, or the title the moderator is about to
   * set), masked, with what was masked: the moderation UI shows it before the moderator approves.
   */
  fastify.withTypeProvider<TypeBoxTypeProvider>().post('/api/v1/reports/:id/public-preview', {
    preHandler: [requirePermission('reports.moderate'), requireCsrf],
    schema: {
      summary: 'What the public would read of a report (masked), before approving it', tags: ['reports'], ...personWith('reports.moderate', true),
      params: IdParams, body: Preview, response: { 200: PublicPreview, ...errors(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    const { id } = request.params;
    const report = reports().get(id);
    if (!report) return reply.code(404).send(errorBody(404, `no report ${id}`, `không có phản ánh ${id}`, 'id'));
    const { text, flags } = publicTextOf({ publicTitle: request.body.publicTitle ?? report.publicTitle, title: report.title });
    return { id, publicText: text, flags, public: isPublicReport(report) };
  });

  /**
   * Moderation by an operator: approve (or reject) a new report, set its public title, hide its
   * photo, make it private. Stored as ordinary events through the ingest path, by this person.
   */
  fastify.withTypeProvider<TypeBoxTypeProvider>().post('/api/v1/reports/:id/moderation', {
    preHandler: [requirePermission('reports.moderate'), requireCsrf],
    schema: {
      summary: 'Moderate a report: approve or reject it, set its public title, hide its photo, make it private', tags: ['reports'], ...personWith('reports.moderate', true),
      params: IdParams, body: Moderation, response: { 200: Moderated, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    const { id } = request.params;
    const report = reports().get(id);
    if (!report) return reply.code(404).send(errorBody(404, `no report ${id}`, `không có phản ánh ${id}`, 'id'));
    const body = request.body;
    if (body.approve && body.reject) return reply.code(400).send(errorBody(400, 'approve, reject: not both', 'approve, reject: không thể cùng lúc', 'reject'));
    const events: IngestEvent[] = [];
    const note = body.note ? { note: body.note } : {};
    // Approved without a title of the moderator's own: the masked citizen's title the preview showed
    // is stored as the public title, so what goes out is exactly what the moderator saw.
    const pinned = body.approve && body.publicTitle === undefined && report.publicTitle === null ? maskPersonalData(report.title).text : undefined;
    const decision = Object.fromEntries(
      Object.entries({ publicTitle: body.publicTitle ?? pinned, hidePhoto: body.hidePhoto, private: body.private }).filter(([, v]) => v !== undefined),
    );
    // The decision first: a report approved and made private in one go is never public for a tick.
    if (Object.keys(decision).length > 0) events.push({ domain: 'reports', kind: 'report.moderated', data: { reportId: id, ...decision } });
    if (body.approve) events.push({ domain: 'reports', kind: 'report.status', data: { reportId: id, status: 'approved', ...note } });
    if (body.reject) events.push({ domain: 'reports', kind: 'report.status', data: { reportId: id, status: 'rejected', ...note } });
    if (events.length === 0) return reply.code(400).send(errorBody(400, 'body: nothing to do', 'body: không có thay đổi', 'body'));
    const who = { actor: actorOf(request.identity), ip: request.ip };
    // What was masked is told of the text before pinning (a pinned title has nothing left to mask).
    const { flags } = publicTextOf({ publicTitle: body.publicTitle ?? report.publicTitle, title: report.title });
    await ingest.ingest(events, { source: who.actor, caller: request.identity });
    const publicText = publicTextOf(report).text;
    security.audit(who, 'report.moderate', id, { ...body, publicText });
    return { ok: true, publicText, flags, public: isPublicReport(report) };
  });

  fastify.withTypeProvider<TypeBoxTypeProvider>().get('/api/v1/reports/:id', {
    preHandler: requirePermission('console.use'),
    schema: {
      summary: 'One report in full, with the reporter\'s contact (audited)', tags: ['reports'], ...personWith('console.use', false),
      params: IdParams, response: { 200: ReportDetail, ...errors(400, 401, 403, 404) },
    },
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
