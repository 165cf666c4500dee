/**
 * The administrators' account list and what the console's people page needs from it: disabled
 * accounts stay listed (marked) and can be enabled again, audited; a disabled account takes no
 * other change until then; and the unit picker's list is today's units and the departments of
 * config/units.yaml, never a unit that has ended.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test-support/test-app';
import type { AccountView, ScopeUnit } from '../../protocol/rest';
import { callAs, type SignedIn } from '../../test-support/call-as';

let app: TestApp;
let admin: { cookie: string; csrfToken: string };

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.signIn('admin');
});
afterAll(async () => {
  await app.dispose();
});

function api<T = Record<string, unknown>>(
  method: 'GET' | 'PATCH',
  path: string,
  who: SignedIn = admin,
  body?: unknown,
) {
  return callAs<T>(app, who, method, path, body);
}

const signIn = (username: string, password: string) =>
  fetch(`${app.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });

describe('accounts for the console', () => {
  it('a disabled account stays listed, takes nothing but enabling, and signs in again once enabled; each step audited', async () => {
    const password = 'mật khẩu cán bộ đủ dài';
    const { user } = await app.ioc.security.createUser(
      { username: 'can-bo-tam-thanh', role: 'entry', password },
      { actor: 'test' },
    );
    expect((await api('PATCH', `/api/v1/users/${user.id}`, admin, { disabled: true })).status).toBe(200);
    expect((await signIn('can-bo-tam-thanh', password)).status).toBe(401);
    const listed = (await api<{ users: AccountView[] }>('GET', '/api/v1/users')).body.users;
    expect(listed.find((account) => account.id === user.id)).toMatchObject({ role: 'entry', disabled: true });
    expect(listed.find((account) => account.username.startsWith('admin-'))).toMatchObject({
      disabled: false,
      mustChangePassword: false,
    });

    const refused = await api('PATCH', `/api/v1/users/${user.id}`, admin, { role: 'viewer' });
    expect(refused).toMatchObject({
      status: 409,
      body: { field: 'disabled', messageVi: expect.stringContaining('đang bị khóa') },
    });

    const enabled = await api('PATCH', `/api/v1/users/${user.id}`, admin, {
      disabled: false,
      scopes: [{ role: 'entry', unit: '05986' }],
    });
    expect(enabled).toMatchObject({
      status: 200,
      body: { ok: true, user: { id: user.id, scopes: [{ role: 'entry', unit: '05986' }] } },
    });
    expect((await signIn('can-bo-tam-thanh', password)).status).toBe(200);
    const actions = (await app.ioc.security.auditLog(20))
      .filter((entry) => entry.target === 'can-bo-tam-thanh')
      .map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['user.disable', 'user.enable', 'user.scope-add']));
  });

  it('makes an account with its units (checked as PATCH checks them), or none at all; the legacy scope is refused', async () => {
    const create = (body: unknown) =>
      fetch(`${app.url}/api/v1/users`, {
        method: 'POST',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const made = await create({
      username: 'can-bo-dong-kinh',
      role: 'entry',
      scopes: [
        { role: 'entry', unit: '05977' },
        { role: 'handler', unit: 'phong-kinh-te' },
      ],
    });
    expect(made.status).toBe(201);
    expect(((await made.json()) as { user: AccountView }).user).toMatchObject({
      username: 'can-bo-dong-kinh',
      scopes: [
        { role: 'entry', unit: '05977' },
        { role: 'handler', unit: 'phong-kinh-te' },
      ],
    });
    expect((await app.ioc.security.auditLog(10)).map((entry) => `${entry.action} ${entry.target}`)).toEqual(
      expect.arrayContaining(['user.create can-bo-dong-kinh', 'user.scope-add can-bo-dong-kinh']),
    );

    // A unit that ended in 2025: refused naming the field, and no account is left behind.
    const refused = await create({ username: 'can-bo-cu', role: 'entry', scopes: [{ role: 'entry', unit: '05971' }] });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      field: 'scopes[0].unit',
      messageVi: expect.stringContaining('30/06/2025'),
    });
    const legacy = await create({ username: 'can-bo-cu', role: 'entry', scope: '05986' });
    expect(legacy.status).toBe(400);
    expect(await legacy.json()).toMatchObject({ field: 'scope', messageVi: expect.stringContaining('scopes') });
    const names = (await api<{ users: AccountView[] }>('GET', '/api/v1/users')).body.users.map((user) => user.username);
    expect(names).not.toContain('can-bo-cu');
  });

  it("lists today's units and the departments for the unit picker; an operator may not", async () => {
    const { status, body } = await api<{ units: ScopeUnit[]; departments: ScopeUnit[] }>('GET', '/api/v1/users/units');
    expect(status).toBe(200);
    expect(body.units).toContainEqual({
      unit: '05986',
      name: 'Phường Tam Thanh',
      nameEn: 'Tam Thanh Ward',
      kind: 'ward',
    });
    expect(body.units).toContainEqual(expect.objectContaining({ unit: '06184', kind: 'commune' }));
    // Units that ended on 30 June 2025 are not offered (Phường Hoàng Văn Thụ, the city itself).
    expect(body.units.map((unit) => unit.unit)).not.toContain('05971');
    expect(body.units.map((unit) => unit.unit)).not.toContain('178');
    expect(body.departments).toContainEqual({
      unit: 'phong-kinh-te',
      name: 'Phòng Kinh tế, Hạ tầng và Đô thị',
      nameEn: 'Economy, Infrastructure and Urban Affairs Division',
      kind: 'department',
    });
    const operator = await app.signIn('operator');
    expect((await api('GET', '/api/v1/users/units', operator)).status).toBe(403);
  });
});
