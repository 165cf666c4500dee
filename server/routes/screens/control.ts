/**
 * The console's control of screens, for operators and admins (`screens.manage`): the screens'
 * statuses, commands (identify, reload, dim, blank, wake, switch dashboard, next, previous,
 * thumbnail) with each screen's answer, thumbnails, and emergency takeovers.
 *
 * A takeover is an announcement of priority `emergency` stored through the ingest path like any
 * feed's (so a feed's emergency is a takeover too, and a restart keeps it); cancelling it is its
 * withdrawal. Every command and takeover is audited, except thumbnails, which only read.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type, { type Static } from 'typebox';
import { randomBytes } from 'node:crypto';
import { InputError } from '../../ingest/ingest-error';
import type { ScreenInfo } from '../../realtime/screen-status';
import type { CommandOutcome, ScreenCommand } from '../../protocol/index';
import { normaliseTargets, targetedScreens } from '../../protocol/targeting';
import type { ScreenTargets } from '../../protocol/topics';
import { Severity } from '../../domains/announcements/schema';
import { actorOf } from '../../access/identity';
import { errorBody } from '../../http/error-handler';
import { areaAccess } from '../area-access';
import { Ok } from '../../protocol/rest';
import { errors } from '../../http/route-docs';

const IDENTIFY_MS = 10_000;
/** A screen answers a command at its next free moment; a thumbnail also draws itself first. */
const COMMAND_TIMEOUT_MS = 5000;
const THUMBNAIL_TIMEOUT_MS = 10_000;
const THUMBNAIL_WIDTH = 480;
const MAX_TAKEOVER_MS = 7 * 24 * 3_600_000;

