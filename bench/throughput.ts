/**
 * `npm run bench:throughput`: how many events per second the ingest path takes with validation,
 * storage and broadcast — as single-event POSTs (many connections) and through the batch
 * endpoint. Figures are printed, never asserted.
 *
 *   npm run bench:throughput -- --seconds 5 --connections 32 --batch 1000
 */
import { arg, cpuSeconds, ingestPoster, startBenchServer } from './bench-support';

const seconds = arg('seconds', 5);
const connections = arg('connections', 32);
const batchSize = arg('batch', 1000);

let n = 0;
function event() {
  const id = `tp-${process.pid}-${++n}`;
  return {
    domain: 'traffic',
    kind: 'traffic.incident',
    id,
    data: {
      incidentId: id,
      kind: 'congestion',
      severity: 'minor',
      lat: 21.85 + (n % 100) / 10_000,
      lon: 106.76,
      place: 'Đường Bà Triệu',
      injuries: 0,
      deaths: 0,
    },
  };
}

async function run(
  url: string,
  apiKey: string,
  pid: number,
  label: string,
  body: () => string,
  eventsPerRequest: number,
): Promise<void> {
  const { post, close } = ingestPoster(url, connections, apiKey);
  let ok = 0;
  let failed = 0;
  const deadline = performance.now() + seconds * 1000;
  const cpuBefore = cpuSeconds(pid);
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < deadline) {
      if (await post(body())) ok++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  const cpu = cpuSeconds(pid) - cpuBefore;
  close();
  console.log(
    `  ${label.padEnd(26)} ${((ok * eventsPerRequest) / elapsed).toFixed(0).padStart(7)} events/s` +
      `  (${(ok / elapsed).toFixed(0)} requests/s, failed ${failed}, server CPU ${((100 * cpu) / elapsed).toFixed(0)} %)`,
  );
}

async function main(): Promise<void> {
  const server = await startBenchServer();
  console.log(`ioc-wall bench:throughput — ${seconds} s each, ${connections} connections`);
  await run(server.url, server.apiKey, server.pid(), 'single-event POSTs', () => JSON.stringify(event()), 1);
  await run(
    server.url,
    server.apiKey,
    server.pid(),
    `batches of ${batchSize}`,
    () => JSON.stringify(Array.from({ length: batchSize }, event)),
    batchSize,
  );
  const health = (await (await fetch(`${server.url}/api/v1/health`)).json()) as { store: { events: number } };
  console.log(`  events stored: ${health.store.events}`);
  await server.dispose();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
