/**
 * Start-up secrets never reach a log: a terminal sees them, anything else sees only the path of a
 * file only its owner can read; `npm run ioc -- secrets` shows what is unused; public panels of an
 * existing install get their token at the first start after the upgrade, once.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database';
import { AccessStore } from './access-store';
import { issueStartupSecrets, pendingSecrets, secretsPath } from './startup-secrets';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function fresh() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ioc-secrets-'));
  dirs.push(dataDir);
  return { dataDir, security: new AccessStore(openDatabase(path.join(dataDir, 'ioc.sqlite'))) };
}

const SCREENS = [
  { id: 'main', audience: 'internal' as const },
  { id: 'led-dong-kinh', audience: 'public' as const },
];

describe('start-up secrets', () => {
  it('are not printed when the output is no terminal: they go to an owner-only file whose path is printed', async () => {
    const { dataDir, security } = fresh();
    const password = await security.ensureBootstrapAdmin();
    const printed: string[] = [];
    const issued = await issueStartupSecrets({
      security,
      dataDir,
      screens: SCREENS,
      baseUrl: 'http://localhost:8080',
      adminPassword: password,
      tty: false,
      print: (text) => printed.push(text),
    });
    const output = printed.join('\n');
    expect(output).not.toContain(password!);
    expect(output).not.toContain('iocs_');
    expect(output).toContain(secretsPath(dataDir));
    expect(statSync(secretsPath(dataDir)).mode & 0o777).toBe(0o600);
    const file = readFileSync(secretsPath(dataDir), 'utf8');
    expect(file).toContain(password!);
    // Every configured screen, public ones too, gets a link with its own token.
    expect(issued.screens.map((link) => link.screenId)).toEqual(['main', 'led-dong-kinh']);
    for (const link of issued.screens) expect(file).toContain(link.url);
    expect(issued.screens[1]!.url).toMatch(/^http:\/\/localhost:8080\/wall\/led-dong-kinh\?token=iocs_/);
  });

  it('are shown on a terminal', async () => {
    const { dataDir, security } = fresh();
    const password = await security.ensureBootstrapAdmin();
    const printed: string[] = [];
    const issued = await issueStartupSecrets({
      security,
      dataDir,
      screens: SCREENS,
      baseUrl: 'http://localhost:8080',
      adminPassword: password,
      tty: true,
      print: (text) => printed.push(text),
    });
    expect(printed.join('\n')).toContain(password!);
    expect(printed.join('\n')).toContain(issued.screens[1]!.url);
  });

  it('can be shown again until first use, then leave the file', async () => {
    const { dataDir, security } = fresh();
    const password = (await security.ensureBootstrapAdmin())!;
    const issued = await issueStartupSecrets({
      security,
      dataDir,
      screens: SCREENS,
      baseUrl: 'http://x',
      adminPassword: password,
      tty: false,
      print: () => undefined,
    });
    expect(pendingSecrets(dataDir, security)).toEqual({
      admin: { username: 'admin', password },
      screens: issued.screens,
    });

    const login = await security.login('admin', password, null);
    expect(login.ok).toBe(true);
    await security.changePassword(
      login.ok ? login.session.user : (null as never),
      password,
      'mật khẩu mới của quản trị',
      { actor: 'test' },
    );
    security.screenOfToken(new URL(issued.screens[0]!.url).searchParams.get('token')!);
    expect(pendingSecrets(dataDir, security)).toEqual({ admin: null, screens: [issued.screens[1]] });

    security.screenOfToken(new URL(issued.screens[1]!.url).searchParams.get('token')!);
    expect(pendingSecrets(dataDir, security)).toEqual({ admin: null, screens: [] });
    expect(existsSync(secretsPath(dataDir))).toBe(false);
  });

  it('give the public panels of an existing install a token at the first start after the upgrade, once', async () => {
    const { dataDir, security } = fresh();
    await security.createUser(
      { username: 'admin', role: 'admin', password: 'mật khẩu đã đổi từ lâu' },
      { actor: 'test' },
    );
    // Before the upgrade only internal screens had tokens.
    await security.createScreenToken('main', { actor: 'system' });
    const first = await issueStartupSecrets({
      security,
      dataDir,
      screens: SCREENS,
      baseUrl: 'http://x',
      adminPassword: null,
      tty: false,
      print: () => undefined,
    });
    expect(first).toMatchObject({ admin: null, screens: [{ screenId: 'led-dong-kinh', audience: 'public' }] });
    const again = await issueStartupSecrets({
      security,
      dataDir,
      screens: SCREENS,
      baseUrl: 'http://x',
      adminPassword: null,
      tty: false,
      print: () => undefined,
    });
    expect(again.screens).toEqual([]);
    expect(pendingSecrets(dataDir, security).screens).toEqual(first.screens);
  });
});
