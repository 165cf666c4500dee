/**
 * The page's one socket: its state for the banner, the server clock, and resuming topics after a
 * reconnect (never a page reload). A screen's heartbeat and the operators' commands ride on the
 * same socket (`display/screen-control/`).
 *
 * Reconnecting never gives up: after any loss (server restart, network gone for a night, a
 * server that closed the session) the next attempt follows `reconnectDelay` — doubling, jittered,
 * at most 30 s apart — and the browser saying it is back online tries at once. A server that says
 * it is leaving (`server:leaving`, a rolling restart) is left at once: the screen reconnects after
 * the server's short pause and jitter (`leavingDelay`), to the same address where another process
 * answers, and resumes its topics there.
 */
import { io, type Socket } from 'socket.io-client';
import type {
  Audience,
  ClientToServerEvents,
  HandshakeAuth,
  ScreenSetup,
  ServerToClientEvents,
} from '../../server/protocol/index';
import { TopicStore } from './topic-store.svelte';
import { leavingDelay, reconnectDelay } from './backoff';
import { clockOffset } from '../../server/protocol/server-time';

export type ConnectionStatus = 'connecting' | 'online' | 'offline';

/** A blip of a second is not worth alarming the room; a longer loss shows the banner and the data's age. */
export const OFFLINE_GRACE_MS = 2000;
/** Clocks drift apart: the tiles of a wall change together only if each re-measures the server's. */
const CLOCK_SYNC_MS = 60_000;

export class Connection {
  status = $state<ConnectionStatus>('connecting');
  /** Since when the status holds (client clock). */
  since = $state(Date.now());
  audience = $state<Audience>('public');
  /** Server time − client time, in ms: ages and clocks use the server's time. */
  clockOffset = $state(0);
  /**
   * The server no longer knows this page as what it connected as: a screen whose token was revoked
   * (or that was removed) comes back without its screen, a signed-in page whose session ended comes
   * back as the public. Its data is no longer this page's to show; the connection closes.
   */
  lost = $state(false);
  /** The screen's setup as the server last sent it (an operator may change what it shows). */
  setup = $state.raw<ScreenSetup | null>(null);
  readonly topics: TopicStore;
  readonly #socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  #clockSync: ReturnType<typeof setInterval> | null = null;
  #attempt = 0;
  #retry: ReturnType<typeof setTimeout> | null = null;
  /** The wait the leaving server asked for, used once by the next reconnect. */
  #leaving: number | null = null;
  #closed = false;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- callbacks, called imperatively; nothing renders them
  readonly #listeners = new Set<(status: ConnectionStatus) => void>();
  readonly #onOnline = () => this.#reconnectNow();

  /** `initialClockOffset`: measured on the setup answer, so the page runs on server time from its first frame. */
  constructor(screenId: string | null, screenToken: string | null, initialClockOffset = 0) {
    this.clockOffset = initialClockOffset;
    const auth: HandshakeAuth = { ...(screenId ? { screenId } : {}), ...(screenToken ? { screenToken } : {}) };
    this.#socket = io('/', {
      auth,
      transports: ['websocket'],
      // Reconnection is ours (see `#scheduleReconnect`): Socket.IO's backoff breaks after a long outage.
      reconnection: false,
      timeout: 10_000,
    });
    this.topics = new TopicStore({
      subscribe: (request) => this.#socket.timeout(10_000).emitWithAck('topic:subscribe', request),
      unsubscribe: (topic) => {
        if (this.#socket.connected) this.#socket.emit('topic:unsubscribe', { topic });
      },
    });
    const socket = this.#socket;
    let firstAudience: Audience | null = null;
    socket.on('session:welcome', (welcome) => {
      firstAudience ??= welcome.audience;
      const screenGone = screenToken !== null && welcome.screenId !== screenId;
      if (screenGone || (firstAudience === 'internal' && welcome.audience === 'public')) {
        this.lost = true;
        this.close();
        return;
      }
      this.topics.epoch = welcome.epoch;
      this.audience = welcome.audience;
      this.clockOffset = welcome.serverTime - Date.now();
    });
    socket.on('connect', () => {
      this.#attempt = 0;
      this.#set('online');
      this.topics.resubscribeAll();
      this.#syncClock();
    });
    socket.on('server:leaving', (notice) => {
      this.#leaving = leavingDelay(notice);
    });
    socket.on('disconnect', () => {
      this.#set('offline');
      this.#scheduleReconnect();
    });
    socket.on('connect_error', () => {
      if (this.status !== 'offline') this.#set('offline');
      this.#scheduleReconnect();
    });
    globalThis.addEventListener?.('online', this.#onOnline);
    socket.on('topic:delta', (message) => this.topics.receive(message));
    socket.on('topic:reset', (topic) => this.topics.reset(topic));
    socket.on('screen:setup', (setup) => (this.setup = setup));
    this.#clockSync = setInterval(() => {
      if (socket.connected) this.#syncClock();
    }, CLOCK_SYNC_MS);
  }

  /** The socket, for the screen's heartbeat and commands (`display/screen-control/`). */
  get socket(): Socket<ServerToClientEvents, ClientToServerEvents> {
    return this.#socket;
  }

  /** The server's current time as this page best knows it. */
  serverNow(clientNow = Date.now()): number {
    return clientNow + this.clockOffset;
  }

  /** Calls `listener` on every change of status (for the modules that save or check on it). */
  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #set(status: ConnectionStatus): void {
    this.status = status;
    this.since = Date.now();
    for (const listener of this.#listeners) listener(status);
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#retry !== null) return;
    const leaving = this.#leaving;
    this.#leaving = null;
    if (leaving !== null) this.#attempt = 0;
    this.#retry = setTimeout(
      () => {
        this.#retry = null;
        if (!this.#closed && !this.#socket.connected) this.#socket.connect();
      },
      leaving ?? reconnectDelay(this.#attempt++),
    );
  }

  #reconnectNow(): void {
    if (this.#closed || this.#socket.connected) return;
    if (this.#retry !== null) clearTimeout(this.#retry);
    this.#retry = null;
    this.#attempt = 0;
    this.#socket.connect();
  }

  #syncClock(): void {
    const sent = Date.now();
    this.#socket.timeout(5000).emit('time:ping', sent, (error: Error | null, serverTime: number) => {
      if (error) return;
      const received = Date.now();
      this.clockOffset = clockOffset(serverTime, sent, received);
    });
  }

  close(): void {
    this.#closed = true;
    if (this.#retry !== null) clearTimeout(this.#retry);
    globalThis.removeEventListener?.('online', this.#onOnline);
    this.#listeners.clear();
    if (this.#clockSync) clearInterval(this.#clockSync);
    this.#socket.disconnect();
  }
}
