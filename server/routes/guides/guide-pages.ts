/**
 * `/huong-dan` (the index), `/huong-dan/<role>` (a role's guide) and `/huong-dan/anh/<file>` (the
 * screenshots the browser tests took). Pages, not the API: hidden from the OpenAPI document.
 * Access: anybody (the guides hold no personal data).
 */
import type { FastifyPluginAsync } from 'fastify';
import fastifyStatic from '@fastify/static';
import { errorBody } from '../../http/error-handler';
import { GUIDE_ROLES, isGuideRole } from '../../guides/guide-schema';
import { GUIDE_IMAGES_DIR, GUIDES, guideOf } from '../../guides/guides';
import { guideIndexHtml, guidePageHtml } from '../../guides/guide-html';
import { withPracticeBand } from '../../training/practice-band';

export interface GuidePagesOptions {
  /** This is the practice space: its pages wear the training band, these too. */
  practiceBand?: boolean;
}

const guidePages: FastifyPluginAsync<GuidePagesOptions> = async (app, { practiceBand = false }) => {
  const send = (reply: import('fastify').FastifyReply, html: string) =>
    reply
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(practiceBand ? withPracticeBand(html) : html);

  app.get('/huong-dan', { schema: { hide: true } }, async (_request, reply) => send(reply, guideIndexHtml(GUIDES)));
  app.get<{ Params: { role: string } }>('/huong-dan/:role', { schema: { hide: true } }, async (request, reply) => {
    const { role } = request.params;
    if (!isGuideRole(role))
      return reply
        .code(404)
        .send(
          errorBody(
            404,
            `role: no guide for ${role} (${GUIDE_ROLES.join(', ')})`,
            `role: không có hướng dẫn cho ${role} (${GUIDE_ROLES.join(', ')})`,
            'role',
          ),
        );
    return send(reply, guidePageHtml(guideOf(role)));
  });
  await app.register(fastifyStatic, {
    root: GUIDE_IMAGES_DIR,
    prefix: '/huong-dan/anh/',
    decorateReply: false,
    allowedPath: (pathName) => /^\/?[a-z0-9-]+\.(jpg|png)$/.test(pathName),
    // Retaken by the tests under the same name: revalidated after an hour.
    maxAge: '1h',
  });
};

export default guidePages;
