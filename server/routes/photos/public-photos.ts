/**
 * The public reads a photo (its public-size copy) only through a report it may see: a citizen's
 * photo of a public report not hidden by moderation, or a photo of the department's response to a
 * public report. Anything else — unknown, unreferenced, not yet approved, hidden — is the same 404,
 * so nobody learns what exists.
 */
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import { isPublicReport } from '../../domains/reports/aggregator';
import type { ReportFinder } from '../../domains/reports/settled-reports';
import { errorBody } from '../../http/error-handler';
import { errors, PUBLIC } from '../../http/route-docs';

async function isPublicPhoto(reports: ReportFinder, id: string): Promise<boolean> {
  return (await reports.withPhoto(id)).some(
    (report) =>
      isPublicReport(report) &&
      ((report.photos.includes(id) && !report.hidePhoto) || (report.response?.photos.includes(id) ?? false)),
  );
}

const publicPhotos: FastifyPluginAsync<{ reports: ReportFinder }> = async (app, { reports }) => {
  app.get<{ Params: { file: string } }>(
    '/media/photos/:file',
    {
      schema: {
        summary: 'A photo of a public report, public size, without metadata (`<id>.jpg`)',
        tags: ['photos'],
        security: PUBLIC,
        params: Type.Object({ file: Type.String({ maxLength: 80 }) }),
        response: { 200: Type.Unknown({ description: 'image/jpeg' }), ...errors(404, 429) },
      },
    },
    async (request, reply) => {
      const id = /^([a-f0-9]{64})\.jpg$/.exec(request.params.file)?.[1];
      const bytes = id && (await isPublicPhoto(reports, id)) ? await app.photos.publicCopy(id) : null;
      if (!bytes) return reply.code(404).send(errorBody(404, 'no such photo', 'không có ảnh này', 'file'));
      // A photo's content never changes under its name; withdrawing it stops new fetches.
      return reply.type('image/jpeg').header('cache-control', 'public, max-age=31536000, immutable').send(bytes);
    },
  );
};

export default publicPhotos;
