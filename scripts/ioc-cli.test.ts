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
import { startTestApp } from '../server/test-support/test-app';
import { freshPgSchema } from '../server/test-support/pg-schema';
import { waitUntil } from '../server/test-support/wait-until';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'ioc-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function runWith(env: Record<string, string>, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/ioc-cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, IOC_DATA_DIR: dataDir, ...env },
    encoding: 'utf8',
  });
}

const run = (...args: string[]) => runWith({}, ...args);

function iocWith(env: Record<string, string>, ...args: string[]): string {
  const result = runWith(env, ...args);
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

const ioc = (...args: string[]) => iocWith({}, ...args);

// Each step starts the CLI in its own Node process (with tsx): seconds apiece on a loaded machine.
describe('npm run ioc', { timeout: 180_000 }, () => {
  it('user unlock lifts the locks that keep an account out', async () => {
    const security = new AccessStore(openDatabase(path.join(dataDir, 'ioc.sqlite')));
    await security.createUser(
      { username: 'admin', role: 'admin', password: 'mật khẩu quản trị dài' },
      { actor: 'test' },
    );
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await security.login('admin', 'sai', '10.0.0.9');
    expect(await security.login('admin', 'mật khẩu quản trị dài', '10.0.0.9')).toMatchObject({
      ok: false,
      reason: 'locked',
    });
    expect(ioc('user', 'unlock', '--username', 'admin')).toContain('1 sign-in lock(s) lifted');
    expect((await security.login('admin', 'mật khẩu quản trị dài', '10.0.0.9')).ok).toBe(true);
  });

  it('secrets shows the start-up secrets until they are used', async () => {
    const security = new AccessStore(openDatabase(path.join(dataDir, 'ioc.sqlite')));
    const [link] = (
      await issueStartupSecrets({
        security,
        dataDir,
        screens: [{ id: 'led-ky-lua', audience: 'public' }],
        baseUrl: 'http://ioc.local:8080',
        adminPassword: null,
        tty: false,
        print: () => undefined,
      })
    ).screens;
    expect(ioc('secrets')).toContain(link!.url);
    security.screenOfToken(new URL(link!.url).searchParams.get('token')!);
    expect(ioc('secrets')).toContain('no unused start-up secrets');
  });

  // Each call is a process that starts tsx (and loads config/ to add or list): seconds on a busy machine.
  describe('user scope', { timeout: 180_000 }, () => {
    const store = () => new AccessStore(openDatabase(path.join(dataDir, 'ioc.sqlite')));

    it('lists and removes a unit of an account, audited as the CLI', async () => {
      const security = store();
      const { user } = await security.createUser(
        { username: 'can-bo-ky-lua', role: 'entry', password: 'mật khẩu cán bộ kỳ lừa' },
        { actor: 'test' },
      );
      security.setScopes(
        user.id,
        [
          { role: 'entry', unit: '06187' },
          { role: 'handler', unit: 'phong-kinh-te' },
        ],
        { actor: 'test' },
      );
      expect(
        ioc('user', 'scope', 'list', 'can-bo-ky-lua')
          .trim()
          .split('\n')
          .map((line) => line.split('\t').slice(0, 2).join(' ')),
      ).toEqual(['can-bo-ky-lua entry', 'can-bo-ky-lua handler']);
      expect(ioc('user', 'scope', 'remove', 'can-bo-ky-lua', 'entry', '06187')).toContain('removed entry 06187');
      expect(store().scopesOf(user.id)).toEqual([{ role: 'handler', unit: 'phong-kinh-te' }]);
      expect((await store().auditLog(1))[0]).toMatchObject({
        actor: 'cli',
        action: 'user.scope-remove',
        target: 'can-bo-ky-lua',
        detail: { role: 'entry', unit: '06187' },
      });

      const missing = run('user', 'scope', 'remove', 'can-bo-ky-lua', 'entry', '06187');
      expect(missing.status).toBe(2);
      expect(missing.stderr).toContain('has no scope entry 06187');
    });

    it('refuses an unknown unit, a role outside the list and an unknown account, storing nothing', async () => {
      const security = store();
      const { user } = await security.createUser(
        { username: 'can-bo-moi', role: 'entry', password: 'mật khẩu cán bộ mới' },
        { actor: 'test' },
      );
      const unknownUnit = run('user', 'scope', 'add', 'can-bo-moi', 'entry', 'phong-khong-co');
      expect(unknownUnit.status).toBe(2);
      expect(unknownUnit.stderr).toContain('unit: không có đơn vị "phong-khong-co"');
      expect(unknownUnit.stderr).toContain('unit: unknown unit "phong-khong-co"');
      const badRole = run('user', 'scope', 'add', 'can-bo-moi', 'boss', '05986');
      expect(badRole.status).toBe(2);
      expect(badRole.stderr).toContain('entry, approver, handler');
      expect(run('user', 'scope', 'add', 'khong-co-ai', 'entry', '05986').stderr).toContain(
        'no active account "khong-co-ai"',
      );
      expect(store().scopesOf(user.id)).toEqual([]);
    });

    it('adds a unit of config/units.yaml by its code, named', async () => {
      const security = store();
      const { user } = await security.createUser(
        { username: 'can-bo-tam-thanh', role: 'entry', password: 'mật khẩu cán bộ tam thanh' },
        { actor: 'test' },
      );
      expect(ioc('user', 'scope', 'add', 'can-bo-tam-thanh', 'entry', '05986')).toMatch(
        /added entry 05986 Phường Tam Thanh/,
      );
      expect(ioc('user', 'scope', 'add', 'can-bo-tam-thanh', 'entry', '05986')).toContain('already had');
      expect(store().scopesOf(user.id)).toEqual([{ role: 'entry', unit: '05986' }]);
    });
  });

  describe('with IOC_DATABASE_URL', { timeout: 180_000 }, () => {
    it('makes and revokes feed keys in the PostgreSQL the servers share, audited there', async () => {
      const schema = freshPgSchema();
      const server = await startTestApp({ database: { url: schema.url, schema: schema.schema } });
      try {
        // The test's own schema first on the search_path, as a URL can say.
        const env = {
          IOC_DATABASE_URL: `${schema.url}?options=${encodeURIComponent(`-c search_path=${schema.schema}`)}`,
        };
        const made = iocWith(env, 'key', 'create', '--name', 'camera-cli', '--scope', 'announcements');
        const key = made.trim().split('\n').at(-1)!;
        const id = /key (\d+) for camera-cli/.exec(made)![1]!;
        const notice = (n: number) => ({
          domain: 'announcements',
          kind: 'announcement.published',
          id: `cli-key-${n}`,
          data: {
            announcementId: `cli-key-${n}`,
            text: { vi: 'Thông báo thử', en: 'Test notice' },
            priority: 'normal',
            validTo: new Date(Date.now() + 3_600_000).toISOString(),
          },
        });
        let n = 0;
        await waitUntil(
          async () => (await server.post(notice(++n), { authorization: `Bearer ${key}` })).status === 200,
          'the server accepts the key the CLI made',
        );
        expect(
          (await server.ioc.security.auditLog()).find(
            (entry) => entry.action === 'key.create' && entry.actor === 'cli',
          ),
        ).toMatchObject({ target: 'camera-cli', detail: { scopes: ['announcements'] } });

        expect(iocWith(env, 'key', 'revoke', '--id', id)).toContain(`key ${id} revoked`);
        expect(iocWith(env, 'key', 'list')).toMatch(/camera-cli\tannouncements\trevoked/);
        expect(iocWith(env, 'audit', '--limit', '5')).toMatch(new RegExp(`\tcli\tkey\\.revoke\t${id}\t`));
        // Nothing of it went to the data folder's SQLite.
        expect(new AccessStore(openDatabase(path.join(dataDir, 'ioc.sqlite'))).apiKeys()).toEqual([]);
      } finally {
        await server.dispose();
        await schema.drop();
      }
    });
  });
});
