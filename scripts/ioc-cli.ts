/**
 * `npm run ioc -- <command>`: administration from the shell, on the data folder that
 * IOC_DATA_DIR names (default data/). Works while the server runs (SQLite WAL).
 *
 *   key create --name <source> --scope <domain>[,<domain>…]   prints the key once
 *   key list | key revoke --id <n>
 *   screen token --screen <id>                                   prints the token and the URL once
 *   user create --username <name> --role <role>                  prints a one-time password
 *   user unlock --username <name>                                lifts the sign-in locks of an account
 *   user role --username <name> --role <role> | user disable --username <name>
 *   user scope add|remove <name> <role> <unit>                   a unit the account may act for
 *                                                                (role: entry, approver, handler;
 *                                                                unit: a code or department id of
 *                                                                config/units.yaml)
 *   user scope list [<name>]                                     the scopes of one account, or all
 *   secrets                                                      the start-up secrets not used yet
 *   audit [--limit <n>]
 *   guides <dir>                                                 every role's guide as a printable PDF
 *                                                                (huong-dan-<role>.pdf) into <dir>
 *   store status                                                 the event store (SQLite, or PostgreSQL
 *                                                                when IOC_DATABASE_URL is set): backend,
 *                                                                events, last seq, whether a leader holds
 *                                                                the aggregation lease
 *   backup <file>                                                a consistent copy of the SQLite store
 *                                                                (online: the server may run); with
 *                                                                IOC_DATABASE_URL, pg_dump (custom
 *                                                                format) of the store's schema
 *   restore <file>                                               replaces the store with a backup
 *                                                                (refused while a server runs here);
 *                                                                with IOC_DATABASE_URL, pg_restore into
 *                                                                that database (refused over a store)
 *   archive                                                      retention now: events older than
 *                                                                `retention.hotMonths` to the monthly
 *                                                                archives (refused while a server runs:
 *                                                                it archives on its own schedule)
 *
 * A change made here reaches the running server's live connections within a second. With
 * IOC_DATABASE_URL set, accounts, sessions, feed keys, screen tokens and the audit log are the
 * shared ones in PostgreSQL (every server on it hears the change); sign-in locks (`user unlock`)
 * stay in this data folder's SQLite, as each server keeps its own.
 */
import path from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { readEnv, type ServerEnv } from '../server/env';
import { openDatabase } from '../server/store/database';
import { AccessStore } from '../server/access/access-store';
import { isRole, ROLES } from '../server/access/roles';
import { isScopeRole, SCOPE_ROLES } from '../server/access/scope-roles';
import { scopeProblem } from '../server/access/scope-input';
import { unitDirectoryOf, unitLabel } from '../server/access/unit-directory';
import { dayKey } from '../server/domains/calendar';
import { domains } from '../server/domains/index';
import { loadConfig } from '../server/config/load-config';
import { SqliteScreenStore } from '../server/screens/screen-store';
import { PgScreenStore } from '../server/screens/pg-screen-store';
import { PgAccounts } from '../server/access/pg-accounts';
import { PgScreenTokens } from '../server/access/pg-screen-tokens';
import { openPgPool } from '../server/store/pg/pg-database';
import { PgNotifications } from '../server/store/pg/pg-notifications';
import type { SharedDatabase } from '../server/services/store';
import { describeSecrets, pendingSecrets, secretsPath } from '../server/access/startup-secrets';
import { storeStatus } from '../server/scaleout/store-status';
import { backupDatabase, BackupError, restoreDatabase } from '../server/store/backup';
import { backupPostgres, restorePostgres } from '../server/store/pg/pg-backup';
import { DataFolderError, lockDataFolder } from '../server/store/data-folder';
import { runRetention } from '../server/store/archive/retention';
import { sqliteLedger } from '../server/store/archive/archive-ledger';
import { SqliteSnapshotStore } from '../server/replay/snapshot-store';
import { startSnapshot } from '../server/replay/snapshot-writer';
import { DomainRuntime } from '../server/domains/runtime';
import { TopicHub } from '../server/realtime/topic-hub';
import { loadFixtures } from '../server/fixtures/fixtures';
import type { SqliteDatabase } from '../server/store/database';
import { GUIDE_IMAGES_DIR, GUIDES } from '../server/guides/guides';
import { guidePdf } from '../server/pdf/guide-pdf';

const CLI = { actor: 'cli' };

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

/**
 * The access store as the servers see it: the data folder's SQLite alone, or the PostgreSQL of
 * IOC_DATABASE_URL for what the servers share there (a change is announced to them as theirs are).
 */
