/** Read-only HTTP views: health, topics, a topic's snapshot, and the screens' setup. */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { TopicHub } from '../realtime/topic-hub';
import type { SocketGateway } from '../realtime/socket-gateway';
import type { EventStore } from '../store/event-store';
import type { LoadedConfig } from '../config/load-config';
import type { Screen } from '../../config/schema/index';
import { buildScreenSetup, viewedDashboard } from '../screens/screen-setup';
import { errorBody } from './error-handler';
import { SERVER_TIME_HEADER } from '../protocol/server-time';
import { can, type Identity } from '../access/identity';
import { refuseAnonymous, requirePermission } from './auth-plugin';
import { DashboardChoice, ScreenList } from '../protocol/rest';
import { errors, personWith, PUBLIC, READ_BY_ANYONE } from './route-docs';

export interface QueryRoutesOptions {
  /** The topics a screen's dashboard reads. */
  screenTopics: (screenId: string) => ReadonlySet<string>;
  /** Where a screen comes from: `config`, `edited` (config changed by an operator) or `paired`. */
  screenSource?: (screenId: string) => string | null;
  hub: TopicHub;
  gateway: SocketGateway;
  store: EventStore;
  config: () => LoadedConfig;
  feeds: () => Record<string, { running: boolean; events: number; lastEventAt: number | null }>;
  startedAt: number;
  version: string;
}

const NameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  reasons: Type.Array(Type.String()),
  version: Type.String(),
  uptimeSeconds: Type.Integer(),
  store: Type.Object({ ok: Type.Boolean(), events: Type.Integer() }),
  feeds: Type.Record(Type.String(), Type.Object({ running: Type.Boolean(), events: Type.Integer(), lastEventAt: Type.Union([Type.Number(), Type.Null()]) })),
  connections: Type.Integer(),
  screens: Type.Optional(Type.Array(Type.Object({
    screenId: Type.String(), connectedAt: Type.Number(), lastSeenAt: Type.Number(),
    heartbeat: Type.Unknown({ description: 'The latest `ScreenHeartbeat` (server/protocol/index.ts), or null' }),
  }), { description: 'Only for people who use the console' })),
  messagesSent: Type.Integer(),
});
const TopicInfoList = Type.Object({
  topics: Type.Array(Type.Object({
    name: Type.String(), domain: Type.String(), audience: Type.Union([Type.Literal('internal'), Type.Literal('public')]),
    kind: Type.Union([Type.Literal('state'), Type.Literal('alert')]), shape: Type.Union([Type.Literal('value'), Type.Literal('collection')]),
    expectedIntervalMs: Type.Number(), seq: Type.Integer(), changedAt: Type.Union([Type.Number(), Type.Null()]),
    title: Type.Object({ vi: Type.String(), en: Type.String() }),
  })),
});
const TopicSnapshot = Type.Object(
  { topic: Type.String(), seq: Type.Integer(), changedAt: Type.Union([Type.Number(), Type.Null()]), simulated: Type.Boolean(), data: Type.Unknown({ description: 'The topic\'s payload (`TopicPayloads` in server/protocol/topics.ts)' }) },
  { description: 'The topic\'s current state; then follow it on the socket (`topic:subscribe`)' },
);
const SetupAnswer = Type.Object(
  { screen: Type.Unknown(), dashboard: Type.Unknown(), dashboards: Type.Unknown(), playlist: Type.Unknown(), wall: Type.Unknown(), city: Type.Unknown(), topics: Type.Unknown() },
  { additionalProperties: true, description: 'Everything a screen needs to draw itself (`ScreenSetup` in server/protocol/index.ts); the server clock in `x-server-time`' },
);

