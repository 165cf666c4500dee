/**
 * Builds the whole system without listening: the services, the HTTP layer, the route areas.
 * `server.ts` listens; tests build an app on an ephemeral port with a temporary database.
 *
 * Fastify's way: each service is a plugin (`server/services/`, wrapped with `fastify-plugin`) that
 * decorates the instance (`app.store`, `app.hub`, …, typed by its `declare module 'fastify'`), and
 * declares the plugins it needs, so Fastify refuses a wrong order. Each route area
 * (`server/routes/<area>/`) is an encapsulated plugin that reads the services from the instance
 * and says once who may call it.
 */
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { SqliteDatabase } from './store/database';
import type { EventLog } from './store/event-log';
import type { PgOptions } from './store/pg/pg-database';
import type { RedisOptions } from './scaleout/redis-adapter';
import { redisRateLimitStore } from './scaleout/redis-rate-limit-store';
import type { TopicHub } from './realtime/topic-hub';
import type { IocServer, SocketGateway } from './realtime/socket-gateway';
import type { ScreenControl } from './realtime/screen-control';
import type { DomainRuntime } from './domains/runtime';
import type { Domain } from './domains/domain';
import type { IngestService } from './ingest/ingest-service';
import type { SimulatorFeed, SimulatorOptions } from './feeds/simulator/simulator-feed';
import type { ConfigError, LoadedConfig } from './config/load-config';
import type { AccessStore } from './access/access-store';
import type { ScreenRegistry } from './screens/screen-registry';
import type { WebhookOutbox } from './outbox/webhook-outbox';
import type { PairingCodes } from './screens/pairing';
import type { LeavingNotice } from './protocol/index';
import type { SocketLimits } from './realtime/socket-limits';
import { VERSION } from './version';
// The services, in the order they need each other.
import clock from './services/clock';
import configService from './services/config';
import storeService from './services/store';
import accessService from './services/access';
import socketServer from './services/socket-io';
import domainsService from './services/domains';
import photosService from './services/photos';
import screensService from './services/screens';
import realtimeService from './services/realtime';
import outboxService, { type OutboxServiceOptions } from './services/outbox';
import scaleoutService, { type ScaleOutOptions } from './services/scaleout';
import feedsService, { type FeedsOptions } from './services/feeds';
import operationsService, { CLOSING, CLOSING_REASON, STARTING } from './services/operations';
import trainingService from './services/training';
import type { Training } from './training/training';
// The HTTP layer every route shares.
import { installErrorHandler, RETRY_AFTER_SECONDS } from './http/error-handler';
import openapi from './http/openapi';
import readLimits, { SMALL_BODY_LIMIT_BYTES } from './http/request-limits';
import securityHeaders from './http/security-headers';
import { cameraOrigins } from './http/camera-origins';
import authPlugin from './http/auth-plugin';
import scopesPlugin from './access/scopes-plugin';
import { unitDirectoryOf } from './access/unit-directory';
import { dayKey } from './domains/calendar';
import overload from './http/overload';
import closing from './http/closing';
// The route areas.
import eventsArea from './routes/events/index';
import queryArea from './routes/query/index';
import replayArea from './routes/replay/index';
import replayService from './services/replay';
import retentionService from './services/retention';
import detailArea from './routes/detail/index';
import reportsArea from './routes/reports/index';
import entryArea from './routes/entry/index';
import open311Area from './routes/open311/index';
import citizenArea from './routes/citizen/index';
import photosArea from './routes/photos/index';
import authArea from './routes/auth/index';
import adminArea from './routes/admin/index';
import screensArea from './routes/screens/index';
import noticesArea from './routes/notices/index';
import staticArea from './routes/static/index';
import hooksArea from './routes/hooks/index';
import feedsArea from './routes/feeds/index';
import operationsArea from './routes/operations/index';
import trainingArea from './routes/training/index';
import exportArea from './routes/export/index';
import promotionArea from './routes/promotion/index';
import guidesArea from './routes/guides/index';
import type { TopicsAt } from './export/topic-source';

