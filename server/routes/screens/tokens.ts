/** Screen tokens: the list (never their secrets), a new one for a screen with the address that opens it, and revoking one (its sockets are cut off at once). */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { actorOf, type Identity } from '../../access/identity';
import { errorBody } from '../../http/error-handler';
import { Ok, ScreenTokenView } from '../../protocol/rest';
import { errors } from '../../http/route-docs';
import { areaAccess } from '../area-access';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const ScreenParams = Type.Object({ id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }) });

const screenTokens: FastifyPluginAsync = async (fastify) => {
  areaAccess(fastify, { permission: 'screens.manage' });
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { access, screens } = app;
  const who = (request: { identity: Identity; ip: string }) => ({ actor: actorOf(request.identity), ip: request.ip });

  app.get(
    '/api/v1/screen-tokens',
    {
      schema: {
        summary: 'The screen tokens (never their secrets)',
        tags: ['admin'],
        response: { 200: Type.Object({ tokens: Type.Array(ScreenTokenView) }), ...errors(401, 403) },
      },
    },
    async () => ({ tokens: access.screenTokens() }),
  );

  app.post(
    '/api/v1/screens/:id/tokens',
    {
      schema: {
        summary: 'A new token for a screen, and the address that opens the screen with it (shown this once)',
        tags: ['admin'],
        params: ScreenParams,
        response: {
          201: Type.Object({
            token: Type.String({ description: 'The secret `iocs_…`' }),
            screenToken: ScreenTokenView,
            url: Type.String(),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      if (screens.get(request.params.id) === undefined)
        return reply
          .code(404)
          .send(errorBody(404, `no screen ${request.params.id}`, `không có màn hình ${request.params.id}`, 'id'));
      const { token, screenToken } = await access.createScreenToken(request.params.id, who(request));
      return reply.code(201).send({ token, screenToken, url: `/wall/${request.params.id}?token=${token}` });
    },
  );

  app.delete(
    '/api/v1/screen-tokens/:id',
    {
      schema: {
        summary: 'Revoke a screen token; its sockets are cut off at once',
        tags: ['admin'],
        params: IdParams,
        response: { 200: Ok, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      if (!(await access.revokeScreenToken(request.params.id, who(request))))
        return reply.code(404).send(errorBody(404, 'no such active token', 'không có mã này', 'id'));
      return { ok: true };
    },
  );
};

export default screenTokens;
