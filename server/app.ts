/**
 * Builds the whole system without listening: store, domains, hub, Socket.IO, routes, feeds.
 * `server.ts` listens; tests build an app on an ephemeral port with a temporary database.
 */
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { Server } from 'socket.io';
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqliteDatabase } from './store/database';
import { openDataStore } from './store/data-folder';
import { EventStore } from './store/event-store';
import { roomOf, TopicHub } from './realtime/topic-hub';
import { SocketGateway, type IocServer } from './realtime/socket-gateway';
import { ScreenControl } from './realtime/screen-control';
import screenControlRoutes from './http/screen-control-routes';
import { DomainRuntime } from './domains/runtime';
import { domains as allDomains } from './domains/index';
import type { Domain, DomainContext } from './domains/domain';
import { loadFixtures } from './fixtures/fixtures';
import { IngestService } from './ingest/ingest-service';
import { SimulatorFeed, type FeedStatus, type SimulatorOptions } from './feeds/simulator/simulator-feed';
import { loadConfig, ConfigError, type LoadedConfig } from './config/load-config';
import { installErrorHandler } from './http/error-handler';
import eventsRoute from './http/events-route';
import queryRoutes from './http/query-routes';
import staticRoutes from './http/static-routes';
import authPlugin from './http/auth-plugin';
import authRoutes from './http/auth-routes';
import adminRoutes from './http/admin-routes';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import overload from './http/overload';
import openapi from './http/openapi';
import readLimits, { SMALL_BODY_LIMIT_BYTES } from './http/request-limits';
import securityHeaders, { addSocketSecurityHeaders } from './http/security-headers';
import { RETRY_AFTER_SECONDS } from './http/error-handler';
import { AccessStore } from './access/access-store';
import open311Routes from './feeds/open311/open311-routes';
import reportDetailRoute from './http/report-detail-route';
import { isReportsAggregator, loadCategories } from './domains/reports/aggregator';
import { can, resolveIdentity } from './access/identity';
import type { ConnectionGrant } from './realtime/socket-gateway';
import { checkOrigin } from './access/origin';
import { basisAffectedBy } from './access/grant-basis';
import type { SocketLimits } from './realtime/socket-limits';
import { loadWidgetManifests } from './config/load-config';
import { ScreenStore } from './screens/screen-store';
import { ScreenRegistry } from './screens/screen-registry';
import { PairingService } from './screens/pairing';
import screenRoutes from './screens/screen-routes';
import { buildScreenSetup } from './screens/screen-setup';
import { attachScreenSync } from './screens/screen-sync';
import entryFiguresRoutes from './routes/entry/figures';
import entryFileRoutes from './routes/entry/figure-files';
import { isReportingAggregator } from './domains/reporting/aggregator';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export interface AppOptions {
  config: LoadedConfig;
  /** Folder of the SQLite file (`ioc.sqlite`). */
  dataDir: string;
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
  /** Told of every route as it is added (tests check that each is in the OpenAPI document). */
  onRoute?: (route: RouteOptions) => void;
}

export interface IocApp {
  app: FastifyInstance;
  io: IocServer;
  hub: TopicHub;
  store: EventStore;
  db: SqliteDatabase;
  runtime: DomainRuntime;
  ingest: IngestService;
  gateway: SocketGateway;
  screenControl: ScreenControl;
  security: AccessStore;
  /** The screens: config/screens/ with operators' changes, and the paired ones. */
  screens: ScreenRegistry;
  pairing: PairingService;
  simulator: SimulatorFeed | null;
  /** The config, its `screens` being the registry's (config and paired screens). */
  config(): LoadedConfig;
  /** Reloads `config/`; on error keeps the current config and returns the error. */
  reloadConfig(): Promise<ConfigError | null>;
  /** Starts the feeds (after `listen`). */
  startFeeds(): Promise<void>;
  /** Stops accepting, flushes and closes the store. */
  close(): Promise<void>;
}

