/**
 * A production install, as an operator does it on a fresh machine: a clean clone of the committed
 * HEAD, `npm ci --omit=dev` (no test or check tool), `npm start`. The wall must be served: the
 * display is built at start from the runtime dependencies alone, and the server imports nothing
 * that a production install leaves out. Slow (a real install from the registry and a real build),
 * so it lives with the browser tests, one file at a time.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, ROOT } from './harness';

/**
 * No prebuilt better-sqlite3 can be fetched here, so the install compiles it: 1 to 4 minutes seen
 * on a loaded 2-core machine.
 */
const INSTALL_MS = 8 * 60_000;
/** `npm start` on a fresh clone builds the display first: minutes on a loaded 2-core machine. */
const START_MS = 5 * 60_000;
const STOP_MS = 15_000;

/**
 * The environment of an operator's shell, not of this test run. Run through `npm test`, npm adds
 * its own variables: the script's (`npm_lifecycle_*`, `npm_package_*`, `npm_execpath`…) and the
 * prefix this repository is (`npm_config_local_prefix`), which must not point the clone's install
 * here; vitest adds `NODE_ENV=test`. Other npm settings (cache, nodedir) stay. The `node` and
 * `npm` are the first on PATH: put another Node first to try the install on it.
 */
function operatorEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    if (lower.startsWith('npm_') && !lower.startsWith('npm_config_')) continue;
    if (['npm_config_local_prefix', 'npm_config_prefix'].includes(lower)) continue;
    if (key.startsWith('VITEST') || ['NODE_ENV', 'INIT_CWD', 'TEST'].includes(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

function run(command: string, args: string[], cwd: string, timeout: number, env: Record<string, string> = {}): string {
  const result = spawnSync(command, args, {
    cwd,
    env: operatorEnv(env),
    encoding: 'utf8',
    timeout,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    const why = result.error
      ? String(result.error)
      : `exit ${result.status}${result.signal ? ` (${result.signal})` : ''}`;
    throw new Error(`${command} ${args.join(' ')} failed: ${why}\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** Waits for `ioc-wall: http://…:<port>/…` on the output; fails at once if the process exits. */
function waitForReady(child: ChildProcess, output: () => string, deadlineMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = /ioc-wall: http:\/\/[^\s:/]+:(\d+)\//.exec(output());
      if (match) return finish(() => resolve(Number(match[1])));
      if (child.exitCode !== null || child.signalCode !== null) {
        return finish(() =>
          reject(new Error(`npm start exited (${child.exitCode ?? child.signalCode}) before serving:\n${output()}`)),
        );
      }
      return undefined;
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error(`npm start did not serve within ${deadlineMs / 1000} s:\n${output()}`))),
      deadlineMs,
    );
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.off('exit', check);
      settle();
    };
    child.stdout?.on('data', check);
    child.on('exit', check);
    check();
  });
}

/**
 * Stops `npm start` and what it started (its own process group): by signal, by force after a
 * deadline, and by force for whatever of the group outlives npm (also when npm had already exited).
 */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined) return;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // nothing of the group is left
    }
  };
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    signal('SIGTERM');
    const forced = setTimeout(() => signal('SIGKILL'), STOP_MS);
    await exited;
    clearTimeout(forced);
  }
  signal('SIGKILL');
}

describe('production install', () => {
  it(
    'npm ci --omit=dev && npm start on a fresh clone serves the wall',
    async () => {
      const head = run('git', ['rev-parse', 'HEAD'], ROOT, 30_000).trim();
      const work = mkdtempSync(path.join(tmpdir(), 'ioc-prodinstall-'));
      const clone = path.join(work, 'ioc-wall');
      const dataDir = path.join(work, 'data');
      let child: ChildProcess | null = null;
      let log = '';
      const began = Date.now();
      const timings: string[] = [];
      const lap = (what: string) => timings.push(`${what} ${((Date.now() - began) / 1000).toFixed(1)} s`);
      try {
        // What is committed, not the work tree: the same as CI's fresh clone.
        run('git', ['clone', '--quiet', '--no-checkout', ROOT, clone], work, 120_000);
        run('git', ['checkout', '--quiet', '--detach', head], clone, 120_000);
        expect(existsSync(path.join(clone, 'dist'))).toBe(false);
        const nodeVersion = run('node', ['--version'], clone, 30_000).trim();
        lap('cloned');

        run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], clone, INSTALL_MS);
        lap('installed');
        expect(existsSync(path.join(clone, 'node_modules', 'fastify'))).toBe(true);
        // Dev dependencies really were left out.
        for (const devOnly of ['vitest', 'typescript', 'svelte-check', 'playwright-core', 'fast-check']) {
          expect(existsSync(path.join(clone, 'node_modules', devOnly)), `${devOnly} is a dev dependency`).toBe(false);
        }

        const port = await freePort();
        child = spawn('npm', ['start'], {
          cwd: clone,
          env: operatorEnv({ PORT: String(port), HOST: '127.0.0.1', IOC_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }),
          stdio: ['ignore', 'pipe', 'pipe'],
          // Its own process group, so that stopping it stops the server npm runs too.
          detached: true,
        });
        child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
        child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
        const served = await waitForReady(child, () => log, START_MS);
        expect(served).toBe(port);
        lap('built and serving');
        expect(existsSync(path.join(clone, 'dist', 'index.html'))).toBe(true);
        const base = `http://127.0.0.1:${port}`;

        const health = await fetch(`${base}/api/v1/health`);
        expect(health.status, log).toBe(200);
        expect(await health.json()).toEqual(expect.objectContaining({ status: 'ok' }));

        const page = await fetch(`${base}/wall/main`);
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toMatch(/text\/html/);
        const html = await page.text();
        expect(html).toContain('<div id="app">');
        const script = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1];
        expect(script, html).toMatch(/^\/assets\//);

        const asset = await fetch(new URL(script!, base));
        expect(asset.status).toBe(200);
        expect(asset.headers.get('content-type')).toMatch(/javascript/);
        expect((await asset.text()).length).toBeGreaterThan(1000);

        // The administration CLI runs on the same install, beside the running server.
        run(
          'npm',
          ['run', '--silent', 'ioc', '--', 'key', 'create', '--name', 'prodinstall', '--scope', 'traffic'],
          clone,
          60_000,
          { IOC_DATA_DIR: dataDir },
        );
        expect(
          run('npm', ['run', '--silent', 'ioc', '--', 'key', 'list'], clone, 60_000, { IOC_DATA_DIR: dataDir }),
        ).toContain('prodinstall');
        lap('checked');
        // eslint-disable-next-line no-console -- the timings of each step, for the report of a slow install
        console.info(`production install on Node ${nodeVersion}: ${timings.join(', ')}`);
      } finally {
        if (child) await stopGroup(child);
        rmSync(work, { recursive: true, force: true });
      }
    },
    INSTALL_MS + START_MS + 3 * 60_000,
  );
});
