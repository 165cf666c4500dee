/**
 * The screens of the scale-out bench, in their own process: N socket.io clients, each on one of
 * the servers, resuming as the display does. A screen whose server dies reconnects to the next
 * address (as behind a balancer) and subscribes again with its seq and epoch; `topic:reset`
 * means a snapshot. Each counts the bench events it saw (from deltas and snapshots) and the
 * longest silence between two messages (the failover gap as a screen lives it).
 */
import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  TickerItem,
  TopicDeltaMessage,
} from '../server/protocol/index';

interface Start {
  urls: string[];
  clients: number;
  /** Which server the first screen of this process starts on (the others alternate). */
  offset: number;
}

const TOPIC = 'ticker.items' as const;
const seen: Array<Set<string>> = [];
const longestSilence: number[] = [];
/** Snapshots each screen took after its first (a failover, a reset or a gap): it then shows the newest 50. */
const snapshotsAfterFirst: number[] = [];
const latencies: number[] = [];
let messages = 0;
let reconnects = 0;
let resets = 0;

function benchIds(items: readonly { id: string }[]): string[] {
  return items.map((item) => item.id).filter((id) => id.startsWith('bench-'));
}

function startScreen(urls: string[], first: number, index: number): Promise<void> {
  const received = new Set<string>();
  seen.push(received);
  longestSilence.push(0);
  snapshotsAfterFirst.push(0);
  let snapshots = 0;
  let urlIndex = first;
  let seq = -1;
  let epoch = '';
  let lastMessageAt = 0;
  const heard = () => {
    const now = Date.now();
    if (lastMessageAt > 0) longestSilence[index] = Math.max(longestSilence[index]!, now - lastMessageAt);
    lastMessageAt = now;
  };
  const take = (ids: string[], now: number) => {
    for (const id of ids) {
      if (received.has(id)) continue;
      received.add(id);
      latencies.push(now - Number(id.split('-')[1]));
    }
  };
  let socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  const subscribe = async (resume: boolean) => {
    const request = resume && seq >= 0 ? { topic: TOPIC, sinceSeq: seq, epoch } : { topic: TOPIC };
    const answer = await socket
      .timeout(15_000)
      .emitWithAck('topic:subscribe', request)
      .catch(() => null);
    if (!answer?.ok) return;
    const now = Date.now();
    if (answer.mode === 'snapshot') {
      if (snapshots++ > 0) snapshotsAfterFirst[index]!++;
      seq = answer.snapshot.seq;
      take(benchIds((answer.snapshot.data as TickerItem[] | null) ?? []), now);
    } else {
      for (const delta of answer.deltas) onDelta(delta);
    }
    heard();
  };
  const onDelta = (message: TopicDeltaMessage) => {
    if (message.topic !== TOPIC || message.seq <= seq) return;
    messages++;
    heard();
    if (message.seq !== seq + 1) {
      void subscribe(false);
      return;
    }
    seq = message.seq;
    take(benchIds((message.delta as { upsert?: TickerItem[] }).upsert ?? []), Date.now());
  };
  const connect = () =>
    new Promise<void>((resolve) => {
      socket = io(urls[urlIndex % urls.length]!, { transports: ['websocket'], reconnection: false, forceNew: true });
      socket.on('session:welcome', (welcome) => (epoch = welcome.epoch));
      socket.on('topic:delta', onDelta);
      socket.on('topic:reset', () => {
        resets++;
        void subscribe(false);
      });
      socket.once('connect', () => {
        void subscribe(true).then(resolve);
      });
      const again = () => {
        socket.removeAllListeners();
        socket.close();
        // The next address, as a balancer sends a reconnect to a process that answers.
        urlIndex++;
        reconnects++;
        setTimeout(() => void connect(), 100 + Math.random() * 400);
      };
      socket.on('disconnect', again);
      socket.on('connect_error', again);
    });
  return connect();
}

/** How many of this process's screens saw each event. */
function countScreens(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const set of seen) for (const id of set) counts[id] = (counts[id] ?? 0) + 1;
  return counts;
}

async function start({ urls, clients, offset }: Start): Promise<void> {
  for (let i = 0; i < clients; i++) await startScreen(urls, offset + i, i);
  process.send?.({ type: 'ready' });
  process.on('message', (message: { type: string }) => {
    if (message.type !== 'report') return;
    process.send?.(
      {
        type: 'report',
        delivered: seen.map((set) => set.size),
        snapshotsAfterFirst,
        screensPerEvent: countScreens(),
        longestSilence,
        latencies,
        messages,
        reconnects,
        resets,
      },
      () => process.exit(0),
    );
  });
}

process.once('message', (message: Start) => void start(message));
