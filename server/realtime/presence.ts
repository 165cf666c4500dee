/**
 * Which screens are connected now, by which sockets, and what each socket last said: the one
 * registry of screen presence. The status book (online, since, the console) writes it and reads
 * it; the gateway and the health route read it; the screen sync finds a screen's sockets in it.
 *
 * A socket is here only when its handshake proved a screen (its token): an anonymous viewer has
 * no presence, whatever it claims. And one Socket.IO room per screen, `screen:<id>`, carries both
 * the operators' commands and the screen's setup.
 */
import type { ScreenHeartbeat } from '../protocol/index';

/** The room of one screen's sockets: commands and its setup are sent there. */
export const screenRoom = (screenId: string): string => `screen:${screenId}`;

/** One open socket of a screen. */
export interface ScreenConnection {
  screenId: string;
  socketId: string;
  connectedAt: number;
  lastHeartbeat: ScreenHeartbeat | null;
  lastSeenAt: number;
}

export class PresenceRegistry {
  readonly #bySocket = new Map<string, ScreenConnection>();
  readonly #byScreen = new Map<string, Set<string>>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  connect(socketId: string, screenId: string): ScreenConnection {
    this.disconnect(socketId);
    const now = this.#now();
    const connection: ScreenConnection = { screenId, socketId, connectedAt: now, lastHeartbeat: null, lastSeenAt: now };
    this.#bySocket.set(socketId, connection);
    let sockets = this.#byScreen.get(screenId);
    if (!sockets) this.#byScreen.set(screenId, (sockets = new Set()));
    sockets.add(socketId);
    return connection;
  }

  /** Forgets a socket; returns what it was, or null for a socket that was no screen. */
  disconnect(socketId: string): ScreenConnection | null {
    const connection = this.#bySocket.get(socketId);
    if (!connection) return null;
    this.#bySocket.delete(socketId);
    const sockets = this.#byScreen.get(connection.screenId);
    sockets?.delete(socketId);
    if (sockets?.size === 0) this.#byScreen.delete(connection.screenId);
    return connection;
  }

  /** A heartbeat of a screen's socket; null for a socket that is no screen (it is ignored). */
  heard(socketId: string, heartbeat: ScreenHeartbeat): ScreenConnection | null {
    const connection = this.#bySocket.get(socketId);
    if (!connection) return null;
    connection.lastHeartbeat = heartbeat;
    connection.lastSeenAt = this.#now();
    return connection;
  }

  /** The screen of a socket, as proven at its handshake (never what a message says). */
  screenOf(socketId: string): string | null {
    return this.#bySocket.get(socketId)?.screenId ?? null;
  }

  /** The ids of a screen's open sockets. */
  socketsOf(screenId: string): string[] {
    return [...(this.#byScreen.get(screenId) ?? [])];
  }

  /** The screens with at least one socket open. */
  connectedScreens(): string[] {
    return [...this.#byScreen.keys()];
  }

  /** Every open screen socket. */
  values(): IterableIterator<ScreenConnection> {
    return this.#bySocket.values();
  }
}