const Name = Type.String({ minLength: 1, maxLength: 63, pattern: '^[a-z0-9][a-z0-9-]{0,62}$' });
const Targets = Type.Object(
  {
    all: Type.Optional(Type.Boolean()),
    screens: Type.Optional(Type.Array(Name, { maxItems: 200 })),
    groups: Type.Optional(Type.Array(Name, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
type Targets = Static<typeof Targets>;

const KINDS = [
  'identify',
  'reload',
  'dim',
  'blank',
  'wake',
  'switch-dashboard',
  'next',
  'previous',
  'thumbnail',
] as const;
const Command = Type.Object(
  {
    kind: Type.Union(KINDS.map((kind) => Type.Literal(kind))),
    dashboard: Type.Optional(Name),
  },
  { additionalProperties: false },
);

const TakeoverBody = Type.Object(
  {
    /** Vietnamese required; English optional (an emergency must not wait for a translation): filled from the Vietnamese. */
    text: Type.Object(
      { vi: Type.String({ minLength: 1, maxLength: 500 }), en: Type.Optional(Type.String({ maxLength: 500 })) },
      { additionalProperties: false },
    ),
    severity: Type.Optional(Severity),
    targets: Type.Optional(Targets),
    /** How long it lasts, or until when (`expiresAt`, ISO 8601 or epoch ms): one of the two. */
    durationMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 7 * 24 * 60 })),
    expiresAt: Type.Optional(
      Type.Union([Type.String({ format: 'date-time', maxLength: 40 }), Type.Integer({ minimum: 0 })]),
    ),
  },
  { additionalProperties: false },
);

const TakeoverParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const ScreenParams = Type.Object({ id: Name });

const Outcomes = Type.Object({
  outcomes: Type.Array(
    Type.Object({
      screenId: Type.String(),
      status: Type.Union([
        Type.Literal('acked'),
        Type.Literal('refused'),
        Type.Literal('offline'),
        Type.Literal('timeout'),
      ]),
      at: Type.Number(),
      message: Type.Optional(Type.Object({ vi: Type.String(), en: Type.String() })),
    }),
    { description: "Each screen's answer (`CommandOutcome` in server/protocol/index.ts)" },
  ),
});
const Takeovers = Type.Object({
  takeovers: Type.Array(Type.Unknown(), {
    description: 'Each takeover and which screens acknowledged it (`TakeoverStatus` in server/protocol/index.ts)',
  }),
});
const StartedTakeover = Type.Object({
  id: Type.String(),
  validFrom: Type.Number(),
  validTo: Type.Number(),
  severity: Type.String(),
  targets: Type.Union([Type.Unknown(), Type.Null()], { description: 'The screens and groups targeted; null for all' }),
  screens: Type.Array(Type.String()),
});

const screenControlRoutes: FastifyPluginAsync = async (fastify) => {
  areaAccess(fastify, { permission: 'screens.manage' });
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { screenControl: control, ingest, access: security, screens, now } = app;
  const config = () => screens.config();
  const who = (request: { identity: Parameters<typeof actorOf>[0]; ip: string }) => ({
    actor: actorOf(request.identity),
    ip: request.ip,
  });

  /**
   * The screens a target names. Unknown screens and groups are refused naming the field: a typo
   * must not quietly reach nobody.
   */
  function resolve(
    targets: Targets | undefined,
    field: string,
    reply: FastifyReply,
    requireExplicit: boolean,
  ): { screens: ScreenInfo[]; targets: ScreenTargets | null } | null {
    const screens = control.screens();
    const normalised = normaliseTargets(targets);
    if (!normalised) {
      if (requireExplicit && targets?.all !== true) {
        void reply
          .code(400)
          .send(
            errorBody(
              400,
              `${field}: name screens or groups, or all: true`,
              `${field}: chọn màn hình, nhóm, hoặc all: true`,
              field,
            ),
          );
        return null;
      }
      return { screens, targets: null };
    }
    if (targets?.all === true) {
      void reply
        .code(400)
        .send(
          errorBody(
            400,
            `${field}.all: not together with screens or groups`,
            `${field}.all: không dùng cùng màn hình hoặc nhóm`,
            `${field}.all`,
          ),
        );
      return null;
    }
    const known = new Set(screens.map((screen) => screen.id));
    const unknownScreen = (targets?.screens ?? []).findIndex((id) => !known.has(id));
    if (unknownScreen >= 0) {
      const path = `${field}.screens[${unknownScreen}]`;
      void reply
        .code(400)
        .send(
          errorBody(
            400,
            `${path}: no screen "${targets!.screens![unknownScreen]}"`,
            `${path}: không có màn hình "${targets!.screens![unknownScreen]}"`,
            path,
          ),
        );
      return null;
    }
    const groups = new Set(screens.flatMap((screen) => screen.groups));
    const unknownGroup = (targets?.groups ?? []).findIndex((group) => !groups.has(group));
    if (unknownGroup >= 0) {
      const path = `${field}.groups[${unknownGroup}]`;
      const list = [...groups].sort().join(', ');
      void reply
        .code(400)
        .send(
          errorBody(
            400,
            `${path}: no screen is in group "${targets!.groups![unknownGroup]}" (groups: ${list})`,
            `${path}: không màn hình nào thuộc nhóm "${targets!.groups![unknownGroup]}" (các nhóm: ${list})`,
            path,
          ),
        );
      return null;
    }
    return { screens: targetedScreens(normalised, screens), targets: normalised };
  }

  app.get(
    '/api/v1/screen-status',
    {
      schema: {
        summary: "Every screen's status and the active takeovers (live: `console:watch` on the socket)",
        tags: ['screens'],
        response: {
          200: Type.Object(
            {},
            { additionalProperties: true, description: '`ScreensUpdate` (server/protocol/index.ts) with `takeovers`' },
          ),
          ...errors(401, 403),
        },
      },
    },
    async () => ({ ...(await control.update()), takeovers: await control.takeoverStatuses() }),
  );

  app.post(
    '/api/v1/screen-commands',
    {
      schema: {
        summary:
          "Send a command (identify, reload, dim, blank, wake, switch-dashboard, next, previous, thumbnail) to screens; answers each screen's outcome",
        tags: ['screens'],
        body: Type.Object({ targets: Targets, command: Command }, { additionalProperties: false }),
        response: { 200: Outcomes, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { command } = request.body;
      const resolved = resolve(request.body.targets, 'targets', reply, true);
      if (!resolved) return reply;
      const current = config();
      if (command.kind === 'switch-dashboard') {
        if (!command.dashboard)
          return reply
            .code(400)
            .send(
              errorBody(
                400,
                'command.dashboard: which dashboard to show',
                'command.dashboard: chọn bảng cần hiển thị',
                'command.dashboard',
              ),
            );
        if (!current.dashboards.has(command.dashboard)) {
          return reply
            .code(400)
            .send(
              errorBody(
                400,
                `command.dashboard: no dashboard "${command.dashboard}"`,
                `command.dashboard: không có bảng "${command.dashboard}"`,
                'command.dashboard',
              ),
            );
        }
      }
      // A public screen never shows an internal dashboard, whatever an operator asks.
      const internalOnPublic = (screen: ScreenInfo) =>
        command.kind === 'switch-dashboard' &&
        screen.audience === 'public' &&
        current.dashboards.get(command.dashboard!)?.audience !== 'public';
      const refused: CommandOutcome[] = resolved.screens.filter(internalOnPublic).map((screen) => ({
        screenId: screen.id,
        status: 'refused',
        at: now(),
        message: {
          vi: 'Màn hình công cộng chỉ hiển thị bảng công khai',
          en: 'A public screen shows public dashboards only',
        },
      }));
      const sendTo = resolved.screens.filter((screen) => !internalOnPublic(screen)).map((screen) => screen.id);
      const outcomes = await control.send(
        sendTo,
        (screen, id): ScreenCommand => {
          switch (command.kind) {
            case 'identify':
              return { id, kind: 'identify', number: screen.number, label: screen.name, durationMs: IDENTIFY_MS };
            case 'switch-dashboard':
              return { id, kind: 'switch-dashboard', dashboard: command.dashboard! };
            case 'thumbnail':
              return { id, kind: 'thumbnail', width: Math.min(THUMBNAIL_WIDTH, screen.resolution[0]) };
            default:
              return { id, kind: command.kind as 'reload' | 'dim' | 'blank' | 'wake' | 'next' | 'previous' };
          }
        },
        command.kind === 'thumbnail' ? THUMBNAIL_TIMEOUT_MS : COMMAND_TIMEOUT_MS,
      );
      const all = [...refused, ...outcomes];
      if (command.kind !== 'thumbnail') {
        security.audit(
          who(request),
          `screen.${command.kind}`,
          resolved.targets ? JSON.stringify(resolved.targets) : 'all',
          {
            ...(command.dashboard ? { dashboard: command.dashboard } : {}),
            outcomes: Object.fromEntries(all.map((outcome) => [outcome.screenId, outcome.status])),
          },
        );
      }
      return { outcomes: all };
    },
  );

  app.get(
    '/api/v1/screens/:id/thumbnail',
    {
      schema: {
        summary: 'The latest thumbnail of a screen (ask for one with the `thumbnail` command)',
        tags: ['screens'],
        params: ScreenParams,
        produces: ['image/jpeg', 'application/json'],
        response: {
          200: Type.Unsafe<Buffer>({
            type: 'string',
            contentMediaType: 'image/jpeg',
            description: 'The image; `x-taken-at` says when',
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const thumbnail = await control.thumbnail(request.params.id);
      if (!thumbnail)
        return reply
          .code(404)
          .send(
            errorBody(
              404,
              `no thumbnail of screen ${request.params.id} yet`,
              `chưa có ảnh chụp của màn hình ${request.params.id}`,
              'id',
            ),
          );
      return reply
        .header('content-type', thumbnail.mime)
        .header('cache-control', 'no-store')
        .header('x-taken-at', String(thumbnail.at))
        .send(thumbnail.bytes);
    },
  );

  app.get(
    '/api/v1/takeovers',
    {
      schema: {
        summary: 'The active takeovers and their acknowledgements',
        tags: ['screens'],
        response: { 200: Takeovers, ...errors(401, 403) },
      },
    },
    async () => ({ takeovers: await control.takeoverStatuses() }),
  );

  app.post(
    '/api/v1/takeovers',
    {
      schema: {
        summary: 'Start an emergency takeover on screens (an announcement of priority `emergency`)',
        tags: ['screens'],
        body: TakeoverBody,
        response: { 201: StartedTakeover, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const resolved = resolve(body.targets, 'targets', reply, false);
      if (!resolved) return reply;
      const start = now();
      let validTo: number;
      if (body.durationMinutes !== undefined && body.expiresAt !== undefined) {
        return reply
          .code(400)
          .send(
            errorBody(
              400,
              'expiresAt: give durationMinutes or expiresAt, not both',
              'expiresAt: chỉ dùng durationMinutes hoặc expiresAt',
              'expiresAt',
            ),
          );
      } else if (body.durationMinutes !== undefined) {
        validTo = start + body.durationMinutes * 60_000;
      } else if (body.expiresAt !== undefined) {
        validTo = typeof body.expiresAt === 'number' ? body.expiresAt : Date.parse(body.expiresAt);
        if (!(validTo > start) || validTo - start > MAX_TAKEOVER_MS) {
          return reply
            .code(400)
            .send(
              errorBody(
                400,
                'expiresAt: must be in the future, within 7 days',
                'expiresAt: phải ở tương lai, trong vòng 7 ngày',
                'expiresAt',
              ),
            );
        }
      } else {
        return reply
          .code(400)
          .send(
            errorBody(
              400,
              'durationMinutes: say how long the takeover lasts (or expiresAt)',
              'durationMinutes: cho biết thời gian hiển thị (hoặc expiresAt)',
              'durationMinutes',
            ),
          );
      }
      const id = `takeover-${start.toString(36)}-${randomBytes(3).toString('hex')}`;
      const text = { vi: body.text.vi, en: body.text.en?.trim() || body.text.vi };
      const severity = body.severity ?? 'severe';
      const actor = who(request);
      try {
        await ingest.ingest(
          [
            {
              domain: 'announcements',
              kind: 'announcement.published',
              id,
              data: {
                announcementId: id,
                text,
                priority: 'emergency',
                severity,
                validFrom: start,
                validTo,
                ...(resolved.targets ? { targets: resolved.targets } : {}),
              },
            },
          ],
          { source: actor.actor },
        );
      } catch (error) {
        // The ingest path names fields as a feed sees them; this route's caller sent `text.vi`.
        if (error instanceof InputError) {
          const field = error.field?.replace(/^events\[0\]\.data\./, '') ?? null;
          // The ingest path refuses with 400 (invalid), 403 (guard) or 409 (state conflict).
          return reply
            .code(error.statusCode as 400 | 403 | 409)
            .send(
              errorBody(
                error.statusCode,
                `${field}: ${error.message.replace(/^[^:]*: /, '')}`,
                `${field}: ${error.messageVi.replace(/^[^:]*: /, '')}`,
                field,
              ),
            );
        }
        throw error;
      }
      security.audit(actor, 'takeover.start', id, {
        targets: resolved.targets,
        severity,
        validTo,
        screens: resolved.screens.map((screen) => screen.id),
        text,
      });
      return reply.code(201).send({
        id,
        validFrom: start,
        validTo,
        severity,
        targets: resolved.targets,
        screens: resolved.screens.map((screen) => screen.id),
      });
    },
  );

  app.delete(
    '/api/v1/takeovers/:id',
    {
      schema: {
        summary: 'Cancel a takeover (its withdrawal)',
        tags: ['screens'],
        params: TakeoverParams,
        response: { 200: Ok, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const active = (await control.takeoverStatuses()).find((status) => status.takeover.id === id);
      if (!active)
        return reply
          .code(404)
          .send(errorBody(404, `no active takeover ${id}`, `không có thông báo khẩn ${id} đang hiển thị`, 'id'));
      const actor = who(request);
      await ingest.ingest([{ domain: 'announcements', kind: 'announcement.withdrawn', data: { announcementId: id } }], {
        source: actor.actor,
      });
      security.audit(actor, 'takeover.cancel', id, {
        acknowledged: active.screens.filter((screen) => screen.ack).map((screen) => screen.screenId),
      });
      return { ok: true };
    },
  );
};

export default screenControlRoutes;
