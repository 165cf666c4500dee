/**
 * What a screen needs to draw itself: a registered screen's setup, and the setup of a dashboard
 * opened in a browser (`/view/<dashboard>`: a leader's briefing screen, or the city's public page).
 * Each answer carries the server's clock (`x-server-time`), by which the screen sets its own.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Screen } from '../../../config/schema/index';
import { buildScreenSetup, viewedDashboard } from '../../screens/screen-setup';
import { errorBody } from '../../http/error-handler';
import { SERVER_TIME_HEADER } from '../../protocol/server-time';
import { can } from '../../access/identity';
import { refuseAnonymous } from '../../http/auth-plugin';
import { errors, READ_BY_ANYONE } from '../../http/route-docs';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const SetupAnswer = Type.Object(
  {
    screen: Type.Unknown(),
    dashboard: Type.Unknown(),
    dashboards: Type.Unknown(),
    playlist: Type.Unknown(),
    wall: Type.Unknown(),
    city: Type.Unknown(),
    topics: Type.Unknown(),
  },
  {
    additionalProperties: true,
    description:
      'Everything a screen needs to draw itself (`ScreenSetup` in server/protocol/index.ts); the server clock in `x-server-time`',
  },
);

const setup: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { hub, screens } = app;

  // The one place the setups get the server's clock: as the answer leaves (this plugin's routes only).
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header(SERVER_TIME_HEADER, String(Date.now()));
    return payload;
  });

  app.get(
    '/api/v1/screens/:id/setup',
    {
      schema: {
        summary:
          "A screen's setup: its dashboards, topics and city (internal screens: its token or a signed-in person)",
        tags: ['screens'],
        security: READ_BY_ANYONE,
        params: IdParams,
        response: { 200: SetupAnswer, ...errors(401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const current = screens.config();
      const screen = current.screens.get(request.params.id);
      if (!screen) {
        return reply
          .code(404)
          .send(errorBody(404, `no screen ${request.params.id}`, `không có màn hình ${request.params.id}`, 'id'));
      }
      // An internal screen shows internal data: only its own token or a signed-in person may load it.
      const { identity } = request;
      const allowed =
        screen.audience === 'public' ||
        can(identity, 'topics.internal') ||
        (identity.kind === 'screen' && identity.screenId === screen.id);
      if (!allowed) {
        if (identity.kind === 'anonymous') return refuseAnonymous(reply);
        return reply
          .code(403)
          .send(
            errorBody(
              403,
              `this token is not for screen ${screen.id}`,
              `mã này không dành cho màn hình ${screen.id}`,
              'id',
            ),
          );
      }
      const result = buildScreenSetup(screen, current, hub.list(screen.audience));
      return result.ok ? result.setup : reply.code(409).send(errorBody(409, result.en, result.vi, 'id'));
    },
  );

  app.get(
    '/api/v1/dashboards/:id/setup',
    {
      schema: {
        summary: 'A dashboard opened in a browser (`/view/<dashboard>`): the setup of a briefing screen showing it',
        tags: ['dashboards'],
        security: READ_BY_ANYONE,
        params: IdParams,
        response: { 200: SetupAnswer, ...errors(401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const current = screens.config();
      const found = current.dashboards.get(request.params.id);
      const dashboard = found ? viewedDashboard(found, current) : undefined;
      if (!dashboard) {
        return reply
          .code(404)
          .send(errorBody(404, `no dashboard ${request.params.id}`, `không có bảng ${request.params.id}`, 'id'));
      }
      if (dashboard.audience !== 'public' && !can(request.identity, 'topics.internal')) {
        if (request.identity.kind === 'anonymous') return refuseAnonymous(reply);
        return reply
          .code(403)
          .send(
            errorBody(
              403,
              `dashboard ${dashboard.id} is internal only`,
              `bảng ${dashboard.id} chỉ dành cho nội bộ`,
              'id',
            ),
          );
      }
      const screen: Screen = {
        version: 1,
        id: `view-${dashboard.id}`.slice(0, 64),
        name: dashboard.title,
        profile: 'briefing',
        groups: [],
        resolution: [1920, 1080],
        audience: dashboard.audience,
        dashboard: dashboard.id,
      };
      const result = buildScreenSetup(
        screen,
        { ...current, dashboards: new Map([[dashboard.id, dashboard]]) },
        hub.list(screen.audience),
      );
      return result.ok ? result.setup : reply.code(409).send(errorBody(409, result.en, result.vi, 'id'));
    },
  );
};

export default setup;
