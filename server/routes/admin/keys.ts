/** Feed keys: the list (never their secrets), a new one scoped to domains (its secret shown once), revoking one. */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { actorOf, type Identity } from '../../access/identity';
import { errorBody } from '../../http/error-handler';
import { ApiKeyView, Ok } from '../../protocol/rest';
import { errors } from '../../http/route-docs';
import { areaAccess } from '../area-access';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

const feedKeys: FastifyPluginAsync = async (fastify) => {
  areaAccess(fastify, { permission: 'keys.manage' });
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { access, runtime } = app;
  const who = (request: { identity: Identity; ip: string }) => ({ actor: actorOf(request.identity), ip: request.ip });
  const domainNames = () => runtime.domains.map((domain) => domain.name);

  app.get(
    '/api/v1/keys',
    {
      schema: {
        summary: 'The feed keys (never their secrets)',
        tags: ['admin'],
        response: { 200: Type.Object({ keys: Type.Array(ApiKeyView) }), ...errors(401, 403) },
      },
    },
    async () => ({ keys: access.apiKeys() }),
  );

  app.post(
    '/api/v1/keys',
    {
      schema: {
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            scopes: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 20 }),
          },
          { additionalProperties: false },
        ),
        summary: 'A new feed key, scoped to domains; its secret is shown this once',
        tags: ['admin'],
        response: {
          201: Type.Object({
            key: Type.String({ description: 'The secret `iock_…`: shown this once' }),
            apiKey: ApiKeyView,
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const known = domainNames();
      const unknown = request.body.scopes.find((scope) => !known.includes(scope));
      if (unknown) {
        return reply
          .code(400)
          .send(
            errorBody(
              400,
              `scopes: unknown domain "${unknown}" (known: ${known.join(', ')})`,
              `scopes: không có lĩnh vực "${unknown}"`,
              'scopes',
            ),
          );
      }
      const { key, apiKey } = await access.createApiKey(request.body.name, request.body.scopes, who(request));
      // The key is shown this once; only its hash is kept.
      return reply.code(201).send({ key, apiKey });
    },
  );

  app.delete(
    '/api/v1/keys/:id',
    {
      schema: {
        summary: 'Revoke a feed key',
        tags: ['admin'],
        params: IdParams,
        response: { 200: Ok, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      if (!(await access.revokeApiKey(request.params.id, who(request))))
        return reply.code(404).send(errorBody(404, 'no such active key', 'không có khóa này', 'id'));
      return { ok: true };
    },
  );
};

export default feedKeys;
