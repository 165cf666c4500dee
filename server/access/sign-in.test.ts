/**
 * Sign-in lockout that cannot be raced, says nothing about which accounts exist, and cannot keep
 * the admin out: counted per account name and address in one statement, the same answer and the
 * same Argon2 work for unknown, locked, wrong and right, locks that grow and an unlock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database';
import { startTestApp, type TestApp } from '../test-support/test-app';
import { LOCKOUT_MS, MAX_FAILED_LOGINS, AccessStore } from './access-store';
import { verifyPassword } from './secrets';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A store on a fresh database, with its clock and a record of every Argon2 verification. */
function store() {
  const dir = mkdtempSync(path.join(tmpdir(), 'ioc-signin-'));
  dirs.push(dir);
  const clock = { now: 1_800_000_000_000 };
  const verified: string[] = [];
  const security = new AccessStore(openDatabase(path.join(dir, 'ioc.sqlite')), () => clock.now, {
    verifyPassword: async (hash, password) => {
      verified.push(hash);
      return verifyPassword(hash, password);
    },
  });
  return { security, clock, verified };
}

describe('sign-in lockout (store)', () => {
  it('does the same Argon2 work for unknown, locked, wrong and right: one verification against a real hash', async () => {
    const { security, verified } = store();
    await security.createUser(
      { username: 'lan', role: 'viewer', password: 'mật khẩu đúng của Lan' },
      { actor: 'test' },
    );
    const expectOneVerification = async (attempt: () => Promise<unknown>, what: string) => {
      verified.length = 0;
      await attempt();
      expect(verified, what).toHaveLength(1);
      expect(verified[0], what).toMatch(/^\$argon2id\$/);
    };
    await expectOneVerification(() => security.login('nobody-here', 'x', '10.0.0.1'), 'unknown account');
    await expectOneVerification(() => security.login('lan', 'sai', '10.0.0.1'), 'wrong password');
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) await security.login('lan', 'sai', '10.0.0.1');
    await expectOneVerification(() => security.login('lan', 'mật khẩu đúng của Lan', '10.0.0.1'), 'locked account');
    expect((await security.login('lan', 'mật khẩu đúng của Lan', '10.0.0.1')).ok).toBe(false);
    await expectOneVerification(() => security.login('lan', 'mật khẩu đúng của Lan', '10.0.0.2'), 'right password');
  });

  it('locks a name for the address its failures came from, not for the admin elsewhere; locks grow; unlock lifts them', async () => {
    const { security, clock } = store();
    await security.createUser(
      { username: 'admin', role: 'admin', password: 'mật khẩu quản trị dài' },
      { actor: 'test' },
    );
    const fail = async (ip: string) => security.login('admin', 'đoán bừa', ip);
    for (let i = 1; i < MAX_FAILED_LOGINS; i++)
      expect(await fail('203.0.113.9')).toMatchObject({ ok: false, reason: 'invalid' });
    const first = await fail('203.0.113.9');
    expect(first).toMatchObject({ ok: false, reason: 'locked', lockedUntil: clock.now + LOCKOUT_MS });
    // The attacker's address is locked out; the admin at the IOC is not.
    expect(await security.login('admin', 'mật khẩu quản trị dài', '203.0.113.9')).toMatchObject({
      ok: false,
      reason: 'locked',
    });
    expect((await security.login('admin', 'mật khẩu quản trị dài', '10.1.1.1')).ok).toBe(true);

    // Once the lock is over, the next five failures lock it twice as long.
    clock.now += LOCKOUT_MS + 1;
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) await fail('203.0.113.9');
    expect(await fail('203.0.113.9')).toMatchObject({ reason: 'locked', lockedUntil: clock.now + 2 * LOCKOUT_MS });

    expect(await security.unlock('admin', { actor: 'cli' })).toBe(1);
    expect((await security.login('admin', 'mật khẩu quản trị dài', '203.0.113.9')).ok).toBe(true);
    expect((await security.auditLog()).map((entry) => entry.action)).toContain('auth.unlock');
  });
});

describe('sign-in over HTTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.dispose();
  });

  const login = async (username: string, password: string) => {
    const response = await fetch(`${app.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('counts eight wrong passwords sent at once: each counted or refused by the lock, none lost', async () => {
    await app.ioc.security.createUser(
      { username: 'dong-thoi', role: 'viewer', password: 'mật khẩu đồng thời' },
      { actor: 'test' },
    );
    const answers = await Promise.all(Array.from({ length: 8 }, () => login('dong-thoi', 'sai mật khẩu')));
    // Which of the eight find the lock already set depends on how they interleave; what may not
    // depend on it: each attempt is either counted or refused by the lock, none is lost, and the
    // store's count equals the attempts counted.
    const statuses = answers.map((answer) => answer.status);
    expect(
      statuses.every((status) => status === 401 || status === 429),
      String(statuses),
    ).toBe(true);
    expect(statuses).toContain(429);
    const actions = (await app.ioc.security.auditLog())
      .filter((entry) => entry.actor === 'user:dong-thoi')
      .map((entry) => entry.action);
    const counted = actions.filter((action) => action === 'auth.login-failed' || action === 'auth.locked').length;
    const refused = actions.filter((action) => action === 'auth.login-refused').length;
    expect(counted + refused).toBe(8);
    expect(counted).toBeGreaterThanOrEqual(MAX_FAILED_LOGINS);
    expect(actions.filter((action) => action === 'auth.login-failed').length).toBe(
      statuses.filter((status) => status === 401).length,
    );
    const failures = await app.ioc.security.signInFailures('dong-thoi');
    expect(failures).toHaveLength(1);
    expect(failures[0]!.lockouts * MAX_FAILED_LOGINS + failures[0]!.failures).toBe(counted);
    // Locked: even the right password waits.
    expect((await login('dong-thoi', 'mật khẩu đồng thời')).status).toBe(429);
  });

  it('answers a locked account and an unknown one alike, and a wrong password and an unknown name alike', async () => {
    await app.ioc.security.createUser(
      { username: 'co-that', role: 'viewer', password: 'mật khẩu có thật' },
      { actor: 'test' },
    );
    expect(await login('co-that', 'sai')).toEqual(await login('khong-co-ai', 'sai'));
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) {
      await login('co-that', 'sai');
      await login('khong-co-ai', 'sai');
    }
    const locked = await login('co-that', 'mật khẩu có thật');
    const unknown = await login('khong-co-ai', 'mật khẩu có thật');
    expect(locked.status).toBe(429);
    expect(unknown).toEqual(locked);
    expect(locked.body).toMatchObject({ message: expect.any(String), messageVi: expect.any(String) });
  });
});
