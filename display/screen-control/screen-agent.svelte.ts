/**
 * The screen's side of screen control, on the page's one socket: a heartbeat every 5 s (and at
 * once on each connect), the operators' commands with their answers, and the acknowledgement of
 * each takeover the screen draws. Its state (identify, dim/blank) drives the overlays.
 */
import type { Socket } from 'socket.io-client';
import type {
  CareState,
  ClientToServerEvents,
  CommandReply,
  DisplayMode,
  ScreenCommand,
  ServerToClientEvents,
  TakeoverVisibility,
  TopicDeltaMessage,
} from '../../server/protocol/index';
import type { LocalizedText } from '../../server/protocol/topics';
import type { Connection } from '../live/connection.svelte';
import { HeartbeatMeter, buildId, heapMb, heartbeatOf } from './heartbeat';
import type { ScreenCommands } from './commands';
import { renderThumbnail } from './thumbnail';

const HEARTBEAT_MS = 5000;
/** Clock samples kept: the one with the shortest round trip of the last minute sets the offset. */
const CLOCK_SAMPLES = 12;

/** What the screen shows now; the playlist tells its current item. */
export interface Showing {
  dashboard: string | null;
  playlistItem: string | null;
}

export class ScreenAgent {
  identify = $state<{ number: number; label: LocalizedText } | null>(null);
  mode = $state<DisplayMode>('normal');
  /** The takeover on screen now (set by the overlay), for the heartbeat. */
  takeover: string | null = null;
  readonly #connection: Connection;
  readonly #commands: ScreenCommands;
  readonly #socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  readonly #screenId: string;
  readonly #showing: () => Showing;
  readonly #meter = new HeartbeatMeter();
  /** What this connection last told the server of each takeover (visible, or why not). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping of what was sent, never rendered
  readonly #acknowledged = new Map<string, string>();
  readonly #care: () => CareState | null;
  readonly #startedAt = performance.now();
  readonly #version = buildId();
  readonly #undo: Array<() => void> = [];
  #timer: ReturnType<typeof setInterval>;
  #identifyTimer: ReturnType<typeof setTimeout> | undefined;
  #frame = 0;
  #stopped = false;
  #lastThumbnail: { at: number; image: Promise<string>; pending: boolean } | null = null;
  #clock: Array<{ roundTrip: number; offset: number }> = [];

  constructor(
    connection: Connection,
    commands: ScreenCommands,
    screenId: string,
    showing: () => Showing,
    care: () => CareState | null = () => null,
  ) {
    this.#connection = connection;
    this.#commands = commands;
    this.#care = care;
    this.#socket = connection.socket;
    this.#screenId = screenId;
    this.#showing = showing;

    const onDelta = (message: TopicDeltaMessage) => {
      this.#meter.message(message.changedAt, this.serverNow(), Date.now());
    };
    const onCommand = (command: ScreenCommand, ack: (reply: CommandReply) => void) => {
      void this.#commands.run(command).then((reply) => {
        if (typeof ack === 'function') ack(reply);
      });
    };
    const onConnect = () => {
      // A new connection (or a restarted server) has not seen our acknowledgements.
      this.#acknowledged.clear();
      this.#clock = [];
      this.#sendHeartbeat();
    };
    this.#socket.on('topic:delta', onDelta);
    this.#socket.on('screen:command', onCommand);
    this.#socket.on('connect', onConnect);
    this.#undo.push(() => {
      this.#socket.off('topic:delta', onDelta);
      this.#socket.off('screen:command', onCommand);
      this.#socket.off('connect', onConnect);
    });
    this.#registerBuiltIns();
    this.#timer = setInterval(() => this.#sendHeartbeat(), HEARTBEAT_MS);
    if (this.#socket.connected) this.#sendHeartbeat();
    this.#countFrames();
  }

  #registerBuiltIns(): void {
    this.#undo.push(
      this.#commands.register('identify', (command) => {
        // The identify overlay lies below a takeover: saying "done" would tell the console a number
        // is on the screen that no one can read.
        if (this.takeover !== null)
          return {
            ok: false,
            message: {
              vi: 'Màn hình đang hiện cảnh báo khẩn cấp: số nhận diện bị che, không đọc được lúc này',
              en: 'An emergency takeover is on this screen: the identify number is covered and cannot be read now',
            },
          };
        this.identify = { number: command.number, label: command.label };
        clearTimeout(this.#identifyTimer);
        this.#identifyTimer = setTimeout(
          () => (this.identify = null),
          Math.min(Math.max(command.durationMs, 1000), 60_000),
        );
        return { ok: true };
      }),
      this.#commands.register('reload', () => {
        // After the answer has left: a reload is the last thing this page does.
        setTimeout(() => window.location.reload(), 300);
        return { ok: true };
      }),
      this.#commands.register('dim', () => this.#setMode('dim')),
      this.#commands.register('blank', () => this.#setMode('blank')),
      this.#commands.register('wake', () => this.#setMode('normal')),
      this.#commands.register('thumbnail', async (command) => ({
        ok: true,
        image: await this.#thumbnail(command.width),
      })),
    );
  }

  /**
   * One drawing at a time, and a fresh one reused for a few seconds: a busy screen asked by
   * several consoles must not pile up drawings of itself.
   */
  #thumbnail(width: number): Promise<string> {
    const now = performance.now();
    if (this.#lastThumbnail && (this.#lastThumbnail.pending || now - this.#lastThumbnail.at < 5000))
      return this.#lastThumbnail.image;
    const image = renderThumbnail(document.body, Math.min(Math.max(width, 64), 960));
    const entry = { at: now, image, pending: true };
    this.#lastThumbnail = entry;
    void image.finally(() => {
      entry.pending = false;
      entry.at = performance.now();
    });
    return image;
  }

