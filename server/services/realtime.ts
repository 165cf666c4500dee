/**
 * What Socket.IO connections may do: the gateway (`app.gateway`: who a connection is, its topic
 * rooms) and screen control (`app.screenControl`: heartbeats, commands, takeovers, presence), with
 * each screen's setup kept current over its socket. Revoked means revoked on live sockets too.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { roomOf } from '../realtime/topic-hub';
import { SocketGateway, type ConnectionGrant } from '../realtime/socket-gateway';
import { ScreenControl, type ScreenStateStores } from '../realtime/screen-control';
import { RedisPresenceBoard } from '../scaleout/redis-presence-board';
import { RedisTakeoverAcks } from '../scaleout/redis-takeover-acks';
import { RedisThumbnails } from '../scaleout/redis-thumbnails';
import { RedisScreenOrders } from '../scaleout/redis-screen-orders';
import type { SocketLimits } from '../realtime/socket-limits';
import { can, resolveIdentity } from '../access/identity';
import { grantedScopes } from '../access/scopes';
import { basisAffectedBy } from '../access/grant-basis';
import { buildScreenSetup } from '../screens/screen-setup';
import { attachScreenSync } from '../screens/screen-sync';

declare module 'fastify' {
  interface FastifyInstance {
    gateway: SocketGateway;
    screenControl: ScreenControl;
  }
}

export interface RealtimeOptions {
  version: string;
  /** What one socket may cost (tests lower the bounds). */
  socketLimits?: Partial<SocketLimits>;
  /** The Redis key prefix (`IOC_REDIS_PREFIX`) when processes share screens' state on `app.redis`. */
  redisPrefix?: string;
}

const realtimeService: FastifyPluginAsync<RealtimeOptions> = async (app, options) => {
  const { io, hub, access, screens, now, redis } = app;
  // With Redis, presence, takeover acknowledgements, thumbnails and operators' orders are every process's.
  const prefix = options.redisPrefix ?? 'ioc';
  const shared: ScreenStateStores | undefined = redis
    ? {
        presence: new RedisPresenceBoard(redis, prefix),
        acks: new RedisTakeoverAcks(redis, prefix, now),
        thumbnails: new RedisThumbnails(redis, prefix),
        orders: new RedisScreenOrders(redis, prefix),
        reachable: () => redis.isReady,
      }
    : undefined;
  // Paired screens too: the registry's view of the config.
  const screenControl = new ScreenControl(io, {
    config: () => screens.config(),
    takeovers: () => (hub.has('alerts.takeovers') ? hub.snapshot('alerts.takeovers').data : []),
    now,
    shared,
    onError: (error) => app.log.warn({ err: error }, 'screens: shared state on Redis failed'),
  });
  screenControl.start();
  const gateway = new SocketGateway(io, {
    hub,
    version: options.version,
    limits: options.socketLimits,
    now,
    presence: screenControl.book.presence,
    attach: (socket, grant) => screenControl.attach(socket, grant),
    identify: ({ headers, auth }): ConnectionGrant => {
      const identity = resolveIdentity(access, headers, { screenToken: auth.screenToken });
      if (identity.kind === 'user') {
        const basis = {
          sessionHash: identity.session.hash,
          userId: identity.session.user.id,
          expiresAt: identity.session.expiresAt,
        };
        const scopes = grantedScopes(identity);
        if (can(identity, 'topics.internal')) {
          return {
            audience: 'internal',
            screenId: null,
            topics: null,
            controlsScreens: can(identity, 'screens.manage'),
            scopes,
            basis,
          };
        }
        // Signed in without internal reading (or before the first password change): the public, re-checked when that changes.
        return { audience: 'public', screenId: null, topics: null, scopes, basis };
      }
      if (identity.kind === 'screen') {
        const screen = screens.get(identity.screenId);
        // Live: when an operator assigns another dashboard, the socket may read its topics.
        if (screen)
          return {
            audience: screen.audience,
            screenId: screen.id,
            topics: screens.liveTopics(screen.id),
            basis: { screenTokenId: identity.tokenId },
          };
      }
      // Anybody else is an anonymous viewer: public topics, and no screen (a screen is its token, never a claimed id).
      return { audience: 'public', screenId: null, topics: null };
    },
  });
  // Revoked means revoked on live sockets too: a token, a session or an account that changes
  // re-identifies the sockets granted from it, at once; a change made by the CLI within a second.
  access.onChange((change) => gateway.reidentify((grant) => basisAffectedBy(grant.basis, change)));
  const changesElsewhere = setInterval(() => {
    access.checkChangesElsewhere();
    // A session that expired takes its sockets with it, as a logout does.
    const at = now();
    gateway.reidentify((grant) => grant.basis?.expiresAt !== undefined && grant.basis.expiresAt <= at);
  }, 500);
  changesElsewhere.unref();

  // After the gateway: its connection handler has told which screen a socket is.
  const sync = attachScreenSync(io, {
    presence: screenControl.book.presence,
    exists: (screenId) => screens.get(screenId) !== undefined,
    setupOf: (screenId) => {
      const screen = screens.get(screenId);
      const result = screen ? buildScreenSetup(screen, screens.config(), hub.list(screen.audience)) : null;
      return result?.ok ? result.setup : null;
    },
    topicsOf: (screenId) => screens.topicsOf(screenId),
    topicOfRoom: (room) => {
      const name = room.slice(room.indexOf(':') + 1);
      return hub.has(name) && roomOf(hub.definition(name)!) === room ? name : null;
    },
  });
  screens.onChange((screenIds) => sync.push(screenIds));
  // The screens service has merged the screens again by now (it listened first).
  app.config.onReload(() => {
    io.emit('config:changed', {
      dashboards: [...app.config.current().dashboards.keys()],
      screens: [...screens.screens().keys()],
    });
  });

  app.addHook('preClose', async () => {
    clearInterval(changesElsewhere);
    await screenControl.stop();
  });
  app.decorate('gateway', gateway);
  app.decorate('screenControl', screenControl);
};

export default fp(realtimeService, {
  name: 'realtime',
  fastify: '5.x',
  dependencies: ['clock', 'config', 'access', 'socket-io', 'domains', 'screens'],
  decorators: { fastify: ['now', 'config', 'access', 'io', 'redis', 'hub', 'screens'] },
});