async function openAccess(
  db: SqliteDatabase,
  databaseUrl: string | undefined,
): Promise<{ security: AccessStore; shared: SharedDatabase | null; close: () => Promise<void> }> {
  if (!databaseUrl) return { security: new AccessStore(db), shared: null, close: async () => {} };
  const options = { url: databaseUrl, max: 2 };
  const pool = await openPgPool(options);
  // Only telling: nothing here listens, so no connection of its own is started.
  const shared: SharedDatabase = { pool, notifications: new PgNotifications(options, pool) };
  const security = new AccessStore(db, Date.now, {
    sharedScreenTokens: await PgScreenTokens.open(shared, Date.now),
    sharedAccounts: await PgAccounts.open(shared, Date.now, (error) => {
      console.error('audit entry not written / không ghi được nhật ký', error);
      process.exitCode = 1;
    }),
  });
  return { security, shared, close: () => pool.end() };
}

/** `user scope add|remove <name> <role> <unit>`, `user scope list [<name>]`. */
async function userScope(
  security: AccessStore,
  configDir: string,
  [action, username, role, unit]: string[],
): Promise<void> {
  // Only adding checks the unit, and listing names it: removing needs no config (it loads in seconds).
  const config = action === 'add' || action === 'list' ? await loadConfig(configDir) : null;
  const directory = config ? unitDirectoryOf(config) : undefined;
  const named = (id: string) => {
    const label = unitLabel(directory, id);
    return label.vi === id ? id : `${id} ${label.vi} / ${label.en}`;
  };
  const accountNamed = (name: string) =>
    security.users().find((candidate) => candidate.username.toLowerCase() === name.toLowerCase()) ??
    fail(`no active account "${name}" / không có tài khoản "${name}"`);
  if (action === 'list') {
    for (const user of username ? [accountNamed(username)] : security.users()) {
      for (const scope of user.scopes) console.log(`${user.username}\t${scope.role}\t${named(scope.unit)}`);
    }
    return;
  }
  if ((action !== 'add' && action !== 'remove') || !username || !role || !unit) {
    fail('usage: npm run ioc -- user scope add|remove <username> <role> <unit> | user scope list [<username>]');
  }
  if (!isScopeRole(role))
    fail(`role: must be one of ${SCOPE_ROLES.join(', ')} / vai trò phải là một trong ${SCOPE_ROLES.join(', ')}`);
  const user = accountNamed(username);
  const scope = { role, unit };
  if (action === 'add') {
    const problem = scopeProblem(scope, directory!, dayKey(Date.now(), config!.app.city.timeZone), 'unit');
    if (problem) fail(`${problem.messageVi}\n${problem.message}`);
    const added = await security.addScope(user.id, scope, CLI);
    console.log(`${user.username}: ${added ? 'đã thêm / added' : 'đã có sẵn / already had'} ${role} ${named(unit)}`);
  } else {
    if (!(await security.removeScope(user.id, scope, CLI)))
      fail(`${user.username}: không có phạm vi ${role} ${unit} / has no scope ${role} ${unit}`);
    console.log(`${user.username}: đã bỏ / removed ${role} ${named(unit)}`);
  }
}

/** `archive`: retention now, on a folder no server uses (the server archives on its own schedule). */
async function archive(db: SqliteDatabase, dataDir: string, configDir: string): Promise<void> {
  let lock;
  try {
    lock = lockDataFolder(dataDir);
  } catch (error) {
    if (!(error instanceof DataFolderError)) throw error;
    fail(
      `Máy chủ đang chạy trên ${dataDir} và tự lưu trữ theo lịch; không chạy song song.\n` +
        `A server runs on ${dataDir} and archives on its own schedule; not run beside it. (${error.message})`,
    );
  }
  try {
    const config = await loadConfig(configDir);
    const { retention, city } = config.app;
    // Only what the newest snapshot that fits this code covers may leave: a start never needs it.
    const now = Date.now();
    const hub = new TopicHub({ emit: () => {}, now: () => now });
    hub.stop();
    const context = {
      fixtures: loadFixtures(undefined, city.wardBoundaries, config.units),
      timeZone: city.timeZone,
      now: () => now,
      reportingTemplates: () => [],
      noticeTopics: () => [],
    };
    const runtime = new DomainRuntime(domains, context, hub);
    const covered = (await startSnapshot(runtime, new SqliteSnapshotStore(db))).snapshot?.seq ?? 0;
    const result = await runRetention(sqliteLedger(db, dataDir), {
      dataDir,
      policy: retention,
      timeZone: city.timeZone,
      now,
      coveredSeq: covered,
    });
    console.log(
      `Đã lưu trữ ${result.archived.toLocaleString('vi-VN')} sự kiện (${result.batches} lô; tháng ${result.months.join(', ') || '—'}); ` +
        `kho lưu trữ đến seq ${result.archivedThrough}\n` +
        `Archived ${result.archived} events (${result.batches} batches; months ${result.months.join(', ') || '—'}); ` +
        `the archive holds up to seq ${result.archivedThrough}`,
    );
    if (covered === 0)
      console.log('Chưa có ảnh chụp trạng thái phù hợp: chưa lưu trữ gì / no fitting snapshot yet: nothing may leave');
  } finally {
    lock.release();
  }
}

