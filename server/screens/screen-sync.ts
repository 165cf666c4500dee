/**
 * Keeps each connected screen's setup current over its socket: sent once when the screen
 * connects, and again whenever an operator changes what it shows or the config is reloaded, so a
 * screen follows its new assignment live, without a reload.
 */
import type { IocServer } from '../realtime/socket-gateway';
import type { ScreenSetup } from '../protocol/index';

const roomOf = (screenId: string) => `screen-setup:${screenId}`;

export interface ScreenSync {
  /** Sends the current setup to the screens named, or to every connected screen. */
  push(screenIds: string[] | 'all'): void;
}

export function attachScreenSync(io: IocServer, setupOf: (screenId: string) => ScreenSetup | null): ScreenSync {
  io.on('connection', (socket) => {
    const { screenId } = socket.data;
    // Only a connection the gateway recognised as this screen (its token, or a public screen).
    if (!screenId) return;
    void socket.join(roomOf(screenId));
    const setup = setupOf(screenId);
    if (setup) socket.emit('screen:setup', setup);
  });

  const pushOne = (screenId: string) => {
    const room = roomOf(screenId);
    if ((io.sockets.adapter.rooms.get(room)?.size ?? 0) === 0) return;
    const setup = setupOf(screenId);
    if (setup) io.to(room).emit('screen:setup', setup);
  };

  return {
    push(screenIds) {
      if (screenIds !== 'all') {
        screenIds.forEach(pushOne);
        return;
      }
      for (const room of io.sockets.adapter.rooms.keys()) {
        if (room.startsWith('screen-setup:')) pushOne(room.slice('screen-setup:'.length));
      }
    },
  };
}
