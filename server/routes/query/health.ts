/** `GET /api/v1/health`: whether the server and its store work; the screens connected, for people who use the console. */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { can } from '../../access/identity';
import { READ_BY_ANYONE } from '../../http/route-docs';
import { VERSION } from '../../version';
import type { FeedStatus } from '../../feeds/simulator/simulator-feed';

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  reasons: Type.Array(Type.String()),
  version: Type.String(),
  uptimeSeconds: Type.Integer(),
  store: Type.Object({ ok: Type.Boolean(), events: Type.Integer() }),
  feeds: Type.Record(
    Type.String(),
    Type.Object({
      running: Type.Boolean(),
      events: Type.Integer(),
      lastEventAt: Type.Union([Type.Number(), Type.Null()]),
    }),
  ),
  connectors: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Type.String(),
      paused: Type.Boolean(),
      connected: Type.Boolean(),
      stale: Type.Boolean(),
      lastMessageAt: Type.Union([Type.Number(), Type.Null()]),
      messagesPerMinute: Type.Integer(),
      refusalsPerMinute: Type.Integer(),
      deadLetters: Type.Integer(),
      lastError: Type.Optional(
        Type.Union([Type.Object({ vi: Type.String(), en: Type.String(), at: Type.Number() }), Type.Null()], {
          description: 'Only for people who use the console',
        }),
      ),
    }),
    { description: 'The feeds of config/feeds/ (MQTT, HTTP polling, webhooks); details at GET /api/v1/feeds' },
  ),
  connections: Type.Integer(),
  screens: Type.Optional(
    Type.Array(
      Type.Object({
        screenId: Type.String(),
        connectedAt: Type.Number(),
        lastSeenAt: Type.Number(),
        heartbeat: Type.Unknown({ description: 'The latest `ScreenHeartbeat` (server/protocol/index.ts), or null' }),
      }),
      { description: 'Only for people who use the console' },
    ),
  ),
  messagesSent: Type.Integer(),
});

const health: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { hub, gateway, store, simulator, feeds: connectors } = app;
  const startedAt = Date.now();

  app.get(
    '/api/v1/health',
    {
      schema: {
        summary: 'Whether the server and its store work (503 when the store cannot write)',
        tags: ['system'],
        security: READ_BY_ANYONE,
        response: { 200: Health, 503: { ...Health, description: 'Degraded: the store cannot keep events' } },
      },
    },
    async (request, reply) => {
      const reasons: string[] = [];
      let events = 0;
      try {
        events = await store.count();
      } catch (error) {
        reasons.push(`store: cannot read (${(error as Error).message})`);
      }
      const { health } = store;
      if (!health.ok)
        reasons.push(`store: cannot write since ${new Date(health.since).toISOString()}: ${health.reason}`);
      const storeOk = reasons.length === 0;
      const feeds: Record<string, FeedStatus> = simulator ? { simulator: simulator.status } : {};
      // A monitor (or a load balancer) must see a store that cannot keep events as down, not as ok.
      if (!storeOk) void reply.code(503).header('retry-after', '30');
      return {
        status: storeOk ? ('ok' as const) : ('degraded' as const),
        reasons,
        version: VERSION,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        store: { ok: storeOk, events },
        feeds,
        // Whether each connector speaks is for monitors; what went wrong (URLs, topics) for the console.
        connectors: connectors.health().map((feed) => ({
          id: feed.id,
          kind: feed.kind,
          paused: feed.paused,
          connected: feed.connected,
          stale: feed.stale,
          lastMessageAt: feed.lastMessageAt,
          messagesPerMinute: feed.messagesPerMinute,
          refusalsPerMinute: feed.refusalsPerMinute,
          deadLetters: feed.deadLetters,
          lastError: can(request.identity, 'console.use') ? feed.lastError : undefined,
        })),
        connections: gateway.connections,
        // Which screens are where is for the people who run them.
        screens: !can(request.identity, 'console.use')
          ? undefined
          : [...gateway.screens.values()].map((presence) => ({
              screenId: presence.screenId,
              connectedAt: presence.connectedAt,
              lastSeenAt: presence.lastSeenAt,
              heartbeat: presence.lastHeartbeat,
            })),
        messagesSent: hub.messagesSent,
      };
    },
  );
};

export default health;
