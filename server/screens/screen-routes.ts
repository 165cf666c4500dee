/**
 * Pairing and managing screens over HTTP:
 * - `POST /api/v1/pairing` (anybody, rate limited): a code for a browser at `/pair`, and its ticket;
 * - `POST /api/v1/pairing/status` (the ticket's holder): waiting, expired, or the screen token, once;
 * - `POST /api/v1/pairing/claim` (operators): this code is screen X (a new one, or an existing one);
 * - `PATCH /api/v1/screens/:id` (operators): what a screen shows, its groups, profile, name;
 * - `DELETE /api/v1/screens/:id` (operators): remove a paired screen, or undo changes to a config one;
 * - `GET /api/v1/playlists` (operators): the playlists a screen can be given.
 * Every change and every refused code is in the audit log.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { Value } from 'typebox/value';
import { Identifier, LocalizedText } from '../../config/schema/common';
import { Screen, ScreenProfile, TilePosition } from '../../config/schema/screen';
import type { AccessStore } from '../access/access-store';
import { actorOf, type Identity } from '../access/identity';
import { errorBody } from '../http/error-handler';
import { requireCsrf, requirePermission } from '../http/auth-plugin';
import { PlaylistChoice } from '../protocol/rest';
import { errors, personWith, PUBLIC } from '../http/route-docs';
import type { ScreenRegistry, ScreenChanges } from './screen-registry';
import { ScreenRuleError } from './screen-registry';
import { CODE_TTL_MS, type PairingService } from './pairing';
import type { LoadedConfig } from '../config/load-config';
import { playlistDashboards } from './screen-rules';

export interface ScreenRoutesOptions {
  security: AccessStore;
  config: () => LoadedConfig;
  registry: ScreenRegistry;
  pairing: PairingService;
  /** New codes per minute per address (a browser at /pair asks for one every 10 minutes). */
  codesPerMinute?: number;
  /** Status polls per minute per address (a waiting browser asks every 2 s). */
  pollsPerMinute?: number;
}

const Resolution = Type.Tuple([Type.Integer({ minimum: 64, maximum: 16_384 }), Type.Integer({ minimum: 32, maximum: 8192 })]);
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

const Ticket = Type.Object({ ticket: Type.String({ minLength: 10, maxLength: 100 }) }, { additionalProperties: false });
const IdParams = Type.Object({ id: Identifier });

const PairingCode = Type.Object({
  code: Type.String({ description: 'Shown on the screen; an operator types it in the console' }),
  ticket: Type.String({ description: 'Kept by the browser to ask for its status' }),
  expiresAt: Type.Number(),
  ttlMs: Type.Integer(),
}, { additionalProperties: true });
const PairingStatus = Type.Object({
  state: Type.Union([Type.Literal('waiting'), Type.Literal('paired')]),
  screenId: Type.Optional(Type.String()),
  token: Type.Optional(Type.String({ description: 'The screen token `iocs_…`, given once' })),
  url: Type.Optional(Type.String()),
}, { additionalProperties: true });
const ScreenAnswer = Type.Object({
  screen: Type.Unknown({ description: 'The screen as its config describes it (config/schema/screen.ts)' }),
  source: Type.Union([Type.String(), Type.Null()], { description: '`config`, `edited` or `paired`' }),
});

/** The usual size of each profile, so the console need not ask; an LED panel's size must be given. */
const DEFAULT_RESOLUTION: Partial<Record<Screen['profile'], [number, number]>> = {
  wall: [1920, 1080], '1080p': [1920, 1080], briefing: [1920, 1080], '4k': [3840, 2160],
};

const REFUSALS = {
  unknown: { status: 404, en: 'code: no screen is showing this code (check it, or read it again from the screen)', vi: 'code: không có màn hình nào đang hiện mã này (kiểm tra lại mã trên màn hình)' },
  expired: { status: 410, en: 'code: this code has expired; the screen shows a new one', vi: 'code: mã đã hết hạn; màn hình đang hiện mã mới' },
  used: { status: 409, en: 'code: this code has already been used', vi: 'code: mã này đã được dùng' },
} as const;

function ruleRefusal(reply: FastifyReply, error: ScreenRuleError, prefix: string) {
  const first = error.problems[0]!;
  const field = `${prefix}${first.path.replace(/\//g, '.')}`.replace(/\.$/, '');
  const detail = error.problems.map((problem) => `${problem.screenId}${problem.path}: ${problem.reason}`).join('; ');
  return reply.code(400).send({ ...errorBody(400, `${field}: ${first.reason}`, `${field}: ${first.reasonVi ?? first.reason}`, field), problems: error.problems, detail });
}

