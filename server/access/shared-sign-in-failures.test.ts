/**
 * Sign-in failures and locks shared by two servers on one PostgreSQL schema (and one Redis), real
 * servers both: wrong passwords spread over the processes count together, the lock they make holds
 * on both, and `user unlock` run against one lifts it on the other.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_FAILED_LOGINS } from './access-store';
import { startTwoServers, type TwoServers } from '../test-support/two-servers';

const systems: TwoServers[] = [];
afterEach(async () => {
  for (const system of systems.splice(0)) await system.close();
}, 60_000);
const SLOW = { timeout: 90_000 };

describe('sign-in failures on PostgreSQL', () => {
  it('failures on A and B together lock the name on both; unlocked on B, it is open on A', SLOW, async () => {
    const system = await startTwoServers();
    systems.push(system);
    const { a, b } = system;
    const password = 'mật khẩu của Hoa, đủ dài';
    await a.ioc.security.createUser({ username: 'hoa', role: 'operator', password }, { actor: 'test' });
    const attacker = '203.0.113.77';
    // Every other guess through the other process: neither alone sees five.
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) {
      const through = i % 2 === 0 ? a : b;
      expect(await through.ioc.security.login('hoa', `đoán ${i}`, attacker)).toMatchObject({
        ok: false,
        reason: 'invalid',
      });
    }
    const fifth = await b.ioc.security.login('HOA', 'đoán lần năm', attacker);
    expect(fifth).toMatchObject({ ok: false, reason: 'locked' });
    // Locked on both, even with the right password, for that address only.
    for (const app of [a, b])
      expect(await app.ioc.security.login('hoa', password, attacker)).toMatchObject({ ok: false, reason: 'locked' });
    expect(await a.ioc.security.signInFailures('hoa')).toEqual([
      { ip: attacker, failures: 0, lockouts: 1, lockedUntil: (fifth as { lockedUntil: number }).lockedUntil },
    ]);

    expect(await b.ioc.security.unlock('hoa', { actor: 'cli' })).toBe(1);
    expect((await a.ioc.security.login('hoa', password, attacker)).ok).toBe(true);
  });
});
