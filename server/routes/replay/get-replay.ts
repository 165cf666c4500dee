/**
 * `GET /api/v1/replay?dashboard=<id>&at=<moment>`: a dashboard's topics as the live system
 * published them at a past moment (the player of `/view/<id>?at=…`). The audience rules are the
 * live ones: a public dashboard's public topics for anybody; an internal dashboard for a person
 * with the right to internal topics, or a screen that shows it.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { errorBody } from '../../http/error-handler';
import { can, type Identity } from '../../access/identity';
import { refuseAnonymous } from '../../http/auth-plugin';
import { errors, READ_BY_ANYONE } from '../../http/route-docs';
import { dashboardTopics, loadWidgetManifests } from '../../config/load-config';
import { parseMoment } from '../../replay/moment';

const ReplayQuery = Type.Object({
  dashboard: Type.String({
    minLength: 1,
    maxLength: 100,
    description: 'A dashboard id (`config/dashboards/<id>.yaml`)',
  }),
  at: Type.String({
    minLength: 1,
    maxLength: 40,
    description:
      'The moment: `2026-11-20T08:00` in the city’s time zone, an ISO instant with `Z` or an offset, or epoch ms',
  }),
});

const ReplayAnswer = Type.Object({
  dashboard: Type.String(),
  at: Type.Number({ description: 'The moment shown (epoch ms)' }),
  seq: Type.Integer({ description: 'The last event included' }),
  fromSnapshot: Type.Union([Type.Integer(), Type.Null()]),
  replayed: Type.Integer({ description: 'Events applied to reach the moment' }),
  first: Type.Number({ description: 'The first moment there is (the first event accepted, epoch ms)' }),
  now: Type.Number({ description: 'The server’s time: the last moment there is' }),
  timeZone: Type.String(),
  topics: Type.Array(
    Type.Object({
      topic: Type.String(),
      seq: Type.Integer(),
      changedAt: Type.Union([Type.Number(), Type.Null()]),
      simulated: Type.Boolean(),
      data: Type.Unknown({ description: "The topic's payload at the moment (`TopicPayloads`)" }),
    }),
  ),
});

const getReplay: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const manifests = await loadWidgetManifests();

  const mayReadInternal = (identity: Identity, topics: ReadonlySet<string>): boolean => {
    if (can(identity, 'topics.internal')) return true;
    if (identity.kind !== 'screen') return false;
    const screen = app.screens.get(identity.screenId);
    if (screen?.audience !== 'internal') return false;
    const shown = app.screens.topicsOf(screen.id);
    return [...topics].every((topic) => shown.has(topic));
  };

  app.get(
    '/api/v1/replay',
    {
      schema: {
        summary: "A dashboard's topics as they were at a past moment (the same audience rules as live)",
        tags: ['topics'],
        security: READ_BY_ANYONE,
        querystring: ReplayQuery,
        response: { 200: ReplayAnswer, ...errors(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const { current } = app.config;
      const config = current();
      const dashboard = config.dashboards.get(request.query.dashboard);
      if (!dashboard) {
        const id = request.query.dashboard;
        return reply
          .code(404)
          .send(errorBody(404, `dashboard: no dashboard ${id}`, `dashboard: không có bảng ${id}`, 'dashboard'));
      }
      const timeZone = config.app.city.timeZone;
      const at = parseMoment(request.query.at, timeZone);
      if (at === null) {
        return reply
          .code(400)
          .send(
            errorBody(
              400,
              'at: not a moment (write 2026-11-20T08:00 in the city’s time, or an ISO instant)',
              'at: không phải thời điểm hợp lệ (viết 2026-11-20T08:00 theo giờ thành phố, hoặc thời điểm ISO)',
              'at',
            ),
          );
      }
      const topics = dashboardTopics(dashboard, manifests);
      let audience: 'public' | 'internal' = 'public';
      if (dashboard.audience !== 'public') {
        if (!mayReadInternal(request.identity, topics)) {
          if (request.identity.kind === 'anonymous') return refuseAnonymous(reply);
          return reply
            .code(403)
            .send(
              errorBody(
                403,
                `dashboard ${dashboard.id} is internal only`,
                `bảng ${dashboard.id} chỉ dành cho nội bộ`,
                'dashboard',
              ),
            );
        }
        audience = 'internal';
      }
      const answer = await app.replay.topicsAt(at, audience, topics);
      if (!answer.ok) return reply.code(400).send(errorBody(422, answer.en, answer.vi, 'at'));
      const span = await app.replay.span();
      return {
        dashboard: dashboard.id,
        at: answer.at,
        seq: answer.seq,
        fromSnapshot: answer.fromSnapshot,
        replayed: answer.replayed,
        first: span?.first ?? answer.at,
        now: app.now(),
        timeZone,
        topics: answer.topics,
      };
    },
  );
};

export default getReplay;
