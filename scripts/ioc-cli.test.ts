/**
 * `npm run ioc` on a data folder: lifting an account's sign-in locks, and showing the start-up
 * secrets not used yet. Runs the real CLI in a child process, as an administrator would.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/store/database';
import { MAX_FAILED_LOGINS, AccessStore } from '../server/access/access-store';
import { issueStartupSecrets } from '../server/access/startup-secrets';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'ioc-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function ioc(...args: string[]): string {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/ioc-cli.ts', ...args], {
    cwd: ROOT, env: { ...process.env, IOC_DATA_DIR: dataDir }, encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

describe('npm run ioc', () => {
  it('user unlock lifts the locks that keep an account out', async () => {
    const security = new AccessStore(openDatabase(path.join(dataDir, 'ioc.sqlite')));
    await security.createUser({ username: 'admin', role: 'admin', password: 'mật khẩu quản trị dài' }, { actor: 'test' });
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await security.login('admin', 'sai', '10.0.0.9');
    expect(await security.login('admin', 'mật khẩu quản trị dài', '10.0.0.9')).toMatchObject({ ok: false, reason: 'locked' });
    expect(ioc('user', 'unlock', '--username', 'admin')).toContain('1 sign-in lock(s) lifted');
    expect((await security.login('admin', 'mật khẩu quản trị dài', '10.0.0.9')).ok).toBe(true);
  });

  it('secrets shows the start-up secrets until they are used', async () => {
    const security = new AccessStore(openDatabase(path.join(dataDir, 'ioc.sqlite')));
    const [link] = issueStartupSecrets({
      security, dataDir, screens: [{ id: 'led-ky-lua', audience: 'public' }], baseUrl: 'http://ioc.local:8080', adminPassword: null, tty: false, print: () => undefined,
    }).screens;
    expect(ioc('secrets')).toContain(link!.url);
    security.screenOfToken(new URL(link!.url).searchParams.get('token')!);
    expect(ioc('secrets')).toContain('no unused start-up secrets');
  });
});