/** How long before the practice space starts its simulated storm began. */
const PRACTICE_SURGE_AGO_MS = 2 * 3_600_000;

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface AppOptions {
  config: LoadedConfig;
  /** Folder of the SQLite file (`ioc.sqlite`). */
  dataDir: string;
  /** The event store on PostgreSQL (`IOC_DATABASE_URL`), shared by every server on it; default SQLite. */
  database?: PgOptions;
  /** Redis (`IOC_REDIS_URL`): with `database`, several processes form one system (one aggregation leader). */
  redis?: RedisOptions;
  /** Scale-out timing (tests shorten it). */
  scaleout?: ScaleOutOptions;
  /** What screens are told on shutdown: when to reconnect (default 250 ms plus up to 1 s). */
  leaving?: LeavingNotice;
  /** Run the simulator feed (overrides `simulator.enabled` in config). */
  simulator?: boolean;
  simulatorOptions?: Partial<SimulatorOptions>;
  /** Reload the config when its files change (keeps the last good one on error). */
  watchConfig?: boolean;
  logger?: boolean | { level: string };
  /** Proxy addresses to trust for X-Forwarded-Proto/For (cookies get `Secure` behind TLS). */
  trustProxy?: string;
  distDir?: string;
  domains?: Domain[];
  tickMs?: number;
  /** Event-loop delay past which requests get 503 (under-pressure); 0 turns the check off (tests inject `pressure`). */
  maxEventLoopDelayMs?: number;
  /** What one socket may cost (tests lower the bounds). */
  socketLimits?: Partial<SocketLimits>;
  /** An extra overload signal (tests put the server under pressure with it, deterministically). */
  pressure?: () => boolean;
  replayLimit?: number;
  now?: () => number;
  /** How long a moderator can take back an approval or rejection (default 10 s). */
  moderationUndoMs?: number;
  /** The webhook outbox's bounds and retry schedule (tests shorten the timeout). */
  outbox?: OutboxServiceOptions;
  /** The connectors' secrets and timers (tests inject both). */
  feeds?: FeedsOptions;
  /**
   * Training: the practice space listens on this port (0: any free one) and keeps its data in
   * `<dataDir>/practice/`. Absent: this system trains nobody.
   */
  training?: { port: number; host: string; simulator?: boolean };
  /** This app is the practice space of that training: the band on every page, the trainees' routes. */
  practiceOf?: Training;
  /** Told of every route as it is added (tests check that each is in the OpenAPI document). */
  onRoute?: (route: RouteOptions) => void;
  /** The topics at a moment in the past, for exports with `?at=` (the replay gives it). */
  topicsAt?: TopicsAt;
}

export interface IocApp {
  app: FastifyInstance;
  io: IocServer;
  hub: TopicHub;
  store: EventLog;
  db: SqliteDatabase;
  runtime: DomainRuntime;
  ingest: IngestService;
  gateway: SocketGateway;
  screenControl: ScreenControl;
  security: AccessStore;
  /** The screens: config/screens/ with operators' changes, and the paired ones. */
  screens: ScreenRegistry;
  pairing: PairingCodes;
  simulator: SimulatorFeed | null;
  /** Deliveries of public notices to the gateways that subscribed (webhooks). */
  outbox: WebhookOutbox;
  /** The config, its `screens` being the registry's (config and paired screens). */
  config(): LoadedConfig;
  /** Reloads `config/`; on error keeps the current config and returns the error. */
  reloadConfig(): Promise<ConfigError | null>;
  /** Starts the feeds (after `listen`). */
  startFeeds(): Promise<void>;
  /** Stops accepting, flushes and closes the store. */
  close(): Promise<void>;
  /**
   * The graceful stop (SIGTERM, a rolling restart): readiness false first and `drain` (the time a
   * balancer needs to notice; requests are still served meanwhile), then `close`: new requests get
   * 503 with `Retry-After`, screens are told to reconnect elsewhere at once, requests in flight
   * finish and the group commit with them, the leader lease is released, the store closed.
   */
  shutdown(options?: { drain?: () => Promise<void> }): Promise<void>;
}

