/**
 * The page's one socket: its state for the banner, the server clock, and resuming topics after a
 * reconnect (never a page reload). A screen's heartbeat and the operators' commands ride on the
 * same socket (`display/screen-control/`).
 */
import { io, type Socket } from 'socket.io-client';
import type { Audience, ClientToServerEvents, ServerToClientEvents } from '../../server/protocol/index';
import { TopicStore } from './topic-store.svelte';

export type ConnectionStatus = 'connecting' | 'online' | 'offline';

export class Connection {
  status = $state<ConnectionStatus>('connecting');
  /** Since when the status holds (client clock). */
  since = $state(Date.now());
  audience = $state<Audience>('public');
  /** Server time − client time, in ms: ages and clocks use the server's time. */
  clockOffset = $state(0);
  readonly topics: TopicStore;
  readonly #socket: Socket<ServerToClientEvents, ClientToServerEvents>;

  constructor(screenId: string | null, screenToken: string | null) {
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
  }

  /** The socket, for the screen's heartbeat and commands (`display/screen-control/`). */
  get socket(): Socket<ServerToClientEvents, ClientToServerEvents> {
    return this.#socket;
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

  close(): void {
    this.#socket.disconnect();
  }
}
