/**
 * `GET /api/v1/openapi.json`: the HTTP API describes itself. An OpenAPI 3.1 document generated
 * by `@fastify/swagger` from the route schemas (TypeBox schemas are plain JSON Schema), with the
 * security schemes and the error body. Register it before the routes: it collects them as they
 * are added (an `onRoute` hook on the root).
 *
 * Response schemas document the answers and let the compiler check each handler against them;
 * they do not filter what is sent (answers are serialised with `JSON.stringify`, as before they
 * had schemas), so a field the document forgets is never silently dropped from an answer.
 */
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import { ErrorBody } from '../protocol/rest';
import { PUBLIC, SECURITY_SCHEMES, TAGS } from './route-docs';

export const OPENAPI_PATH = '/api/v1/openapi.json';

export interface OpenApiOptions {
  version: string;
}

const openapi: FastifyPluginAsync<OpenApiOptions> = async (app, { version }) => {
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.addSchema(ErrorBody);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'IOC wall API',
        version,
        description: [
          'The live display system of the Intelligent Operations Center (Lạng Sơn).',
          'Feeds post events to `POST /api/v1/events` with a feed key: the request body lists every domain, event kind and the schema of its `data`.',
          'Every error answers with `ErrorBody` (English and Vietnamese, naming the field at fault).',
          'Live updates come over Socket.IO at `/socket.io` (not described here; see `server/protocol/index.ts`).',
        ].join('\n\n'),
      },
      tags: TAGS.map((tag) => ({ ...tag })),
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    // Shared schemas keep their own name (`ErrorBody`) in `components/schemas`.
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
    // OpenAPI 3.1 has `const`: keep the schemas as they are.
    convertConstToEnum: false,
  });

  app.get(
    OPENAPI_PATH,
    {
      schema: {
        summary: 'This document: the OpenAPI 3.1 description of the HTTP API',
        tags: ['system'],
        security: PUBLIC,
        response: {
          200: Type.Object(
            { openapi: Type.String() },
            { additionalProperties: true, description: 'The OpenAPI document' },
          ),
        },
      },
    },
    async () => app.swagger(),
  );
};

export default fp(openapi, { name: 'openapi' });
