/**
 * The operator's dispatch board: new reports (photo, place, category) with the department the
 * category suggests; assign, merge a duplicate, mark as not the city's business with a reason,
 * and grant a department's request for more time. Operators (permission `reports.moderate`).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { requireCsrf, requirePermission } from '../../http/auth-plugin';
import { errors, personWith } from '../../http/route-docs';
import { errorBody } from '../../http/error-handler';
import { departmentFor } from '../../domains/reports/departments';
import { HandlingList } from '../../protocol/reports-handling';
import {
  Acted,
  act,
  departmentChoice,
  handlingItem,
  IdParams,
  notFound,
  type ReportsHandlingOptions,
} from './handling-support';

const DepartmentId = Type.String({ minLength: 1, maxLength: 80, pattern: '^[a-z][a-z0-9-]*$' });
const Reason = Type.String({ minLength: 1, maxLength: 2000 });
const When = Type.Union([
  Type.String({ format: 'date-time', maxLength: 40 }),
  Type.Integer({ minimum: 946_684_800_000 }),
]);

/** At most this many on the board: the oldest first, the rest after those are dispatched. */
const BOARD_LIMIT = 200;

const dispatchRoutes: FastifyPluginAsync<ReportsHandlingOptions> = async (fastify, options) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const operator = requirePermission('reports.moderate');
  const docs = (summary: string, changes: boolean) => ({
    summary,
    tags: ['reports'],
    ...personWith('reports.moderate', changes),
  });

  app.get(
    '/api/v1/reports/dispatch',
    {
      preHandler: operator,
      schema: {
        ...docs('The dispatch board: reports waiting for a department, oldest first', false),
        response: { 200: HandlingList, ...errors(401, 403) },
      },
    },
    async () => {
      const now = options.now();
      const waiting = [...options.reports().all()]
        .filter((report) => report.status === 'new' || report.status === 'approved')
        .sort((a, b) => a.createdAt - b.createdAt)
        .slice(0, BOARD_LIMIT);
      return {
        items: waiting.map((report) => handlingItem(report, options, now)),
        departments: options.departments().map(departmentChoice),
      };
    },
  );

  app.post(
    '/api/v1/reports/:id/assign',
    {
      preHandler: [operator, requireCsrf],
      schema: {
        ...docs("Assign a report to a department (the category's department when none is named)", true),
        params: IdParams,
        body: Type.Object(
          { department: Type.Optional(DepartmentId), note: Type.Optional(Type.String({ maxLength: 2000 })) },
          { additionalProperties: false },
        ),
        response: { 200: Acted, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const report = options.reports().get(id);
      if (!report) return notFound(reply, id);
      const department = request.body.department ?? departmentFor(options.departments(), report.category.code)?.id;
      if (!department) {
        return reply
          .code(400)
          .send(
            errorBody(
              400,
              'department: required (no department handles this category)',
              'department: bắt buộc (chưa có đơn vị phụ trách lĩnh vực này)',
              'department',
            ),
          );
      }
      return act(options, request, reply, id, 'report.assigned', {
        department,
        ...(request.body.note ? { note: request.body.note } : {}),
      });
    },
  );

  app.post(
    '/api/v1/reports/:id/merge',
    {
      preHandler: [operator, requireCsrf],
      schema: {
        ...docs('Merge a report into the one it duplicates', true),
        params: IdParams,
        body: Type.Object(
          { duplicateOf: Type.String({ minLength: 1, maxLength: 100 }) },
          { additionalProperties: false },
        ),
        response: { 200: Acted, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      act(options, request, reply, request.params.id, 'report.merged', { duplicateOf: request.body.duplicateOf }),
  );

  app.post(
    '/api/v1/reports/:id/not-responsible',
    {
      preHandler: [operator, requireCsrf],
      schema: {
        ...docs("Mark a report as not the city's business, with the reason", true),
        params: IdParams,
        body: Type.Object({ reason: Reason }, { additionalProperties: false }),
        response: { 200: Acted, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      act(options, request, reply, request.params.id, 'report.not-responsible', { reason: request.body.reason }),
  );

  app.post(
    '/api/v1/reports/:id/extension',
    {
      preHandler: [operator, requireCsrf],
      schema: {
        ...docs("Grant more time: the report's new deadline (usually the one its department asked for)", true),
        params: IdParams,
        body: Type.Object(
          { newDueAt: When, note: Type.Optional(Type.String({ maxLength: 2000 })) },
          { additionalProperties: false },
        ),
        response: { 200: Acted, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => act(options, request, reply, request.params.id, 'report.extended', { ...request.body }),
  );
};

export default dispatchRoutes;
