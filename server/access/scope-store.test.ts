/**
 * Scopes in the store: given and taken one by one or as a whole set, each change audited and
 * announced to live connections; the old free-text scope of entry accounts carried over.
 */
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase, readMigrations } from '../store/database';
import Database from 'better-sqlite3';
import { AccessStore, type SecurityChange } from './access-store';
import { basisAffectedBy } from './grant-basis';

const ADMIN = { actor: 'user:admin', ip: '10.0.0.1' };

async function storeWithUser(role: 'entry' | 'leader' = 'entry') {
  const security = new AccessStore(openDatabase(':memory:'), () => 1_800_000_000_000);
  const { user } = await security.createUser(
    { username: 'can-bo-tam-thanh', role, password: 'mật khẩu cán bộ' },
    { actor: 'test' },
  );
  const changes: SecurityChange[] = [];
  security.onChange((change) => changes.push(change));
  return { security, user, changes };
}

describe('user scopes in the store', () => {
  it('gives and takes units one by one, each change audited and announced', async () => {
    const { security, user, changes } = await storeWithUser();
    expect(await security.addScope(user.id, { role: 'entry', unit: '05986' }, ADMIN)).toBe(true);
    expect(await security.addScope(user.id, { role: 'approver', unit: '05986' }, ADMIN)).toBe(true);
    expect(security.scopesOf(user.id)).toEqual([
      { role: 'approver', unit: '05986' },
      { role: 'entry', unit: '05986' },
    ]);
    expect(security.userById(user.id)?.scopes).toEqual(security.scopesOf(user.id));
    expect(security.users().find((u) => u.id === user.id)?.scopes).toEqual(security.scopesOf(user.id));

    // Again: nothing written, nothing audited, nobody told.
    const entries = (await security.auditLog()).length;
    expect(await security.addScope(user.id, { role: 'entry', unit: '05986' }, ADMIN)).toBe(false);
    expect(await security.removeScope(user.id, { role: 'handler', unit: 'phong-kinh-te' }, ADMIN)).toBe(false);
    expect(await security.auditLog()).toHaveLength(entries);
    expect(changes).toHaveLength(2);

    expect(await security.removeScope(user.id, { role: 'entry', unit: '05986' }, ADMIN)).toBe(true);
    expect(security.scopesOf(user.id)).toEqual([{ role: 'approver', unit: '05986' }]);
    expect(changes).toEqual([1, 2, 3].map(() => ({ kind: 'scopes-changed', userId: user.id })));
    expect(
      (await security.auditLog())
        .slice(0, 3)
        .map(({ actor, action, target, ip, detail }) => ({ actor, action, target, ip, detail })),
    ).toEqual([
      {
        actor: 'user:admin',
        action: 'user.scope-remove',
        target: 'can-bo-tam-thanh',
        ip: '10.0.0.1',
        detail: { role: 'entry', unit: '05986' },
      },
      {
        actor: 'user:admin',
        action: 'user.scope-add',
        target: 'can-bo-tam-thanh',
        ip: '10.0.0.1',
        detail: { role: 'approver', unit: '05986' },
      },
      {
        actor: 'user:admin',
        action: 'user.scope-add',
        target: 'can-bo-tam-thanh',
        ip: '10.0.0.1',
        detail: { role: 'entry', unit: '05986' },
      },
    ]);
  });

  it('sets the whole set at once: one entry per unit given or taken, one announcement', async () => {
    const { security, user, changes } = await storeWithUser();
    security.setScopes(
      user.id,
      [
        { role: 'entry', unit: '05986' },
        { role: 'entry', unit: '05983' },
      ],
      ADMIN,
    );
    const result = await security.setScopes(
      user.id,
      [
        { role: 'entry', unit: '05983' },
        { role: 'handler', unit: 'phong-kinh-te' },
        { role: 'handler', unit: 'phong-kinh-te' },
      ],
      ADMIN,
    );
    expect(result).toEqual({
      added: [{ role: 'handler', unit: 'phong-kinh-te' }],
      removed: [{ role: 'entry', unit: '05986' }],
    });
    expect(security.scopesOf(user.id)).toEqual([
      { role: 'entry', unit: '05983' },
      { role: 'handler', unit: 'phong-kinh-te' },
    ]);
    expect(changes).toHaveLength(2);
    expect((await security.auditLog()).slice(0, 2).map((entry) => entry.action)).toEqual([
      'user.scope-add',
      'user.scope-remove',
    ]);
    expect(await security.setScopes(9999, [], ADMIN)).toBeNull();
  });

  it('changes role and scopes all or nothing, and tells live connections only of what was committed', async () => {
    const { security, user, changes } = await storeWithUser();
    const bad = [
      { role: 'entry', unit: '05986' },
      { role: 'boss', unit: '05986' },
    ] as never;
    await expect(security.updateUser(user.id, { role: 'leader', scopes: bad }, ADMIN)).rejects.toThrow(
      /CHECK constraint/,
    );
    expect(security.userById(user.id)).toMatchObject({ role: 'entry', scopes: [] });
    expect((await security.auditLog()).filter((entry) => entry.action.startsWith('user.'))).toHaveLength(1); // user.create only
    expect(changes).toEqual([]);

    expect(
      await security.updateUser(user.id, { role: 'leader', scopes: [{ role: 'approver', unit: '05986' }] }, ADMIN),
    ).toMatchObject({
      role: 'leader',
      scopes: [{ role: 'approver', unit: '05986' }],
    });
    expect(changes).toEqual([
      { kind: 'account-changed', userId: user.id },
      { kind: 'scopes-changed', userId: user.id },
    ]);
  });

  it('names who holds a unit, without disabled accounts', async () => {
    const { security, user } = await storeWithUser();
    const { user: other } = await security.createUser(
      { username: 'lanh-dao-tam-thanh', role: 'leader', password: 'mật khẩu lãnh đạo' },
      ADMIN,
    );
    security.addScope(user.id, { role: 'entry', unit: '05986' }, ADMIN);
    security.addScope(other.id, { role: 'approver', unit: '05986' }, ADMIN);
    expect(security.usersScopedTo('05986').map((u) => u.username)).toEqual(['can-bo-tam-thanh', 'lanh-dao-tam-thanh']);
    expect(security.usersScopedTo('05986', 'approver').map((u) => u.username)).toEqual(['lanh-dao-tam-thanh']);
    security.disableUser(other.id, ADMIN);
    expect(security.usersScopedTo('05986').map((u) => u.username)).toEqual(['can-bo-tam-thanh']);
  });

  it('re-checks the live connections of the account whose scopes changed, and no others', async () => {
    const { security, user, changes } = await storeWithUser();
    security.addScope(user.id, { role: 'entry', unit: '05986' }, ADMIN);
    const [change] = changes;
    expect(basisAffectedBy({ userId: user.id, sessionHash: 'a' }, change!)).toBe(true);
    expect(basisAffectedBy({ userId: user.id + 1, sessionHash: 'b' }, change!)).toBe(false);
    expect(basisAffectedBy({ screenTokenId: 1 }, change!)).toBe(false);
    expect(basisAffectedBy(undefined, change!)).toBe(false);
  });

  it('keeps one row per account, role and unit, and no empty unit', async () => {
    const db = openDatabase(':memory:');
    db.prepare("INSERT INTO users (username, password_hash, role, created_at) VALUES ('x', 'h', 'entry', 0)").run();
    const insert = db.prepare(
      "INSERT INTO user_scopes (user_id, role, unit, created_at, created_by) VALUES (1, 'entry', ?, 0, 'test')",
    );
    insert.run('05986');
    expect(() => insert.run('05986')).toThrow(/UNIQUE/);
    expect(() => insert.run('')).toThrow(/CHECK/);
  });

  it('carries the free-text scope of an entry account over as its entry scope', () => {
    const db: Database.Database = new Database(':memory:');
    const migrations = readMigrations();
    migrate(
      db,
      migrations.filter((migration) => migration.version < 5),
    );
    const add = db.prepare(
      'INSERT INTO users (username, password_hash, role, scope, created_at) VALUES (?, ?, ?, ?, 0)',
    );
    add.run('ward-officer', 'h', 'entry', ' 05986 ');
    add.run('dept-officer', 'h', 'entry', 'phong-kinh-te');
    add.run('no-scope', 'h', 'entry', '');
    add.run('leader', 'h', 'leader', '05986');
    migrate(db, migrations);
    const security = new AccessStore(db);
    expect(security.users().map(({ username, scopes }) => ({ username, scopes }))).toEqual([
      { username: 'dept-officer', scopes: [{ role: 'entry', unit: 'phong-kinh-te' }] },
      { username: 'leader', scopes: [] },
      { username: 'no-scope', scopes: [] },
      { username: 'ward-officer', scopes: [{ role: 'entry', unit: '05986' }] },
    ]);
  });
});
