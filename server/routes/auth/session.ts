/** Who am I, sign out, change my password: a signed-in person's own session (also before the one-time password is changed). */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type {} from '@fastify/cookie';
import { SESSION_COOKIE, actorOf } from '../../access/identity';
import { PERMISSIONS, roleCan, ROLES } from '../../access/roles';
import { directoryOf, namedScopes } from '../../access/scopes';
import { errorBody } from '../../http/error-handler';
import { refuseAnonymous } from '../../http/auth-plugin';
import { Me, Ok } from '../../protocol/rest';
import { errors } from '../../http/route-docs';
import { areaAccess } from '../area-access';

const PasswordChange = Type.Object(
  { current: Type.String({ minLength: 1, maxLength: 256 }), next: Type.String({ minLength: 12, maxLength: 256 }) },
  { additionalProperties: false },
);

const session: FastifyPluginAsync = async (fastify) => {
  areaAccess(fastify, { signedIn: true });
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { access } = app;

  app.get(
    '/api/v1/auth/me',
    {
      schema: {
        summary:
          'Who is signed in, the CSRF token, the permissions and the units they may act for (scopes, with names)',
        tags: ['auth'],
        response: { 200: Me, ...errors(401) },
      },
    },
    async (request, reply) => {
      const { identity } = request;
      if (identity.kind !== 'user') return refuseAnonymous(reply);
      const { user, csrfToken } = identity.session;
      return {
        user,
        csrfToken,
        permissions: PERMISSIONS.filter((p) => roleCan(user.role, p)),
        roles: [...ROLES],
        scopes: namedScopes(user.scopes, directoryOf(fastify)),
      };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      schema: { summary: 'Sign out: ends the session', tags: ['auth'], response: { 200: Ok, ...errors(401, 403) } },
    },
    async (request, reply) => {
      const { identity } = request;
      if (identity.kind !== 'user') return refuseAnonymous(reply);
      await access.logout(identity.token, { actor: actorOf(identity), ip: request.ip });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  app.post(
    '/api/v1/auth/password',
    {
      schema: {
        summary: 'Change my password (a one-time password first of all); ends my other sessions',
        tags: ['auth'],
        body: PasswordChange,
        response: { 200: Ok, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { identity } = request;
      if (identity.kind !== 'user') return refuseAnonymous(reply);
      // Every other session of the account ends: whoever else knew the old password is signed out.
      const changed = await access.changePassword(
        identity.session.user,
        request.body.current,
        request.body.next,
        { actor: actorOf(identity), ip: request.ip },
        identity.session.hash,
      );
      if (!changed)
        return reply
          .code(400)
          .send(
            errorBody(
              400,
              'current: the current password is wrong',
              'current: mật khẩu hiện tại không đúng',
              'current',
            ),
          );
      return { ok: true };
    },
  );
};

export default session;
