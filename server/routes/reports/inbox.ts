/**
 * A department's inbox and a ward officer's view: the open reports with their SLA clocks; accept,
 * transfer with a reason, ask for more time, respond with the result (text and photos), close;
 * field notes from the ward; and the timeline of one report. Each request is checked against the
 * unit it acts for (`requireScope`): a handler of another department gets 403 naming the unit.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { requireCsrf } from '../../http/auth-plugin';
import { errors, personWith } from '../../http/route-docs';
import { errorBody } from '../../http/error-handler';
import { can } from '../../access/identity';
import { isHandled, isOpen } from '../../domains/reports/lifecycle';
import { deadlineOf, type Report } from '../../domains/reports/aggregator';
import { PhotoId } from '../../domains/reports/schema';
import { HandlingList, MyReportUnits, Timeline } from '../../protocol/reports-handling';
import {
  Acted,
  act,
  departmentChoice,
  handlingItem,
  IdParams,
  notFound,
  type ReportsHandlingOptions,
} from './handling-support';
import { directoryOf, scopeRefusal } from '../../access/scopes';

const DepartmentId = Type.String({ minLength: 1, maxLength: 80, pattern: '^[a-z][a-z0-9-]*$' });
const Reason = Type.String({ minLength: 1, maxLength: 2000 });
const When = Type.Union([
  Type.String({ format: 'date-time', maxLength: 40 }),
  Type.Integer({ minimum: 946_684_800_000 }),
]);
const PhotoUrls = Type.Array(Type.String({ maxLength: 1000, pattern: '^https?://' }), { maxItems: 10 });
const LIST_LIMIT = 300;
/** Closed reports stay at the end of the inbox for a week, with their timeline, then leave it. */
const CLOSED_SHOWN_MS = 7 * 86_400_000;
const closedLately = (report: Report, now: number) =>
  report.status === 'closed' && (report.timeline.at(-1)?.at ?? 0) >= now - CLOSED_SHOWN_MS;

