/** Sign in: the session cookie and the CSRF token. Access: anybody; rate limited per address, and an account locks after failed attempts. */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type {} from '@fastify/cookie';
import { SESSION_COOKIE } from '../../access/identity';
import { PERMISSIONS, roleCan } from '../../access/roles';
import { directoryOf, namedScopes } from '../../access/scopes';
import { errorBody } from '../../http/error-handler';
import { Me } from '../../protocol/rest';
import { errors, PUBLIC } from '../../http/route-docs';

const Credentials = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
const login: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { access } = app;
  const loginPerMinute = app.config.current().app.security.loginAttemptsPerMinute;

  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        summary: 'Sign in: sets the session cookie `ioc_session` and answers the CSRF token',
        tags: ['auth'],
        security: PUBLIC,
        body: Credentials,
        response: { 200: Me, ...errors(400, 401, 429) },
      },
      config: { rateLimit: { max: loginPerMinute, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const result = await access.login(request.body.username, request.body.password, request.ip);
      if (!result.ok) {
        if (result.reason === 'locked') {
          return reply
            .code(429)
            .send(
              errorBody(
                429,
                'too many failed sign-ins: the account is locked for a while',
                'đăng nhập sai quá nhiều lần: tài khoản tạm khóa',
              ),
            );
        }
        return reply.code(401).send(errorBody(401, 'wrong username or password', 'sai tên đăng nhập hoặc mật khẩu'));
      }
      reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        expires: new Date(result.session.expiresAt),
      });
      const { user } = result.session;
      return {
        user,
        csrfToken: result.session.csrfToken,
        permissions: PERMISSIONS.filter((p) => roleCan(user.role, p)),
        scopes: namedScopes(user.scopes, directoryOf(fastify)),
      };
    },
  );
};

export default login;
