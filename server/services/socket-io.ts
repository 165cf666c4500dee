/**
 * The Socket.IO server (`app.io`) on Fastify's HTTP server. Created before the topic hub, so the
 * hub can emit from its first tick; the gateway and screen control attach to it after
 * (`realtime.ts`). Closed before the HTTP server: an open WebSocket would keep it from closing.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { Server } from 'socket.io';
import type { IocServer } from '../realtime/socket-gateway';
import type { LeavingNotice } from '../protocol/index';
import { checkOrigin } from '../access/origin';
import { addSocketSecurityHeaders } from '../http/security-headers';
import { useRedisAdapter, type RedisClient, type RedisOptions } from '../scaleout/redis-adapter';

declare module 'fastify' {
  interface FastifyInstance {
    io: IocServer;
    /** Redis when several processes form one system (`IOC_REDIS_URL`), else null. */
    redis: RedisClient | null;
  }
}

/** What screens are told on shutdown: come back soon, spread over a second. */
const LEAVING: LeavingNotice = { reconnectAfterMs: 250, jitterMs: 1000 };

export interface SocketServerOptions {
  behindTlsProxy: boolean;
  redis?: RedisOptions;
  leaving?: LeavingNotice;
}

const socketServer: FastifyPluginAsync<SocketServerOptions> = async (app, { behindTlsProxy, redis, leaving }) => {
  const io = new Server(app.server, {
    serveClient: false,
    // Compression costs more CPU than the bytes it saves for small JSON deltas (DESIGN budgets).
    perMessageDeflate: false,
    pingInterval: 10_000,
    pingTimeout: 10_000,
    // A page of another origin must not open a socket with our session cookie (both transports).
    allowRequest: checkOrigin(() => app.config.current().app.security.allowedOrigins),
  }) as IocServer;
  addSocketSecurityHeaders(io.engine, { behindTlsProxy });
  app.decorate('io', io);
  const client = redis
    ? await useRedisAdapter(io, redis, (error) => app.log.warn({ err: error }, 'redis: connection error'))
    : null;
  app.decorate('redis', client);
  if (client) {
    // After the HTTP server (so after the sockets): the adapter stops reading, then the client quits.
    app.addHook('onClose', async () => {
      await io.of('/').adapter.close();
      await client.close().catch(() => {});
    });
  }
  // Screens are told first, so they reconnect at once (to another process behind the same
  // address) instead of after their backoff; closing the transports (not the sessions) then lets
  // them resume their topics there. The notice leaves before the transport closes (engine.io
  // flushes a socket's buffer before closing it).
  app.addHook('preClose', async () => {
    io.local.emit('server:leaving', leaving ?? LEAVING);
    io.engine.close();
  });
};

export default fp(socketServer, {
  name: 'socket-io',
  fastify: '5.x',
  dependencies: ['config'],
  decorators: { fastify: ['config'] },
});
