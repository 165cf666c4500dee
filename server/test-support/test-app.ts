/**
 * Starts the real app in-process on an ephemeral port with a temporary database, and connects
 * real socket.io clients to it. For integration tests; never used by the product.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { Value } from 'typebox/value';
import { buildApp, type AppOptions, type IocApp } from '../app';
import type { LoadedConfig } from '../config/load-config';
import { loadUnits } from '../units/load-units';
import { AppConfig } from '../../config/schema/app-config';
import type { Dashboard } from '../../config/schema/dashboard';
import type { Screen } from '../../config/schema/screen';
import type { Role } from '../access/roles';
import type {
  ClientToServerEvents,
  HandshakeAuth,
  ServerToClientEvents,
  SubscribeAck,
  SubscribeRequest,
} from '../protocol/index';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const dashboard = (id: string, audience: 'internal' | 'public'): Dashboard => ({
  version: 1,
  id,
  audience,
  title: { vi: id, en: id },
  grid: { columns: 1, rows: 1 },
  widgets: [{ id: 'w', type: 'kpi-tile', area: { column: 1, row: 1, columns: 1, rows: 1 } }],
});
const screen = (id: string, audience: 'internal' | 'public', profile: Screen['profile']): Screen => ({
  version: 1,
  id,
  name: { vi: id, en: id },
  profile,
  groups: [],
  resolution: [1920, 1080],
  audience,
  dashboard: audience === 'public' ? 'public' : 'ops',
});

/** A config with an internal screen `ops` and a public LED screen `panel`. */
export function testConfig(): LoadedConfig {
  const app = Value.Default(AppConfig, {
    version: 1,
    city: { name: { vi: 'Thành phố Lạng Sơn', en: 'Lạng Sơn City' }, center: [106.758, 21.853] },
    simulator: {},
    ingest: { open311PerMinute: 100_000 },
    // Tests sign in far more often than people do; the limit itself has its own test.
    security: { loginAttemptsPerMinute: 1000, pairingCodesPerMinute: 1000, anonymousReadsPerMinute: 100_000 },
  }) as AppConfig;
  return {
    dir: path.join(tmpdir(), 'ioc-test-config-unused'),
    app,
    dashboards: new Map([
      ['ops', dashboard('ops', 'internal')],
      ['public', dashboard('public', 'public')],
    ]),
    screens: new Map([
      ['ops', screen('ops', 'internal', 'wall')],
      ['panel', screen('panel', 'public', 'led')],
    ]),
    playlists: new Map(),
    walls: new Map(),
    units: loadUnits(),
    reporting: new Map(),
    feeds: new Map(),
    exceptions: [],
  };
}

/** The test config with sections of `app` changed (webhooks to a receiver on 127.0.0.1, say). */
export function testConfigWith(changes: Partial<AppConfig>): LoadedConfig {
  const config = testConfig();
  return { ...config, app: { ...config.app, ...changes } };
}

/** Webhooks may go to the tests' receivers on loopback (refused by default: `destination-policy.ts`). */
export const LOOPBACK_WEBHOOKS: Partial<AppConfig> = { webhooks: { allowedNetworks: ['127.0.0.0/8'] } };

export interface ConnectAs {
  /** Claim to be this screen without its token: proves nothing (an anonymous viewer). */
  screenId?: string;
  /** A paired screen's token. */
  screenToken?: string;
  /** Signed in as a person with this role. */
  role?: Role;
}

export interface TestApp {
  ioc: IocApp;
  url: string;
  dataDir: string;
  /** A feed key for every domain, created at start; `post` uses it. */
  apiKey: string;
  /** A socket.io client: anonymous (public), a claimed screen, a screen token or a signed-in role. */
  connect(as?: ConnectAs): Promise<TestSocket>;
  subscribe(socket: TestSocket, request: SubscribeRequest): Promise<SubscribeAck>;
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }>;
  /** `post` as a signed-in admin: approvals and moderation, which no feed key may post. */
  postAsModerator(body: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  /** A session cookie and CSRF token of a fresh account with this role. */
  signIn(role: Role): Promise<{ cookie: string; csrfToken: string }>;
  /** Closes the app and the clients; keeps the data folder unless `dispose`. */
  close(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startTestApp(options: Partial<AppOptions> & { dataDir?: string } = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'ioc-test-'));
  // A loaded CI machine can stall the event loop for seconds (and under-pressure reads a stall with
  // no sample as an infinite delay): no event-loop shedding here. Tests that need pressure inject it.
  const ioc = await buildApp({
    config: testConfig(),
    simulator: false,
    distDir: path.join(dataDir, 'no-dist'),
    maxEventLoopDelayMs: 0,
    ...options,
    dataDir,
  });
  await ioc.app.listen({ port: 0, host: '127.0.0.1' });
  const { key: apiKey } = await ioc.security.createApiKey(
    'test-feed',
    ioc.runtime.domains.map((domain) => domain.name),
    { actor: 'test' },
  );
  let accounts = 0;
  const signIn = async (role: Role) => {
    // Unique across the servers of one system: on PostgreSQL they share accounts.
    const username = `${role}-${++accounts}-${randomBytes(3).toString('hex')}`;
    const password = `mật khẩu đủ dài ${accounts}`;
    await ioc.security.createUser({ username, role, password }, { actor: 'test' });
    const response = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const body = (await response.json()) as { csrfToken: string };
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
    return { cookie, csrfToken: body.csrfToken };
  };
  const address = ioc.app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const sockets: TestSocket[] = [];
  let closed = false;
  let moderator: { cookie: string; csrfToken: string } | undefined;

  const close = async () => {
    if (closed) return;
    closed = true;
    sockets.forEach((socket) => socket.disconnect());
    await ioc.close();
  };

  return {
    ioc,
    url,
    dataDir,
    apiKey,
    signIn,
    connect: async (as = {}) => {
      const headers = as.role ? { cookie: (await signIn(as.role)).cookie } : undefined;
      const auth: HandshakeAuth = {};
      if (as.screenId) auth.screenId = as.screenId;
      if (as.screenToken) auth.screenToken = as.screenToken;
      return new Promise((resolve, reject) => {
        const socket: TestSocket = connect(url, {
          transports: ['websocket'],
          auth,
          extraHeaders: headers,
          reconnection: false,
          forceNew: true,
        });
        sockets.push(socket);
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
      });
    },
    subscribe: (socket, request) => socket.timeout(5000).emitWithAck('topic:subscribe', request),
    post: async (body, headers = {}) => {
      const response = await fetch(`${url}/api/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    postAsModerator: async (body) => {
      moderator ??= await signIn('admin');
      const response = await fetch(`${url}/api/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: moderator.cookie, 'x-csrf-token': moderator.csrfToken },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    close,
    dispose: async () => {
      await close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
