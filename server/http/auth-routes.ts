/** Sign in and out, who am I, change my password. Login is rate limited and locks out. */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type {} from '@fastify/cookie';
import type { AccessStore } from '../access/access-store';
import { SESSION_COOKIE, actorOf } from '../access/identity';
import { PERMISSIONS, roleCan, ROLES } from '../access/roles';
import { directoryOf, namedScopes } from '../access/scopes';
import { errorBody } from './error-handler';
import { refuseAnonymous, requireCsrf } from './auth-plugin';
import { Me, Ok } from '../protocol/rest';
import { errors, personWith, PUBLIC } from './route-docs';

const Credentials = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
const PasswordChange = Type.Object(
  { current: Type.String({ minLength: 1, maxLength: 256 }), next: Type.String({ minLength: 12, maxLength: 256 }) },
  { additionalProperties: false },
);

const authRoutes: FastifyPluginAsync<{ security: AccessStore; loginPerMinute: number }> = async (fastify, { security, loginPerMinute }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post('/api/v1/auth/login', {
    schema: {
      summary: 'Sign in: sets the session cookie `ioc_session` and answers the CSRF token', tags: ['auth'], security: PUBLIC,
      body: Credentials, response: { 200: Me, ...errors(400, 401, 429) },
    },
    config: { rateLimit: { max: loginPerMinute, timeWindow: 60_000 } },
  }, async (request, reply) => {
    const result = await security.login(request.body.username, request.body.password, request.ip);
    if (!result.ok) {
      if (result.reason === 'locked') {
        return reply.code(429).send(errorBody(429, 'too many failed sign-ins: the account is locked for a while', 'đăng nhập sai quá nhiều lần: tài khoản tạm khóa'));
      }
      return reply.code(401).send(errorBody(401, 'wrong username or password', 'sai tên đăng nhập hoặc mật khẩu'));
    }
    reply.setCookie(SESSION_COOKIE, result.token, {
      path: '/', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https', expires: new Date(result.session.expiresAt),
    });
    const { user } = result.session;
    return {
      user, csrfToken: result.session.csrfToken, permissions: PERMISSIONS.filter((p) => roleCan(user.role, p)), scopes: namedScopes(user.scopes, directoryOf(fastify)),
    };
  });

  app.get('/api/v1/auth/me', {
    schema: { summary: 'Who is signed in, the CSRF token, the permissions and the units they may act for (scopes, with names)', tags: ['auth'], ...personWith(null, false), response: { 200: Me, ...errors(401) } },
  }, async (request, reply) => {
    const { identity } = request;
    if (identity.kind !== 'user') return refuseAnonymous(reply);
    const { user, csrfToken } = identity.session;
    return {
      user, csrfToken, permissions: PERMISSIONS.filter((p) => roleCan(user.role, p)), roles: [...ROLES], scopes: namedScopes(user.scopes, directoryOf(fastify)),
    };
  });

  app.post('/api/v1/auth/logout', {
    preHandler: requireCsrf,
    schema: { summary: 'Sign out: ends the session', tags: ['auth'], ...personWith(null, true), response: { 200: Ok, ...errors(401, 403) } },
  }, async (request, reply) => {
    const { identity } = request;
    if (identity.kind !== 'user') return refuseAnonymous(reply);
    security.logout(identity.token, { actor: actorOf(identity), ip: request.ip });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.post('/api/v1/auth/password', {
    schema: {
      summary: 'Change my password (a one-time password first of all); ends my other sessions', tags: ['auth'], ...personWith(null, true),
      body: PasswordChange, response: { 200: Ok, ...errors(400, 401, 403) },
    },
    preHandler: requireCsrf,
  }, async (request, reply) => {
    const { identity } = request;
    if (identity.kind !== 'user') return refuseAnonymous(reply);
    // Every other session of the account ends: whoever else knew the old password is signed out.
    const changed = await security.changePassword(
      identity.session.user, request.body.current, request.body.next, { actor: actorOf(identity), ip: request.ip }, identity.session.hash,
    );
    if (!changed) return reply.code(400).send(errorBody(400, 'current: the current password is wrong', 'current: mật khẩu hiện tại không đúng', 'current'));
    return { ok: true };
  });
};

export default fp(authRoutes, { name: 'auth-routes' });
