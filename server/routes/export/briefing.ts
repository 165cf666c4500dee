/**
 * `GET /api/v1/export/<dashboard>.pdf`: the briefing pack of a dashboard, now or at `?at=`.
 * Access: as the screen, decided in the handler from `request.identity` (`export-context.ts`):
 * anybody for a public dashboard (public data only), a person who reads internal topics for an
 * internal one. Anonymous calls are rate limited per address.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { Value } from 'typebox/value';
import { errors, READ_BY_ANYONE } from '../../http/route-docs';
import { loadWidgetManifests } from '../../config/load-config';
import { briefingPdf } from '../../pdf/briefing-pdf';
import { attentionOf } from '../../pdf/attention';
import type { Meaning } from '../../../widgets/meaning';
import type { KpiTileInput } from '../../../widgets/kpi-tile/bind';
import type { GaugeInput } from '../../../widgets/gauge/bind';
import { cityHour } from '../../export/dashboard-export';
import { isRefusal, loadExport, type ExportSources } from './export-context';
import { fileStamp } from './file-stamp';

const Params = Type.Object({
  file: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}\\.pdf$', description: '`<dashboard id>.pdf`' }),
});
const Query = Type.Object({
  at: Type.Optional(Type.String({ maxLength: 40, description: 'A moment in the past (ISO 8601); none: now' })),
});

const briefing: FastifyPluginAsync<ExportSources> = async (fastify, sources) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const manifests = await loadWidgetManifests();

  app.get(
    '/api/v1/export/:file',
    {
      schema: {
        summary:
          "A dashboard's briefing pack as PDF: its picture, what needs attention, the tables, the time and the source",
        tags: ['dashboards'],
        security: READ_BY_ANYONE,
        params: Params,
        querystring: Query,
        produces: ['application/pdf'],
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors(400, 404, 429) },
      },
    },
    async (request, reply) => {
      const dashboardId = request.params.file.slice(0, -'.pdf'.length);
      const loaded = await loadExport(fastify, manifests, sources, {
        identity: request.identity,
        dashboardId,
        at: request.query.at,
      });
      if (isRefusal(loaded)) return reply.code(loaded.status).send(loaded.body);
      const current = app.config.current();
      const { fixtures } = app.domainContext;
      // The tiles' colours mean what they mean on the screen: the widget's own bind says it.
      const meanings = new Map<string, Meaning>();
      const host = { screen: null, cityHour: cityHour(loaded.moment.at, loaded.timeZone) };
      for (const placement of loaded.dashboard.widgets) {
        if (placement.type !== 'kpi-tile' && placement.type !== 'gauge') continue;
        const manifest = manifests.get(placement.type)!;
        const options = Value.Default(manifest.options, structuredClone(placement.options ?? {}));
        const input = manifest.bind(loaded.moment.data, options as never, host) as KpiTileInput | GaugeInput | null;
        if (input) meanings.set(placement.id, input.meaning);
      }
      const pdf = await briefingPdf({
        dashboard: loaded.dashboard,
        tables: loaded.tables,
        meanings,
        attention: attentionOf(loaded.moment.data, loaded.timeZone),
        moment: loaded.momentText,
        source: loaded.source(loaded.tables.flatMap((table) => table.topics)),
        city: current.app.city.name,
        simulated: loaded.moment.simulated,
        wards: fixtures.wards.map((ward) => ({
          code: ward.code,
          name: { vi: ward.fullName, en: ward.nameEn },
          polygon: ward.polygon,
        })),
        schematic: current.app.city.wardBoundariesSchematic,
      });
      const name = `${loaded.dashboard.id}-${fileStamp(loaded.moment.at, loaded.timeZone)}.pdf`;
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
};

export default briefing;
