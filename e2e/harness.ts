/**
 * What browser tests need: a real server process on a free port with its own data folder, and
 * Debian's Chromium driven by playwright-core.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { domains } from '../server/domains/index';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // WebGL through SwiftShader, so the map really renders in headless mode.
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Runs `npm run ioc -- …` on a data folder and returns what it printed. */
export function iocCli(dataDir: string, ...args: string[]): string {
  return iocCliWith({}, dataDir, ...args);
}

/**
 * The same, with a server's own environment: a server on PostgreSQL (`IOC_DATABASE_URL`) keeps its
 * keys, screens and people there, so the command must look where the server looks.
 */
function iocCliWith(env: Record<string, string>, dataDir: string, ...args: string[]): string {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/ioc-cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, IOC_DATA_DIR: dataDir },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`ioc ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

export interface ServerProcess {
  url: string;
  /** A feed key for every domain. */
  apiKey: string;
  /** The address of a screen with a fresh token of its own (internal screens need one). */
  screenUrl(screenId: string, query?: string): string;
  /** The first admin's one-time password, from `npm run ioc -- secrets` (kept once read). */
  adminPassword(): string | null;
  /** `npm run ioc -- …` against this server's data (its folder, or its PostgreSQL). */
  cli(...args: string[]): string;
  port: number;
  dataDir: string;
  /** Process id of the running server. */
  pid(): number;
  /** Server output so far, for failing tests to show. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Starts again on the same port and data folder. */
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

export interface StartOptions {
  simulator?: boolean;
  env?: Record<string, string>;
  dataDir?: string;
  port?: number;
  /**
   * The instant (epoch ms) the server's clock reads at its start; it runs on from there. Screens
   * take their time from the server, so this puts the whole system at, say, 23:25 city time.
   * Later is safer than earlier: cookies the shifted server sets must not look expired.
   */
  clockAt?: number;
  /** How long the start may take (default 60 s; a bench on a loaded machine gives more). */
  startTimeoutMs?: number;
  /** Node's own flags for the server, e.g. `--cpu-prof` to profile a bench's server. */
  nodeArgs?: string[];
}

export async function startServer(options: StartOptions = {}): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'ioc-e2e-'));
  let log = '';
  let child: ChildProcess | null = null;
  const clockOffsetMs = options.clockAt === undefined ? 0 : options.clockAt - Date.now();
  const clockEnv: Record<string, string> =
    clockOffsetMs === 0
      ? {}
      : {
          IOC_E2E_CLOCK_OFFSET_MS: String(Math.round(clockOffsetMs)),
          NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${path.join(ROOT, 'e2e/shifted-clock.mjs')}`.trim(),
        };

  const launch = async () => {
    child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', 'server/server.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        IOC_DATA_DIR: dataDir,
        IOC_SIMULATOR: options.simulator === false ? 'off' : 'on',
        LOG_LEVEL: 'warn',
        ...clockEnv,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const startTimeoutMs = options.startTimeoutMs ?? 60_000;
    const deadline = Date.now() + startTimeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    throw new Error(`server did not start within ${startTimeoutMs / 1000} s:\n${log}`);
  };

  const stop = (signal: NodeJS.Signals = 'SIGTERM') =>
    new Promise<number | null>((resolve) => {
      const current = child as ChildProcess | null;
      // A process killed by a signal has no exit code, only a signal: it has exited all the same
      // (waiting for its 'exit' again hung the scale-out bench's clean-up after it killed the leader).
      if (!current || current.exitCode !== null || current.signalCode !== null)
        return resolve(current?.exitCode ?? null);
      current.once('exit', (code) => resolve(code));
      current.kill(signal);
    });

  await launch();
  const cli = (...args: string[]) => iocCliWith(options.env ?? {}, dataDir, ...args);
  const keyOutput = cli('key', 'create', '--name', 'e2e', '--scope', domains.map((domain) => domain.name).join(','));
  const apiKey = keyOutput.trim().split('\n').pop()!.trim();
  const url = `http://127.0.0.1:${port}`;
  let adminPassword: string | null = null;
  return {
    url,
    apiKey,
    screenUrl: (screenId, query = '') => {
      const token = /iocs_[A-Za-z0-9_-]+/.exec(cli('screen', 'token', '--screen', screenId))![0];
      return `${url}/wall/${screenId}?token=${token}${query ? `&${query}` : ''}`;
    },
    adminPassword: () => {
      // Not in the output (that is a log): in the owner-only secrets file, shown by `npm run ioc -- secrets` until used.
      adminPassword ??= /admin\s+\/\s+([a-z0-9-]{19})/.exec(cli('secrets'))?.[1] ?? null;
      return adminPassword;
    },
    cli,
    port,
    dataDir,
    pid: () => (child as ChildProcess | null)?.pid ?? 0,
    output: () => log,
    stop,
    restart: launch,
    dispose: async () => {
      await stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

/**
 * The built files that only the map widget needs (its chunk, MapLibre, deck.gl, luma.gl and their
 * split-off pieces), from Vite's build manifest: whatever the bundler names them, a page without a
 * map must download none of them.
 */
export function mapOnlyChunks(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'dist/.vite/manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const reach = (roots: string[], dynamic: boolean): Set<string> => {
    const seen = new Set<string>();
    const stack = [...roots];
    while (stack.length > 0) {
      const key = stack.pop()!;
      if (seen.has(key) || !manifest[key]) continue;
      seen.add(key);
      // An entry's dynamic imports are every widget: following them would reach the map from anywhere.
      const followDynamic = dynamic && !manifest[key].isEntry;
      stack.push(...(manifest[key].imports ?? []), ...(followDynamic ? (manifest[key].dynamicImports ?? []) : []));
    }
    return seen;
  };
  const keys = Object.keys(manifest);
  const mapKey = keys.find((key) => key.endsWith('widgets/map/MapWidget.svelte'));
  if (!mapKey) throw new Error('the build manifest has no map widget chunk');
  // What every page loads (the entry and its static imports) and what the other widgets load.
  const elsewhere = new Set([
    ...reach(
      keys.filter((key) => manifest[key]!.isEntry),
      false,
    ),
    ...reach(
      keys.filter((key) => key !== mapKey && key.includes('/widgets/')),
      true,
    ),
  ]);
  const files = [...reach([mapKey], true)]
    .filter((key) => !elsewhere.has(key))
    .flatMap((key) => [manifest[key]!.file, ...(manifest[key]!.css ?? [])]);
  return [...new Set(files)];
}

/**
 * The next instant, from now, at which the city's clock reads `hh:mm` (Vietnam has no daylight
 * saving: UTC+7 all year), for `startServer({ clockAt })`.
 */
export function nextCityTime(hhmm: string, utcOffsetHours = 7): number {
  const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
  const now = Date.now();
  const cityNow = new Date(now + utcOffsetHours * 3_600_000);
  let at =
    Date.UTC(cityNow.getUTCFullYear(), cityNow.getUTCMonth(), cityNow.getUTCDate(), hours, minutes) -
    utcOffsetHours * 3_600_000;
  if (at <= now) at += 86_400_000;
  return at;
}

/** A signed-in person's session, as the console holds it. */
export interface SignedIn {
  username: string;
  session: string;
  csrfToken: string;
}

/**
 * Signs a new person of `role` in through the API, as the console would: an account made with the
 * CLI (as an admin would), whose one-time password is changed at first sign-in, since the server
 * allows such an account nothing else until then. `scope`: the units it may act for,
 * written `entry:05986,approver:05986`.
 */
export async function signInPerson(server: ServerProcess, role: string, scope?: string): Promise<SignedIn> {
  const username = `e2e-${role}-${Math.random().toString(36).slice(2, 8)}`;
  const oneTime = iocCli(server.dataDir, 'user', 'create', '--username', username, '--role', role)
    .trim()
    .split('\n')
    .pop()!
    .trim();
  // Scopes written `entry:05986,approver:05986`, given as an admin gives them.
  for (const part of (scope ?? '').split(',').filter(Boolean)) {
    const [scopeRole, unit] = part.split(':');
    iocCli(server.dataDir, 'user', 'scope', 'add', username, scopeRole!, unit!);
  }
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: oneTime }),
  });
  if (!login.ok) throw new Error(`sign-in as ${role} failed: ${login.status} ${await login.text()}`);
  const session = /ioc_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
  if (!session) throw new Error('no session cookie');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const changed = await fetch(`${server.url}/api/v1/auth/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `ioc_session=${session}`, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ current: oneTime, next: `mật khẩu ${role} đủ dài 2026` }),
  });
  if (!changed.ok) throw new Error(`password change for ${role} failed: ${changed.status} ${await changed.text()}`);
  return { username, session, csrfToken };
}

/** Signs a new person of `role` in (see signInPerson) and puts the session cookie into a browser context. */
export async function signInContext(
  server: ServerProcess,
  context: BrowserContext,
  role: string,
  scope?: string,
): Promise<SignedIn> {
  const person = await signInPerson(server, role, scope);
  await context.addCookies([{ name: 'ioc_session', value: person.session, url: server.url }]);
  return person;
}

/** A server with the simulator, a browser, and a browser context signed in as `role`; `close` ends all three. */
export async function startSignedIn(
  role: string,
): Promise<{ server: ServerProcess; browser: Browser; context: BrowserContext; close(): Promise<void> }> {
  const [server, browser] = await Promise.all([startServer({ simulator: true }), launchBrowser()]);
  const context = await browser.newContext();
  await signInContext(server, context, role);
  return {
    server,
    browser,
    context,
    close: async () => {
      await context.close();
      await browser.close();
      await server.dispose();
    },
  };
}

/**
 * Opens a screen as its kiosk would: with its token (public panels too; without one a page is an
 * anonymous viewer, never online), collecting the page's errors into `errors`.
 */
export async function openScreenPage(
  browser: Browser,
  server: ServerProcess,
  errors: string[],
  id: string,
  width: number,
  height: number,
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  page.on('pageerror', (error) => errors.push(`${id} pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${id} console: ${message.text()}`);
  });
  await page.goto(server.screenUrl(id));
  await page.waitForSelector('[data-widget-id]');
  return page;
}

/** A signed-in context's session for the API: what the console reads, and changes with its CSRF token. */
export async function sessionHeaders(server: ServerProcess, context: BrowserContext): Promise<Record<string, string>> {
  const cookies = await context.cookies(server.url);
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const me = (await (await fetch(`${server.url}/api/v1/auth/me`, { headers: { cookie } })).json()) as {
    csrfToken: string;
  };
  return { cookie, 'x-csrf-token': me.csrfToken };
}

/**
 * Units' monthly figures submitted and approved by an administrator over the API, so that a test's
 * own unit is the one left to enter: `budgets` gives each unit's year-to-date budget revenue.
 */
export async function publishFigures(
  server: ServerProcess,
  template: string,
  period: string,
  budgets: Record<string, number>,
): Promise<void> {
  const admin = await signInPerson(server, 'admin');
  const headers = {
    'content-type': 'application/json',
    cookie: `ioc_session=${admin.session}`,
    'x-csrf-token': admin.csrfToken,
  };
  for (const [unit, budget] of Object.entries(budgets)) {
    const base = `${server.url}/api/v1/entry/reports/${template}/${unit}/${period}`;
    const values = {
      'thu-ngan-sach-luy-ke': budget,
      'ho-so-tthc-tiep-nhan': 900,
      'ho-so-tthc-dung-han': 96.4,
      'ho-ngheo': null,
      'lao-dong-viec-lam-moi': null,
    };
    const submitted = await fetch(`${base}/submit`, { method: 'POST', headers, body: JSON.stringify({ values }) });
    expect(submitted.status, await submitted.clone().text()).toBe(200);
    expect((await fetch(`${base}/approve`, { method: 'POST', headers, body: '{}' })).status).toBe(200);
  }
}