const inboxRoutes: FastifyPluginAsync<ReportsHandlingOptions> = async (fastify, options) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { requireScope, canActFor } = options;
  const docs = (summary: string, changes: boolean, unit: string) => ({
    summary,
    tags: ['reports'],
    ...personWith(null, changes),
    description: `Needs a signed-in person who may act for ${unit} (a handler scoped to it, or an operator).`,
  });
  /** The department a report is with: the unit a handler must be scoped to. */
  const departmentOf = (request: FastifyRequest) =>
    options.reports().get((request.params as { id: string }).id)?.department ?? '';
  const wardOf = (request: FastifyRequest) => options.reports().get((request.params as { id: string }).id)?.ward ?? '';
  const reportExists = async (request: FastifyRequest, reply: import('fastify').FastifyReply) => {
    const { id } = request.params as { id: string };
    if (!options.reports().get(id)) return notFound(reply, id);
    return undefined;
  };
  const handler = [reportExists, requireScope('reports.handle', departmentOf), requireCsrf];

  app.get(
    '/api/v1/reports/my-units',
    {
      schema: {
        summary: 'The departments and wards this person may handle reports for',
        tags: ['reports'],
        ...personWith(null, false),
        response: { 200: MyReportUnits, ...errors(401) },
      },
    },
    async (request, reply) => {
      const { identity } = request;
      if (identity.kind !== 'user')
        return reply.code(401).send(errorBody(401, 'authentication required', 'cần đăng nhập'));
      return {
        departments: options
          .departments()
          .filter((d) => canActFor(identity, 'reports.handle', d.id))
          .map(departmentChoice),
        wards: options
          .wardCodes()
          .filter((code) => canActFor(identity, 'reports.field-note', code))
          .map((code) => ({ code, name: options.wardName(code) ?? code })),
        dispatch: can(identity, 'reports.moderate'),
        timeZone: options.timeZone(),
      };
    },
  );

  app.get(
    '/api/v1/reports/inbox/:department',
    {
      preHandler: [
        async (request, reply) => {
          const { department } = request.params as { department: string };
          if (!options.departments().some((d) => d.id === department)) {
            return reply
              .code(404)
              .send(
                errorBody(
                  404,
                  `department: no department "${department}"`,
                  `department: không có đơn vị "${department}"`,
                  'department',
                ),
              );
          }
          return undefined;
        },
        requireScope('reports.handle', (request) => (request.params as { department: string }).department),
      ],
      schema: {
        ...docs("A department's inbox: its reports being handled, the most urgent first", false, 'the department'),
        params: Type.Object({ department: DepartmentId }),
        response: { 200: HandlingList, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const now = options.now();
      const { department } = request.params;
      const items = [...options.reports().all()]
        .filter(
          (report) =>
            report.department === department &&
            (isOpen(report.status) ||
              report.status === 'resolved' ||
              report.status === 'rated' ||
              closedLately(report, now)),
        )
        // Open ones by deadline (overdue first), then those answered and waiting to be closed.
        .sort((a, b) => Number(isHandled(a.status)) - Number(isHandled(b.status)) || deadlineOf(a) - deadlineOf(b))
        .slice(0, LIST_LIMIT);
      return {
        items: items.map((report) => handlingItem(report, options, now)),
        departments: options.departments().map(departmentChoice),
      };
    },
  );

  app.get(
    '/api/v1/reports/ward/:ward',
    {
      preHandler: requireScope('reports.field-note', (request) => (request.params as { ward: string }).ward),
      schema: {
        ...docs(
          "A ward officer's view: the reports in the ward not yet closed, the most urgent first",
          false,
          'the ward',
        ),
        params: Type.Object({ ward: Type.String({ pattern: '^[0-9]{5}$' }) }),
        response: { 200: HandlingList, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const now = options.now();
      const items = [...options.reports().all()]
        .filter(
          (report) =>
            report.ward === request.params.ward &&
            (isOpen(report.status) || report.status === 'resolved' || report.status === 'rated'),
        )
        .sort((a, b) => deadlineOf(a) - deadlineOf(b))
        .slice(0, LIST_LIMIT);
      return {
        items: items.map((report) => handlingItem(report, options, now)),
        departments: options.departments().map(departmentChoice),
      };
    },
  );

  const action = (
    path: string,
    summary: string,
    body: ReturnType<typeof Type.Object>,
    kind: Parameters<typeof act>[4],
  ) =>
    app.post(
      `/api/v1/reports/:id/${path}`,
      {
        preHandler: handler,
        schema: {
          ...docs(summary, true, "the report's department"),
          params: IdParams,
          body,
          response: { 200: Acted, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        act(options, request, reply, request.params.id, kind, request.body as Record<string, unknown>),
    );

  action(
    'accept',
    'The department accepts the report: its handling starts',
    Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
    'report.accepted',
  );
  action(
    'transfer',
    'Hand the report to another department, with the reason',
    Type.Object({ department: DepartmentId, reason: Reason }, { additionalProperties: false }),
    'report.transferred',
  );
  action(
    'extension-request',
    'Ask for more time: the new deadline and why',
    Type.Object({ newDueAt: When, reason: Reason }, { additionalProperties: false }),
    'report.extension-requested',
  );
  action(
    'respond',
    'The result: the official response (text and photos)',
    Type.Object(
      {
        text: Type.String({ minLength: 1, maxLength: 2000 }),
        photoUrls: Type.Optional(PhotoUrls),
        photos: Type.Optional(
          Type.Array(PhotoId, {
            maxItems: 3,
            description: 'Ids from `POST /api/v1/photos` (public with the response)',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    'report.responded',
  );
  action(
    'close',
    'Close a report that was answered',
    Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
    'report.closed',
  );

  app.post(
    '/api/v1/reports/:id/field-note',
    {
      preHandler: [reportExists, requireScope('reports.field-note', wardOf), requireCsrf],
      schema: {
        ...docs("A ward officer's note from the place (internal)", true, "the report's ward"),
        params: IdParams,
        body: Type.Object(
          { text: Type.String({ minLength: 1, maxLength: 2000 }), photoUrls: Type.Optional(PhotoUrls) },
          { additionalProperties: false },
        ),
        response: { 200: Acted, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => act(options, request, reply, request.params.id, 'report.field-note', request.body),
  );

  app.get(
    '/api/v1/reports/:id/timeline',
    {
      preHandler: reportExists,
      schema: {
        ...docs(
          'The record of a report: every step in order, who took it and when',
          false,
          "the report's department or ward (operators: any)",
        ),
        params: IdParams,
        response: { 200: Timeline, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { identity } = request;
      const report = options.reports().get(request.params.id)!;
      if (identity.kind === 'anonymous')
        return reply.code(401).send(errorBody(401, 'authentication required', 'cần đăng nhập'));
      const allowed =
        can(identity, 'console.use') ||
        (report.department !== null && canActFor(identity, 'reports.handle', report.department)) ||
        canActFor(identity, 'reports.field-note', report.ward);
      if (!allowed) {
        const unit = report.department ?? report.ward;
        return reply.code(403).send(scopeRefusal('reports.handle', unit, directoryOf(app)));
      }
      return { reportId: report.id, status: report.status, entries: report.timeline };
    },
  );
};

export default inboxRoutes;
