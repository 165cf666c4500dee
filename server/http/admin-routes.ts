/** Feed keys, accounts, screen tokens and the audit log: for the console and its admins. */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AccessStore } from '../access/access-store';
import { actorOf } from '../access/identity';
import { ROLES } from '../access/roles';
import { errorBody } from './error-handler';
import { requireCsrf, requirePermission } from './auth-plugin';
import { ApiKeyView, AuditEntry, Ok, ScreenTokenView, UserScope, UserView } from '../protocol/rest';
import { checkScopes } from '../access/scope-input';
import { errors, personWith } from './route-docs';

export interface AdminRoutesOptions {
  security: AccessStore;
  domainNames: () => string[];
  screenExists: (id: string) => boolean;
}

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const ScreenParams = Type.Object({ id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }) });

const adminRoutes: FastifyPluginAsync<AdminRoutesOptions> = async (fastify, { security, domainNames, screenExists }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const who = (request: { identity: Parameters<typeof actorOf>[0]; ip: string }) => ({ actor: actorOf(request.identity), ip: request.ip });

  app.get('/api/v1/keys', {
    preHandler: requirePermission('keys.manage'),
    schema: { summary: 'The feed keys (never their secrets)', tags: ['admin'], ...personWith('keys.manage', false), response: { 200: Type.Object({ keys: Type.Array(ApiKeyView) }), ...errors(401, 403) } },
  }, async () => ({ keys: security.apiKeys() }));

  app.post('/api/v1/keys', {
    preHandler: [requirePermission('keys.manage'), requireCsrf],
    schema: {
      body: Type.Object(
        { name: Type.String({ minLength: 1, maxLength: 100 }), scopes: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 20 }) },
        { additionalProperties: false },
      ),
      summary: 'A new feed key, scoped to domains; its secret is shown this once', tags: ['admin'], ...personWith('keys.manage', true),
      response: { 201: Type.Object({ key: Type.String({ description: 'The secret `iock_…`: shown this once' }), apiKey: ApiKeyView }), ...errors(400, 401, 403) },
    },
  }, async (request, reply) => {
    const known = domainNames();
    const unknown = request.body.scopes.find((scope) => !known.includes(scope));
    if (unknown) {
      return reply.code(400).send(errorBody(400, `scopes: unknown domain "${unknown}" (known: ${known.join(', ')})`, `scopes: không có lĩnh vực "${unknown}"`, 'scopes'));
    }
    const { key, apiKey } = security.createApiKey(request.body.name, request.body.scopes, who(request));
    // The key is shown this once; only its hash is kept.
    return reply.code(201).send({ key, apiKey });
  });

  app.delete('/api/v1/keys/:id', {
    preHandler: [requirePermission('keys.manage'), requireCsrf],
    schema: { summary: 'Revoke a feed key', tags: ['admin'], ...personWith('keys.manage', true), params: IdParams, response: { 200: Ok, ...errors(400, 401, 403, 404) } },
  }, async (request, reply) => {
    if (!security.revokeApiKey(request.params.id, who(request))) return reply.code(404).send(errorBody(404, 'no such active key', 'không có khóa này', 'id'));
    return { ok: true };
  });

  app.get('/api/v1/users', {
    preHandler: requirePermission('users.manage'),
    schema: { summary: 'The active accounts', tags: ['admin'], ...personWith('users.manage', false), response: { 200: Type.Object({ users: Type.Array(UserView) }), ...errors(401, 403) } },
  }, async () => ({ users: security.users() }));

  app.post('/api/v1/users', {
    preHandler: [requirePermission('users.manage'), requireCsrf],
    schema: {
      body: Type.Object(
        {
          username: Type.String({ minLength: 2, maxLength: 64, pattern: '^[a-zA-Z0-9._-]+$' }),
          role: Type.Union(ROLES.map((role) => Type.Literal(role))),
          scope: Type.Optional(Type.String({ maxLength: 100 })),
        },
        { additionalProperties: false },
      ),
      summary: 'A new account, with a one-time password to change at first sign-in', tags: ['admin'], ...personWith('users.manage', true),
      response: { 201: Type.Object({ user: UserView, oneTimePassword: Type.String({ description: 'Shown this once' }) }), ...errors(400, 401, 403, 409) },
    },
  }, async (request, reply) => {
    if (security.users().some((user) => user.username.toLowerCase() === request.body.username.toLowerCase())) {
      return reply.code(409).send(errorBody(409, 'username: already taken', 'username: tên đăng nhập đã có', 'username'));
    }
    const { user, password } = await security.createUser(request.body, who(request));
    return reply.code(201).send({ user, oneTimePassword: password });
  });

  /** Another role, other scopes, or disabled: the account's live connections are re-checked at once. */
  app.patch('/api/v1/users/:id', {
    preHandler: [requirePermission('users.manage'), requireCsrf],
    schema: {
      params: IdParams,
      body: Type.Object(
        {
          role: Type.Optional(Type.Union(ROLES.map((role) => Type.Literal(role)))),
          scopes: Type.Optional(Type.Array(UserScope, { maxItems: 200, uniqueItems: true, description: 'The whole set of units the account may act for (replaces the current one)' })),
          disabled: Type.Optional(Type.Literal(true)),
        },
        { additionalProperties: false, minProperties: 1 },
      ),
      summary: 'Another role or other scopes for an account, or disable it; its live connections are re-checked at once', tags: ['admin'], ...personWith('users.manage', true),
      response: { 200: Type.Object({ ok: Type.Boolean(), user: Type.Union([UserView, Type.Null()]) }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    const { id } = request.params;
    const target = security.userById(id);
    if (!target) return reply.code(404).send(errorBody(404, `id: no active account ${id}`, `id: không có tài khoản ${id}`, 'id'));
    const { role, scopes, disabled } = request.body;
    if (role === undefined && scopes === undefined && !disabled) {
      return reply.code(400).send(errorBody(400, 'role: give a new role, scopes, or disabled: true', 'role: cần vai trò mới, phạm vi (scopes), hoặc disabled: true', 'role'));
    }
    if (scopes) checkScopes(scopes, app.scopeUnits.directory(), app.scopeUnits.today());
    const losesAdmin = target.role === 'admin' && (disabled || (role !== undefined && role !== 'admin'));
    if (losesAdmin && security.users().filter((user) => user.role === 'admin').length <= 1) {
      const field = disabled ? 'disabled' : 'role';
      return reply.code(409).send(errorBody(409, `${field}: this is the last admin account; make another admin first`, `${field}: đây là tài khoản quản trị cuối cùng; hãy tạo quản trị khác trước`, field));
    }
    if (disabled) {
      security.disableUser(id, who(request));
      return { ok: true, user: null };
    }
    return { ok: true, user: security.updateUser(id, { role, scopes }, who(request)) };
  });

  app.get('/api/v1/screen-tokens', {
    preHandler: requirePermission('screens.manage'),
    schema: { summary: 'The screen tokens (never their secrets)', tags: ['admin'], ...personWith('screens.manage', false), response: { 200: Type.Object({ tokens: Type.Array(ScreenTokenView) }), ...errors(401, 403) } },
  }, async () => ({ tokens: security.screenTokens() }));

  app.post('/api/v1/screens/:id/tokens', {
    preHandler: [requirePermission('screens.manage'), requireCsrf],
    schema: {
      summary: 'A new token for a screen, and the address that opens the screen with it (shown this once)', tags: ['admin'], ...personWith('screens.manage', true),
      params: ScreenParams,
      response: { 201: Type.Object({ token: Type.String({ description: 'The secret `iocs_…`' }), screenToken: ScreenTokenView, url: Type.String() }), ...errors(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    if (!screenExists(request.params.id)) return reply.code(404).send(errorBody(404, `no screen ${request.params.id}`, `không có màn hình ${request.params.id}`, 'id'));
    const { token, screenToken } = security.createScreenToken(request.params.id, who(request));
    return reply.code(201).send({ token, screenToken, url: `/wall/${request.params.id}?token=${token}` });
  });

  app.delete('/api/v1/screen-tokens/:id', {
    preHandler: [requirePermission('screens.manage'), requireCsrf],
    schema: { summary: 'Revoke a screen token; its sockets are cut off at once', tags: ['admin'], ...personWith('screens.manage', true), params: IdParams, response: { 200: Ok, ...errors(400, 401, 403, 404) } },
  }, async (request, reply) => {
    if (!security.revokeScreenToken(request.params.id, who(request))) return reply.code(404).send(errorBody(404, 'no such active token', 'không có mã này', 'id'));
    return { ok: true };
  });

  app.get('/api/v1/audit', {
    preHandler: requirePermission('audit.read'),
    schema: { summary: 'The audit log, newest first', tags: ['admin'], ...personWith('audit.read', false), response: { 200: Type.Object({ entries: Type.Array(AuditEntry) }), ...errors(401, 403) } },
  }, async () => ({ entries: security.auditLog() }));
};

export default fp(adminRoutes, { name: 'admin-routes' });
