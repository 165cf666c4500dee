/**
 * Staff and the photo store: upload a response photo (the department's inbox, up to 3 at once)
 * and read any stored photo full size, stripped of its metadata. Never the bytes as uploaded.
 */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import { errorBody } from '../../http/error-handler';
import { errors } from '../../http/route-docs';
import { InputError } from '../../ingest/ingest-error';
import { areaAccess } from '../area-access';

const MAX_FILES = 3;

const staffPhotos: FastifyPluginAsync = async (app) => {
  areaAccess(app, { signedIn: true });
  await app.register(multipart, {
    limits: { files: MAX_FILES, fields: 0, parts: MAX_FILES, fileSize: app.config.current().app.citizen.photoMaxBytes },
  });

  app.get<{ Params: { id: string } }>(
    '/api/v1/photos/:id',
    {
      schema: {
        summary: 'A stored photo, full size, without metadata (JPEG)',
        tags: ['photos'],
        params: Type.Object({ id: Type.String({ pattern: '^[a-f0-9]{64}$' }) }),
        response: { 200: Type.Unknown({ description: 'image/jpeg' }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const bytes = await app.photos.full(request.params.id);
      if (!bytes) return reply.code(404).send(errorBody(404, 'id: no such photo', 'id: không có ảnh này', 'id'));
      return reply.type('image/jpeg').header('cache-control', 'private, max-age=86400, immutable').send(bytes);
    },
  );

  app.post(
    '/api/v1/photos',
    {
      schema: {
        summary: 'Upload up to 3 photos (multipart/form-data, field `photo`): returns their ids',
        tags: ['photos'],
        response: {
          201: Type.Object({ photos: Type.Array(Type.String({ pattern: '^[a-f0-9]{64}$' })) }),
          ...errors(400, 401, 403, 413, 415),
        },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart())
        throw new InputError({
          field: 'content-type',
          en: 'must be multipart/form-data',
          vi: 'phải là multipart/form-data',
          statusCode: 415,
        });
      const photos: string[] = [];
      try {
        for await (const part of request.files()) {
          const field = `photo[${photos.length}]`;
          photos.push(await app.photos.put(await part.toBuffer(), field));
        }
      } catch (error) {
        if (error instanceof InputError) throw error;
        if (error instanceof app.multipartErrors.RequestFileTooLargeError)
          throw new InputError({
            field: `photo[${photos.length}]`,
            en: 'is too large',
            vi: 'ảnh quá lớn',
            statusCode: 413,
          });
        if (error instanceof app.multipartErrors.FilesLimitError)
          throw new InputError({ field: 'photo', en: `at most ${MAX_FILES} photos`, vi: `tối đa ${MAX_FILES} ảnh` });
        throw new InputError({
          field: 'body',
          en: 'is not a readable multipart form',
          vi: 'không đọc được biểu mẫu multipart',
        });
      }
      if (photos.length === 0) throw new InputError({ field: 'photo', en: 'no photo sent', vi: 'chưa gửi ảnh nào' });
      return reply.code(201).send({ photos });
    },
  );
};

export default staffPhotos;
