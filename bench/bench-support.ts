/** Shared by the benches: argument parsing, percentiles, a server child process and its CPU time. */
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { startServer, type ServerProcess } from '../e2e/harness';
import type { IngestEvent, StoredEvent } from '../server/domains/domain';
import type { SqliteDatabase } from '../server/store/database';

export function arg(name: string, fallback: number): number;
export function arg(name: string, fallback: string): string;
export function arg(name: string, fallback: number | string): number | string {
  const index = process.argv.indexOf(`--${name}`);
  const raw = index >= 0 ? process.argv[index + 1] : process.env[`BENCH_${name.toUpperCase()}`];
  if (raw === undefined) return fallback;
  return typeof fallback === 'number' ? Number(raw) : raw;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** CPU seconds (user + system) used so far by a process, from /proc (Linux). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100;
}

export function startBenchServer(env: Record<string, string> = {}, startTimeoutMs?: number): Promise<ServerProcess> {
  return startServer({ simulator: false, env: { LOG_LEVEL: 'error', ...env }, startTimeoutMs });
}

/**
 * The headers of a signed-in admin, for benches that post the domains' own generators: they
 * approve reports, which a feed key may not (publishing is a person's decision).
 */
export async function moderatorHeaders(server: ServerProcess): Promise<Record<string, string>> {
  const username = `bench-admin-${Math.random().toString(36).slice(2, 8)}`;
  const password = server
    .cli('user', 'create', '--username', username, '--role', 'admin')
    .trim()
    .split('\n')
    .pop()!
    .trim();
  const response = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`bench sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}

/**
 * POSTs JSON bodies to the ingest route over keep-alive connections; resolves true on HTTP 200.
 * `auth` is a feed key, or the headers of a signed-in person (`moderatorHeaders`).
 */
export function ingestPoster(url: string, connections: number, auth: string | Record<string, string>) {
  const authHeaders = typeof auth === 'string' ? { authorization: `Bearer ${auth}` } : auth;
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const post = (body: string) =>
    new Promise<boolean>((resolve) => {
      const request = httpRequest(
        `${url}/api/v1/events`,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...authHeaders },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode === 200));
        },
      );
      request.on('error', () => resolve(false));
      request.end(body);
    });
  return { post, close: () => agent.destroy() };
}

/**
 * Stores simulator events straight into a SQLite data folder's `events` table, as ingest would
 * have (accepted at `receivedAt`), and returns them as stored: the replay benches generate
 * histories far faster than through HTTP. Call inside the caller's transaction.
 */
export function simulatedEventWriter(db: SqliteDatabase): (batch: IngestEvent[], receivedAt: number) => StoredEvent[] {
  const insert = db.prepare<[string, string, number, number, string, string | null, string], { seq: number }>(
    `INSERT INTO events (domain, kind, time, received_at, source, simulated, idempotency_key, payload)
     VALUES (?, ?, ?, ?, ?, 1, ?, ?) RETURNING seq`,
  );
  return (batch, receivedAt) =>
    batch.map((event) => {
      const time = typeof event.time === 'number' ? event.time : receivedAt;
      const source = event.source ?? 'simulator';
      const row = insert.get(
        event.domain,
        event.kind,
        time,
        receivedAt,
        source,
        event.id ?? null,
        JSON.stringify(event.data),
      )!;
      return {
        seq: row.seq,
        domain: event.domain,
        kind: event.kind,
        time,
        source,
        simulated: true,
        idempotencyKey: event.id ?? null,
        data: event.data,
      };
    });
}