export async function buildApp(options: AppOptions): Promise<IocApp> {
  let config = options.config;
  const now = options.now ?? Date.now;
  const { app: appConfig } = config;
  const app = Fastify({
    logger: options.logger ?? false,
    // Small unless a route says otherwise (ingest): a large body is refused before it is read.
    bodyLimit: SMALL_BODY_LIMIT_BYTES,
    // Screens hold long-lived sockets; on close, idle HTTP keep-alives should not delay shutdown.
    forceCloseConnections: 'idle',
    // Only a named proxy may say the request came over TLS or from another address: a header
    // anyone can send must not unlock Secure cookies or dodge the per-address rate limits.
    trustProxy: options.trustProxy ?? false,
  });
  installErrorHandler(app);
  if (options.onRoute) app.addHook('onRoute', options.onRoute);

  const db = openDataStore(options.dataDir);
  const store = new EventStore(db);
  // A write refused by the disk anywhere (a session, a key's last use) makes health say degraded.
  app.addHook('onError', async (_request, _reply, error) => store.noteFailure(error));
  const security = new AccessStore(db, now);
  const manifests = await loadWidgetManifests();
  const screens = new ScreenRegistry(new ScreenStore(db, now), () => config, manifests, (message) => app.log.warn(message));
  /** The config as the rest of the system sees it: with every registered screen. */
  const effective = (): LoadedConfig => ({ ...config, screens: screens.screens() as Map<string, import('../config/schema/screen').Screen> });
  const screenTopics = (screenId: string): ReadonlySet<string> => screens.topicsOf(screenId);
  const pairing = new PairingService({ now, onAbandoned: (_screenId, tokenId) => void security.revokeScreenToken(tokenId, { actor: 'system' }) });

  // First: it collects every route added after it.
  await app.register(openapi, { version: VERSION });
  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // The built SPA has no inline script; workers (MapLibre) come from our own origin or blobs.
        scriptSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // Screens on plain HTTP inside the city network: HSTS only behind a TLS proxy (security-headers.ts).
    hsts: false,
  });
  await app.register(securityHeaders, { behindTlsProxy: Boolean(options.trustProxy) });
  await app.register(readLimits, { perMinute: appConfig.security.anonymousReadsPerMinute });
  await app.register(rateLimit, { global: false });
  await app.register(authPlugin, { security });
  await app.register(overload, {
    maxEventLoopDelayMs: options.maxEventLoopDelayMs ?? 1000, retryAfterSeconds: RETRY_AFTER_SECONDS, pressure: options.pressure,
  });
  const fixtures = loadFixtures(undefined, appConfig.city.wardBoundaries);
  const context: DomainContext = { fixtures, timeZone: appConfig.city.timeZone, now, reportingTemplates: () => [...config.reporting.values()] };

  // The hub needs Socket.IO to emit and the runtime needs the hub: wire them through `io` late.
  let io: IocServer | null = null;
  let runtime: DomainRuntime | null = null;
  const hub = new TopicHub({
    emit: (room, message) => io?.to(room).emit('topic:delta', message),
    beforeFlush: () => runtime?.flush(),
    tickMs: options.tickMs,
    replayLimit: options.replayLimit,
    now,
  });
  const domainList = options.domains ?? allDomains;
  runtime = new DomainRuntime(domainList, context, hub);
  const replayed = runtime.rebuild(store);
  app.log.info({ replayed }, 'topic states rebuilt from the event store');
  runtime.startClock();

  io = new Server(app.server, {
    serveClient: false,
    // Compression costs more CPU than the bytes it saves for small JSON deltas (DESIGN budgets).
    perMessageDeflate: false,
    pingInterval: 10_000,
    pingTimeout: 10_000,
    // A page of another origin must not open a socket with our session cookie (both transports).
    allowRequest: checkOrigin(() => config.app.security.allowedOrigins),
  }) as IocServer;
  addSocketSecurityHeaders(io.engine, { behindTlsProxy: Boolean(options.trustProxy) });
  // Paired screens too: the registry's view of the config.
  const screenControl = new ScreenControl(io, {
    config: effective, takeovers: () => (hub.has('alerts.takeovers') ? hub.snapshot('alerts.takeovers').data : []), now,
  });
  screenControl.start();
  const gateway = new SocketGateway(io, {
    hub,
    version: VERSION,
    limits: options.socketLimits,
    now,
    presence: screenControl.book.presence,
    attach: (socket, grant) => screenControl.attach(socket, grant),
    identify: ({ headers, auth }): ConnectionGrant => {
      const identity = resolveIdentity(security, headers, { screenToken: auth.screenToken });
      if (identity.kind === 'user') {
        const basis = { sessionHash: identity.session.hash, userId: identity.session.user.id, expiresAt: identity.session.expiresAt };
        if (can(identity, 'topics.internal')) {
          return { audience: 'internal', screenId: null, topics: null, controlsScreens: can(identity, 'screens.manage'), basis };
        }
        // Signed in without internal reading (or before the first password change): the public, re-checked when that changes.
        return { audience: 'public', screenId: null, topics: null, basis };
      }
      if (identity.kind === 'screen') {
        const screen = screens.get(identity.screenId);
        // Live: when an operator assigns another dashboard, the socket may read its topics.
        if (screen) return { audience: screen.audience, screenId: screen.id, topics: screens.liveTopics(screen.id), basis: { screenTokenId: identity.tokenId } };
      }
      // Anybody else is an anonymous viewer: public topics, and no screen (a screen is its token, never a claimed id).
      return { audience: 'public', screenId: null, topics: null };
    },
  });
  // Revoked means revoked on live sockets too: a token, a session or an account that changes
  // re-identifies the sockets granted from it, at once; a change made by the CLI within a second.
  security.onChange((change) => gateway.reidentify((grant) => basisAffectedBy(grant.basis, change)));
  const changesElsewhere = setInterval(() => {
    security.checkChangesElsewhere();
    // A session that expired takes its sockets with it, as a logout does.
    const at = now();
    gateway.reidentify((grant) => grant.basis?.expiresAt !== undefined && grant.basis.expiresAt <= at);
  }, 500);
  changesElsewhere.unref();

  const ingest = new IngestService(store, runtime, now);
  const simulatorEnabled = options.simulator ?? appConfig.simulator.enabled;
  const simulator = simulatorEnabled
    ? new SimulatorFeed(runtime, context, ingest, store, { ...appConfig.simulator, ...options.simulatorOptions })
    : null;

  await app.register(eventsRoute, {
    ingest,
    perMinute: appConfig.ingest.requestsPerMinute,
    domains: domainList,
    maxBatch: appConfig.ingest.maxBatch,
    bodyLimitBytes: appConfig.ingest.bodyLimitBytes,
  });
  const sync = attachScreenSync(io, {
    presence: screenControl.book.presence,
    exists: (screenId) => screens.get(screenId) !== undefined,
    setupOf: (screenId) => {
      const screen = screens.get(screenId);
      const result = screen ? buildScreenSetup(screen, effective(), hub.list(screen.audience)) : null;
      return result?.ok ? result.setup : null;
    },
    topicsOf: screenTopics,
    topicOfRoom: (room) => {
      const name = room.slice(room.indexOf(':') + 1);
      return hub.has(name) && roomOf(hub.definition(name)!) === room ? name : null;
    },
  });
  screens.onChange((screenIds) => sync.push(screenIds));

  await app.register(queryRoutes, {
    hub, gateway, store, config: effective, startedAt: Date.now(), version: VERSION, screenTopics, screenSource: (id) => screens.source(id),
    feeds: (): Record<string, FeedStatus> => (simulator ? { simulator: simulator.status } : {}),
  });
  const reportsAggregator = runtime.aggregator('reports');
  if (isReportsAggregator(reportsAggregator)) {
    await app.register(open311Routes, {
      ingest, security, fixtures, categories: loadCategories(context),
      reports: () => reportsAggregator.readModel,
      timeZone: () => config.app.city.timeZone,
      perMinute: appConfig.ingest.open311PerMinute,
      now,
    });
    await app.register(reportDetailRoute, { store, ingest, security, reports: () => reportsAggregator.readModel });
  }
  const reportingAggregator = runtime.aggregator('reporting');
  if (isReportingAggregator(reportingAggregator)) {
    await app.register(entryFiguresRoutes, { ingest, security, reporting: () => reportingAggregator.readModel });
    await app.register(entryFileRoutes, { ingest, security, reporting: () => reportingAggregator.readModel });
  }
  await app.register(authRoutes, { security, loginPerMinute: appConfig.security.loginAttemptsPerMinute });
  await app.register(adminRoutes, {
    security,
    domainNames: () => domainList.map((domain) => domain.name),
    screenExists: (id) => screens.get(id) !== undefined,
  });
  await app.register(screenRoutes, { security, config: () => config, registry: screens, pairing, codesPerMinute: appConfig.security.pairingCodesPerMinute });
  await app.register(screenControlRoutes, { control: screenControl, ingest, security, config: effective, now });
  await app.register(staticRoutes, {
    distDir: options.distDir ?? path.join(ROOT, 'dist'),
    geodataDir: path.join(fixtures.dir, 'geodata'),
    version: VERSION,
    care: () => config.app.display,
  });

  const reloadConfig = async (): Promise<ConfigError | null> => {
    try {
      config = await loadConfig(config.dir);
      // Merges again and sends every connected screen its new setup.
      screens.invalidate();
      io?.emit('config:changed', { dashboards: [...config.dashboards.keys()], screens: [...screens.screens().keys()] });
      app.log.info('configuration reloaded');
      return null;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      app.log.error(error.message + '\nKeeping the last good configuration.');
      return error;
    }
  };

  let watcher: FSWatcher | null = null;
  if (options.watchConfig) {
    let timer: NodeJS.Timeout | null = null;
    watcher = watch(config.dir, { recursive: true }, () => {
      // Editors write files in several steps: wait for the burst to end.
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void reloadConfig(), 300);
    });
  }

  app.addHook('preClose', async () => {
    watcher?.close();
    clearInterval(changesElsewhere);
    simulator?.stop();
    runtime?.stop();
    screenControl.stop();
    // Sockets first: an open WebSocket would keep the HTTP server from closing. Closing the
    // transports (not the sessions) lets screens reconnect and resume on their own.
    io?.engine.close();
  });
  app.addHook('onClose', async () => {
    hub.stop();
    store.close();
    db.close();
  });

  return {
    app, io, hub, store, db, runtime, ingest, gateway, screenControl, security, screens, pairing, simulator,
    config: effective,
    reloadConfig,
    startFeeds: async () => {
      await simulator?.start();
    },
    close: () => app.close(),
  };
}
