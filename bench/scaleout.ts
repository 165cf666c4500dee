/**
 * `npm run bench:scaleout`: two server processes on one PostgreSQL and one Redis, N screens in
 * other processes spread over both, events posted at a fixed rate to both in turn (as a balancer
 * would), and the aggregation leader killed (SIGKILL) mid-run. Prints the deliveries made, the
 * longest silence a screen lived through (the failover gap), and the acknowledged events that
 * are not in the store (must be 0). Figures are printed, never asserted.
 *
 *   npm run bench:scaleout -- --screens 500 --rate 1000 --seconds 20 --kill-at 8
 *   npm run bench:scaleout -- --screens 100 --rate 200             (a loaded machine)
 *   npm run bench:scaleout -- --batch 10 --server-cpus 0 --client-cpus 1   (batched posts, separate cores)
 *
 * Needs PostgreSQL and Redis (IOC_TEST_DATABASE_URL, IOC_TEST_REDIS_URL; 127.0.0.1 by default);
 * the bench makes a schema of its own and drops it at the end.
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  arg,
  cpuSeconds,
  histogramPercentile,
  ingestPoster,
  machineBusy,
  percentile,
  pinTo,
  startBenchServer,
} from './bench-support';
import type { ServerProcess } from '../e2e/harness';
import { TEST_DATABASE_URL, TEST_REDIS_URL, uniqueName } from '../server/test-support/pg-schema';

const screens = arg('screens', 500);
const rate = arg('rate', 1000);
const seconds = arg('seconds', 20);
const killAt = arg('kill-at', 8);
const clientProcesses = arg('client-processes', 2);
/**
 * Events per request (a JSON array), as a feed that gathers its readings sends them: one per
 * request spends the generator's core on HTTP (66–344 events/s on two shared cores) before the
 * servers are measured.
 */
const batch = Math.max(1, arg('batch', 1));
/** `taskset` CPU lists: the two servers on one core budget, the load generator and the screens on another. */
const serverCpus = arg('server-cpus', '');
const clientCpus = arg('client-cpus', '');

function event(n: number) {
  const madeAt = Date.now();
  const id = `bench-${madeAt}-${n}`;
  return {
    n,
    id,
    madeAt,
    body: {
      domain: 'announcements',
      kind: 'announcement.published',
      id,
      data: {
        announcementId: id,
        text: { vi: `Thông báo thử nghiệm ${n}`, en: `Bench announcement ${n}` },
        priority: 'normal',
        validTo: new Date(Date.now() + 3_600_000).toISOString(),
      },
    },
  };
}

interface Report {
  delivered: number[];
  snapshotsAfterFirst: number[];
  resyncedAt: number[];
  /** By event number. */
  screensPerEvent: number[];
  longestSilence: number[];
  latencyHistogram: number[];
  messages: number;
  reconnects: number;
  resets: number;
}

async function main(): Promise<void> {
  const schema = uniqueName('bench_scaleout');
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const env = {
    IOC_DATABASE_URL: url.toString(),
    IOC_REDIS_URL: TEST_REDIS_URL,
    IOC_REDIS_PREFIX: uniqueName('bench'),
    IOC_TRAINING_PORT: 'off',
    IOC_SHUTDOWN_DRAIN_MS: '0',
  };
  const started: ServerProcess[] = [];
  const cleanUp = async () => {
    for (const server of started) await server.dispose().catch(() => {});
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  };
  try {
    await run(env, started, admin, schema);
  } finally {
    await cleanUp();
  }
}