  #setMode(mode: DisplayMode): CommandReply {
    this.mode = mode;
    // Say so now: the console shows the screen's own word, not only what was asked.
    queueMicrotask(() => this.#sendHeartbeat());
    return { ok: true };
  }

  /**
   * The overlay drew this takeover and looked whether a person can read it: tell the server once
   * per connection, and again whenever that changes (covered, uncovered).
   */
  acknowledge(takeoverId: string, visibility: TakeoverVisibility): void {
    if (!this.#socket.connected) return;
    const said = JSON.stringify(visibility);
    if (this.#acknowledged.get(takeoverId) === said) return;
    this.#acknowledged.set(takeoverId, said);
    this.#socket.emit('screen:takeover-ack', { takeoverId, shownAt: Math.round(this.serverNow()), ...visibility });
  }

  /**
   * The server's time now. Latencies of a few milliseconds need a better clock than one exchange
   * on a busy page gives: like NTP, the sample with the shortest round trip is the most honest
   * (a late answer, held up by the page's own work, makes the offset look smaller than it is).
   */
  serverNow(): number {
    if (this.#clock.length === 0) return this.#connection.serverNow();
    let best = this.#clock[0]!;
    for (const sample of this.#clock) if (sample.roundTrip < best.roundTrip) best = sample;
    return Date.now() + best.offset;
  }

  #sampleClock(): void {
    const sent = Date.now();
    this.#socket.timeout(5000).emit('time:ping', sent, (error: Error | null, serverTime: number) => {
      if (error || typeof serverTime !== 'number') return;
      const received = Date.now();
      this.#clock.push({ roundTrip: received - sent, offset: serverTime - (sent + received) / 2 });
      if (this.#clock.length > CLOCK_SAMPLES) this.#clock.shift();
    });
  }

  #sendHeartbeat(): void {
    if (this.#stopped || !this.#socket.connected) return;
    this.#sampleClock();
    const showing = this.#showing();
    this.#socket.emit(
      'screen:heartbeat',
      heartbeatOf(
        this.#meter,
        {
          screenId: this.#screenId,
          dashboard: showing.dashboard,
          playlistItem: showing.playlistItem,
          mode: this.mode,
          care: this.#care(),
          takeover: this.takeover,
          uptimeMs: Math.round(performance.now() - this.#startedAt),
          version: this.#version,
          memoryMb: heapMb(),
        },
        Date.now(),
      ),
    );
  }

  #countFrames(): void {
    if (typeof requestAnimationFrame !== 'function') return;
    const frame = (now: number) => {
      if (this.#stopped) return;
      this.#meter.frame(now);
      this.#frame = requestAnimationFrame(frame);
    };
    this.#frame = requestAnimationFrame(frame);
  }

  stop(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
    clearTimeout(this.#identifyTimer);
    if (typeof cancelAnimationFrame === 'function') cancelAnimationFrame(this.#frame);
    this.#undo.splice(0).forEach((undo) => undo());
  }
}