export async function buildApp(options: AppOptions): Promise<IocApp> {
  const settings = options.config.app;
  const behindTlsProxy = Boolean(options.trustProxy);
  const app = Fastify({
    logger: options.logger ?? false,
    // Small unless a route says otherwise (ingest): a large body is refused before it is read.
    bodyLimit: SMALL_BODY_LIMIT_BYTES,
    // Screens hold long-lived sockets; on close, idle HTTP keep-alives should not delay shutdown.
    forceCloseConnections: 'idle',
    // Requests during close get our 503 with Retry-After and words (`http/closing.ts`).
    return503OnClosing: false,
    // Only a named proxy may say the request came over TLS or from another address: a header
    // anyone can send must not unlock Secure cookies or dodge the per-address rate limits.
    trustProxy: options.trustProxy ?? false,
  });
  installErrorHandler(app);
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  // First: on close it starts refusing before any service begins to stop.
  await app.register(closing, { retryAfterSeconds: RETRY_AFTER_SECONDS });

  // Services: each decorates the instance and names the services it needs.
  await app.register(clock, { now: options.now });
  await app.register(configService, { config: options.config, watch: options.watchConfig });
  await app.register(storeService, { dataDir: options.dataDir, database: options.database });
  await app.register(accessService);
  await app.register(photosService, { dataDir: options.dataDir });

  // The HTTP layer. OpenAPI first: it collects every route added after it.
  await app.register(openapi, { version: VERSION });
  await app.register(cookie);
  await app.register(securityHeaders, {
    behindTlsProxy,
    mediaOrigins: () => cameraOrigins(app.config.current()),
  });
  await app.register(readLimits, { perMinute: settings.security.anonymousReadsPerMinute });
  // With Redis, one address's requests to every process count together (the client connects with Socket.IO, below).
  const redisOptions = options.redis;
  await app.register(rateLimit, {
    global: false,
    ...(redisOptions ? { store: redisRateLimitStore(() => app.redis, redisOptions.prefix ?? 'ioc') } : {}),
  });
  await app.register(authPlugin);
  // The units a person may act for are named from the config current at the time of asking.
  await app.register(scopesPlugin, {
    directory: () => unitDirectoryOf(app.config.current()),
    today: () => dayKey(app.now(), app.config.current().app.city.timeZone),
  });
  await app.register(overload, {
    maxEventLoopDelayMs: options.maxEventLoopDelayMs ?? 1000,
    retryAfterSeconds: RETRY_AFTER_SECONDS,
    pressure: options.pressure,
  });

  // Socket.IO before the hub (the hub emits on it), the gateway after (it serves the hub's topics).
  await app.register(socketServer, { behindTlsProxy, redis: options.redis, leaving: options.leaving });
  await app.register(domainsService, {
    domains: options.domains,
    simulator: options.simulator,
    simulatorOptions: options.simulatorOptions,
    tickMs: options.tickMs,
    replayLimit: options.replayLimit,
  });
  await app.register(replayService);
  await app.register(retentionService, { dataDir: options.dataDir });
  await app.register(feedsService, options.feeds ?? {});
  await app.register(operationsService);
  await app.register(screensService);
  await app.register(realtimeService, {
    version: VERSION,
    socketLimits: options.socketLimits,
    redisPrefix: options.redis?.prefix,
  });
  await app.register(outboxService, options.outbox ?? {});
  // The practice space is a second app built here, the same way, on its own folder and port.
  const training = options.practiceOf ? undefined : options.training;
  await app.register(trainingService, {
    practice: training && {
      dataDir: path.join(options.dataDir, 'practice'),
      port: training.port,
      host: training.host,
      build: ({ config, dataDir, training: practiceOf }) =>
        buildApp({
          config,
          dataDir,
          practiceOf,
          simulator: training.simulator ?? true,
          // The practice city is two hours into a storm: reports waiting for dispatch at any hour
          // (the city's usual ≈25 a day leave a board empty most nights).
          simulatorOptions: { surgeAt: (options.now ?? Date.now)() - PRACTICE_SURGE_AGO_MS },
          distDir: options.distDir,
          logger: options.logger,
          trustProxy: options.trustProxy,
          maxEventLoopDelayMs: options.maxEventLoopDelayMs,
          now: options.now,
        }),
    },
  });
  await app.register(scaleoutService, options.scaleout ?? {});

  // Route areas: one folder under server/routes/ each, one line here each. A new area is one more
  // line; a new file of an existing area is registered by that area's index.ts.
  await app.register(eventsArea);
  await app.register(queryArea);
  await app.register(replayArea);
  await app.register(detailArea);
  await app.register(reportsArea, { moderationUndoMs: options.moderationUndoMs });
  await app.register(entryArea);
  await app.register(open311Area);
  await app.register(citizenArea);
  await app.register(photosArea);
  await app.register(authArea);
  await app.register(adminArea);
  await app.register(screensArea);
  await app.register(noticesArea, { practiceBand: Boolean(options.practiceOf) });
  await app.register(hooksArea);
  await app.register(feedsArea);
  await app.register(operationsArea);
  await app.register(trainingArea, { practiceOf: options.practiceOf ?? null });
  await app.register(exportArea, { topicsAt: options.topicsAt });
  await app.register(promotionArea);
  await app.register(guidesArea, { practiceBand: Boolean(options.practiceOf) });
  await app.register(staticArea, {
    distDir: options.distDir ?? path.join(ROOT, 'dist'),
    practiceBand: Boolean(options.practiceOf),
  });

  return {
    app,
    io: app.io,
    hub: app.hub,
    store: app.store,
    db: app.db,
    runtime: app.runtime,
    ingest: app.ingest,
    gateway: app.gateway,
    screenControl: app.screenControl,
    security: app.access,
    screens: app.screens,
    pairing: app.pairing,
    simulator: app.simulator,
    outbox: app.outbox,
    config: () => app.screens.config(),
    reloadConfig: () => app.config.reload(),
    startFeeds: async () => {
      await app.simulator?.start();
      app.outbox.start();
      await app.feeds.start();
      app.readiness.done(STARTING);
    },
    close: () => app.close(),
    shutdown: async ({ drain } = {}) => {
      app.readiness.wait(CLOSING, CLOSING_REASON);
      await drain?.();
      await app.close();
    },
  };
}
