/**
 * Screen control over Socket.IO: each screen's socket joins its own room (`screen:<id>`, the one
 * room of a screen: its setup goes there too) and is entered in the presence registry, sends
 * heartbeats and takeover acknowledgements, and receives operators' commands with an ack. Consoles
 * (operators and admins only) watch the screens in the room `console:screens`, which no screen
 * token and no public socket can join: statuses say where screens hang and what they show.
 *
 * Takeovers themselves are not commands: they are emergencies on the alert lane
 * (`alerts.takeovers`), so a screen that connects during one gets it with its first snapshot.
 */
import type { Socket } from 'socket.io';
import type {
  ClientToServerEvents,
  CommandOutcome,
  CommandReply,
  InterServerEvents,
  ScreenCommand,
  ScreensUpdate,
  ScreenStatus,
  ServerToClientEvents,
  SocketData,
  TakeoverAck,
  TakeoverStatus,
} from '../protocol/index';
import type { TakeoverItem } from '../protocol/topics';
import { screenGroups } from '../protocol/targeting';
import type { LoadedConfig } from '../config/load-config';
import type { ConnectionGrant, IocServer } from './socket-gateway';
import { orderOf, ScreenStatusBook, sanitizeHeartbeat, sanitizeTakeoverAck, type ScreenInfo } from './screen-status';
import { screenRoom } from './presence';
import { mergePresence, type PresenceBoard, type ScreenPresence } from './presence-board';
import { MemoryTakeoverAcks, recordTakeoverAck, takeoverStatusOf, type TakeoverAckStore } from './takeover-acks';
import { MemoryThumbnails, type ThumbnailStore } from './thumbnails';
import type { ScreenOrders, ScreenOrderStore } from './screen-orders';

type IocSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

const CONSOLE_ROOM = 'console:screens';
export { screenRoom };

/** Thumbnails are small JPEGs; anything bigger is not what we asked for. */
const MAX_THUMBNAIL_CHARS = 600_000;
const THUMBNAIL = /^data:image\/(jpeg|png);base64,[A-Za-z0-9+/]+=*$/;
/**
 * Across processes a screen may acknowledge a takeover before this process's copy of the alert
 * lane has it (the screen's delta and the copy travel apart): look again for this long.
 */
const UNKNOWN_TAKEOVER_RETRIES = 10;
const UNKNOWN_TAKEOVER_RETRY_MS = 200;

/** Redis does not answer: the console's reads and thumbnails answer 503 with Retry-After (the error handler), never 500. */
class SharedStateUnavailable extends Error {
  readonly statusCode = 503;
  readonly code = 'IOC_SHARED_STATE_UNAVAILABLE';
}

/** Where screens' shared state lives: this process's memory, or Redis shared by several processes. */
export interface ScreenStateStores {
  presence: PresenceBoard;
  acks: TakeoverAckStore;
  thumbnails: ThumbnailStore;
  /** Operators' modes and last commands (one process alone keeps them in its book). */
  orders: ScreenOrderStore;
  /**
   * Whether the other processes can be told now (Redis connected). Telling them only hastens what
   * their next tick reads anyway; the adapter drops a failed notice as an unhandled rejection.
   */
  reachable: () => boolean;
}

export interface ScreenControlOptions {
  config: () => LoadedConfig;
  /** The takeovers on the alert lane now (`alerts.takeovers`). */
  takeovers: () => TakeoverItem[];
  now?: () => number;
  /** Console updates are coalesced over this window (heartbeats of many screens arrive apart). */
  pushMs?: number;
  /**
   * Stores other server processes share (Redis): the console then shows the screens of every
   * process, and each process tells the others when its screens change. Default: this process alone.
   */
  shared?: ScreenStateStores;
  /** A shared store that failed (Redis away): the next tick tries again. */
  onError?: (error: unknown) => void;
}

/** What the console is shown: every screen's presence merged across processes, acks, thumbnails, orders. */
interface View {
  presence: Map<string, ScreenPresence>;
  acks: Record<string, TakeoverAck[]>;
  thumbnails: Map<string, number>;
  /** Shared: what operators ordered through any process (one process alone: its book). */
  orders: Map<string, ScreenOrders>;
}

