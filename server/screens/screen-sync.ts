/**
 * Keeps each connected screen's setup current over its socket: sent once when the screen
 * connects, and again whenever an operator changes what it shows or the config is reloaded, so a
 * screen follows its new assignment live, without a reload. A screen that no longer shows a topic
 * leaves its room at once; a removed screen is disconnected.
 *
 * The setup goes to the screen's one room, `screen:<id>`, which screen control puts its sockets
 * in as it enters them in the presence registry; the connected screens are read from there.
 */
import type { IocServer } from '../realtime/socket-gateway';
import type { ScreenSetup } from '../protocol/index';
import { screenRoom, type PresenceRegistry } from '../realtime/presence';

export interface ScreenSyncOptions {
  /** The screens connected now, and their sockets. */
  presence: PresenceRegistry;
  exists: (screenId: string) => boolean;
  /** The screen's setup now, or null when it no longer exists (or cannot be drawn). */
  setupOf: (screenId: string) => ScreenSetup | null;
  /** The topics the screen may read now. */
  topicsOf: (screenId: string) => ReadonlySet<string>;
  /** The topic a Socket.IO room carries, or null for other rooms. */
  topicOfRoom: (room: string) => string | null;
}

export interface ScreenSync {
  /** Sends the current setup to the screens named, or to every connected screen. */
  push(screenIds: string[] | 'all'): void;
}

export function attachScreenSync(io: IocServer, options: ScreenSyncOptions): ScreenSync {
  io.on('connection', (socket) => {
    const { screenId } = socket.data;
    // Only a connection the gateway recognised as this screen (by its token).
    if (!screenId) return;
    const setup = options.setupOf(screenId);
    if (setup) socket.emit('screen:setup', setup);
  });

  const { presence } = options;
  const pushOne = (screenId: string) => {
    const sockets = presence.socketsOf(screenId);
    if (sockets.length === 0) return;
    const room = screenRoom(screenId);
    if (!options.exists(screenId)) {
      // Removed: its token is revoked too, so it comes back, if at all, as the public.
      io.in(room).disconnectSockets(true);
      return;
    }
    const setup = options.setupOf(screenId);
    if (setup) io.to(room).emit('screen:setup', setup);
    const allowed = options.topicsOf(screenId);
    for (const socketId of sockets) {
      const socket = io.sockets.sockets.get(socketId);
      if (!socket) continue;
      for (const joined of socket.rooms) {
        const topic = options.topicOfRoom(joined);
        if (topic !== null && !allowed.has(topic)) void socket.leave(joined);
      }
    }
  };

  return {
    push(screenIds) {
      if (screenIds !== 'all') {
        screenIds.forEach(pushOne);
        return;
      }
      presence.connectedScreens().forEach(pushOne);
    },
  };
}
