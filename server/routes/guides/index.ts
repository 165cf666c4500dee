/**
 * The guides (hướng dẫn sử dụng): the pages with their screenshots, and a printable PDF per role.
 * Anybody may read them: they hold no personal data, only how the pages are used.
 */
import type { FastifyPluginAsync } from 'fastify';
import guidePages, { type GuidePagesOptions } from './guide-pages';
import guidePdfRoute from './guide-pdf';

const guidesArea: FastifyPluginAsync<GuidePagesOptions> = async (app, options) => {
  await app.register(guidePages, options);
  await app.register(guidePdfRoute);
};

export default guidesArea;