const emptyView = (): View => ({ presence: new Map(), acks: {}, thumbnails: new Map(), orders: new Map() });

export class ScreenControl {
  readonly book: ScreenStatusBook;
  readonly #io: IocServer;
  readonly #options: ScreenControlOptions;
  readonly #now: () => number;
  /** Other processes' word on screens (shared), or null: this process alone, its book says all. */
  readonly #board: PresenceBoard | null;
  readonly #acks: TakeoverAckStore;
  readonly #thumbnails: ThumbnailStore;
  #screens: { config: LoadedConfig; list: ScreenInfo[]; byId: Map<string, ScreenInfo> } | null = null;
  #push: NodeJS.Timeout | null = null;
  #clock: NodeJS.Timeout | null = null;
  #commands = 0;
  /** The presence last read: a screen no process speaks of any more keeps its last known state. */
  #view: View = emptyView();
  /** What this process's consoles were last told. */
  #pushed: View = emptyView();
  /** Something changed here that the other processes' consoles should hear of. */
  #changedHere = false;
  /** Publish to the board at the next push even if nothing changed (keeps it alive). */
  #republish = true;
  /** Acknowledgements are recorded one after the other (read, compare, write). */
  #acking: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(io: IocServer, options: ScreenControlOptions) {
    this.#io = io;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.book = new ScreenStatusBook(this.#now);
    this.#board = options.shared?.presence ?? null;
    this.#acks = options.shared?.acks ?? new MemoryTakeoverAcks();
    this.#thumbnails = options.shared?.thumbnails ?? new MemoryThumbnails();
    // Another process's screens changed: tell this process's consoles.
    if (options.shared) io.on('ioc:screens', () => this.#schedule());
  }

  /** The registered screens, numbered in config order, with their groups. */
  screens(): ScreenInfo[] {
    return this.#index().list;
  }

  screen(id: string): ScreenInfo | undefined {
    return this.#index().byId.get(id);
  }

