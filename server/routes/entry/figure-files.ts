/**
 * Excel and CSV for a unit's report: download the period's template filled with what is entered
 * so far, upload it filled. An upload is checked cell by cell; a refused one lists every bad
 * cell and stores nothing. Files over 10 MB get 413, anything that is not Excel 400.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { requireCsrf } from '../../http/auth-plugin';
import { errors, personWith } from '../../http/route-docs';
import { requireScope } from '../../access/scopes';
import {
  FiguresRefused,
  FiguresRefusedBody as Refused,
  record,
  refusedBody,
  ReportParams,
  reportView,
  resolveReport,
  ReportView,
  checkValues,
  type EntryRouteOptions,
} from './figure-actions';
import { buildCsv, buildWorkbook, readCsv, readWorkbook, XLSX_TYPE } from './workbook';

const UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

const unitOf = (request: FastifyRequest) => (request.params as { unit: string }).unit;
const path = '/api/v1/entry/reports/:template/:unit/:period';
const Upload = Type.Object({
  as: Type.Optional(
    Type.Union([Type.Literal('submit'), Type.Literal('draft')], {
      default: 'submit',
      description: 'Submit the figures (default) or keep them as a draft',
    }),
  ),
});
const TOO_LARGE = {
  statusCode: 413,
  error: 'Payload Too Large',
  field: 'file',
  message: 'file: larger than 10 MB; a report template is a few kilobytes, check that this is the right file',
  messageVi: 'tệp: lớn hơn 10 MB; mẫu báo cáo chỉ vài kilobyte, hãy kiểm tra lại tệp',
};

const fileName = (params: ReportParams, extension: string) =>
  `${params.template}_${params.unit}_${params.period.replace('/', '_')}.${extension}`;

const figureFileRoutes: FastifyPluginAsync<EntryRouteOptions> = async (fastify, options) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // Within these routes only: an upload is read as it is, whatever the browser calls it; the checks say whether it is Excel.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT_BYTES }, (_request, body, done) =>
    done(null, body),
  );
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof FiguresRefused) return reply.code(400).send(refusedBody(error));
    if ((error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send(TOO_LARGE);
    throw error;
  });

  const download =
    (extension: 'xlsx' | 'csv') =>
    async (request: FastifyRequest<{ Params: ReportParams }>, reply: import('fastify').FastifyReply) => {
      const template = resolveReport(options.reporting(), request.params);
      const values = options.reporting().get(template.id, request.params.period, request.params.unit)?.values ?? {};
      const file = {
        template,
        unit: request.params.unit,
        unitName: options.reporting().unitName(request.params.unit),
        period: request.params.period,
      };
      const body = extension === 'xlsx' ? await buildWorkbook(file, values) : await buildCsv(file, values);
      return reply
        .header('content-type', extension === 'xlsx' ? XLSX_TYPE : 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName(request.params, extension)}"`)
        .send(body);
    };
  const binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });

  app.get(
    `${path}/xlsx`,
    {
      preHandler: requireScope('figures.enter', unitOf),
      schema: {
        summary: "The period's Excel template for a unit, filled with what is entered so far",
        tags: ['entry'],
        ...personWith(null, false),
        params: ReportParams,
        produces: [XLSX_TYPE],
        response: { 200: binary, ...errors(400, 401, 403, 404) },
      },
    },
    download('xlsx'),
  );
  app.get(
    `${path}/csv`,
    {
      preHandler: requireScope('figures.enter', unitOf),
      schema: {
        summary: 'The report as CSV (UTF-8, one indicator per line)',
        tags: ['entry'],
        ...personWith(null, false),
        params: ReportParams,
        produces: ['text/csv'],
        response: { 200: binary, ...errors(400, 401, 403, 404) },
      },
    },
    download('csv'),
  );

  const upload =
    (kind: 'xlsx' | 'csv') =>
    async (request: FastifyRequest<{ Params: ReportParams; Querystring: { as?: 'submit' | 'draft' } }>) => {
      const template = resolveReport(options.reporting(), request.params);
      const complete = request.query.as !== 'draft';
      const body = request.body;
      if (!Buffer.isBuffer(body) || body.length === 0)
        throw new FiguresRefused(
          [{ value: null, vi: 'tệp rỗng', en: 'the file is empty' }],
          'file: empty',
          'tệp: rỗng',
        );
      const file = {
        template,
        unit: request.params.unit,
        unitName: options.reporting().unitName(request.params.unit),
        period: request.params.period,
      };
      const values =
        kind === 'xlsx'
          ? await readWorkbook(body, file, complete)
          : await readCsv(body.toString('utf8'), file, complete);
      checkValues(template, values, complete);
      await record(
        options,
        request,
        template,
        request.params,
        complete ? 'figures.submitted' : 'figures.saved',
        complete ? { values, via: kind } : { values },
      );
      return reportView(options.reporting(), template, request.params.period, request.params.unit);
    };
  const uploadSchema = (what: string) => ({
    summary: `Upload the filled ${what}: every cell checked; a refusal lists each bad cell and stores nothing`,
    tags: ['entry'],
    ...personWith(null, true),
    params: ReportParams,
    querystring: Upload,
    response: { 200: ReportView, 400: Refused, ...errors(401, 403, 404, 409, 413) },
  });
  app.post(
    `${path}/xlsx`,
    {
      preHandler: [requireScope('figures.enter', unitOf), requireCsrf],
      bodyLimit: UPLOAD_LIMIT_BYTES,
      schema: uploadSchema('Excel template (.xlsx)'),
    },
    upload('xlsx'),
  );
  app.post(
    `${path}/csv`,
    {
      preHandler: [requireScope('figures.enter', unitOf), requireCsrf],
      bodyLimit: UPLOAD_LIMIT_BYTES,
      schema: uploadSchema('CSV'),
    },
    upload('csv'),
  );
};

export default figureFileRoutes;
