/**
 * `GET /api/v1/guides/<role>.pdf`: a role's guide as a printable A4 PDF for the training hall.
 * Access: anybody (the guides hold no personal data); anonymous calls are rate limited. Made once
 * per role and process: the guides and their screenshots change only with a new deploy.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { errorBody } from '../../http/error-handler';
import { errors, PUBLIC } from '../../http/route-docs';
import { GUIDE_ROLES, isGuideRole, type GuideRole } from '../../guides/guide-schema';
import { GUIDE_IMAGES_DIR, guideOf } from '../../guides/guides';
import { guidePdf } from '../../pdf/guide-pdf';

const Params = Type.Object({
  file: Type.String({ pattern: '^[a-z-]{1,40}\\.pdf$', description: `\`<role>.pdf\`: ${GUIDE_ROLES.join(', ')}` }),
});

const guidePdfRoute: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const made = new Map<GuideRole, Promise<Buffer>>();

  app.get(
    '/api/v1/guides/:file',
    {
      schema: {
        summary: "A role's guide (A4 PDF, Vietnamese first): each step, the page, what to press, a screenshot",
        tags: ['training'],
        security: PUBLIC,
        params: Params,
        produces: ['application/pdf'],
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors(400, 404, 429) },
      },
    },
    async (request, reply) => {
      const role = request.params.file.slice(0, -'.pdf'.length);
      if (!isGuideRole(role))
        return reply
          .code(404)
          .send(
            errorBody(
              404,
              `file: no guide for ${role} (${GUIDE_ROLES.join(', ')})`,
              `file: không có hướng dẫn cho ${role} (${GUIDE_ROLES.join(', ')})`,
              'file',
            ),
          );
      let pdf = made.get(role);
      if (!pdf) {
        pdf = guidePdf(guideOf(role), GUIDE_IMAGES_DIR);
        made.set(role, pdf);
        // A failed render is not kept: the next call tries again.
        pdf.catch(() => made.delete(role));
      }
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="huong-dan-${role}.pdf"`)
        .header('cache-control', 'public, max-age=300')
        .send(await pdf);
    },
  );
};

export default guidePdfRoute;