async function main(): Promise<void> {
  const [group, command, ...args] = process.argv.slice(2);
  const env = readEnv();
  if (group === 'restore' && env.databaseUrl) {
    const file = command ?? fail('usage: npm run ioc -- restore <file>');
    try {
      const { events, schema } = await restorePostgres({ url: env.databaseUrl }, path.resolve(file));
      console.log(
        `Đã khôi phục ${events.toLocaleString('vi-VN')} sự kiện từ ${file} vào lược đồ ${schema}\n` +
          `Restored ${events} events from ${file} into schema ${schema}`,
      );
    } catch (error) {
      if (error instanceof BackupError) fail(`${error.vi}\n${error.message}`);
      throw error;
    }
    return;
  }
  if (group === 'restore') {
    // Before the store is opened here: the restored file replaces it.
    const file = command ?? fail('usage: npm run ioc -- restore <file>');
    try {
      const { replaced, events } = restoreDatabase(env.dataDir, path.resolve(file));
      console.log(
        `Đã khôi phục ${events.toLocaleString('vi-VN')} sự kiện từ ${file}${replaced ? `; kho cũ giữ ở ${replaced}` : ''}\n` +
          `Restored ${events} events from ${file}${replaced ? `; the previous store is kept as ${replaced}` : ''}`,
      );
    } catch (error) {
      if (error instanceof BackupError) fail(`${error.vi}\n${error.message}`);
      throw error;
    }
    return;
  }
  const db = openDatabase(path.join(env.dataDir, 'ioc.sqlite'));
  const { security, shared, close } = await openAccess(db, env.databaseUrl);
  try {
    await run(group, command, args, env, db, security, shared);
    await security.settled();
  } finally {
    await close();
  }
}

