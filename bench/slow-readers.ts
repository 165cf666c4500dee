/**
 * `npm run bench:slow-readers`: can a few sockets that never read grow the server? On loopback,
 * N raw WebSocket clients join every public topic, then stop reading their TCP socket while they
 * keep asking for snapshots (each answer carries a topic's whole state) and answer the server's
 * heartbeat blindly, as a hostile client would; a feed posts events meanwhile. Prints the server's
 * RSS before and at its peak, the `/api/v1/health` latency and how many of the clients the server
 * dropped. Bounded: stops after `--seconds`.
 *
 *   npm run bench:slow-readers -- --seconds 20 --clients 3
 */
import { readFileSync } from 'node:fs';
import type { Socket as NetSocket } from 'node:net';
import WebSocket from 'ws';
import { arg, ingestPoster, percentile } from './bench-support';
import { startServer } from '../e2e/harness';

const seconds = arg('seconds', 20);
const clients = arg('clients', 3);
const subscribesPerSecond = arg('subscribes', 200);

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

async function health(url: string): Promise<{ ms: number; connections: number }> {
  const started = performance.now();
  try {
    const response = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(30_000) });
    const body = (await response.json()) as { connections?: number };
    return { ms: performance.now() - started, connections: body.connections ?? -1 };
  } catch {
    return { ms: performance.now() - started, connections: -1 };
  }
}

/** A raw Engine.IO v4 / Socket.IO v5 client: connects, then never reads again. */
function hostileClient(url: string, topics: string[], until: number): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    let ack = 0;
    let timer: NodeJS.Timeout | null = null;
    const stop = () => {
      if (timer) clearInterval(timer);
      resolve();
    };
    ws.on('message', (data) => {
      const text = data.toString();
      if (text.startsWith('0')) ws.send('40');
      if (!text.startsWith('40')) return;
      // Connected to the namespace: from now on, read nothing.
      (ws as unknown as { _socket: NetSocket })._socket.pause();
      let sent = 0;
      const started = performance.now();
      timer = setInterval(() => {
        if (performance.now() > until || ws.readyState !== WebSocket.OPEN) return stop();
        const due = Math.floor(((performance.now() - started) / 1000) * subscribesPerSecond);
        for (; sent < due; sent++) {
          ws.send(`42${++ack}${JSON.stringify(['topic:subscribe', { topic: topics[sent % topics.length] }])}`);
        }
        // The heartbeat's answer, sent without reading the ping: the server cannot tell.
        if (sent % subscribesPerSecond < 10) ws.send('3');
      }, 50);
    });
    ws.on('error', stop);
    ws.on('close', stop);
  });
}

async function main(): Promise<void> {
  const server = await startServer({ simulator: true, env: { LOG_LEVEL: 'error' } });
  try {
    const pid = server.pid();
    const { topics } = (await (await fetch(`${server.url}/api/v1/topics`)).json()) as {
      topics: Array<{ name: string; audience: string }>;
    };
    const publicTopics = topics.filter((topic) => topic.audience === 'public').map((topic) => topic.name);
    console.log(
      `ioc-wall bench:slow-readers — ${seconds} s, ${clients} clients that never read, ${subscribesPerSecond} subscribes/s each, ${publicTopics.length} public topics`,
    );
    const rssBefore = rssMb(pid);
    const connectionsBefore = (await health(server.url)).connections;
    const until = performance.now() + seconds * 1000;
    const { post, close } = ingestPoster(server.url, 2, server.apiKey);
    let n = 0;
    const feed = async () => {
      while (performance.now() < until) {
        const id = `slow-${process.pid}-${++n}`;
        await post(
          JSON.stringify({
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
          }),
        );
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const healthMs: number[] = [];
    let peak = rssBefore;
    let connectionsAtEnd = -1;
    const prober = async () => {
      while (performance.now() < until) {
        const answer = await health(server.url);
        healthMs.push(answer.ms);
        connectionsAtEnd = answer.connections;
        peak = Math.max(peak, rssMb(pid));
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    };
    await Promise.all([
      ...Array.from({ length: clients }, () => hostileClient(server.url, publicTopics, until)),
      feed(),
      prober(),
    ]);
    close();
    peak = Math.max(peak, rssMb(pid));
    healthMs.sort((a, b) => a - b);
    console.log(
      `  RSS       before ${rssBefore.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, end ${rssMb(pid).toFixed(0)} MB`,
    );
    console.log(
      `  health    ${healthMs.length} probes — p50 ${percentile(healthMs, 50).toFixed(0)} ms, p99 ${percentile(healthMs, 99).toFixed(0)} ms, max ${(healthMs.at(-1) ?? 0).toFixed(0)} ms`,
    );
    console.log(
      `  sockets   ${connectionsBefore} before, ${connectionsAtEnd} at the end (the hostile clients still connected: ${Math.max(0, connectionsAtEnd - connectionsBefore)})`,
    );
  } finally {
    await server.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
