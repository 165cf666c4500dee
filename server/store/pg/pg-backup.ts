/**
 * Backup and restore of the event store on PostgreSQL (`IOC_DATABASE_URL`), with PostgreSQL's own
 * tools: `pg_dump --format=custom` of the schema in use (the connection's current schema, or the
 * one given), and `pg_restore` of such a dump into a database where that schema holds no store.
 *
 * The dump reads under a snapshot exported from a transaction of ours, so the event count we
 * report is exactly what the dump holds while every server goes on writing. The password, if the
 * URL has one, goes to the tools in PGPASSWORD, never on a command line that `ps` shows.
 */
import { execFile } from 'node:child_process';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import pg from 'pg';
import { BackupError } from '../backup';
import { clientConfig, type PgOptions } from './pg-database';

const run = promisify(execFile);

/** The tools' view of the URL: the database part on the command line, the password in the environment. */
function toolConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** pg_dump reads `--schema` as a pattern: a quoted name is taken literally. */
const literalPattern = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function connect(options: PgOptions): Promise<pg.Client> {
  const client = new pg.Client(clientConfig(options));
  try {
    await client.connect();
  } catch (error) {
    const reason = (error as Error).message;
    throw new BackupError(`không kết nối được PostgreSQL: ${reason}`, `cannot connect to PostgreSQL: ${reason}`);
  }
  return client;
}

const toolFailure = (tool: string, error: unknown) => {
  const { stderr, message } = error as { stderr?: string; message: string };
  const reason = (stderr || message).trim();
  if ((error as { code?: unknown }).code === 'ENOENT')
    return new BackupError(
      `không tìm thấy ${tool}: cài gói postgresql-client cùng phiên bản với máy chủ`,
      `${tool} not found: install postgresql-client of the server's version`,
    );
  return new BackupError(`${tool} thất bại: ${reason}`, `${tool} failed: ${reason}`);
};

/** A custom-format dump of the store's schema in `file` (written beside it, then renamed). */
export async function backupPostgres(
  options: PgOptions,
  file: string,
): Promise<{ bytes: number; events: number; schema: string }> {
  if (existsSync(file))
    throw new BackupError(`tệp ${file} đã có; chọn tên khác`, `${file} exists already; choose another name`);
  const client = await connect(options);
  const partial = `${file}.partial`;
  try {
    const { rows } = await client.query<{ schema: string | null; events: string | null }>(
      "SELECT current_schema() AS schema, to_regclass('events')::text AS events",
    );
    const schema = rows[0]!.schema;
    if (!schema || !rows[0]!.events)
      throw new BackupError(
        `không có kho sự kiện trong lược đồ ${schema ?? '(không có)'} của cơ sở dữ liệu này`,
        `no event store in schema ${schema ?? '(none)'} of this database`,
      );
    // One snapshot for the count and the dump: the figure we report is what the file holds.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0]!.id;
    const events = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);
    const { dbname, env } = toolConnection(options.url);
    rmSync(partial, { force: true });
    try {
      await run(
        'pg_dump',
        [
          '--format=custom',
          `--schema=${literalPattern(schema)}`,
          `--snapshot=${snapshot}`,
          `--file=${partial}`,
          `--dbname=${dbname}`,
        ],
        { env, maxBuffer: 16 * 1024 * 1024 },
      );
    } catch (error) {
      rmSync(partial, { force: true });
      throw toolFailure('pg_dump', error);
    }
    renameSync(partial, file);
    return { bytes: statSync(file).size, events, schema };
  } finally {
    await client.query('ROLLBACK').catch(() => {});
    await client.end();
  }
}

/** The schema a dump made by `backupPostgres` restores into (pg_restore keeps a schema's name). */
async function dumpSchema(file: string): Promise<string> {
  let list: string;
  try {
    list = (await run('pg_restore', ['--list', file], { maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (error) {
    const failure = toolFailure('pg_restore', error);
    if ((error as { code?: unknown }).code === 'ENOENT') throw failure;
    throw new BackupError(
      `${file} không phải bản sao lưu pg_dump dùng được: ${failure.message}`,
      `${file} is not a usable pg_dump backup: ${failure.message}`,
    );
  }
  // A TOC line: "<id>; <oid> <oid> TABLE <schema> events <owner>".
  const table = /^\d+; \d+ \d+ TABLE (\S+) events /m.exec(list);
  if (!table) throw new BackupError(`${file} không chứa kho sự kiện`, `${file} holds no event store (no events table)`);
  return table[1]!;
}

/**
 * Restores a dump into the database of `options.url`, into the schema it was taken from; refuses
 * when that schema holds an event store already (restore into an empty database, or drop it first).
 */
export async function restorePostgres(options: PgOptions, file: string): Promise<{ events: number; schema: string }> {
  if (!existsSync(file)) throw new BackupError(`không có tệp sao lưu ${file}`, `no backup file ${file}`);
  const schema = await dumpSchema(file);
  if (options.schema && options.schema !== schema)
    throw new BackupError(
      `bản sao lưu thuộc lược đồ ${schema}, không phải ${options.schema}; pg_restore giữ tên lược đồ`,
      `the backup is of schema ${schema}, not ${options.schema}; pg_restore keeps a schema's name`,
    );
  const client = await connect({ url: options.url });
  try {
    const { rows } = await client.query<{ events: string | null }>(
      'SELECT to_regclass(format($1, $2::text))::text AS events',
      ['%I.events', schema],
    );
    if (rows[0]!.events)
      throw new BackupError(
        `lược đồ ${schema} của cơ sở dữ liệu đích đã có kho sự kiện; khôi phục vào cơ sở dữ liệu trống hoặc xóa lược đồ trước`,
        `schema ${schema} of the target database holds an event store already; restore into an empty database or drop the schema first`,
      );
    const { dbname, env } = toolConnection(options.url);
    // One transaction: a failed restore leaves nothing half-written.
    const args = ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${dbname}`];
    // `public` exists in every database: restore its objects, not the schema itself (pg_restore's
    // --schema is a plain name, not pg_dump's pattern).
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (exists.rows.length > 0) args.push(`--schema=${schema}`);
    try {
      await run('pg_restore', [...args, file], { env, maxBuffer: 16 * 1024 * 1024 });
    } catch (error) {
      throw toolFailure('pg_restore', error);
    }
    const count = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM "${schema.replaceAll('"', '""')}".events`,
    );
    return { events: Number(count.rows[0]!.n), schema };
  } finally {
    await client.end();
  }
}
