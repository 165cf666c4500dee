/**
 * Feed administration (`keys.manage`, like feed keys: both decide what enters the store): each
 * feed's health, pausing and resuming it, a dry run of its mapping against a sample message, its
 * dead letters and their replay after the mapping is fixed. Every change is audited.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { actorOf, type Identity } from '../../access/identity';
import { errorBody } from '../../http/error-handler';
import { errors } from '../../http/route-docs';
import { InputError } from '../../ingest/ingest-error';
import { MappingError } from '../../feeds/pipeline/mapping';
import { areaAccess } from '../area-access';

const Words = Type.Object({ vi: Type.String(), en: Type.String() });
const FeedHealthView = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  title: Words,
  paused: Type.Boolean(),
  connected: Type.Boolean(),
  stale: Type.Boolean({ description: 'Silent past its staleAfterSeconds' }),
  lastMessageAt: Type.Union([Type.Number(), Type.Null()]),
  messagesPerMinute: Type.Integer(),
  refusalsPerMinute: Type.Integer(),
  messages: Type.Integer(),
  stored: Type.Integer(),
  duplicates: Type.Integer(),
  refusals: Type.Integer(),
  deadLetters: Type.Integer(),
  lastError: Type.Union([Type.Object({ vi: Type.String(), en: Type.String(), at: Type.Number() }), Type.Null()]),
});
const DeadLetterView = Type.Object({
  id: Type.Integer(),
  at: Type.Number(),
  stage: Type.Union([Type.Literal('parse'), Type.Literal('mapping'), Type.Literal('ingest')]),
  field: Type.Union([Type.String(), Type.Null()]),
  reason: Words,
  raw: Type.String(),
  context: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

const feedsAdmin: FastifyPluginAsync = async (fastify) => {
  areaAccess(fastify, { permission: 'keys.manage' });
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { feeds, feedStore, access } = app;
  const who = (request: { identity: Identity; ip: string }) => ({ actor: actorOf(request.identity), ip: request.ip });
  const unknown = (id: string) => errorBody(404, `no feed "${id}"`, `không có luồng dữ liệu "${id}"`, 'id');

  app.get(
    '/api/v1/feeds',
    {
      schema: {
        summary: 'Every feed of config/feeds/ with its health',
        tags: ['admin'],
        response: { 200: Type.Object({ feeds: Type.Array(FeedHealthView) }), ...errors(401, 403) },
      },
    },
    async () => ({ feeds: feeds.health() }),
  );

  for (const action of ['pause', 'resume'] as const) {
    app.post(
      `/api/v1/feeds/:id/${action}`,
      {
        schema: {
          summary: action === 'pause' ? 'Pause a feed (kept across restarts)' : 'Resume a paused feed',
          tags: ['admin'],
          params: IdParams,
          response: { 200: Type.Object({ paused: Type.Boolean() }), ...errors(401, 403, 404) },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        if (!(await feeds.setPaused(id, action === 'pause'))) return reply.code(404).send(unknown(id));
        access.audit(who(request), `feed.${action}`, id);
        return { paused: feeds.paused(id) };
      },
    );
  }

  app.post(
    '/api/v1/feeds/:id/test',
    {
      schema: {
        summary: 'Dry run of the mapping on a sample message: the events it would make, or the exact error',
        tags: ['admin'],
        params: IdParams,
        body: Type.Object(
          {
            message: Type.Unknown({ description: 'The sample message, as the source sends it (JSON)' }),
            topic: Type.Optional(Type.String({ maxLength: 500, description: 'For MQTT: the topic, as `$topic`' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            events: Type.Array(Type.Record(Type.String(), Type.Unknown())),
            error: Type.Union([
              Type.Object({ vi: Type.String(), en: Type.String(), field: Type.Union([Type.String(), Type.Null()]) }),
              Type.Null(),
            ]),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const channel = feeds.channel(request.params.id);
      if (!channel) return reply.code(404).send(unknown(request.params.id));
      const context: Record<string, string> = request.body.topic ? { topic: request.body.topic } : {};
      try {
        const events = await channel.dryRun(request.body.message, context);
        return { ok: true, events: events as unknown as Array<Record<string, unknown>>, error: null };
      } catch (error) {
        if (error instanceof MappingError)
          return { ok: false, events: [], error: { vi: error.vi, en: error.message, field: error.field } };
        if (error instanceof InputError)
          return { ok: false, events: [], error: { vi: error.messageVi, en: error.message, field: error.field } };
        throw error;
      }
    },
  );

  app.get(
    '/api/v1/feeds/:id/dead-letters',
    {
      schema: {
        summary: 'A feed’s refused messages, newest first, with the reason and the raw message',
        tags: ['admin'],
        params: IdParams,
        querystring: Type.Object({
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
          before: Type.Optional(Type.Integer({ minimum: 1, description: 'Only letters older than this id (paging)' })),
        }),
        response: {
          200: Type.Object({ total: Type.Integer(), deadLetters: Type.Array(DeadLetterView) }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!feeds.channel(id)) return reply.code(404).send(unknown(id));
      const letters = feedStore.deadLetters(id, request.query.limit, request.query.before);
      return {
        total: feedStore.deadLetterCount(id),
        deadLetters: letters.map(({ feed: _feed, ...letter }) => letter),
      };
    },
  );

  app.post(
    '/api/v1/feeds/:id/dead-letters/replay',
    {
      schema: {
        summary: 'Replay dead letters through the current mapping (after a fix); stored ones leave the list',
        tags: ['admin'],
        params: IdParams,
        body: Type.Object(
          { ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 1000 })) },
          { additionalProperties: false, description: 'Which letters; none: the oldest 1000' },
        ),
        response: {
          200: Type.Object({ stored: Type.Integer(), refused: Type.Integer(), missing: Type.Integer() }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const channel = feeds.channel(id);
      if (!channel) return reply.code(404).send(unknown(id));
      const ids =
        request.body.ids ??
        feedStore
          .deadLetters(id, 1000)
          .map((letter) => letter.id)
          .reverse();
      const counts = { stored: 0, refused: 0, missing: 0 };
      for (const letter of ids) {
        const outcome = await channel.replay(letter);
        if (!outcome) counts.missing++;
        else counts[outcome.result]++;
      }
      access.audit(who(request), 'feed.replay', id, counts);
      return counts;
    },
  );
};

export default feedsAdmin;
