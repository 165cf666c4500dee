/**
 * Operators managing screens (`screens.manage`, with the CSRF header):
 * - `POST /api/v1/pairing/claim`: this code (`pairing.ts`) is screen X (a new one, or an existing one);
 * - `PATCH /api/v1/screens/:id`: what a screen shows, its groups, profile, name;
 * - `DELETE /api/v1/screens/:id`: remove a paired screen, or undo changes to a config one.
 * Every change and every refused code is in the audit log.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { Value } from 'typebox/value';
import { Identifier, LocalizedText } from '../../../config/schema/common';
import { Screen, ScreenProfile, TilePosition } from '../../../config/schema/screen';
import { actorOf, type Identity } from '../../access/identity';
import { errorBody } from '../../http/error-handler';
import { errors } from '../../http/route-docs';
import { ScreenRuleError, type ScreenChanges } from '../../screens/screen-registry';
import { areaAccess } from '../area-access';

const Resolution = Type.Tuple([
  Type.Integer({ minimum: 64, maximum: 16_384 }),
  Type.Integer({ minimum: 32, maximum: 8192 }),
]);
const Groups = Type.Array(Identifier, { maxItems: 16, uniqueItems: true });

/** A new screen as the console describes it; the id is given beside it. */
const NewScreen = Type.Object(
  {
    name: Type.Optional(LocalizedText),
    location: Type.Optional(Type.String({ maxLength: 200 })),
    profile: ScreenProfile,
    resolution: Type.Optional(Resolution),
    audience: Type.Union([Type.Literal('internal'), Type.Literal('public')]),
    groups: Type.Optional(Groups),
    dashboard: Type.Optional(Identifier),
    playlist: Type.Optional(Identifier),
    tile: Type.Optional(TilePosition),
  },
  { additionalProperties: false },
);

const Claim = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 20 }),
    screenId: Identifier,
    /** For a new screen: what it is. Left out to pair another browser to an existing screen. */
    screen: Type.Optional(NewScreen),
  },
  { additionalProperties: false },
);

const Changes = Type.Object(
  {
    name: Type.Optional(LocalizedText),
    location: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    profile: Type.Optional(ScreenProfile),
    groups: Type.Optional(Groups),
    dashboard: Type.Optional(Identifier),
    playlist: Type.Optional(Identifier),
  },
  { additionalProperties: false, minProperties: 1 },
);

const IdParams = Type.Object({ id: Identifier });

const ScreenAnswer = Type.Object({
  screen: Type.Unknown({ description: 'The screen as its config describes it (config/schema/screen.ts)' }),
  source: Type.Union([Type.String(), Type.Null()], { description: '`config`, `edited` or `paired`' }),
});

/** The usual size of each profile, so the console need not ask; an LED panel's size must be given. */
const DEFAULT_RESOLUTION: Partial<Record<Screen['profile'], [number, number]>> = {
  wall: [1920, 1080],
  '1080p': [1920, 1080],
  briefing: [1920, 1080],
  '4k': [3840, 2160],
};

const REFUSALS = {
  unknown: {
    status: 404,
    en: 'code: no screen is showing this code (check it, or read it again from the screen)',
    vi: 'code: không có màn hình nào đang hiện mã này (kiểm tra lại mã trên màn hình)',
  },
  expired: {
    status: 410,
    en: 'code: this code has expired; the screen shows a new one',
    vi: 'code: mã đã hết hạn; màn hình đang hiện mã mới',
  },
  used: { status: 409, en: 'code: this code has already been used', vi: 'code: mã này đã được dùng' },
} as const;

function ruleRefusal(reply: FastifyReply, error: ScreenRuleError, prefix: string) {
  const first = error.problems[0]!;
  const field = `${prefix}${first.path.replace(/\//g, '.')}`.replace(/\.$/, '');
  const detail = error.problems.map((problem) => `${problem.screenId}${problem.path}: ${problem.reason}`).join('; ');
  return reply.code(400).send({
    ...errorBody(400, `${field}: ${first.reason}`, `${field}: ${first.reasonVi ?? first.reason}`, field),
    problems: error.problems,
    detail,
  });
}

