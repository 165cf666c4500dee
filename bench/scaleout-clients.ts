/**
 * The screens of the scale-out bench, in their own process: N socket.io clients, each on one of
 * the servers, resuming as the display does. A screen whose server dies reconnects to the next
 * address (as behind a balancer) and subscribes again with its seq and epoch; `topic:reset`
 * means a snapshot. Each counts the bench events it saw (from deltas and snapshots) and the
 * longest silence between two messages (the failover gap as a screen lives it).
 */
import { io, type Socket } from 'socket.io-client';
import { LATENCY_BUCKETS } from './bench-support';
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
  /** How many events the bench posts (numbered 0…events − 1 in their ids). */
  events: number;
}

const TOPIC = 'ticker.items' as const;
/**
 * What each screen saw, by event number: a byte per event and screen (500 screens × 20,000
 * events is 10 MB), where Sets of id strings were ten million entries whose upkeep took the
 * screens' core from the servers they measure.
 */
const seen: Uint8Array[] = [];
let eventCount = 0;
const longestSilence: number[] = [];
/** Snapshots each screen took after its first (a failover, a reset or a gap): it then shows the newest 50. */
const snapshotsAfterFirst: number[] = [];
/** When each screen last took such a snapshot (epoch ms, 0: never): the failover is over for it. */
const resyncedAt: number[] = [];
/** Deliveries by latency in whole milliseconds (the last bucket holds all beyond). */
const latencyHistogram = new Uint32Array(LATENCY_BUCKETS);
let messages = 0;
let reconnects = 0;
let resets = 0;

/** Bench ids are `bench-<epoch ms>-<n>`. */
function benchEvents(items: readonly { id: string }[]): Array<{ n: number; madeAt: number }> {
  const events: Array<{ n: number; madeAt: number }> = [];
  for (const { id } of items) {
    if (!id.startsWith('bench-')) continue;
    const [, madeAt, n] = id.split('-');
    events.push({ n: Number(n), madeAt: Number(madeAt) });
  }
  return events;
}

function startScreen(urls: string[], first: number, index: number): Promise<void> {
  const received = new Uint8Array(eventCount);
  seen.push(received);
  longestSilence.push(0);
  snapshotsAfterFirst.push(0);
  resyncedAt.push(0);
  let snapshots = 0;
  let urlIndex = first;
  let seq = -1;
  /** The run `seq` belongs to: the last answer's, as the display keeps it (a welcome's can be older). */
  let epoch = '';
  let welcomedIn = '';
  let lastMessageAt = 0;
  const heard = () => {
    const now = Date.now();
    if (lastMessageAt > 0) longestSilence[index] = Math.max(longestSilence[index]!, now - lastMessageAt);
    lastMessageAt = now;
  };
  const take = (events: Array<{ n: number; madeAt: number }>, now: number) => {
    for (const { n, madeAt } of events) {
      if (received[n]) continue;
      received[n] = 1;
      latencyHistogram[Math.max(0, Math.min(LATENCY_BUCKETS - 1, now - madeAt))]!++;
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
    epoch = answer.epoch ?? welcomedIn;
    const now = Date.now();
    if (answer.mode === 'snapshot') {
      if (snapshots++ > 0) {
        snapshotsAfterFirst[index]!++;
        resyncedAt[index] = now;
      }
      seq = answer.snapshot.seq;
      take(benchEvents((answer.snapshot.data as TickerItem[] | null) ?? []), now);
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
    take(benchEvents((message.delta as { upsert?: TickerItem[] }).upsert ?? []), Date.now());
  };
  const connect = () =>
    new Promise<void>((resolve) => {
      socket = io(urls[urlIndex % urls.length]!, { transports: ['websocket'], reconnection: false, forceNew: true });
      socket.on('session:welcome', (welcome) => (welcomedIn = welcome.epoch));
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

/** How many of this process's screens saw each event, by event number. */
function countScreens(): number[] {
  const counts = new Array<number>(eventCount).fill(0);
  for (const screen of seen) for (let n = 0; n < eventCount; n++) counts[n]! += screen[n]!;
  return counts;
}

async function start({ urls, clients, offset, events }: Start): Promise<void> {
  eventCount = events;
  for (let i = 0; i < clients; i++) await startScreen(urls, offset + i, i);
  process.send?.({ type: 'ready' });
  process.on('message', (message: { type: string }) => {
    if (message.type !== 'report') return;
    process.send?.(
      {
        type: 'report',
        delivered: seen.map((screen) => screen.reduce((sum, saw) => sum + saw, 0)),
        snapshotsAfterFirst,
        resyncedAt,
        screensPerEvent: countScreens(),
        longestSilence,
        latencyHistogram: [...latencyHistogram],
        messages,
        reconnects,
        resets,
      },
      () => process.exit(0),
    );
  });
}

process.once('message', (message: Start) => void start(message));
