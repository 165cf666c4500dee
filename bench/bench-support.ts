/** Shared by the benches: argument parsing, percentiles, a server child process and its CPU time. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { startServer, type ServerProcess } from '../e2e/harness';

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

/** Latency histograms of the screens: one bucket per millisecond up to a minute. */
export const LATENCY_BUCKETS = 60_001;

/** The p-th percentile of counts by whole millisecond (`LATENCY_BUCKETS`), summed over screens. */
export function histogramPercentile(histograms: readonly (readonly number[])[], p: number): number {
  const counts = new Array<number>(LATENCY_BUCKETS).fill(0);
  for (const histogram of histograms) histogram.forEach((count, ms) => (counts[ms]! += count));
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return Number.NaN;
  const rank = Math.min(total - 1, Math.floor((p / 100) * total));
  let below = 0;
  for (let ms = 0; ms < counts.length; ms++) {
    below += counts[ms]!;
    if (below > rank) return ms;
  }
  return counts.length - 1;
}

/** CPU seconds (user + system) used so far by a process, from /proc (Linux). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100;
}

/**
 * The machine's busy share since `before` (percent of all cores), from /proc/stat; without
 * `before`, the counters to pass to a later call.
 */
export function machineBusy(): { busy: number; total: number };
export function machineBusy(before: { busy: number; total: number }): number;
export function machineBusy(before?: { busy: number; total: number }): number | { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: idle and iowait are not busy.
  const total = fields.slice(0, 8).reduce((sum, n) => sum + n, 0);
  const busy = total - fields[3]! - fields[4]!;
  if (!before) return { busy, total };
  return (100 * (busy - before.busy)) / Math.max(1, total - before.total);
}

/**
 * Pins a process and all its threads to CPUs (`taskset`, Linux), so that the server and the
 * screens it serves can be measured on separate core budgets on one machine (`--server-cpus 0
 * --client-cpus 1`). An empty list leaves the process where the scheduler puts it.
 */
export function pinTo(pid: number, cpus: string): void {
  if (!cpus || !pid) return;
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
}

export function startBenchServer(env: Record<string, string> = {}, startTimeoutMs?: number): Promise<ServerProcess> {
  // `--server-node-args "--cpu-prof --cpu-prof-dir=/tmp/prof"` profiles the bench's server.
  const nodeArgs = arg('server-node-args', '').split(' ').filter(Boolean);
  return startServer({ simulator: false, env: { LOG_LEVEL: 'error', ...env }, startTimeoutMs, nodeArgs });
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
 * A server's own ingest-to-emit histogram (`/metrics`, read with the bench's feed key): which
 * share of the events were sent to sockets within each bucket. The server's part of a latency,
 * apart from the load generator's and the screens' (which share the machine with it).
 */
export async function serverIngestToEmit(url: string, apiKey: string): Promise<string> {
  const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${apiKey}` } });
  if (!response.ok) return `n/a (${response.status})`;
  const lines = (await response.text()).split('\n');
  const bucket = /^ioc_ingest_to_emit_seconds_bucket\{le="([^"]+)"\} (\d+)/;
  const buckets = lines.flatMap((line) => {
    const match = bucket.exec(line);
    return match ? [{ le: match[1]!, count: Number(match[2]) }] : [];
  });
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return 'n/a (no event measured)';
  return buckets
    .filter((b) => ['0.01', '0.015', '0.02', '0.025', '0.03', '0.05', '0.1'].includes(b.le))
    .map((b) => `≤${Number(b.le) * 1000} ms ${((100 * b.count) / total).toFixed(2)} %`)
    .join(', ');
}
