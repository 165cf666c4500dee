/**
 * The access store on PostgreSQL (real server, a schema of this test's own), as two server
 * processes hold it: a change is all or nothing with its audit entries, two processes starting
 * on an empty database make one `admin` between them, and what one changes the other hears.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { openDatabase } from '../store/database';
import { openPgPool } from '../store/pg/pg-database';
import { PgNotifications } from '../store/pg/pg-notifications';
import { freshPgSchema, type TestSchema } from '../test-support/pg-schema';
import { waitUntil } from '../test-support/wait-until';
import { AccessStore, type SecurityChange } from './access-store';
import { PgAccounts } from './pg-accounts';

const ADMIN = { actor: 'user:admin', ip: '10.0.0.1' };
const opened: Array<{ pool: pg.Pool; notifications: PgNotifications }> = [];
const schemas: TestSchema[] = [];
afterEach(async () => {
  for (const { pool, notifications } of opened.splice(0)) {
    await notifications.close();
    await pool.end();
  }
  for (const schema of schemas.splice(0)) await schema.drop();
}, 60_000);

/** One server process's access store on `schema`: its own pool, notifications and SQLite. */
async function processOn(schema: TestSchema) {
  const options = { url: schema.url, schema: schema.schema };
  const pool = await openPgPool(options);
  const notifications = new PgNotifications(options, pool);
  await notifications.start();
  opened.push({ pool, notifications });
  const shared = { pool, notifications };
  const errors: unknown[] = [];
  const security = new AccessStore(openDatabase(':memory:'), Date.now, {
    sharedAccounts: await PgAccounts.open(shared, Date.now, (error) => errors.push(error)),
  });
  const changes: SecurityChange[] = [];
  security.onChange((change) => changes.push(change));
  return { security, changes, errors };
}

function newSchema(): TestSchema {
  const schema = freshPgSchema();
  schemas.push(schema);
  return schema;
}

describe('the access store on PostgreSQL', () => {
  it('changes role and scopes all or nothing, with their audit entries', { timeout: 60_000 }, async () => {
    const { security, changes } = await processOn(newSchema());
    const { user } = await security.createUser(
      { username: 'can-bo-tam-thanh', role: 'entry', password: 'mật khẩu cán bộ' },
      { actor: 'test' },
    );
    const bad = [
      { role: 'entry', unit: '05986' },
      { role: 'boss', unit: '05986' },
    ] as never;
    await expect(security.updateUser(user.id, { role: 'leader', scopes: bad }, ADMIN)).rejects.toThrow(/check/i);
    expect(security.userById(user.id)).toMatchObject({ role: 'entry', scopes: [] });
    expect((await security.auditLog()).map((entry) => entry.action)).toEqual(['user.create']);
    expect(changes).toEqual([]);

    expect(
      await security.updateUser(user.id, { role: 'leader', scopes: [{ role: 'approver', unit: '05986' }] }, ADMIN),
    ).toMatchObject({ role: 'leader', scopes: [{ role: 'approver', unit: '05986' }] });
    expect((await security.auditLog()).map((entry) => `${entry.action} ${entry.actor}`)).toEqual([
      'user.scope-add user:admin',
      'user.role user:admin',
      'user.create test',
    ]);
  });

  it('two processes starting on an empty database make one admin between them', { timeout: 60_000 }, async () => {
    const schema = newSchema();
    const [a, b] = [await processOn(schema), await processOn(schema)];
    const passwords = await Promise.all([a.security.ensureBootstrapAdmin(), b.security.ensureBootstrapAdmin()]);
    expect(passwords.filter((password) => password !== null)).toHaveLength(1);
    await waitUntil(() => a.security.userCount() === 1 && b.security.userCount() === 1, 'both know the one admin');
    const login = await b.security.login(
      'ADMIN',
      passwords.find((password) => password !== null)!,
      '10.0.0.2',
    );
    expect(login).toMatchObject({ ok: true, session: { user: { username: 'admin', mustChangePassword: true } } });
  });

  it('what one process changes, the other hears and re-checks its connections for', { timeout: 60_000 }, async () => {
    const schema = newSchema();
    const [a, b] = [await processOn(schema), await processOn(schema)];
    await a.security.createUser({ username: 'van-hanh', role: 'operator', password: 'mật khẩu vận hành' }, ADMIN);
    await waitUntil(() => b.security.users().length === 1, 'B knows the account made on A');
    const signedIn = await b.security.login('van-hanh', 'mật khẩu vận hành', '10.0.0.3');
    if (!signedIn.ok) throw new Error('sign-in refused');
    await waitUntil(() => a.security.session(signedIn.token) !== null, 'A knows the session made on B');

    a.changes.length = 0;
    await b.security.logout(signedIn.token, ADMIN);
    await waitUntil(() => a.security.session(signedIn.token) === null, 'the session ends on A');
    expect(a.changes).toContainEqual({ kind: 'changed-elsewhere' });
    expect(a.errors).toEqual([]);
  });
});
