/**
 * `server/server.ts` as an operator starts it: a child process on an ephemeral port. What it
 * prints when it cannot start is the whole interface here, so these tests read its output.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ioc-start-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const serverEnv = (dataDir: string, extra: Record<string, string> = {}) => ({
  ...process.env,
  PORT: '0',
  HOST: '127.0.0.1',
  IOC_DATA_DIR: dataDir,
  IOC_SIMULATOR: 'off',
  LOG_LEVEL: 'warn',
  ...extra,
});

/** Runs the server to its end (it is expected to refuse to start). */
function runToExit(
  dataDir: string,
  extra: Record<string, string> = {},
): { status: number | null; stderr: string; stdout: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/server.ts'], {
    cwd: ROOT,
    env: serverEnv(dataDir, extra),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
}

/** Starts a server and resolves once it says it listens. */
function startListening(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/server.ts'], {
    cwd: ROOT,
    env: serverEnv(dataDir),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanup.push(
    () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  );
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ioc-wall: http://')) resolve(child);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

const meaningfulLines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

describe('server start', () => {
  it('refuses a second server on the same data folder, in one line, and takes over the lock of a dead one', async () => {
    const dataDir = tempDir();
    const first = await startListening(dataDir);
    expect(readFileSync(path.join(dataDir, 'ioc.lock'), 'utf8').trim()).toBe(String(first.pid));

    const second = runToExit(dataDir);
    expect(second.status).not.toBe(0);
    expect(meaningfulLines(second.stderr)).toEqual([
      `ioc-wall: cannot open data folder ${dataDir}: another ioc-wall server (pid ${first.pid}) is using it; stop that one first (lock file ${path.join(dataDir, 'ioc.lock')})`,
    ]);

    // The first one stops cleanly and releases the lock.
    await new Promise<void>((resolve) => {
      first.once('exit', () => resolve());
      first.kill('SIGTERM');
    });
    expect(existsSync(path.join(dataDir, 'ioc.lock'))).toBe(false);

    // A lock left by a process that died (a crash, a power cut) does not block the next start.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(path.join(dataDir, 'ioc.lock'), `${dead.stdout}\n`);
    const third = await startListening(dataDir);
    expect(readFileSync(path.join(dataDir, 'ioc.lock'), 'utf8').trim()).toBe(String(third.pid));
  }, 120_000);

  it('names the folder and the reason in one line when the data folder cannot be created or opened', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a-file'), 'not a folder');
    const underFile = path.join(dir, 'a-file', 'data');
    const notCreatable = runToExit(underFile);
    expect(notCreatable.status).not.toBe(0);
    expect(meaningfulLines(notCreatable.stderr)).toEqual([
      expect.stringMatching(new RegExp(`^ioc-wall: cannot open data folder ${underFile}: .*ENOTDIR`)),
    ]);

    // The database file cannot be opened (here it is a folder).
    const dataDir = tempDir();
    mkdirSync(path.join(dataDir, 'ioc.sqlite'));
    const notOpenable = runToExit(dataDir);
    expect(notOpenable.status).not.toBe(0);
    expect(meaningfulLines(notOpenable.stderr)).toEqual([
      expect.stringMatching(new RegExp(`^ioc-wall: cannot open data folder ${dataDir}: `)),
    ]);
  }, 120_000);

  it('refuses a truncated app.yaml, naming the file and the section', () => {
    const configDir = tempDir();
    cpSync(path.join(ROOT, 'config'), configDir, { recursive: true });
    const shipped = readFileSync(path.join(configDir, 'app.yaml'), 'utf8');
    writeFileSync(path.join(configDir, 'app.yaml'), shipped.slice(0, shipped.indexOf('\ndisplay:') + 1));
    const result = runToExit(tempDir(), { IOC_CONFIG_DIR: configDir });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/app\.yaml at \/display: missing/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});