const manageScreens: FastifyPluginAsync = async (fastify) => {
  areaAccess(fastify, { permission: 'screens.manage' });
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { access: security, screens: registry, pairing } = app;
  const who = (request: { identity: Identity; ip: string }) => ({ actor: actorOf(request.identity), ip: request.ip });
  app.post(
    '/api/v1/pairing/claim',
    {
      schema: {
        summary: 'This code is screen X: a new screen (described) or another browser for an existing one',
        tags: ['screens'],
        body: Claim,
        response: {
          201: Type.Object({ screenId: Type.String(), ...ScreenAnswer.properties }),
          ...errors(400, 401, 403, 404, 409, 410, 429),
        },
      },
    },
    async (request, reply) => {
      const actor = who(request);
      const identity = request.identity;
      // By name, not id: with several processes the failures are shared and each has its own account ids.
      const keys = [
        `ip:${request.ip}`,
        ...(identity.kind === 'user' ? [`user:${identity.session.user.username}`] : []),
      ];
      const limited = await pairing.limited(keys);
      if (limited) {
        security.audit(actor, 'screen.pair-refused', null, { reason: 'too many wrong codes' });
        const seconds = Math.ceil(limited.retryAfterMs / 1000);
        return reply
          .code(429)
          .header('retry-after', String(seconds))
          .send(
            errorBody(
              429,
              `code: too many wrong codes; try again in ${seconds} s`,
              `code: nhập sai mã quá nhiều lần; thử lại sau ${seconds} giây`,
              'code',
            ),
          );
      }
      const checked = await pairing.check(request.body.code, keys);
      if (!checked.ok) {
        security.audit(actor, 'screen.pair-failed', null, { reason: checked.reason });
        const refusal = REFUSALS[checked.reason];
        return reply.code(refusal.status).send(errorBody(refusal.status, refusal.en, refusal.vi, 'code'));
      }

      const { screenId, screen: described } = request.body;
      const existing = registry.get(screenId);
      if (existing && described) {
        return reply
          .code(409)
          .send(
            errorBody(
              409,
              `screenId: screen ${screenId} already exists: pair to it without a description, or choose another id`,
              `screenId: màn hình ${screenId} đã có: ghép nối vào nó (không mô tả lại) hoặc chọn mã khác`,
              'screenId',
            ),
          );
      }
      if (!existing) {
        if (!described) {
          return reply
            .code(400)
            .send(
              errorBody(
                400,
                `screen: there is no screen ${screenId}: describe the new screen (profile, audience, dashboard or playlist)`,
                `screen: chưa có màn hình ${screenId}: hãy mô tả màn hình mới`,
                'screen',
              ),
            );
        }
        const resolution = described.resolution ?? DEFAULT_RESOLUTION[described.profile];
        if (!resolution) {
          return reply
            .code(400)
            .send(
              errorBody(
                400,
                'screen.resolution: an LED panel needs its size in pixels, e.g. [768, 384]',
                'screen.resolution: bảng LED cần kích thước điểm ảnh, ví dụ [768, 384]',
                'screen.resolution',
              ),
            );
        }
        const screen = Value.Default(Screen, {
          version: 1,
          id: screenId,
          ...described,
          name: described.name ?? { vi: screenId, en: screenId },
          resolution,
        }) as Screen;
        try {
          await registry.addPaired(screen, actor.actor);
        } catch (error) {
          if (error instanceof ScreenRuleError) return ruleRefusal(reply, error, 'screen');
          throw error;
        }
      }
      const { token, screenToken } = await security.createScreenToken(screenId, actor);
      if (!(await pairing.complete(checked.code, screenId, { token, id: screenToken.id }))) {
        // Another operator claimed this code meanwhile (on this process or another): this token goes unused.
        await security.revokeScreenToken(screenToken.id, actor);
        const refusal = REFUSALS.used;
        return reply.code(refusal.status).send(errorBody(refusal.status, refusal.en, refusal.vi, 'code'));
      }
      security.audit(actor, 'screen.pair', screenId, {
        screen: existing ? 'existing' : 'new',
        tokenId: screenToken.id,
      });
      return reply.code(201).send({ screenId, screen: registry.get(screenId), source: registry.source(screenId) });
    },
  );

  app.patch(
    '/api/v1/screens/:id',
    {
      schema: {
        summary: 'Change what a screen shows, its groups, profile, name or location',
        tags: ['screens'],
        params: IdParams,
        body: Changes,
        response: {
          200: Type.Object({
            changed: Type.Array(Type.String(), { description: 'Every screen changed (a tiled wall changes together)' }),
            ...ScreenAnswer.properties,
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!registry.get(id))
        return reply.code(404).send(errorBody(404, `no screen ${id}`, `không có màn hình ${id}`, 'id'));
      let changed: string[];
      try {
        changed = await registry.change(id, request.body as ScreenChanges, who(request).actor);
      } catch (error) {
        if (error instanceof ScreenRuleError) return ruleRefusal(reply, error, 'body');
        throw error;
      }
      for (const screenId of changed)
        security.audit(who(request), 'screen.assign', screenId, {
          ...request.body,
          ...(screenId !== id ? { via: id } : {}),
        });
      return { changed, screen: registry.get(id), source: registry.source(id) };
    },
  );

  app.delete(
    '/api/v1/screens/:id',
    {
      schema: {
        summary: 'Remove a paired screen (its tokens are revoked), or undo the changes to a config one',
        tags: ['screens'],
        params: IdParams,
        response: {
          200: Type.Object({ ok: Type.Boolean(), removed: Type.Boolean() }),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const source = registry.source(id);
      if (!source) return reply.code(404).send(errorBody(404, `no screen ${id}`, `không có màn hình ${id}`, 'id'));
      if (source === 'config') {
        return reply
          .code(409)
          .send(
            errorBody(
              409,
              `screen ${id} is defined in config/screens/ and has no changes to undo; edit its file to remove it`,
              `màn hình ${id} được khai báo trong config/screens/; sửa tệp cấu hình để bỏ`,
              'id',
            ),
          );
      }
      await registry.forget(id);
      if (source === 'paired') {
        // A removed screen keeps no way in.
        for (const token of security.screenTokens())
          if (token.screenId === id && !token.revokedAt) await security.revokeScreenToken(token.id, who(request));
      }
      security.audit(who(request), source === 'paired' ? 'screen.remove' : 'screen.reset', id);
      return { ok: true, removed: source === 'paired' };
    },
  );
};

export default manageScreens;