async function run(env: Record<string, string>, started: ServerProcess[], admin: pg.Client, schema: string) {
  // The first to start takes the lease: it is the leader, killed mid-run. A loaded machine starts slowly.
  const leader = await startBenchServer(env, 300_000);
  started.push(leader);
  const follower = await startBenchServer(env, 300_000);
  started.push(follower);
  const servers = [leader, follower];
  servers.forEach((server) => pinTo(server.pid(), serverCpus));
  pinTo(process.pid, clientCpus);
  const posters = servers.map((server) => ingestPoster(server.url, 32, server.apiKey));
  const alive = [true, true];

  const children = Array.from({ length: clientProcesses }, () =>
    fork(fileURLToPath(new URL('./scaleout-clients.ts', import.meta.url)), { execArgv: ['--import', 'tsx'] }),
  );
  process.on('exit', () => children.forEach((child) => child.kill()));
  children.forEach((child) => pinTo(child.pid ?? 0, clientCpus));
  const fromScreens = <T>(type: string) =>
    Promise.all(
      children.map(
        (child) =>
          new Promise<T>((resolve) => {
            const listen = (message: { type: string } & T) => {
              if (message.type !== type) return;
              child.off('message', listen);
              resolve(message);
            };
            child.on('message', listen);
          }),
      ),
    );
  const ready = fromScreens('ready');
  children.forEach((child, index) => {
    const share = Math.floor(screens / clientProcesses) + (index < screens % clientProcesses ? 1 : 0);
    child.send({ urls: servers.map((server) => server.url), clients: share, offset: index, events: rate * seconds });
  });
  await ready;

  // Each event to the next server in turn; a refusal or a dead server: the next one, same id.
  /** Event numbers acknowledged; `ids` and `madeAt` by event number. */
  const acknowledged: number[] = [];
  const ids: string[] = [];
  const madeAt: number[] = [];
  let retries = 0;
  let turn = 0;
  const deliver = async (body: string, numbers: number[]) => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const index = turn++ % servers.length;
      if (!alive[index]) continue;
      if (await posters[index]!.post(body)) {
        acknowledged.push(...numbers);
        return;
      }
      retries++;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const total = rate * seconds;
  const tickMs = 10;
  const perTick = rate / (1000 / tickMs);
  let sent = 0;
  let killedAt = 0;
  const serverCpu = [0, 0];
  const cpuBefore = servers.map((server) => cpuSeconds(server.pid()));
  const clientPids = [process.pid, ...children.map((child) => child.pid ?? 0)];
  const clientCpuBefore = clientPids.map(cpuSeconds);
  const busyBefore = machineBusy();
  const startedAt = performance.now();
  const inFlight = new Set<Promise<void>>();
  /** The generator's longest pause between two rounds of posts (the kill must not pause it). */
  let longestPause = 0;
  let lastRound = performance.now();
  while (sent < total) {
    const elapsed = performance.now() - startedAt;
    longestPause = Math.max(longestPause, performance.now() - lastRound);
    lastRound = performance.now();
    if (!killedAt && elapsed >= killAt * 1000) {
      alive[0] = false;
      killedAt = Date.now();
      serverCpu[0] = cpuSeconds(leader.pid()) - cpuBefore[0]!;
      await leader.stop('SIGKILL');
    }
    const due = Math.min(total, Math.floor((elapsed / tickMs + 1) * perTick));
    while (sent < due) {
      const events = Array.from({ length: Math.min(batch, due - sent) }, () => event(sent++));
      for (const made of events) {
        ids[made.n] = made.id;
        madeAt[made.n] = made.madeAt;
      }
      const body = JSON.stringify(batch === 1 ? events[0]!.body : events.map((made) => made.body));
      const request = deliver(
        body,
        events.map((made) => made.n),
      );
      inFlight.add(request);
      void request.finally(() => inFlight.delete(request));
    }
    await new Promise((resolve) => setTimeout(resolve, tickMs));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - startedAt) / 1000;
  if (!killedAt) serverCpu[0] = cpuSeconds(leader.pid()) - cpuBefore[0]!;
  serverCpu[1] = cpuSeconds(follower.pid()) - cpuBefore[1]!;
  const clientCpu = clientPids.reduce((sum, pid, index) => sum + cpuSeconds(pid) - clientCpuBefore[index]!, 0);
  const busy = machineBusy(busyBefore);
  // The screens take what is still on its way (a follower's catch-up after a failover).
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const reportsPromise = fromScreens<Report>('report');
  children.forEach((child) => child.send({ type: 'report' }));
  const reports = await reportsPromise;

  const stored = await admin.query<{ n: string }>(
    `SELECT count(*) AS n FROM "${schema}".events WHERE idempotency_key = ANY($1)`,
    [acknowledged.map((n) => ids[n]!)],
  );
  const lost = acknowledged.length - Number(stored.rows[0]!.n);
  posters.forEach((poster) => poster.close());

  const delivered = reports.flatMap((report) => report.delivered);
  // Where the missing deliveries are (README, Performance): `ticker.items` keeps its newest 50, so
  // an event pushed out before any send reaches no screen, and a screen that took a snapshot after a
  // failover or a gap shows the newest 50, not the events that came and went meanwhile. A screen
  // that lived on deltas alone must have every event some screen got.
  const screensOf = (n: number) => reports.reduce((sum, report) => sum + (report.screensPerEvent[n] ?? 0), 0);
  const sentIds = acknowledged.filter((n) => screensOf(n) > 0);
  const snapshots = reports.flatMap((report) => report.snapshotsAfterFirst);
  const steady = delivered.filter((_, index) => snapshots[index] === 0);
  const moved = delivered.filter((_, index) => snapshots[index]! > 0);
  const steadyMade = steady.reduce((sum, n) => sum + n, 0);
  const movedMade = moved.reduce((sum, n) => sum + n, 0);
  // A run that ends before `--kill-at` is all "before the kill"; its times count from the start.
  const phases = byPhase(acknowledged, madeAt, killedAt || Infinity, reports, screensOf, delivered.length);
  const timesFrom = killedAt || madeAt[0]!;
  const silences = reports.flatMap((report) => report.longestSilence).sort((a, b) => a - b);
  const latencies = reports.map((report) => report.latencyHistogram);
  const made = delivered.reduce((sum, n) => sum + n, 0);
  const expected = acknowledged.length * delivered.length;
  console.log(`ioc-wall bench:scaleout — 2 server processes on PostgreSQL + Redis, leader killed at ${killAt} s`);
  console.log(
    `  events            ${sent} posted (${batch} a request) in ${elapsed.toFixed(1)} s (${(sent / elapsed).toFixed(0)}/s), ${acknowledged.length} acknowledged, ${retries} retried on the other server`,
  );
  console.log(`  generator         longest pause between rounds of posts ${longestPause.toFixed(0)} ms`);
  console.log(
    `  screens           ${delivered.length} in ${clientProcesses} process(es), half on each server at start`,
  );
  console.log(
    `  deliveries        ${made} / ${expected} (${((100 * made) / Math.max(1, expected)).toFixed(2)} %); fewest on one screen ${Math.min(...delivered)} of ${acknowledged.length}`,
  );
  console.log(
    `  never sent        ${acknowledged.length - sentIds.length} events no screen got (pushed out of the newest 50 before a send)`,
  );
  console.log(
    `  deltas only       ${steady.length} screens: ${steadyMade} / ${sentIds.length * steady.length} of the events sent (${((100 * steadyMade) / Math.max(1, sentIds.length * steady.length)).toFixed(2)} %, must be 100)`,
  );
  console.log(
    `  took a snapshot   ${moved.length} screens: ${movedMade} / ${sentIds.length * moved.length} (${((100 * movedMade) / Math.max(1, sentIds.length * moved.length)).toFixed(2)} %; the rest left the newest 50 during their gap)`,
  );
  for (const phase of phases)
    console.log(
      `  ${phase.name.padEnd(17)} ${phase.events} events: ${phase.neverSent} never sent, ${phase.everyScreen} / ${phase.events - phase.neverSent} of those sent reached all ${delivered.length} screens`,
    );
  const neverSent = acknowledged.filter((n) => screensOf(n) === 0).map((n) => madeAt[n]! - timesFrom);
  console.log(`  never sent when   ${secondsHistogram(neverSent)} (s from the ${killedAt ? 'kill' : 'start'})`);
  console.log(
    `  latency (ms)      p50 ${histogramPercentile(latencies, 50)}  p99 ${histogramPercentile(latencies, 99)}  (all deliveries, the failover included)`,
  );
  console.log(
    `  failover gap      longest silence on a screen: median ${percentile(silences, 50)} ms, max ${silences.at(-1) ?? 'n/a'} ms`,
  );
  console.log(
    `  screens moved     ${reports.reduce((sum, r) => sum + r.reconnects, 0)} reconnects, ${reports.reduce((sum, r) => sum + r.resets, 0)} topic resets (snapshots of the new epoch)`,
  );
  console.log(
    `  CPU               servers ${serverCpu.map((cpu) => cpu.toFixed(1)).join(' + ')} s, generator and screens ${clientCpu.toFixed(1)} s; the machine ${busy.toFixed(0)} % busy over ${os.cpus().length} cores`,
  );
  console.log(`  acknowledged lost ${lost} (must be 0)`);
}

