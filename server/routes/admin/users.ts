/**
 * Accounts: every one (disabled ones marked), a new one with a one-time password, another role,
 * other scopes, disabled or enabled again (its live connections re-checked at once); and the
 * units a scope may name today, for the console's unit picker.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { actorOf, type Identity } from '../../access/identity';
import { ROLES } from '../../access/roles';
import { errorBody } from '../../http/error-handler';
import { AccountView, ScopeUnit, UserScope, UserView } from '../../protocol/rest';
import { currentUnits } from '../../units/admin-units';
import { checkScopes } from '../../access/scope-input';
import { errors } from '../../http/route-docs';
import { areaAccess } from '../area-access';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

const accounts: FastifyPluginAsync = async (fastify) => {
  areaAccess(fastify, { permission: 'users.manage' });
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { access } = app;
  const who = (request: { identity: Identity; ip: string }) => ({ actor: actorOf(request.identity), ip: request.ip });

  app.get(
    '/api/v1/users',
    {
      schema: {
        summary: 'Every account, the disabled ones marked (they can be enabled again)',
        tags: ['admin'],
        response: { 200: Type.Object({ users: Type.Array(AccountView) }), ...errors(401, 403) },
      },
    },
    async () => ({ users: access.accounts() }),
  );

  app.get(
    '/api/v1/users/units',
    {
      schema: {
        summary:
          'The units a scope may name today: the current administrative units and the departments (config/units.yaml)',
        tags: ['admin'],
        response: {
          200: Type.Object({ units: Type.Array(ScopeUnit), departments: Type.Array(ScopeUnit) }),
          ...errors(401, 403),
        },
      },
    },
    async () => {
      const config = app.config.current();
      return {
        units: currentUnits(config.units.units, app.now(), config.app.city.timeZone).map((unit) => ({
          unit: unit.code,
          name: unit.name,
          nameEn: unit.nameEn,
          kind: unit.kind,
        })),
        departments: config.units.departments.map((department) => ({
          unit: department.id,
          name: department.name,
          nameEn: department.nameEn,
          kind: 'department',
        })),
      };
    },
  );

  app.post(
    '/api/v1/users',
    {
      // Unknown fields are dropped by validation; the old single `scope` would then make an account
      // with no unit at all without a word, so it is refused by name.
      preValidation: async (request, reply) => {
        if (typeof request.body === 'object' && request.body !== null && 'scope' in request.body) {
          return reply
            .code(400)
            .send(
              errorBody(
                400,
                'scope: no longer taken; give scopes: [{ role, unit }]',
                'scope: không còn dùng; hãy giao đơn vị bằng scopes: [{ role, unit }]',
                'scope',
              ),
            );
        }
        return undefined;
      },
      schema: {
        body: Type.Object(
          {
            username: Type.String({ minLength: 2, maxLength: 64, pattern: '^[a-zA-Z0-9._-]+$' }),
            role: Type.Union(ROLES.map((role) => Type.Literal(role))),
            scopes: Type.Optional(
              Type.Array(UserScope, {
                maxItems: 200,
                uniqueItems: true,
                description: 'The units the account may act for, each checked as PATCH checks them',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        summary: 'A new account with the units it acts for, and a one-time password to change at first sign-in',
        tags: ['admin'],
        response: {
          201: Type.Object({ user: UserView, oneTimePassword: Type.String({ description: 'Shown this once' }) }),
          ...errors(400, 401, 403, 409),
        },
      },
    },
    async (request, reply) => {
      if (access.users().some((user) => user.username.toLowerCase() === request.body.username.toLowerCase())) {
        return reply
          .code(409)
          .send(errorBody(409, 'username: already taken', 'username: tên đăng nhập đã có', 'username'));
      }
      // Checked before anything is written: a refused unit leaves no account behind.
      if (request.body.scopes) checkScopes(request.body.scopes, app.scopeUnits.directory(), app.scopeUnits.today());
      const { user, password } = await access.createUser(request.body, who(request));
      return reply.code(201).send({ user, oneTimePassword: password });
    },
  );

  /**
   * Another role, other scopes, disabled, or enabled again: the account's live connections are
   * re-checked at once. A disabled account takes nothing but `disabled: false` (and then, in the
   * same request, a role or scopes).
   */
  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        params: IdParams,
        body: Type.Object(
          {
            role: Type.Optional(Type.Union(ROLES.map((role) => Type.Literal(role)))),
            scopes: Type.Optional(
              Type.Array(UserScope, {
                maxItems: 200,
                uniqueItems: true,
                description: 'The whole set of units the account may act for (replaces the current one)',
              }),
            ),
            disabled: Type.Optional(
              Type.Boolean({ description: 'true: cannot sign in, its sessions end; false: enabled again' }),
            ),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        summary:
          'Another role or other scopes for an account, disable it or enable it again; its live connections are re-checked at once',
        tags: ['admin'],
        response: {
          200: Type.Object({ ok: Type.Boolean(), user: Type.Union([UserView, Type.Null()]) }),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const target = access.accountById(id);
      if (!target)
        return reply.code(404).send(errorBody(404, `id: no account ${id}`, `id: không có tài khoản ${id}`, 'id'));
      const { role, scopes, disabled } = request.body;
      if (role === undefined && scopes === undefined && disabled === undefined) {
        return reply
          .code(400)
          .send(
            errorBody(
              400,
              'role: give a new role, scopes, or disabled',
              'role: cần vai trò mới, phạm vi (scopes), hoặc disabled',
              'role',
            ),
          );
      }
      if (target.disabled && disabled !== false) {
        return reply
          .code(409)
          .send(
            errorBody(
              409,
              'disabled: the account is disabled; enable it first (disabled: false)',
              'disabled: tài khoản đang bị khóa; hãy mở khóa trước (disabled: false)',
              'disabled',
            ),
          );
      }
      if (scopes) checkScopes(scopes, app.scopeUnits.directory(), app.scopeUnits.today());
      const losesAdmin = target.role === 'admin' && (disabled === true || (role !== undefined && role !== 'admin'));
      if (losesAdmin && access.users().filter((user) => user.role === 'admin').length <= 1) {
        const field = disabled ? 'disabled' : 'role';
        return reply
          .code(409)
          .send(
            errorBody(
              409,
              `${field}: this is the last admin account; make another admin first`,
              `${field}: đây là tài khoản quản trị cuối cùng; hãy tạo quản trị khác trước`,
              field,
            ),
          );
      }
      if (disabled === true) {
        if (!target.disabled) await access.disableUser(id, who(request));
        return { ok: true, user: null };
      }
      if (disabled === false) await access.enableUser(id, who(request));
      const changed =
        role === undefined && scopes === undefined
          ? access.userById(id)
          : await access.updateUser(id, { role, scopes }, who(request));
      return { ok: true, user: changed };
    },
  );
};

export default accounts;
