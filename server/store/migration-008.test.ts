/**
 * Migration 008 on databases made by the migrations before it: the legacy free-text
 * `users.scope` column goes (its value was carried into user_scopes by 005), the accounts keep
 * their units and sign-in data, new accounts can be made, and the moderation holds table exists.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, readMigrations } from './database';
import { AccessStore } from '../access/access-store';

const columnsOf = (db: Database.Database, table: string) =>
  (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((column) => column.name);

describe('migration 008', () => {
  it('drops users.scope from a database made by the old migrations, keeping each account and its units', async () => {
    const db = new Database(':memory:');
    const migrations = readMigrations();
    // An install from before the scopes store: one free-text scope per entry account.
    migrate(
      db,
      migrations.filter((migration) => migration.version < 5),
    );
    db.prepare(
      "INSERT INTO users (username, password_hash, role, scope, must_change_password, created_at) VALUES ('can-bo-ky-lua', 'h', 'entry', '06187', 1, 0)",
    ).run();
    // Then every migration up to 008, as a server started on it would run them.
    migrate(
      db,
      migrations.filter((migration) => migration.version < 8),
    );
    expect(columnsOf(db, 'users')).toContain('scope');
    expect(
      migrate(
        db,
        migrations.filter((migration) => migration.version <= 8),
      ),
    ).toEqual([8]);

    expect(columnsOf(db, 'users')).not.toContain('scope');
    expect(columnsOf(db, 'moderation_holds')).toContain('commits_at');
    const security = new AccessStore(db);
    expect(security.users()).toEqual([
      {
        id: 1,
        username: 'can-bo-ky-lua',
        role: 'entry',
        mustChangePassword: true,
        scopes: [{ role: 'entry', unit: '06187' }],
      },
    ]);
    const { user } = await security.createUser(
      { username: 'moi', role: 'entry', scopes: [{ role: 'approver', unit: '05986' }] },
      { actor: 'test' },
    );
    expect(user.scopes).toEqual([{ role: 'approver', unit: '05986' }]);
    // The next start runs what came after 008, then nothing is left to do.
    expect(migrate(db, migrations)).toEqual(migrations.filter((m) => m.version > 8).map((m) => m.version));
    expect(migrate(db, migrations)).toEqual([]);
  });
});
