/**
 * The page's one socket: its state for the banner, the server clock, resuming topics after a
 * reconnect (never a page reload), and the screen's heartbeat for the console.
 */
import { io, type Socket } from 'socket.io-client';
import type { Audience, ClientToServerEvents, ScreenSetup, ServerToClientEvents } from '../../server/protocol/index';
import { TopicStore } from './topic-store.svelte';

export type ConnectionStatus = 'connecting' | 'online' | 'offline';

const HEARTBEAT_MS = 10_000;
/** Clocks drift apart: the tiles of a wall change together only if each re-measures the server's. */
const CLOCK_SYNC_MS = 60_000;

export class Connection {
  status = $state<ConnectionStatus>('connecting');
  /** Since when the status holds (client clock). */
  since = $state(Date.now());
  audience = $state<Audience>('public');
  /** Server time − client time, in ms: ages and clocks use the server's time. */
  clockOffset = $state(0);
  /** The screen's setup as the server last sent it (an operator may change what it shows). */
  setup = $state.raw<ScreenSetup | null>(null);
  readonly topics: TopicStore;
  readonly #socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  #heartbeat: ReturnType<typeof setInterval> | null = null;
  #clockSync: ReturnType<typeof setInterval> | null = null;
  #frames = 0;
  #fps = 0;

  constructor(screenId: string | null, screenToken: string | null, dashboard: () => string | null = () => null) {
    this.#socket = io('/', {
      auth: { ...(screenId ? { screenId } : {}), ...(screenToken ? { screenToken } : {}) },
      transports: ['websocket'],
      // Never give up: a wall must come back by itself, with jittered backoff up to 10 s.
      reconnection: true,
      reconnectionAttempts: Infinity,
      reconnectionDelay: 500,
      reconnectionDelayMax: 10_000,
      randomizationFactor: 0.5,
    });
    this.topics = new TopicStore({
      subscribe: (request) => this.#socket.timeout(10_000).emitWithAck('topic:subscribe', request),
      unsubscribe: (topic) => {
        if (this.#socket.connected) this.#socket.emit('topic:unsubscribe', { topic });
      },
    });
    const socket = this.#socket;
    socket.on('session:welcome', (welcome) => {
      this.topics.epoch = welcome.epoch;
      this.audience = welcome.audience;
      this.clockOffset = welcome.serverTime - Date.now();
    });
    socket.on('connect', () => {
      this.#set('online');
      this.topics.resubscribeAll();
      this.#syncClock();
    });
    socket.on('disconnect', (reason) => {
      this.#set('offline');
      // A server that shuts down may close the session itself; socket.io does not retry then.
      if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1000 + Math.random() * 2000);
    });
    socket.on('connect_error', () => {
      if (this.status !== 'offline') this.#set('offline');
    });
    socket.on('topic:delta', (message) => this.topics.receive(message));
    socket.on('topic:reset', (topic) => this.topics.reset(topic));
    socket.on('screen:setup', (setup) => (this.setup = setup));
    this.#clockSync = setInterval(() => {
      if (socket.connected) this.#syncClock();
    }, CLOCK_SYNC_MS);

    this.#countFrames();
    this.#heartbeat = setInterval(() => {
      if (!socket.connected || !screenId) return;
      const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
      const last = this.topics.lastMessageAt;
      socket.emit('screen:heartbeat', {
        screenId,
        dashboard: dashboard(),
        fps: this.#fps,
        memoryMb: memory ? Math.round(memory.usedJSHeapSize / 1048576) : null,
        lastMessageAgeMs: last === null ? null : Date.now() - last,
        latencyMs: null,
      });
    }, HEARTBEAT_MS);
  }

  /** The server's current time as this page best knows it. */
  serverNow(clientNow = Date.now()): number {
    return clientNow + this.clockOffset;
  }

  #set(status: ConnectionStatus): void {
    this.status = status;
    this.since = Date.now();
  }

  #syncClock(): void {
    const sent = Date.now();
    this.#socket.timeout(5000).emit('time:ping', sent, (error: Error | null, serverTime: number) => {
      if (error) return;
      const received = Date.now();
      // Assume the answer came back halfway through the round trip.
      this.clockOffset = serverTime - (sent + received) / 2;
    });
  }

  #countFrames(): void {
    if (typeof requestAnimationFrame !== 'function') return;
    let windowStart = performance.now();
    const frame = (now: number) => {
      this.#frames++;
      if (now - windowStart >= 1000) {
        this.#fps = Math.round((this.#frames * 1000) / (now - windowStart));
        this.#frames = 0;
        windowStart = now;
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }

  close(): void {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    if (this.#clockSync) clearInterval(this.#clockSync);
    this.#socket.disconnect();
  }
}
