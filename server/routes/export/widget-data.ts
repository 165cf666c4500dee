/**
 * `GET /api/v1/export/<dashboard>/<widget>.xlsx|.csv`: the data a widget shows, as a spreadsheet.
 * Access: anybody for a public dashboard (public data only), a person who reads internal topics
 * for an internal one; decided in the handler from `request.identity` (`export-context.ts`), as
 * the screen decides. Anonymous calls are rate limited per address.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { errorBody } from '../../http/error-handler';
import { errors, READ_BY_ANYONE } from '../../http/route-docs';
import { loadWidgetManifests } from '../../config/load-config';
import { toCsv, toXlsx } from '../../export/spreadsheet';
import { isRefusal, loadExport, type ExportSources } from './export-context';
import { fileStamp } from './file-stamp';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const Params = Type.Object({
  dashboard: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'The dashboard id' }),
  file: Type.String({
    pattern: '^[a-z0-9][a-z0-9-]{0,62}\\.(xlsx|csv)$',
    description: '`<widget id>.xlsx` or `<widget id>.csv`',
  }),
});
const Query = Type.Object({
  at: Type.Optional(Type.String({ maxLength: 40, description: 'A moment in the past (ISO 8601); none: now' })),
});

const widgetData: FastifyPluginAsync<ExportSources> = async (fastify, sources) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const manifests = await loadWidgetManifests();

  app.get(
    '/api/v1/export/:dashboard/:file',
    {
      schema: {
        summary:
          "A widget's data as .xlsx or .csv (a public dashboard: public data; an internal one: a signed-in person)",
        tags: ['dashboards'],
        security: READ_BY_ANYONE,
        params: Params,
        querystring: Query,
        produces: [XLSX_TYPE, 'text/csv'],
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors(400, 404, 429) },
      },
    },
    async (request, reply) => {
      const dot = request.params.file.lastIndexOf('.');
      const widgetId = request.params.file.slice(0, dot);
      const format = request.params.file.slice(dot + 1) as 'xlsx' | 'csv';
      const loaded = await loadExport(fastify, manifests, sources, {
        identity: request.identity,
        dashboardId: request.params.dashboard,
        at: request.query.at,
      });
      if (isRefusal(loaded)) return reply.code(loaded.status).send(loaded.body);
      const placement = loaded.dashboard.widgets.find((widget) => widget.id === widgetId);
      if (!placement)
        return reply
          .code(404)
          .send(
            errorBody(404, `no widget ${widgetId} on this dashboard`, `bảng điều hành không có ô ${widgetId}`, 'file'),
          );
      const table = loaded.tables.find((candidate) => candidate.id === widgetId);
      if (!table)
        return reply
          .code(404)
          .send(
            errorBody(
              404,
              `widget ${widgetId} has no figures to export (yet)`,
              `ô ${widgetId} chưa có số liệu để xuất`,
              'file',
            ),
          );
      const source = loaded.source(table.topics);
      const heading = {
        dashboard: loaded.dashboard.title,
        moment: `${loaded.momentText.vi} / ${loaded.momentText.en}`,
        source: source.vi,
        simulated: loaded.moment.simulated,
      };
      const name = `${loaded.dashboard.id}-${widgetId}-${fileStamp(loaded.moment.at, loaded.timeZone)}.${format}`;
      const body = format === 'xlsx' ? await toXlsx(table, heading) : Buffer.from(toCsv(table, heading), 'utf8');
      return reply
        .header('content-type', format === 'xlsx' ? XLSX_TYPE : 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  );
};

export default widgetData;