  #index() {
    const config = this.#options.config();
    if (this.#screens?.config !== config) {
      const list = [...config.screens.values()].map((screen, index): ScreenInfo => ({
        id: screen.id,
        number: index + 1,
        name: screen.name,
        location: screen.location ?? null,
        profile: screen.profile,
        audience: screen.audience,
        resolution: screen.resolution,
        groups: screenGroups(screen),
      }));
      this.#screens = { config, list, byId: new Map(list.map((screen) => [screen.id, screen])) };
    }
    return this.#screens;
  }

  /** Called by the gateway for every new connection, with what its handshake proved. */
  attach(socket: IocSocket, grant: ConnectionGrant): void {
    const screenId = grant.screenId;
    if (screenId) this.#attachScreen(socket, screenId);
    socket.on('console:watch', (ack) => {
      if (typeof ack !== 'function') return;
      if (!grant.controlsScreens) {
        ack({
          ok: false,
          error: {
            code: 'forbidden',
            message: {
              vi: 'Chỉ người vận hành và quản trị xem được trạng thái màn hình',
              en: 'Only operators and administrators may watch the screens',
            },
          },
        });
        return;
      }
      void socket.join(CONSOLE_ROOM);
      this.update().then(
        (update) => ack({ ok: true, update }),
        (error: unknown) => {
          this.#options.onError?.(error);
          ack({
            ok: false,
            error: {
              code: 'unavailable',
              message: {
                vi: 'Chưa đọc được trạng thái màn hình, thử lại',
                en: 'Screen statuses unavailable, try again',
              },
            },
          });
        },
      );
    });
  }

  #attachScreen(socket: IocSocket, screenId: string): void {
    void socket.join(screenRoom(screenId));
    this.book.connected(socket.id, screenId);
    this.#changed();

    socket.on('screen:heartbeat', (raw) => {
      if (typeof raw !== 'object' || raw === null) return;
      const heartbeat = sanitizeHeartbeat(raw, screenId);
      this.book.heartbeat(socket.id, heartbeat);
      this.#changed();
      // A screen that reboots (or reconnects) while an operator has it dimmed or blanked is put
      // back so. Only a mode set since this server started counts: after a restart the server
      // knows of none and leaves each screen as it is. Shared, a mode set through any process
      // counts (read with the board, at least once a second).
      const mode = this.#options.shared
        ? (this.#view.orders.get(screenId)?.mode ?? null)
        : this.book.operatorMode(screenId);
      if (mode && heartbeat.mode !== mode) {
        const kind = mode === 'normal' ? 'wake' : mode;
        socket.emit('screen:command', { id: `restore-${++this.#commands}`, kind }, () => {});
      }
    });
    socket.on('screen:takeover-ack', (raw) => {
      const ack = sanitizeTakeoverAck(raw);
      if (!ack) return;
      // The screen is the one its socket proved at the handshake, never one the message names.
      this.#acking = this.#acking.then(() => this.#acknowledge(screenId, ack, 0)).catch(this.#failed);
    });
    socket.on('disconnect', () => {
      this.book.disconnected(socket.id);
      this.#changed();
    });
  }

  async #acknowledge(
    screenId: string,
    ack: NonNullable<ReturnType<typeof sanitizeTakeoverAck>>,
    tries: number,
  ): Promise<void> {
    const takeover = this.#options.takeovers().find((item) => item.id === ack.takeoverId);
    if (!takeover && this.#options.shared && tries < UNKNOWN_TAKEOVER_RETRIES && !this.#stopped) {
      setTimeout(() => {
        this.#acking = this.#acking.then(() => this.#acknowledge(screenId, ack, tries + 1)).catch(this.#failed);
      }, UNKNOWN_TAKEOVER_RETRY_MS).unref();
      return;
    }
    const changed = await recordTakeoverAck(this.#acks, {
      screenId,
      takeover,
      screens: this.screens(),
      shownAt: ack.shownAt,
      visibility: ack.visibility,
      now: this.#now(),
    });
    if (changed) this.#changed();
  }

  readonly #failed = (error: unknown): void => this.#options.onError?.(error);

  /** Something changed here: this process's consoles and the other processes hear of it. */
  #changed(): void {
    this.#changedHere = true;
    this.#schedule();
  }

  /** A shared store's failure as a 503; this process's own memory does not fail so. */
  async #shared<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (!this.#options.shared) throw error;
      throw new SharedStateUnavailable(`screens' shared state (Redis) unavailable: ${String(error)}`, { cause: error });
    }
  }

  /** What every process says now, merged per screen. */
  #read(): Promise<View> {
    return this.#shared(() => this.#readShared());
  }

  async #readShared(): Promise<View> {
    const { list } = this.#index();
    const active = this.#options.takeovers().map((takeover) => takeover.id);
    const ids = list.map((screen) => screen.id);
    const [others, acks, thumbnails, orders] = await Promise.all([
      this.#board ? this.#board.others() : [],
      this.#acks.of(active),
      this.#thumbnails.takenAt(ids),
      this.#options.shared ? this.#options.shared.orders.of(ids) : new Map<string, ScreenOrders>(),
    ]);
    const byScreen = new Map<string, ScreenPresence[]>();
    for (const entry of [...this.book.entries(), ...others]) {
      const same = byScreen.get(entry.screenId);
      if (same) same.push(entry);
      else byScreen.set(entry.screenId, [entry]);
    }
    const now = this.#now();
    const before = this.#view.presence;
    const presence = new Map<string, ScreenPresence>();
    for (const screenId of new Set([...before.keys(), ...byScreen.keys()])) {
      presence.set(screenId, mergePresence(screenId, byScreen.get(screenId) ?? [], before.get(screenId), now));
    }
    this.#view = { presence, acks, thumbnails, orders };
    return this.#view;
  }

  #status(screen: ScreenInfo, view: View): ScreenStatus {
    const presence = view.presence.get(screen.id) ?? mergePresence(screen.id, [], undefined, 0);
    const orders = view.orders.get(screen.id);
    return {
      ...this.book.status(screen),
      ...(orders ? { mode: orders.mode ?? 'normal', lastCommand: orders.lastCommand } : {}),
      online: presence.online,
      since: presence.since,
      connections: presence.connections,
      heartbeat: presence.heartbeat,
      heartbeatAt: presence.heartbeatAt,
      thumbnailAt: view.thumbnails.get(screen.id) ?? null,
    };
  }

  /** Every screen's status and the active takeovers' acknowledgements, for the console. */
  async update(): Promise<ScreensUpdate> {
    const view = await this.#read();
    return {
      full: true,
      serverTime: this.#now(),
      screens: this.screens().map((screen) => this.#status(screen, view)),
      acks: view.acks,
    };
  }

  async takeoverStatuses(): Promise<TakeoverStatus[]> {
    const view = await this.#read();
    const screens = this.screens();
    return this.#options
      .takeovers()
      .map((takeover) =>
        takeoverStatusOf(takeover, screens, view.acks[takeover.id], (id) => view.presence.get(id)?.online ?? false),
      );
  }

  #schedule(): void {
    if (this.#push || this.#stopped) return;
    this.#push = setTimeout(() => {
      this.#push = null;
      this.#pushChanges().catch(this.#failed);
    }, this.#options.pushMs ?? 100);
  }

  /**
   * Publishes this process's screens to the board, reads the board, and tells this process's
   * consoles what changed since they were last told; when the change was here, the other
   * processes hear of it (their consoles read the board in turn).
   */
  async #pushChanges(): Promise<void> {
    if (this.#stopped) return;
    const changedHere = this.#changedHere;
    this.#changedHere = false;
    if (this.#board && (this.book.presenceChanged() || this.#republish)) {
      this.#republish = false;
      await this.#board.publish(this.book.entries());
    }
    const changed = new Set(this.book.drainChanged());
    const pushed = this.#pushed;
    const view = await this.#read();
    if (this.#stopped) return;
    this.#pushed = view;
    for (const [id, presence] of view.presence) {
      if (JSON.stringify(presence) !== JSON.stringify(pushed.presence.get(id))) changed.add(id);
    }
    for (const [id, at] of view.thumbnails) if (pushed.thumbnails.get(id) !== at) changed.add(id);
    for (const [id, orders] of view.orders)
      if (JSON.stringify(orders) !== JSON.stringify(pushed.orders.get(id))) changed.add(id);
    const acksChanged = JSON.stringify(view.acks) !== JSON.stringify(pushed.acks);
    if (changedHere) this.#tellOthers();
    if (changed.size === 0 && !acksChanged && !changedHere) return;
    const { byId } = this.#index();
    const screens = [...changed].map((id) => byId.get(id)).filter((screen): screen is ScreenInfo => !!screen);
    const update: ScreensUpdate = {
      full: false,
      serverTime: this.#now(),
      screens: screens.map((screen) => this.#status(screen, view)),
      acks: view.acks,
    };
    this.#io.local.to(CONSOLE_ROOM).emit('console:screens', update);
  }

  /**
   * Sends a command to each screen's sockets, on whichever process they are (the adapter's
   * `fetchSockets` and acknowledgements reach across processes), and waits for their answers (at
   * most `timeoutMs`). `build` makes the command for one screen (identify shows that screen's number).
   */
  async send(
    screenIds: readonly string[],
    build: (screen: ScreenInfo, id: string) => ScreenCommand,
    timeoutMs = 5000,
  ): Promise<CommandOutcome[]> {
    const id = `cmd-${this.#now().toString(36)}-${++this.#commands}`;
    const outcomes = await Promise.all(
      screenIds.map(async (screenId): Promise<CommandOutcome> => {
        const screen = this.screen(screenId);
        if (!screen)
          return {
            screenId,
            status: 'refused',
            at: this.#now(),
            message: { vi: 'Không có màn hình này', en: 'No such screen' },
          };
        const command = build(screen, id);
        const orders = this.#options.shared?.orders;
        const order = orders ? orderOf(command, this.#now()) : null;
        // Written before the screen hears it: with Redis away the route answers 503 and sends nothing.
        if (orders && order) await this.#shared(() => orders.sent(screenId, order.lastCommand, order.mode));
        this.book.commandSent(screenId, command);
        const outcome = await this.#sendOne(screenId, command, timeoutMs);
        this.book.commandAnswered(outcome, command.id);
        // The screen did (or did not) do it whatever Redis says now: an answer not kept is only logged.
        if (orders && order) await orders.answered(screenId, command.id, outcome).catch(this.#failed);
        return outcome;
      }),
    );
    // The other processes' consoles (and their screens' restore on reconnect) read the orders now.
    if (this.#options.shared) this.#changedHere = true;
    this.#schedule();
    return outcomes;
  }

  async #sendOne(screenId: string, command: ScreenCommand, timeoutMs: number): Promise<CommandOutcome> {
    const sockets = await this.#io.in(screenRoom(screenId)).fetchSockets();
    if (sockets.length === 0) return { screenId, status: 'offline', at: this.#now() };
    const replies = await firstSuccess(
      sockets.map((socket) =>
        socket
          .timeout(timeoutMs)
          .emitWithAck('screen:command', command)
          .catch(() => null),
      ),
    );
    const at = this.#now();
    const valid = replies.filter(
      (reply): reply is CommandReply =>
        typeof reply === 'object' && reply !== null && typeof (reply as CommandReply).ok === 'boolean',
    );
    const done = valid.find((reply) => reply.ok);
    if (done?.ok) {
      if (command.kind === 'thumbnail') {
        const image = done.image;
        if (typeof image !== 'string' || image.length > MAX_THUMBNAIL_CHARS || !THUMBNAIL.test(image)) {
          return {
            screenId,
            status: 'refused',
            at,
            message: { vi: 'Ảnh chụp không hợp lệ', en: 'The thumbnail is not a valid image' },
          };
        }
        await this.#shared(() => this.#thumbnails.put(screenId, { at: this.#now(), dataUrl: image }));
        this.#changedHere = true;
      }
      return { screenId, status: 'acked', at };
    }
    const refused = valid.find((reply) => !reply.ok);
    if (refused && !refused.ok) {
      const message = refused.message;
      const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 200) : '');
      return { screenId, status: 'refused', at, message: { vi: text(message?.vi), en: text(message?.en) } };
    }
    return { screenId, status: 'timeout', at };
  }

  /** The latest thumbnail of a screen, decoded. */
  async thumbnail(screenId: string): Promise<{ at: number; mime: string; bytes: Buffer } | null> {
    const stored = await this.#shared(() => this.#thumbnails.get(screenId));
    if (!stored) return null;
    const comma = stored.dataUrl.indexOf(',');
    const mime = stored.dataUrl.slice(5, stored.dataUrl.indexOf(';'));
    return { at: stored.at, mime, bytes: Buffer.from(stored.dataUrl.slice(comma + 1), 'base64') };
  }

  /** Offline detection, expired acknowledgements, and (shared) keeping this process's word alive, once a second. */
  start(intervalMs = 1000): void {
    this.#clock ??= setInterval(() => this.tick(), intervalMs);
    this.#clock.unref();
  }

  tick(): void {
    this.book.tick();
    // Shared: rewrite this process's entries (they expire otherwise) and notice a dead process's going.
    if (this.#options.shared) this.#republish = true;
    this.#schedule();
  }

  /** Stops the clock; shared, this process's screens leave the board at once and the others hear of it. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#clock) clearInterval(this.#clock);
    if (this.#push) clearTimeout(this.#push);
    this.#clock = null;
    this.#push = null;
    if (!this.#options.shared) return;
    await this.#board?.withdraw().catch(this.#failed);
    this.#tellOthers();
  }

  #tellOthers(): void {
    if (this.#options.shared?.reachable()) this.#io.serverSideEmit('ioc:screens');
  }
}

/**
 * The answers of a screen's sockets (a tiled or doubly opened screen has several): as soon as
 * one says it did it, or once all have answered or timed out (null). A stale socket that never
 * answers does not hold up a screen that did.
 */
function firstSuccess(answers: Array<Promise<unknown>>): Promise<unknown[]> {
  return new Promise((resolve) => {
    const settled: unknown[] = [];
    for (const answer of answers) {
      void answer.then((reply) => {
        settled.push(reply);
        const ok = typeof reply === 'object' && reply !== null && (reply as { ok?: unknown }).ok === true;
        if (ok || settled.length === answers.length) resolve([...settled]);
      });
    }
  });
}