interface Phase {
  name: string;
  events: number;
  neverSent: number;
  everyScreen: number;
}

/**
 * The events by when they were made: before the kill, during the failover (until the last screen
 * took the new leader's snapshot) and after it. Outside the failover every event sent must reach
 * every screen; what the failover costs is counted on its own.
 */
function byPhase(
  acknowledged: readonly number[],
  madeAt: readonly number[],
  killedAt: number,
  reports: readonly Report[],
  screensOf: (n: number) => number,
  screenCount: number,
): Phase[] {
  const over = killedAt === Infinity ? Infinity : Math.max(killedAt, ...reports.flatMap((report) => report.resyncedAt));
  const phases: Phase[] = [
    { name: 'before the kill', events: 0, neverSent: 0, everyScreen: 0 },
    { name: 'during failover', events: 0, neverSent: 0, everyScreen: 0 },
    { name: 'after failover', events: 0, neverSent: 0, everyScreen: 0 },
  ];
  for (const n of acknowledged) {
    const made = madeAt[n]!;
    const phase = phases[made < killedAt ? 0 : made <= over ? 1 : 2]!;
    const screens = screensOf(n);
    phase.events++;
    if (screens === 0) phase.neverSent++;
    if (screens === screenCount) phase.everyScreen++;
  }
  return phases;
}

/** Counts by whole second, as `-1 s: 30, 0 s: 497, …` (none: `none`). */
function secondsHistogram(offsets: readonly number[]): string {
  const counts = new Map<number, number>();
  for (const offset of offsets) {
    const second = Math.floor(offset / 1000);
    counts.set(second, (counts.get(second) ?? 0) + 1);
  }
  if (counts.size === 0) return 'none';
  return [...counts]
    .sort((a, b) => a[0] - b[0])
    .map(([second, count]) => `${second} s: ${count}`)
    .join(', ');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
