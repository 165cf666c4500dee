/**
 * What one connection may cost the server. A screen subscribes to a dashboard's topics (a dozen or
 * two) once per connection and reads what it is sent; a client that subscribes without end, asks
 * for snapshots in a loop, or stops reading its socket would otherwise grow the server's memory
 * until every screen suffers. So: a cap on subscriptions, a token bucket on subscribe requests and
 * a bound on the bytes waiting to be written to the socket, past which the connection is dropped.
 */
import type { Socket } from 'socket.io';

export interface SocketLimits {
  /** Topics one connection may be subscribed to at once. */
  maxSubscriptions: number;
  /** Subscribe requests one connection may make at once (a screen's start)… */
  subscribeBurst: number;
  /** …and per second after that. */
  subscribesPerSecond: number;
  /** Bytes waiting to be written to one connection past which it is dropped (it does not read). */
  maxBufferedBytes: number;
  /** Subscribes refused in a row for the rate past which the connection is dropped (no screen asks so). */
  maxRefusalsInARow: number;
}

export const DEFAULT_SOCKET_LIMITS: SocketLimits = {
  maxSubscriptions: 64,
  subscribeBurst: 64,
  subscribesPerSecond: 5,
  // A briefing screen's first snapshots (a map's reports, schools, attractions) stay well below it.
  maxBufferedBytes: 16 * 1024 * 1024,
  maxRefusalsInARow: 200,
};

/** A classic token bucket on an injected clock. */
export class TokenBucket {
  readonly #capacity: number;
  readonly #perSecond: number;
  readonly #now: () => number;
  #tokens: number;
  #last: number;

  constructor(capacity: number, perSecond: number, now: () => number = Date.now) {
    this.#capacity = capacity;
    this.#perSecond = perSecond;
    this.#now = now;
    this.#tokens = capacity;
    this.#last = now();
  }

  take(): boolean {
    const now = this.#now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + ((now - this.#last) / 1000) * this.#perSecond);
    this.#last = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

/** One connection's subscriptions and subscribe budget. */
export class SubscriptionBudget {
  readonly topics = new Set<string>();
  readonly #bucket: TokenBucket;
  readonly #limits: SocketLimits;
  #refusedInARow = 0;

  constructor(limits: SocketLimits, now: () => number = Date.now) {
    this.#limits = limits;
    this.#bucket = new TokenBucket(limits.subscribeBurst, limits.subscribesPerSecond, now);
  }

  /** Why this subscribe is refused, or null when it may go on (and then it is counted). */
  admit(topic: string): 'rate_limited' | 'too_many_subscriptions' | null {
    if (!this.topics.has(topic) && this.topics.size >= this.#limits.maxSubscriptions) return 'too_many_subscriptions';
    if (!this.#bucket.take()) {
      this.#refusedInARow++;
      return 'rate_limited';
    }
    this.#refusedInARow = 0;
    this.topics.add(topic);
    return null;
  }

  /** A client that keeps asking past its budget is not a screen that will slow down. */
  get abusive(): boolean {
    return this.#refusedInARow > this.#limits.maxRefusalsInARow;
  }
}

interface EnginePacket {
  data?: unknown;
}

/** The parts of Engine.IO's connection this guard reads (not in its public types). */
interface EngineConnection {
  on(event: 'packetCreate', listener: (packet: EnginePacket) => void): void;
  on(event: 'flush' | 'close', listener: () => void): void;
  close(discard?: boolean): void;
  transport?: { socket?: { bufferedAmount?: number; terminate?: () => void } };
}

function sizeOf(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

/**
 * Drops a connection whose unsent bytes pass `maxBytes`: the packets Engine.IO still holds (its
 * transport is busy with the previous write) plus what the WebSocket has not handed to the kernel.
 * Checked on every packet queued for it, so it cannot outrun the check.
 */
export function guardOutboundBuffer(socket: Socket, maxBytes: number, onDrop: (bufferedBytes: number) => void): void {
  const conn = socket.conn as unknown as EngineConnection;
  let queued = 0;
  let dropped = false;
  conn.on('flush', () => {
    // The queue went to the transport: from now on it counts in the WebSocket's own buffer.
    queued = 0;
  });
  conn.on('packetCreate', (packet) => {
    if (dropped) return;
    queued += sizeOf(packet.data);
    const buffered = queued + (conn.transport?.socket?.bufferedAmount ?? 0);
    if (buffered <= maxBytes) return;
    dropped = true;
    onDrop(buffered);
    // Not a polite close: that would wait for the buffer to drain, which is the problem. Destroy
    // the TCP socket so its buffers are freed now; the client's reconnection starts afresh.
    conn.transport?.socket?.terminate?.();
    conn.close(true);
  });
}
