/** The topics: every topic's description, and a topic's current state (internal ones for a signed-in person, or a screen showing it). */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { errorBody } from '../../http/error-handler';
import { can, type Identity } from '../../access/identity';
import { refuseAnonymous } from '../../http/auth-plugin';
import { errors, PUBLIC, READ_BY_ANYONE } from '../../http/route-docs';

const NameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) });

const TopicInfoList = Type.Object({
  topics: Type.Array(
    Type.Object({
      name: Type.String(),
      domain: Type.String(),
      audience: Type.Union([Type.Literal('internal'), Type.Literal('public')]),
      kind: Type.Union([Type.Literal('state'), Type.Literal('alert')]),
      shape: Type.Union([Type.Literal('value'), Type.Literal('collection')]),
      expectedIntervalMs: Type.Number(),
      seq: Type.Integer(),
      changedAt: Type.Union([Type.Number(), Type.Null()]),
      title: Type.Object({ vi: Type.String(), en: Type.String() }),
    }),
  ),
});
const TopicSnapshot = Type.Object(
  {
    topic: Type.String(),
    seq: Type.Integer(),
    changedAt: Type.Union([Type.Number(), Type.Null()]),
    simulated: Type.Boolean(),
    data: Type.Unknown({ description: "The topic's payload (`TopicPayloads` in server/protocol/topics.ts)" }),
  },
  { description: "The topic's current state; then follow it on the socket (`topic:subscribe`)" },
);

const topics: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { hub, screens } = app;

  /** May this identity read an internal topic? A person by role; a screen only its own topics. */
  const mayReadInternal = (identity: Identity, topic: string): boolean => {
    if (can(identity, 'topics.internal')) return true;
    if (identity.kind !== 'screen') return false;
    const screen = screens.get(identity.screenId);
    return screen?.audience === 'internal' && screens.topicsOf(screen.id).has(topic);
  };

  app.get(
    '/api/v1/topics',
    {
      schema: {
        summary: 'Every topic, its audience, shape and last change',
        tags: ['topics'],
        security: PUBLIC,
        response: { 200: TopicInfoList, ...errors(429) },
      },
    },
    async () => ({ topics: hub.list() }),
  );

  app.get(
    '/api/v1/topics/:name',
    {
      schema: {
        summary: "A topic's current state (internal topics: a signed-in person, or a screen showing it)",
        tags: ['topics'],
        security: READ_BY_ANYONE,
        params: NameParams,
        response: { 200: TopicSnapshot, ...errors(401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      if (!hub.has(name))
        return reply.code(404).send(errorBody(404, `no topic ${name}`, `không có chủ đề ${name}`, 'name'));
      const definition = hub.definition(name)!;
      if (definition.audience !== 'public' && !mayReadInternal(request.identity, name)) {
        if (request.identity.kind === 'anonymous') return refuseAnonymous(reply);
        return reply
          .code(403)
          .send(errorBody(403, `topic ${name} is internal only`, `chủ đề ${name} chỉ dành cho nội bộ`, 'name'));
      }
      return hub.snapshot(name);
    },
  );
};

export default topics;
