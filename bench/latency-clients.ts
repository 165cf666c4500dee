/**
 * The screens of the latency bench, in their own process (as the budget requires): N socket.io
 * clients subscribed to one topic. Each bench event carries its send time in its id
 * (`bench-<epoch ms>-<n>`); a client records now − send time when it decodes the item.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, TopicDeltaMessage } from '../server/protocol/index';

interface Start {
  url: string;
  clients: number;
  topic: 'ticker.items' | 'alerts.emergency';
}

const latencies: number[] = [];
/**
 * Per event, the latency of the first of this process's screens to decode it: a screen that waits
 * behind no other (real screens each decode on their own device; here 100 share one core).
 */
const firstLatency: Record<string, number> = {};
const seen: Array<Set<string>> = [];
let messages = 0;

function idsOf(message: TopicDeltaMessage): string[] {
  const delta = message.delta as { upsert?: Array<{ id: string }>; set?: { active?: { id: string } | null } };
  if (delta.upsert) return delta.upsert.map((item) => item.id);
  if (delta.set?.active) return [delta.set.active.id];
  return [];
}

async function start({ url, clients, topic }: Start): Promise<void> {
  const sockets: Array<Socket<ServerToClientEvents, ClientToServerEvents>> = [];
  for (let i = 0; i < clients; i++) {
    const received = new Set<string>();
    seen.push(received);
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
      transports: ['websocket'],
      forceNew: true,
    });
    socket.on('topic:delta', (message) => {
      const now = Date.now();
      messages++;
      for (const id of idsOf(message)) {
        if (!id.startsWith('bench-') || received.has(id)) continue;
        received.add(id);
        const latency = now - Number(id.split('-')[1]);
        latencies.push(latency);
        firstLatency[id] = Math.min(firstLatency[id] ?? Infinity, latency);
      }
    });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    await socket.emitWithAck('topic:subscribe', { topic });
    sockets.push(socket);
  }
  process.send?.({ type: 'ready' });
  process.on('message', (message: { type: string }) => {
    if (message.type !== 'report') return;
    sockets.forEach((socket) => socket.disconnect());
    // A million latencies is megabytes over IPC: exit once the report has left, not after a guess
    // (a fixed 100 ms cut the message short on a loaded machine and the bench waited forever).
    // How many of this process's screens saw each event: the bench tells an event no screen got
    // (never sent) from one some screens missed (lost on the way).
    const screensPerEvent: Record<string, number> = {};
    for (const set of seen) for (const id of set) screensPerEvent[id] = (screensPerEvent[id] ?? 0) + 1;
    process.send?.(
      {
        type: 'report',
        latencies,
        firstLatency,
        delivered: seen.reduce((sum, set) => sum + set.size, 0),
        messages,
        screensPerEvent,
      },
      () => process.exit(0),
    );
  });
}

process.once('message', (message: Start) => void start(message));
