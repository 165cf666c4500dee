/**
 * `npm run bench:flood`: can an anonymous flood take the server down? On loopback, a real server
 * with the simulator's history: 32 parallel anonymous readers of the most expensive public answer
 * (`GET /open311/v2/requests.json?extensions=true`), one feed posting events with its API key,
 * and a prober timing `/api/v1/health`. Prints the readers' statuses by class, the feed POSTs
 * lost (anything but 200) and the health latency. Bounded: stops after `--seconds`.
 *
 *   npm run bench:flood -- --seconds 15 --readers 32 --feed-rate 50
 */
import { Agent, request as httpRequest } from 'node:http';
import { arg, percentile } from './bench-support';
import { startServer } from '../e2e/harness';

const seconds = arg('seconds', 15);
const readers = arg('readers', 32);
const feedRate = arg('feed-rate', 50);

interface Answer {
  status: number;
  ms: number;
}

/** One request; a refused or broken connection counts as status 0. */
function call(
  url: string,
  agent: Agent,
  method = 'GET',
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const request = httpRequest(url, { method, agent, headers, timeout: 30_000 }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, ms: performance.now() - started }));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    request.end(body);
  });
}

function classOf(status: number): string {
  return status === 0 ? 'error' : status === 429 || status === 503 ? String(status) : `${Math.floor(status / 100)}xx`;
}

function count(into: Map<string, number>, key: string): void {
  into.set(key, (into.get(key) ?? 0) + 1);
}

const format = (counts: Map<string, number>) =>
  [...counts]
    .sort()
    .map(([key, n]) => `${key}: ${n}`)
    .join(', ') || 'none';

async function main(): Promise<void> {
  // The simulator seeds two weeks of reports (the list has something to render), then is told to stay quiet.
  const server = await startServer({ simulator: true, env: { LOG_LEVEL: 'error', IOC_SIMULATOR_RATE: '0.01' } });
  try {
    console.log(`ioc-wall bench:flood — ${seconds} s, ${readers} anonymous readers, feed at ${feedRate} POSTs/s`);
    const deadline = performance.now() + seconds * 1000;
    const readerAgent = new Agent({ keepAlive: true, maxSockets: readers });
    const feedAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    const healthAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    const readerStatuses = new Map<string, number>();
    const feedStatuses = new Map<string, number>();
    const healthMs: number[] = [];
    const healthStatuses = new Map<string, number>();

    const reader = async () => {
      while (performance.now() < deadline) {
        const answer = await call(`${server.url}/open311/v2/requests.json?extensions=true`, readerAgent);
        count(readerStatuses, classOf(answer.status));
        // A refused connection returns at once: do not spin.
        if (answer.status === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    let n = 0;
    const feed = async () => {
      while (performance.now() < deadline) {
        const next = performance.now() + 1000 / feedRate;
        const id = `flood-${process.pid}-${++n}`;
        const body = JSON.stringify({
          domain: 'traffic',
          kind: 'traffic.incident',
          id,
          data: {
            incidentId: id,
            kind: 'congestion',
            severity: 'minor',
            lat: 21.85,
            lon: 106.76,
            place: 'Đường Bà Triệu',
            injuries: 0,
            deaths: 0,
          },
        });
        const answer = await call(
          `${server.url}/api/v1/events`,
          feedAgent,
          'POST',
          {
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
            authorization: `Bearer ${server.apiKey}`,
          },
          body,
        );
        count(feedStatuses, answer.status === 200 ? 'stored' : `lost (${classOf(answer.status)})`);
        const wait = next - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
    };
    const prober = async () => {
      while (performance.now() < deadline) {
        const answer = await call(`${server.url}/api/v1/health`, healthAgent);
        healthMs.push(answer.ms);
        count(healthStatuses, classOf(answer.status));
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    await Promise.all([...Array.from({ length: readers }, reader), feed(), prober()]);
    readerAgent.destroy();
    feedAgent.destroy();
    healthAgent.destroy();

    healthMs.sort((a, b) => a - b);
    const total = [...readerStatuses.values()].reduce((a, b) => a + b, 0);
    const posted = [...feedStatuses.values()].reduce((a, b) => a + b, 0);
    const lost = posted - (feedStatuses.get('stored') ?? 0);
    const share = (key: string) => `${(((readerStatuses.get(key) ?? 0) * 100) / Math.max(1, total)).toFixed(0)} %`;
    console.log(
      `  readers   ${total} requests — ${format(readerStatuses)}  (5xx ${share('5xx')}, 503 ${share('503')}, 429 ${share('429')})`,
    );
    console.log(
      `  feed      ${posted} POSTs — ${format(feedStatuses)}  → lost ${lost} (${((lost * 100) / Math.max(1, posted)).toFixed(0)} %)`,
    );
    console.log(
      `  health    ${healthMs.length} probes — ${format(healthStatuses)}  p50 ${percentile(healthMs, 50).toFixed(0)} ms, p99 ${percentile(healthMs, 99).toFixed(0)} ms`,
    );
  } finally {
    await server.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
