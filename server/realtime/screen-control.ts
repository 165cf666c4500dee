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
  ServerToClientEvents,
  SocketData,
  TakeoverStatus,
} from '../protocol/index';
import type { TakeoverItem } from '../protocol/topics';
import { screenGroups } from '../protocol/targeting';
import type { LoadedConfig } from '../config/load-config';
import type { ConnectionGrant, IocServer } from './socket-gateway';
import { ScreenStatusBook, sanitizeHeartbeat, sanitizeTakeoverAck, type ScreenInfo } from './screen-status';
import { screenRoom } from './presence';

type IocSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

const CONSOLE_ROOM = 'console:screens';
export { screenRoom };

/** Thumbnails are small JPEGs; anything bigger is not what we asked for. */
const MAX_THUMBNAIL_CHARS = 600_000;
const THUMBNAIL = /^data:image\/(jpeg|png);base64,[A-Za-z0-9+/]+=*$/;

export interface ScreenControlOptions {
  config: () => LoadedConfig;
  /** The takeovers on the alert lane now (`alerts.takeovers`). */
  takeovers: () => TakeoverItem[];
  now?: () => number;
  /** Console updates are coalesced over this window (heartbeats of many screens arrive apart). */
  pushMs?: number;
}

export class ScreenControl {
  readonly book: ScreenStatusBook;
  readonly #io: IocServer;
  readonly #options: ScreenControlOptions;
  readonly #now: () => number;
  #screens: { config: LoadedConfig; list: ScreenInfo[]; byId: Map<string, ScreenInfo> } | null = null;
  #push: NodeJS.Timeout | null = null;
  #clock: NodeJS.Timeout | null = null;
  #commands = 0;

  constructor(io: IocServer, options: ScreenControlOptions) {
    this.#io = io;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.book = new ScreenStatusBook(this.#now);
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
      ack({ ok: true, update: this.update(true) });
    });
  }

  #attachScreen(socket: IocSocket, screenId: string): void {
    void socket.join(screenRoom(screenId));
    this.book.connected(socket.id, screenId);
    this.#schedule();

    socket.on('screen:heartbeat', (raw) => {
      if (typeof raw !== 'object' || raw === null) return;
      const heartbeat = sanitizeHeartbeat(raw, screenId);
      this.book.heartbeat(socket.id, heartbeat);
      this.#schedule();
      // A screen that reboots (or reconnects) while an operator has it dimmed or blanked is put
      // back so. Only a mode set since this server started counts: after a restart the server
      // knows of none and leaves each screen as it is.
      const mode = this.book.operatorMode(screenId);
      if (mode && heartbeat.mode !== mode) {
        const kind = mode === 'normal' ? 'wake' : mode;
        socket.emit('screen:command', { id: `restore-${++this.#commands}`, kind }, () => {});
      }
    });
    socket.on('screen:takeover-ack', (raw) => {
      const ack = sanitizeTakeoverAck(raw);
      if (!ack) return;
      const takeover = this.#options.takeovers().find((item) => item.id === ack.takeoverId);
      // The screen is the one its socket proved at the handshake, never one the message names.
      if (this.book.ack(screenId, takeover, this.screens(), ack.shownAt, ack.visibility)) this.#schedule();
    });
    socket.on('disconnect', () => {
      this.book.disconnected(socket.id);
      this.#schedule();
    });
  }

  /** Statuses for the console: every screen when `full`, else those that changed. */
  update(full: boolean): ScreensUpdate {
    const { list, byId } = this.#index();
    let screens: ScreenInfo[];
    if (full) {
      screens = list;
    } else {
      const changed = this.book.drainChanged().screens;
      screens = changed.map((id) => byId.get(id)).filter((screen): screen is ScreenInfo => screen !== undefined);
    }
    return {
      full,
      serverTime: this.#now(),
      screens: screens.map((screen) => this.book.status(screen)),
      acks: this.book.acks(),
    };
  }

  takeoverStatuses(): TakeoverStatus[] {
    const screens = this.screens();
    return this.#options.takeovers().map((takeover) => this.book.takeoverStatus(takeover, screens));
  }

  #schedule(): void {
    if (this.#push) return;
    this.#push = setTimeout(() => {
      this.#push = null;
      const update = this.update(false);
      this.#io.to(CONSOLE_ROOM).emit('console:screens', update);
    }, this.#options.pushMs ?? 100);
  }

  /**
   * Sends a command to each screen's sockets and waits for their answers (at most `timeoutMs`).
   * `build` makes the command for one screen (identify shows that screen's number).
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
        this.book.commandSent(screenId, command);
        const outcome = await this.#sendOne(screenId, command, timeoutMs);
        this.book.commandAnswered(outcome, command.id);
        return outcome;
      }),
    );
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
        this.book.setThumbnail(screenId, image);
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
  thumbnail(screenId: string): { at: number; mime: string; bytes: Buffer } | null {
    const stored = this.book.thumbnail(screenId);
    if (!stored) return null;
    const comma = stored.dataUrl.indexOf(',');
    const mime = stored.dataUrl.slice(5, stored.dataUrl.indexOf(';'));
    return { at: stored.at, mime, bytes: Buffer.from(stored.dataUrl.slice(comma + 1), 'base64') };
  }

  /** Offline detection and expired acknowledgements, once a second. */
  start(intervalMs = 1000): void {
    this.#clock ??= setInterval(() => this.tick(), intervalMs);
    this.#clock.unref();
  }

  tick(): void {
    this.book.tick(this.#options.takeovers());
    if (this.book.hasChanges()) this.#schedule();
  }

  stop(): void {
    if (this.#clock) clearInterval(this.#clock);
    if (this.#push) clearTimeout(this.#push);
    this.#clock = null;
    this.#push = null;
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
