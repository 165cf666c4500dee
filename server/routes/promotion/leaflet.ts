/**
 * `GET /api/v1/promotion/leaflet/<ward-code>.pdf`: a ward's printable leaflet (A5): how to report
 * from a phone in three steps, the QR code to the citizens' page, the hotline. Access: anybody
 * (it is printed for the public and holds nothing else); anonymous calls are rate limited.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { errorBody } from '../../http/error-handler';
import { errors, PUBLIC } from '../../http/route-docs';
import { leafletPdf } from '../../pdf/leaflet-pdf';
import { reportPageUrl } from '../../promotion/promotion-text';
import { wardsOf } from '../notices/notice-list';

const Params = Type.Object({
  file: Type.String({
    pattern: '^[0-9]{1,10}\\.pdf$',
    description: "`<ward or commune code>.pdf` (a code of today's units, config/units.yaml)",
  }),
});

const leaflet: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/promotion/leaflet/:file',
    {
      schema: {
        summary: "A ward's leaflet (A5 PDF): report from a phone in three steps, the QR code, the hotline",
        tags: ['citizens'],
        security: PUBLIC,
        params: Params,
        produces: ['application/pdf'],
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors(404, 409, 429) },
      },
    },
    async (request, reply) => {
      const code = request.params.file.slice(0, -'.pdf'.length);
      const current = app.config.current();
      const ward = wardsOf(current.units.units, app.now(), current.app.city.timeZone).find(
        (unit) => unit.code === code,
      );
      if (!ward)
        return reply
          .code(404)
          .send(errorBody(404, `file: no ward or commune ${code} today`, `file: không có phường, xã ${code}`, 'file'));
      const publicUrl = current.app.citizen.publicUrl;
      if (!publicUrl)
        return reply
          .code(409)
          .send(
            errorBody(
              409,
              'citizen.publicUrl is not set in config/app.yaml: a leaflet needs the address its QR code leads to',
              'chưa đặt citizen.publicUrl trong config/app.yaml: tờ rơi cần địa chỉ cho mã QR',
              'citizen.publicUrl',
            ),
          );
      const pdf = await leafletPdf({
        ward: { vi: ward.name, en: ward.nameEn ?? ward.name },
        city: current.app.city.name,
        url: reportPageUrl(publicUrl),
        hotline: current.app.citizen.hotline ?? null,
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="to-roi-phan-anh-${code}.pdf"`)
        .header('cache-control', 'public, max-age=300')
        .send(pdf);
    },
  );
};

export default leaflet;
