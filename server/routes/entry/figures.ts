/**
 * `/api/v1/entry/…`: a ward's or department's periodic reports. My templates and periods, a
 * report with its history, save a draft, submit, approve (and publish), return with a reason,
 * publish, correct a published figure. Every action is events through the ingest path.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ReportingTemplate } from '../../../config/schema/reporting';
import type { ReportingKind } from '../../domains/reporting/lifecycle';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { requireCsrf, requirePermission } from '../../http/auth-plugin';
import { errors, personWith } from '../../http/route-docs';
import { ReportingStatusItem } from '../../protocol/topics/reporting';
import { EntryTasks as Tasks } from '../../protocol/entry';
import { canActFor, requireScope } from '../../access/scopes';
import {
  checkValues,
  FiguresRefused,
  FiguresRefusedBody as Refused,
  HistoryEntrySchema,
  record,
  refusedBody,
  ReportParams,
  reportView,
  resolveReport,
  ReportView,
  type EntryRouteOptions,
} from './figure-actions';

// Null first: Fastify's validator coerces types, and would read a blank as 0 if it tried the number first.
const Figure = Type.Union([Type.Null(), Type.Number({ minimum: -1e12, maximum: 1e12 })]);
const Values = Type.Object(
  { values: Type.Record(Type.String({ maxLength: 64 }), Figure, { maxProperties: 200 }) },
  { additionalProperties: false },
);
const Reason = Type.Object({ reason: Type.String({ minLength: 3, maxLength: 1000 }) }, { additionalProperties: false });
const Approve = Type.Object(
  { publish: Type.Optional(Type.Boolean({ default: true, description: 'Publish to the wall at once (default)' })) },
  { additionalProperties: false },
);
const Correction = Type.Object(
  {
    indicator: Type.String({ maxLength: 64 }),
    oldValue: Figure,
    newValue: Figure,
    reason: Type.String({ minLength: 3, maxLength: 1000 }),
  },
  { additionalProperties: false },
);
const unitOf = (request: FastifyRequest) => (request.params as { unit: string }).unit;
const path = '/api/v1/entry/reports/:template/:unit/:period';

const figuresRoutes: FastifyPluginAsync<EntryRouteOptions> = async (fastify, options) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof FiguresRefused) return reply.code(400).send(refusedBody(error));
    throw error;
  });

  /** The report as the unit sees it now. */
  const view = (params: ReportParams) =>
    reportView(options.reporting(), resolveReport(options.reporting(), params), params.period, params.unit);
  /** Every action: find the template, check what it needs, store the events, answer with the report as it now stands. */
  const act = async (
    request: FastifyRequest<{ Params: ReportParams }>,
    kind: ReportingKind,
    data: Record<string, unknown> = {},
    then: ReportingKind[] = [],
    check: (template: ReportingTemplate) => void = () => {},
  ) => {
    const template = resolveReport(options.reporting(), request.params);
    check(template);
    await record(options, request, template, request.params, kind, data, then);
    return view(request.params);
  };

  app.get(
    '/api/v1/entry/tasks',
    {
      schema: {
        summary: 'My scopes and the reports of my units: submitted, approved, late, missing',
        tags: ['entry'],
        ...personWith(null, false),
        response: { 200: Tasks, ...errors(401) },
      },
    },
    async (request, reply) => {
      const { identity } = request;
      if (identity.kind !== 'user')
        return reply.code(401).send({
          statusCode: 401,
          error: 'Unauthorized',
          message: 'sign in first',
          messageVi: 'hãy đăng nhập',
          field: null,
        });
      const reports = options
        .reporting()
        .status()
        .map((item) => ({
          ...item,
          canEnter: canActFor(identity, 'figures.enter', item.unit),
          canApprove: canActFor(identity, 'figures.approve', item.unit),
        }))
        .filter((item) => item.canEnter || item.canApprove);
      // Before the one-time password is changed a person may act for no unit (as `canActFor` says).
      const held = identity.session.user.mustChangePassword ? [] : identity.session.user.scopes;
      const scopes = held.map((scope) => ({ ...scope, unitName: options.reporting().unitName(scope.unit) }));
      return { scopes, reports };
    },
  );

  app.get(
    '/api/v1/entry/reminders',
    {
      preHandler: requirePermission('console.use'),
      schema: {
        summary: 'For the operator: who has not submitted, latest first',
        tags: ['entry'],
        ...personWith('console.use', false),
        response: { 200: Type.Array(ReportingStatusItem), ...errors(401, 403) },
      },
    },
    async () =>
      options
        .reporting()
        .status()
        .filter((item) => item.state === 'missing' || item.state === 'draft' || item.state === 'returned')
        .sort((a, b) => b.daysLate - a.daysLate || a.dueDate.localeCompare(b.dueDate) || a.unit.localeCompare(b.unit)),
  );

  app.get(
    path,
    {
      preHandler: requireScope('figures.enter', unitOf),
      schema: {
        summary: "A unit's report for a period: indicators, figures, state, history",
        tags: ['entry'],
        ...personWith(null, false),
        params: ReportParams,
        response: { 200: ReportView, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => view(request.params),
  );

  // An approver reads the same report through its own path, so that the scope checked is theirs.
  app.get(
    `${path}/review`,
    {
      preHandler: requireScope('figures.approve', unitOf),
      schema: {
        summary: "A unit's report for its approver",
        tags: ['entry'],
        ...personWith(null, false),
        params: ReportParams,
        response: { 200: ReportView, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => view(request.params),
  );

  app.get(
    `${path}/history`,
    {
      preHandler: requireScope('figures.enter', unitOf),
      schema: {
        summary: 'Everything done with a report: who, when, values, reasons, corrections',
        tags: ['entry'],
        ...personWith(null, false),
        params: ReportParams,
        response: { 200: Type.Array(HistoryEntrySchema), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      resolveReport(options.reporting(), request.params);
      return (
        options.reporting().get(request.params.template, request.params.period, request.params.unit)?.history ?? []
      );
    },
  );

  const entering = { preHandler: [requireScope('figures.enter', unitOf), requireCsrf] };
  const approving = { preHandler: [requireScope('figures.approve', unitOf), requireCsrf] };
  const answers = { 200: ReportView, 400: Refused, ...errors(401, 403, 404, 409) };

  app.put(
    `${path}/draft`,
    {
      ...entering,
      schema: {
        summary: 'Save a draft (blanks allowed)',
        tags: ['entry'],
        ...personWith(null, true),
        params: ReportParams,
        body: Values,
        response: answers,
      },
    },
    async (request) =>
      act(request, 'figures.saved', { values: request.body.values }, [], (template) =>
        checkValues(template, request.body.values, false),
      ),
  );

  app.post(
    `${path}/submit`,
    {
      ...entering,
      schema: {
        summary: 'Submit the figures for approval (every required figure)',
        tags: ['entry'],
        ...personWith(null, true),
        params: ReportParams,
        body: Values,
        response: answers,
      },
    },
    async (request) =>
      act(request, 'figures.submitted', { values: request.body.values, via: 'form' }, [], (template) =>
        checkValues(template, request.body.values, true),
      ),
  );

  app.post(
    `${path}/approve`,
    {
      ...approving,
      schema: {
        summary: 'Approve submitted figures, and publish them to the wall (unless publish: false)',
        tags: ['entry'],
        ...personWith(null, true),
        params: ReportParams,
        body: Approve,
        response: answers,
      },
    },
    async (request) =>
      act(request, 'figures.approved', {}, request.body.publish === false ? [] : ['figures.published']),
  );

  app.post(
    `${path}/publish`,
    {
      ...approving,
      schema: {
        summary: 'Publish approved figures to the wall',
        tags: ['entry'],
        ...personWith(null, true),
        params: ReportParams,
        response: answers,
      },
    },
    async (request) => act(request, 'figures.published'),
  );

  app.post(
    `${path}/return`,
    {
      ...approving,
      schema: {
        summary: 'Return submitted figures to the unit, with the reason',
        tags: ['entry'],
        ...personWith(null, true),
        params: ReportParams,
        body: Reason,
        response: answers,
      },
    },
    async (request) => act(request, 'figures.returned', { reason: request.body.reason }),
  );

  app.post(
    `${path}/correct`,
    {
      ...approving,
      schema: {
        summary: 'Correct a published figure: names the value it replaces and why; the history keeps both',
        tags: ['entry'],
        ...personWith(null, true),
        params: ReportParams,
        body: Correction,
        response: answers,
      },
    },
    async (request) => act(request, 'figures.corrected', { ...request.body }),
  );
};

export default figuresRoutes;