const queryRoutes: FastifyPluginAsync<QueryRoutesOptions> = async (fastify, options) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { hub, gateway, store, config } = options;

  app.get('/api/v1/health', {
    schema: {
      summary: 'Whether the server and its store work (503 when the store cannot write)', tags: ['system'], security: READ_BY_ANYONE,
      response: { 200: Health, 503: { ...Health, description: 'Degraded: the store cannot keep events' } },
    },
  }, async (request, reply) => {
    const reasons: string[] = [];
    let events = 0;
    try {
      events = store.count();
    } catch (error) {
      reasons.push(`store: cannot read (${(error as Error).message})`);
    }
    const { health } = store;
    if (!health.ok) reasons.push(`store: cannot write since ${new Date(health.since).toISOString()}: ${health.reason}`);
    const storeOk = reasons.length === 0;
    // A monitor (or a load balancer) must see a store that cannot keep events as down, not as ok.
    if (!storeOk) void reply.code(503).header('retry-after', '30');
    return {
      status: storeOk ? ('ok' as const) : ('degraded' as const),
      reasons,
      version: options.version,
      uptimeSeconds: Math.round((Date.now() - options.startedAt) / 1000),
      store: { ok: storeOk, events },
      feeds: options.feeds(),
      connections: gateway.connections,
      // Which screens are where is for the people who run them.
      screens: !can(request.identity, 'console.use') ? undefined : [...gateway.screens.values()].map((presence) => ({
        screenId: presence.screenId,
        connectedAt: presence.connectedAt,
        lastSeenAt: presence.lastSeenAt,
        heartbeat: presence.lastHeartbeat,
      })),
      messagesSent: hub.messagesSent,
    };
  });

  /** May this identity read an internal topic? A person by role; a screen only its own topics. */
  const mayReadInternal = (identity: Identity, topic: string): boolean => {
    if (can(identity, 'topics.internal')) return true;
    if (identity.kind !== 'screen') return false;
    const screen = config().screens.get(identity.screenId);
    return screen?.audience === 'internal' && options.screenTopics(screen.id).has(topic);
  };

  app.get('/api/v1/topics', {
    schema: { summary: 'Every topic, its audience, shape and last change', tags: ['topics'], security: PUBLIC, response: { 200: TopicInfoList, ...errors(429) } },
  }, async () => ({ topics: hub.list() }));

  app.get('/api/v1/topics/:name', {
    schema: {
      summary: 'A topic\'s current state (internal topics: a signed-in person, or a screen showing it)', tags: ['topics'], security: READ_BY_ANYONE,
      params: NameParams, response: { 200: TopicSnapshot, ...errors(401, 403, 404, 429) },
    },
  }, async (request, reply) => {
    const { name } = request.params;
    if (!hub.has(name)) return reply.code(404).send(errorBody(404, `no topic ${name}`, `không có chủ đề ${name}`, 'name'));
    const definition = hub.definition(name)!;
    if (definition.audience !== 'public' && !mayReadInternal(request.identity, name)) {
      if (request.identity.kind === 'anonymous') return refuseAnonymous(reply);
      return reply.code(403).send(errorBody(403, `topic ${name} is internal only`, `chủ đề ${name} chỉ dành cho nội bộ`, 'name'));
    }
    return hub.snapshot(name);
  });

  // Which screens exist and where they hang is for the people who run them.
  app.get('/api/v1/screens', {
    preHandler: requirePermission('console.use'),
    schema: { summary: 'Every screen: what it shows, where it hangs', tags: ['screens'], ...personWith('console.use', false), response: { 200: ScreenList, ...errors(401, 403) } },
  }, async () => ({
    timeZone: config().app.city.timeZone,
    screens: [...config().screens.values()].map((screen) => ({
      id: screen.id, name: screen.name, profile: screen.profile, audience: screen.audience,
      dashboard: screen.dashboard ?? null, playlist: screen.playlist ?? null, groups: screen.groups, tile: screen.tile ?? null,
      resolution: screen.resolution, location: screen.location ?? null, source: options.screenSource?.(screen.id) ?? 'config',
    })),
  }));

  app.get('/api/v1/screens/:id/setup', {
    schema: {
      summary: 'A screen\'s setup: its dashboards, topics and city (internal screens: its token or a signed-in person)', tags: ['screens'], security: READ_BY_ANYONE,
      params: IdParams, response: { 200: SetupAnswer, ...errors(401, 403, 404, 409, 429) },
    },
  }, async (request, reply) => {
    const current = config();
    const screen = current.screens.get(request.params.id);
    if (!screen) {
      return reply.code(404).send(errorBody(404, `no screen ${request.params.id}`, `không có màn hình ${request.params.id}`, 'id'));
    }
    // An internal screen shows internal data: only its own token or a signed-in person may load it.
    const { identity } = request;
    const allowed = screen.audience === 'public' || can(identity, 'topics.internal') || (identity.kind === 'screen' && identity.screenId === screen.id);
    if (!allowed) {
      if (identity.kind === 'anonymous') return refuseAnonymous(reply);
      return reply.code(403).send(errorBody(403, `this token is not for screen ${screen.id}`, `mã này không dành cho màn hình ${screen.id}`, 'id'));
    }
    const result = buildScreenSetup(screen, current, hub.list(screen.audience));
    reply.header(SERVER_TIME_HEADER, String(Date.now()));
    return result.ok ? result.setup : reply.code(409).send(errorBody(409, result.en, result.vi, 'id'));
  });

  /** The dashboards this person may open: every public one, the internal ones with the right. */
  app.get('/api/v1/dashboards', {
    schema: {
      summary: 'The dashboards this caller may open (internal ones with the right)', tags: ['dashboards'], security: READ_BY_ANYONE,
      response: { 200: Type.Object({ dashboards: Type.Array(DashboardChoice) }), ...errors(429) },
    },
  }, async (request) => {
    const internal = can(request.identity, 'topics.internal');
    return {
      dashboards: [...config().dashboards.values()]
        .filter((dashboard) => internal || dashboard.audience === 'public')
        .map((dashboard) => ({ id: dashboard.id, title: dashboard.title, audience: dashboard.audience })),
    };
  });

  /**
   * `/view/<dashboard>`: a dashboard opened in a browser rather than on a registered screen — a
   * leader's briefing screen (signed in) or, for a public dashboard, the city's public page.
   */
  app.get('/api/v1/dashboards/:id/setup', {
    schema: {
      summary: 'A dashboard opened in a browser (`/view/<dashboard>`): the setup of a briefing screen showing it', tags: ['dashboards'], security: READ_BY_ANYONE,
      params: IdParams, response: { 200: SetupAnswer, ...errors(401, 403, 404, 409, 429) },
    },
  }, async (request, reply) => {
    const current = config();
    const found = current.dashboards.get(request.params.id);
    const dashboard = found ? viewedDashboard(found, current) : undefined;
    if (!dashboard) {
      return reply.code(404).send(errorBody(404, `no dashboard ${request.params.id}`, `không có bảng ${request.params.id}`, 'id'));
    }
    if (dashboard.audience !== 'public' && !can(request.identity, 'topics.internal')) {
      if (request.identity.kind === 'anonymous') return refuseAnonymous(reply);
      return reply.code(403).send(errorBody(403, `dashboard ${dashboard.id} is internal only`, `bảng ${dashboard.id} chỉ dành cho nội bộ`, 'id'));
    }
    const screen: Screen = {
      version: 1, id: `view-${dashboard.id}`.slice(0, 64), name: dashboard.title, profile: 'briefing', groups: [],
      resolution: [1920, 1080], audience: dashboard.audience, dashboard: dashboard.id,
    };
    const result = buildScreenSetup(screen, { ...current, dashboards: new Map([[dashboard.id, dashboard]]) }, hub.list(screen.audience));
    reply.header(SERVER_TIME_HEADER, String(Date.now()));
    return result.ok ? result.setup : reply.code(409).send(errorBody(409, result.en, result.vi, 'id'));
  });
};

export default fp(queryRoutes, { name: 'query-routes' });
