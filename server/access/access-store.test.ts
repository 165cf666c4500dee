import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database';
import { AccessStore } from './access-store';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('AccessStore', () => {
  it('honours a revoke made by another process (the CLI) within seconds, despite its cache', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ioc-sec-'));
    dirs.push(dir);
    let now = 1_800_000_000_000;
    const server = new AccessStore(openDatabase(path.join(dir, 'ioc.sqlite')), () => now);
    const cli = new AccessStore(openDatabase(path.join(dir, 'ioc.sqlite')), () => now);
    const { key, apiKey } = await cli.createApiKey('camera', ['traffic'], { actor: 'cli' });
    const { token, screenToken } = await cli.createScreenToken('main', { actor: 'cli' });
    expect(server.apiKey(key)?.name).toBe('camera');
    expect(server.screenOfToken(token)).toBe('main');

    cli.revokeApiKey(apiKey.id, { actor: 'cli' });
    await cli.revokeScreenToken(screenToken.id, { actor: 'cli' });
    now += 1000;
    expect(server.apiKey(key)).not.toBeNull(); // still cached for a moment
    now += 5000;
    expect(server.apiKey(key)).toBeNull();
    expect(server.screenOfToken(token)).toBeNull();
  });

  it('creates the first admin once, with a one-time password it must change', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ioc-sec-'));
    dirs.push(dir);
    const store = new AccessStore(openDatabase(path.join(dir, 'ioc.sqlite')));
    const password = await store.ensureBootstrapAdmin();
    expect(password).toMatch(/^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/);
    expect(await store.ensureBootstrapAdmin()).toBeNull();
    const login = await store.login('admin', password!, null);
    expect(login.ok && login.session.user).toMatchObject({ role: 'admin', mustChangePassword: true });
  });
});
