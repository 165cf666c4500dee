/**
 * Moderation of citizen reports by an operator (`reports.moderate`): what the public would read of
 * a report (masked) before approving it, and the decision itself (approve or reject, a public
 * title, the photo hidden, made private), stored as ordinary events through the ingest path.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { reportsReadModel } from '../../domains/reports/aggregator';
import { isPublicReport } from '../../domains/reports/publication';
import { maskPersonalData, publicTextOf } from '../../domains/reports/public-text';
import { actorOf } from '../../access/identity';
import { errorBody } from '../../http/error-handler';
import { PersonalDataFlag, PublicPreview } from '../../protocol/rest';
import { errors } from '../../http/route-docs';
import type { IngestEvent } from '../../domains/domain';
import { areaAccess } from '../area-access';

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

const Moderated = Type.Object({
  ok: Type.Boolean(),
  publicText: Type.String(),
  flags: Type.Array(PersonalDataFlag),
  public: Type.Boolean(),
});

const moderation: FastifyPluginAsync = async (fastify) => {
  areaAccess(fastify, { permission: 'reports.moderate' });
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { ingest, access } = app;
  const reports = reportsReadModel(app.runtime)!;

  /**
   * What the public would read of this report (its title, or the title the moderator is about to
   * set), masked, with what was masked: the moderation UI shows it before the moderator approves.
   */
  app.post(
    '/api/v1/reports/:id/public-preview',
    {
      schema: {
        summary: 'What the public would read of a report (masked), before approving it',
        tags: ['reports'],
        params: IdParams,
        body: Preview,
        response: { 200: PublicPreview, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const report = reports.get(id);
      if (!report) return reply.code(404).send(errorBody(404, `no report ${id}`, `không có phản ánh ${id}`, 'id'));
      const { text, flags } = publicTextOf({
        publicTitle: request.body.publicTitle ?? report.publicTitle,
        title: report.title,
      });
      return { id, publicText: text, flags, public: isPublicReport(report) };
    },
  );

  /**
   * Moderation by an operator: approve (or reject) a new report, set its public title, hide its
   * photo, make it private. Stored as ordinary events through the ingest path, by this person.
   */
  app.post(
    '/api/v1/reports/:id/moderation',
    {
      schema: {
        summary: 'Moderate a report: approve or reject it, set its public title, hide its photo, make it private',
        tags: ['reports'],
        params: IdParams,
        body: Moderation,
        response: { 200: Moderated, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const report = reports.get(id);
      if (!report) return reply.code(404).send(errorBody(404, `no report ${id}`, `không có phản ánh ${id}`, 'id'));
      const body = request.body;
      if (body.approve && body.reject)
        return reply
          .code(400)
          .send(errorBody(400, 'approve, reject: not both', 'approve, reject: không thể cùng lúc', 'reject'));
      const events: IngestEvent[] = [];
      const note = body.note ? { note: body.note } : {};
      // Approved without a title of the moderator's own: the masked citizen's title the preview showed
      // is stored as the public title, so what goes out is exactly what the moderator saw.
      const pinned =
        body.approve && body.publicTitle === undefined && report.publicTitle === null
          ? maskPersonalData(report.title).text
          : undefined;
      const decision = Object.fromEntries(
        Object.entries({
          publicTitle: body.publicTitle ?? pinned,
          hidePhoto: body.hidePhoto,
          private: body.private,
        }).filter(([, v]) => v !== undefined),
      );
      // The decision first: a report approved and made private in one go is never public for a tick.
      if (Object.keys(decision).length > 0)
        events.push({ domain: 'reports', kind: 'report.moderated', data: { reportId: id, ...decision } });
      if (body.approve)
        events.push({ domain: 'reports', kind: 'report.status', data: { reportId: id, status: 'approved', ...note } });
      if (body.reject)
        events.push({ domain: 'reports', kind: 'report.status', data: { reportId: id, status: 'rejected', ...note } });
      if (events.length === 0)
        return reply.code(400).send(errorBody(400, 'body: nothing to do', 'body: không có thay đổi', 'body'));
      const who = { actor: actorOf(request.identity), ip: request.ip };
      // What was masked is told of the text before pinning (a pinned title has nothing left to mask).
      const { flags } = publicTextOf({ publicTitle: body.publicTitle ?? report.publicTitle, title: report.title });
      await ingest.ingest(events, { source: who.actor, caller: request.identity });
      const publicText = publicTextOf(report).text;
      access.audit(who, 'report.moderate', id, { ...body, publicText });
      return { ok: true, publicText, flags, public: isPublicReport(report) };
    },
  );
};

export default moderation;