async function run(
  group: string | undefined,
  command: string | undefined,
  args: string[],
  env: ServerEnv,
  db: SqliteDatabase,
  security: AccessStore,
  shared: SharedDatabase | null,
): Promise<void> {
  const known = domains.map((domain) => domain.name);

  if (group === 'key' && command === 'create') {
    const name = option(args, 'name') ?? fail('--name <source> is required / cần --name');
    const scopes = (option(args, 'scope') ?? fail(`--scope <domain> is required (one of ${known.join(', ')})`))
      .split(',')
      .map((s) => s.trim());
    const unknown = scopes.find((scope) => !known.includes(scope));
    if (unknown) fail(`--scope: unknown domain "${unknown}" (known: ${known.join(', ')})`);
    const { key, apiKey } = await security.createApiKey(name, scopes, CLI);
    console.log(`key ${apiKey.id} for ${name} (${scopes.join(', ')}) — shown once, keep it safe:\n${key}`);
  } else if (group === 'key' && command === 'list') {
    for (const key of security.apiKeys()) {
      console.log(
        `${key.id}\t${key.name}\t${key.scopes.join(',')}\t${key.revokedAt ? 'revoked' : 'active'}\tlast used ${key.lastUsedAt ? new Date(key.lastUsedAt).toISOString() : 'never'}`,
      );
    }
  } else if (group === 'key' && command === 'revoke') {
    const id = Number(option(args, 'id') ?? fail('--id <n> is required'));
    if (!(await security.revokeApiKey(id, CLI))) fail(`no active key ${id}`);
    console.log(`key ${id} revoked`);
  } else if (group === 'screen' && command === 'token') {
    const screenId = option(args, 'screen') ?? fail('--screen <id> is required');
    const config = await loadConfig(env.configDir);
    // Screens paired through the console live in the store, beside those of config/screens/.
    const paired = (shared ? await PgScreenStore.open(shared, Date.now) : new SqliteScreenStore(db))
      .all()
      .filter((screen) => screen.paired)
      .map((screen) => screen.id);
    if (!config.screens.has(screenId) && !paired.includes(screenId))
      fail(`no screen "${screenId}" (known: ${[...config.screens.keys(), ...paired].join(', ')})`);
    const { token } = await security.createScreenToken(screenId, CLI);
    console.log(`screen token for ${screenId} — shown once:\n${token}\nopen: /wall/${screenId}?token=${token}`);
  } else if (group === 'user' && command === 'create') {
    const username = option(args, 'username') ?? fail('--username is required');
    const role = option(args, 'role');
    if (!isRole(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
    // The one free-text scope of old is now units in roles, checked against config/units.yaml.
    if (option(args, 'scope') !== undefined)
      fail('--scope: give units with `user scope add <username> <role> <unit>` / dùng `user scope add` để giao đơn vị');
    const { password } = await security.createUser({ username, role }, CLI);
    console.log(`user ${username} (${role}) — one-time password, to change at first sign-in:\n${password}`);
  } else if (group === 'user' && command === 'unlock') {
    const username = option(args, 'username') ?? fail('--username is required / cần --username');
    const lifted = await security.unlock(username, CLI);
    console.log(`${username}: đã mở ${lifted} khóa đăng nhập / ${lifted} sign-in lock(s) lifted`);
  } else if (group === 'user' && (command === 'role' || command === 'disable')) {
    const username = option(args, 'username') ?? fail('--username is required / cần --username');
    const user =
      security.users().find((candidate) => candidate.username.toLowerCase() === username.toLowerCase()) ??
      fail(`no active account "${username}" / không có tài khoản "${username}"`);
    if (command === 'disable') {
      await security.disableUser(user.id, CLI);
      console.log(`${user.username}: đã khóa tài khoản / account disabled`);
    } else {
      const role = option(args, 'role');
      if (!isRole(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
      await security.setRole(user.id, role, CLI);
      console.log(`${user.username}: ${user.role} → ${role}`);
    }
  } else if (group === 'user' && command === 'scope') {
    await userScope(security, env.configDir, args);
  } else if (group === 'secrets') {
    // What the server's starts handed out and nobody has used yet (then they leave the file).
    const lines = describeSecrets(pendingSecrets(env.dataDir, security));
    if (lines.length === 0)
      console.log(`Không còn bí mật chưa dùng / no unused start-up secrets (${secretsPath(env.dataDir)})`);
    else console.log(lines.join('\n'));
  } else if (group === 'audit') {
    for (const entry of await security.auditLog(Number(option([command ?? '', ...args], 'limit') ?? 50))) {
      console.log(
        `${new Date(entry.at).toISOString()}\t${entry.actor}\t${entry.action}\t${entry.target ?? ''}\t${entry.ip ?? ''}`,
      );
    }
  } else if (group === 'backup' && env.databaseUrl) {
    const file = command ?? fail('usage: npm run ioc -- backup <file>');
    try {
      const { bytes, events, schema } = await backupPostgres({ url: env.databaseUrl }, path.resolve(file));
      console.log(
        `Đã sao lưu ${events.toLocaleString('vi-VN')} sự kiện (lược đồ ${schema}) vào ${file} (${(bytes / 1e6).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB)\n` +
          `Backed up ${events} events (schema ${schema}) to ${file} (${(bytes / 1e6).toFixed(1)} MB)`,
      );
    } catch (error) {
      if (error instanceof BackupError) fail(`${error.vi}\n${error.message}`);
      throw error;
    }
  } else if (group === 'backup') {
    const file = command ?? fail('usage: npm run ioc -- backup <file>');
    try {
      const { bytes, events } = await backupDatabase(db, path.resolve(file));
      console.log(
        `Đã sao lưu ${events.toLocaleString('vi-VN')} sự kiện vào ${file} (${Math.round(bytes / 1e6)} MB)\n` +
          `Backed up ${events} events to ${file} (${Math.round(bytes / 1e6)} MB)`,
      );
    } catch (error) {
      if (error instanceof BackupError) fail(`${error.vi}\n${error.message}`);
      throw error;
    }
  } else if (group === 'archive' && env.databaseUrl) {
    fail(
      'Trên PostgreSQL, các máy chủ tự lưu trữ theo lịch (`retention.everyHours`, mỗi lần một máy chủ).\n' +
        'On PostgreSQL the servers archive on their schedule (`retention.everyHours`, one server at a time).',
    );
  } else if (group === 'archive') {
    await archive(db, env.dataDir, env.configDir);
  } else if (group === 'guides' && command) {
    mkdirSync(command, { recursive: true });
    for (const guide of GUIDES) {
      const file = path.join(command, `huong-dan-${guide.role}.pdf`);
      writeFileSync(file, await guidePdf(guide, GUIDE_IMAGES_DIR));
      console.log(file);
    }
  } else if (group === 'store' && command === 'status') {
    console.log((await storeStatus(db, env.databaseUrl)).join('\n'));
  } else {
    fail(
      'usage: npm run ioc -- key create --name <source> --scope <domain> | key list | key revoke --id <n> | screen token --screen <id> | ' +
        'user create --username <u> --role <role> | user unlock --username <u> | user role --username <u> --role <role> | user disable --username <u> | ' +
        'user scope add|remove <u> <role> <unit> | user scope list [<u>] | secrets | audit | guides <dir> | store status | ' +
        'backup <file> | restore <file> | archive',
    );
  }
}

void main();
