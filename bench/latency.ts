/**
 * `npm run bench:latency`: ingest-to-screen latency. POSTs single events at a fixed rate to a real
 * server process while N socket.io clients in another process decode them, then prints
 * p50/p99/max, delivered/expected and the server's CPU. Figures are printed, never asserted.
 *
 *   npm run bench:latency -- --rate 1000 --clients 100 --client-processes 2 --seconds 10 --lane state
 *   npm run bench:latency -- --lane alert --rate 100     (emergencies: never coalesced)
 *   npm run bench:latency -- --server-cpus 0 --client-cpus 1   (server and screens on separate cores)
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  arg,
  cpuSeconds,
  ingestPoster,
  percentile,
  pinTo,
  serverIngestToEmit,
  startBenchServer,
} from './bench-support';

const rate = arg('rate', 1000);
const clients = arg('clients', 100);
const seconds = arg('seconds', 10);
const lane = arg('lane', 'state');
const clientProcesses = arg('client-processes', 2);
/** `taskset` CPU lists: the server on one core budget, the load generator and the screens on another. */
const serverCpus = arg('server-cpus', '');
const clientCpus = arg('client-cpus', '');
const topic = lane === 'alert' ? 'alerts.emergency' : 'ticker.items';

function event(n: number) {
  const id = `bench-${Date.now()}-${n}`;
  return {
    domain: 'announcements',
    kind: 'announcement.published',
    id,
    data: {
      announcementId: id,
      text: { vi: `Thông báo thử nghiệm ${n}`, en: `Bench announcement ${n}` },
      priority: lane === 'alert' ? 'emergency' : 'normal',
      validTo: new Date(Date.now() + 3_600_000).toISOString(),
    },
  };
}

async function main(): Promise<void> {
  // A loaded machine may take minutes to start the server.
  const server = await startBenchServer({}, 300_000);
  pinTo(server.pid(), serverCpus);
  pinTo(process.pid, clientCpus);
  const { post, close } = ingestPoster(server.url, 64, server.apiKey);
  // The screens live in their own processes (as on real walls, not in the server's).
  const screens = Array.from({ length: clientProcesses }, () =>
    fork(fileURLToPath(new URL('./latency-clients.ts', import.meta.url)), { execArgv: ['--import', 'tsx'] }),
  );
  const fromScreens = <T>(type: string) =>
    Promise.all(
      screens.map(
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
  screens.forEach((child) => pinTo(child.pid ?? 0, clientCpus));
  screens.forEach((child, index) => {
    const share = Math.floor(clients / clientProcesses) + (index < clients % clientProcesses ? 1 : 0);
    child.send({ url: server.url, clients: share, topic });
  });
  await fromScreens('ready');

  const total = rate * seconds;
  const tickMs = 10;
  const perTick = rate / (1000 / tickMs);
  let sent = 0;
  let failed = 0;
  const acknowledged: string[] = [];
  const cpuBefore = cpuSeconds(server.pid());
  const clientPids = [process.pid, ...screens.map((child) => child.pid ?? 0)];
  const clientCpuBefore = clientPids.map(cpuSeconds);
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / tickMs + 1) * perTick));
    while (sent < due) {
      const posted = event(sent++);
      const request = post(JSON.stringify(posted)).then((ok) => {
        if (ok) acknowledged.push(posted.id);
        else failed++;
      });
      inFlight.add(request);
      void request.finally(() => inFlight.delete(request));
    }
    await new Promise((resolve) => setTimeout(resolve, tickMs));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  const cpu = cpuSeconds(server.pid()) - cpuBefore;
  const clientCpu = clientPids.reduce((sum, pid, index) => sum + cpuSeconds(pid) - clientCpuBefore[index]!, 0);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const reportPromise = fromScreens<{
    latencies: number[];
    firstLatency: Record<string, number>;
    delivered: number;
    messages: number;
    screensPerEvent: Record<string, number>;
  }>('report');
  screens.forEach((child) => child.send({ type: 'report' }));
  const reports = await reportPromise;
  const report = {
    latencies: reports.flatMap((r) => r.latencies),
    delivered: reports.reduce((sum, r) => sum + r.delivered, 0),
    messages: reports.reduce((sum, r) => sum + r.messages, 0),
  };
  const serverSide = await serverIngestToEmit(server.url, server.apiKey);
  await server.dispose();
  close();

  const sorted = report.latencies.sort((a, b) => a - b);
  const firstByEvent: Record<string, number> = {};
  for (const { firstLatency } of reports)
    for (const [id, latency] of Object.entries(firstLatency))
      firstByEvent[id] = Math.min(firstByEvent[id] ?? Infinity, latency);
  const first = Object.values(firstByEvent).sort((a, b) => a - b);
  const screensOf = (id: string) => reports.reduce((sum, r) => sum + (r.screensPerEvent[id] ?? 0), 0);
  const byNobody = acknowledged.filter((id) => screensOf(id) === 0).length;
  const bySome = acknowledged.filter((id) => screensOf(id) > 0 && screensOf(id) < clients).length;
  const expected = (sent - failed) * clients;
  console.log(`ioc-wall bench:latency — lane ${lane}, topic ${topic}`);
  console.log(
    `  events posted     ${sent} in ${elapsed.toFixed(1)} s (${(sent / elapsed).toFixed(0)}/s), failed ${failed}`,
  );
  console.log(`  screens           ${clients} socket.io clients in ${clientProcesses} separate process(es)`);
  if (serverCpus || clientCpus)
    console.log(
      `  cores             server on CPU ${serverCpus || 'any'}, generator and screens on CPU ${clientCpus || 'any'}`,
    );
  console.log(
    `  latency (ms)      p50 ${percentile(sorted, 50)}  p99 ${percentile(sorted, 99)}  max ${sorted[sorted.length - 1] ?? 'n/a'}`,
  );
  console.log(
    `  first screen (ms) p50 ${percentile(first, 50)}  p99 ${percentile(first, 99)}  max ${first.at(-1) ?? 'n/a'}  (per event, the screen that decoded it first: one waiting behind no other)`,
  );
  console.log(
    `  delivered         ${report.delivered} / ${expected} (${((100 * report.delivered) / Math.max(1, expected)).toFixed(2)} %)`,
  );
  console.log(
    `  missing           ${byNobody} events no screen got (never sent: see README, Performance), ${bySome} that some screens missed`,
  );
  console.log(
    `  messages received ${report.messages} (${(report.messages / clients).toFixed(0)} per screen: coalescing)`,
  );
  console.log(
    `  server CPU        ${cpu.toFixed(2)} s over ${elapsed.toFixed(1)} s = ${((100 * cpu) / elapsed).toFixed(0)} % of one core`,
  );
  console.log(`  server side       ingest to emit (its /metrics): ${serverSide}`);
  console.log(
    `  generator+screens ${clientCpu.toFixed(2)} s of CPU = ${((100 * clientCpu) / elapsed).toFixed(0)} % of one core`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
