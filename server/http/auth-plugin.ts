/**
 * Resolves who is asking on every request (`request.identity`) and offers the guards routes use:
 * `requirePermission` (401 for nobody, 403 for the wrong role) and CSRF for cookie sessions.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { can, mustChangePassword, presentedSecrets, resolveIdentity, type Identity } from '../access/identity';
import type { Permission } from '../access/roles';
import { sameSecret } from '../access/secrets';
import { errorBody } from './error-handler';

declare module 'fastify' {
  interface FastifyRequest {
    identity: Identity;
  }
}

export const CSRF_HEADER = 'x-csrf-token';

export function refuseAnonymous(reply: FastifyReply) {
  return reply
    .code(401)
    .send(errorBody(401, 'authentication required: sign in, or send an API key', 'cần đăng nhập hoặc khóa API'));
}

export function refuse(reply: FastifyReply, en: string, vi: string, field: string | null = null) {
  return reply.code(403).send(errorBody(403, en, vi, field));
}

/** The server's side of the first sign-in: until its one-time password is changed, an account may only change it. */
export function refusePasswordChangeFirst(reply: FastifyReply) {
  return refuse(
    reply,
    'change your one-time password first (POST /api/v1/auth/password): until then this account may do nothing else',
    'hãy đổi mật khẩu dùng một lần trước (POST /api/v1/auth/password): trước đó tài khoản chưa được làm gì khác',
    'password',
  );
}

/** A check of who asks: answers the refusal, or lets the request go on (undefined). As a hook, `onRequest` or `preHandler`. */
export type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

/** The request must come from a person whose role has `permission`. */
export function requirePermission(permission: Permission): Guard {
  return async (request, reply) => {
    const { identity } = request;
    if (identity.kind === 'anonymous') return refuseAnonymous(reply);
    if (mustChangePassword(identity)) return refusePasswordChangeFirst(reply);
    if (!can(identity, permission)) {
      return refuse(
        reply,
        `your account may not do this (${permission})`,
        `tài khoản không có quyền này (${permission})`,
      );
    }
    return undefined;
  };
}

/**
 * Cookie sessions must prove the request comes from our own page (double-submit token): a
 * browser sends the cookie to any site's form, but only our page can read the CSRF token.
 */
export function csrfHolds(request: FastifyRequest): boolean {
  const { identity } = request;
  if (identity.kind !== 'user') return true;
  const header = request.headers[CSRF_HEADER];
  return typeof header === 'string' && sameSecret(identity.session.csrfToken, header);
}

export const requireCsrf: Guard = async (request, reply) => {
  if (!csrfHolds(request))
    return refuse(
      reply,
      `${CSRF_HEADER} header missing or wrong`,
      `thiếu hoặc sai mã chống giả mạo (${CSRF_HEADER})`,
      CSRF_HEADER,
    );
  return undefined;
};

const authPlugin: FastifyPluginAsync = async (app) => {
  const { access } = app;
  app.decorateRequest('identity', null as never);
  app.addHook('onRequest', async (request) => {
    // Signed in through another process a moment ago (behind a balancer): asked of PostgreSQL now,
    // not refused until its notification arrives.
    await access.lookUpElsewhere(presentedSecrets(request.headers));
    request.identity = resolveIdentity(access, request.headers);
  });
};

export default fp(authPlugin, { name: 'auth', dependencies: ['access'], decorators: { fastify: ['access'] } });