const screenRoutes: FastifyPluginAsync<ScreenRoutesOptions> = async (fastify, options) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { security, registry, pairing } = options;
  const who = (request: { identity: Identity; ip: string }) => ({ actor: actorOf(request.identity), ip: request.ip });

  app.post('/api/v1/pairing', {
    schema: {
      summary: 'A pairing code for a browser at `/pair`, and its ticket', tags: ['screens'], security: PUBLIC,
      response: { 201: PairingCode, ...errors(429, 503) },
    },
    config: { rateLimit: { max: options.codesPerMinute ?? 10, timeWindow: 60_000 } },
  }, async (request, reply) => {
    const started = pairing.start(request.ip);
    if (!started) {
      return reply.code(503).header('retry-after', '60').send(errorBody(503, 'too many screens are waiting to be paired; try again in a minute', 'quá nhiều màn hình đang chờ ghép nối; thử lại sau một phút'));
    }
    security.audit({ actor: 'anonymous', ip: request.ip }, 'screen.pair-code');
    return reply.code(201).send({ ...started, ttlMs: CODE_TTL_MS });
  });

  app.post('/api/v1/pairing/status', {
    schema: {
      summary: 'Whether the code was claimed: waiting, or the screen token (once)', tags: ['screens'], security: PUBLIC,
      body: Ticket, response: { 200: PairingStatus, ...errors(400, 404, 410, 429) },
    },
    config: { rateLimit: { max: options.pollsPerMinute ?? 60, timeWindow: 60_000 } },
  }, async (request, reply) => {
    const status = pairing.status(request.body.ticket);
    if (!status) return reply.code(404).send(errorBody(404, 'ticket: unknown or already used', 'ticket: không hợp lệ hoặc đã dùng', 'ticket'));
    if (status.state === 'expired') return reply.code(410).send(errorBody(410, 'ticket: the code expired; ask for a new one', 'ticket: mã đã hết hạn; hãy lấy mã mới', 'ticket'));
    if (status.state === 'paired') return { ...status, url: `/wall/${status.screenId}` };
    return status;
  });

  app.post('/api/v1/pairing/claim', {
    preHandler: [requirePermission('screens.manage'), requireCsrf],
    schema: {
      summary: 'This code is screen X: a new screen (described) or another browser for an existing one', tags: ['screens'], ...personWith('screens.manage', true),
      body: Claim, response: { 201: Type.Object({ screenId: Type.String(), ...ScreenAnswer.properties }), ...errors(400, 401, 403, 404, 409, 410, 429) },
    },
  }, async (request, reply) => {
    const actor = who(request);
    const identity = request.identity;
    const keys = [`ip:${request.ip}`, ...(identity.kind === 'user' ? [`user:${identity.session.user.id}`] : [])];
    const limited = pairing.limited(keys);
    if (limited) {
      security.audit(actor, 'screen.pair-refused', null, { reason: 'too many wrong codes' });
      const seconds = Math.ceil(limited.retryAfterMs / 1000);
      return reply.code(429).header('retry-after', String(seconds)).send(
        errorBody(429, `code: too many wrong codes; try again in ${seconds} s`, `code: nhập sai mã quá nhiều lần; thử lại sau ${seconds} giây`, 'code'),
      );
    }
    const checked = pairing.check(request.body.code, keys);
    if (!checked.ok) {
      security.audit(actor, 'screen.pair-failed', null, { reason: checked.reason });
      const refusal = REFUSALS[checked.reason];
      return reply.code(refusal.status).send(errorBody(refusal.status, refusal.en, refusal.vi, 'code'));
    }

    const { screenId, screen: described } = request.body;
    const existing = registry.get(screenId);
    if (existing && described) {
      return reply.code(409).send(errorBody(409, `screenId: screen ${screenId} already exists: pair to it without a description, or choose another id`, `screenId: màn hình ${screenId} đã có: ghép nối vào nó (không mô tả lại) hoặc chọn mã khác`, 'screenId'));
    }
    if (!existing) {
      if (!described) {
        return reply.code(400).send(errorBody(400, `screen: there is no screen ${screenId}: describe the new screen (profile, audience, dashboard or playlist)`, `screen: chưa có màn hình ${screenId}: hãy mô tả màn hình mới`, 'screen'));
      }
      const resolution = described.resolution ?? DEFAULT_RESOLUTION[described.profile];
      if (!resolution) {
        return reply.code(400).send(errorBody(400, 'screen.resolution: an LED panel needs its size in pixels, e.g. [768, 384]', 'screen.resolution: bảng LED cần kích thước điểm ảnh, ví dụ [768, 384]', 'screen.resolution'));
      }
      const screen = Value.Default(Screen, {
        version: 1, id: screenId, ...described, name: described.name ?? { vi: screenId, en: screenId }, resolution,
      }) as Screen;
      try {
        registry.addPaired(screen, actor.actor);
      } catch (error) {
        if (error instanceof ScreenRuleError) return ruleRefusal(reply, error, 'screen');
        throw error;
      }
    }
    const { token, screenToken } = security.createScreenToken(screenId, actor);
    pairing.complete(checked.code, screenId, { token, id: screenToken.id });
    security.audit(actor, 'screen.pair', screenId, { screen: existing ? 'existing' : 'new', tokenId: screenToken.id });
    return reply.code(201).send({ screenId, screen: registry.get(screenId), source: registry.source(screenId) });
  });

  /** The playlists a screen can be given; `public` when every dashboard in it is public. */
  app.get('/api/v1/playlists', {
    preHandler: requirePermission('console.use'),
    schema: {
      summary: 'The playlists a screen can be given', tags: ['dashboards'], ...personWith('console.use', false),
      response: { 200: Type.Object({ playlists: Type.Array(PlaylistChoice) }), ...errors(401, 403) },
    },
  }, async () => {
    const { playlists, dashboards } = options.config();
    return {
      playlists: [...playlists.values()].map((playlist) => {
        const shown = playlistDashboards(playlist);
        return {
          id: playlist.id, name: playlist.name, items: playlist.items.length, dashboards: shown,
          audience: shown.every((id) => dashboards.get(id)?.audience === 'public') ? ('public' as const) : ('internal' as const),
        };
      }),
    };
  });

  app.patch('/api/v1/screens/:id', {
    preHandler: [requirePermission('screens.manage'), requireCsrf],
    schema: {
      summary: 'Change what a screen shows, its groups, profile, name or location', tags: ['screens'], ...personWith('screens.manage', true),
      params: IdParams, body: Changes,
      response: { 200: Type.Object({ changed: Type.Array(Type.String(), { description: 'Every screen changed (a tiled wall changes together)' }), ...ScreenAnswer.properties }), ...errors(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    const { id } = request.params;
    if (!registry.get(id)) return reply.code(404).send(errorBody(404, `no screen ${id}`, `không có màn hình ${id}`, 'id'));
    let changed: string[];
    try {
      changed = registry.change(id, request.body as ScreenChanges, who(request).actor);
    } catch (error) {
      if (error instanceof ScreenRuleError) return ruleRefusal(reply, error, 'body');
      throw error;
    }
    for (const screenId of changed) security.audit(who(request), 'screen.assign', screenId, { ...request.body, ...(screenId !== id ? { via: id } : {}) });
    return { changed, screen: registry.get(id), source: registry.source(id) };
  });

  app.delete('/api/v1/screens/:id', {
    preHandler: [requirePermission('screens.manage'), requireCsrf],
    schema: {
      summary: 'Remove a paired screen (its tokens are revoked), or undo the changes to a config one', tags: ['screens'], ...personWith('screens.manage', true),
      params: IdParams, response: { 200: Type.Object({ ok: Type.Boolean(), removed: Type.Boolean() }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    const { id } = request.params;
    const source = registry.source(id);
    if (!source) return reply.code(404).send(errorBody(404, `no screen ${id}`, `không có màn hình ${id}`, 'id'));
    if (source === 'config') {
      return reply.code(409).send(errorBody(409, `screen ${id} is defined in config/screens/ and has no changes to undo; edit its file to remove it`, `màn hình ${id} được khai báo trong config/screens/; sửa tệp cấu hình để bỏ`, 'id'));
    }
    registry.forget(id);
    if (source === 'paired') {
      // A removed screen keeps no way in.
      for (const token of security.screenTokens()) if (token.screenId === id && !token.revokedAt) security.revokeScreenToken(token.id, who(request));
    }
    security.audit(who(request), source === 'paired' ? 'screen.remove' : 'screen.reset', id);
    return { ok: true, removed: source === 'paired' };
  });
};

export default fp(screenRoutes, { name: 'screen-routes' });
