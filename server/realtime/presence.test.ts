import { describe, expect, it } from 'vitest';
import { PresenceRegistry, screenRoom } from './presence';
import { ScreenStatusBook, sanitizeHeartbeat } from './screen-status';

describe('presence registry', () => {
  it('knows each screen by its sockets, and forgets a socket once', () => {
    let now = 1000;
    const presence = new PresenceRegistry(() => now);
    presence.connect('s1', 'ops');
    now += 10;
    presence.connect('s2', 'ops');
    presence.connect('s3', 'led');
    expect(presence.socketsOf('ops')).toEqual(['s1', 's2']);
    expect(presence.connectedScreens()).toEqual(['ops', 'led']);
    expect(presence.screenOf('s3')).toBe('led');
    now += 10;
    expect(presence.heard('s2', sanitizeHeartbeat({ fps: 60 }, 'ops'))).toMatchObject({
      socketId: 's2',
      connectedAt: 1010,
      lastSeenAt: 1020,
    });
    expect(presence.heard('stranger', sanitizeHeartbeat({ fps: 60 }, 'ops'))).toBeNull();
    expect(presence.disconnect('s3')).toMatchObject({ screenId: 'led' });
    expect(presence.disconnect('s3')).toBeNull();
    expect(presence.connectedScreens()).toEqual(['ops']);
    expect([...presence.values()].map((connection) => connection.socketId)).toEqual(['s1', 's2']);
  });

  it("is the status book's own record of sockets: what the book enters, a reader of the registry sees", () => {
    const presence = new PresenceRegistry(() => 5);
    const book = new ScreenStatusBook(() => 5, presence);
    book.connected('s1', 'ops');
    book.heartbeat('s1', sanitizeHeartbeat({ fps: 30 }, 'ops'));
    expect([...presence.values()]).toEqual([
      expect.objectContaining({ screenId: 'ops', socketId: 's1', lastHeartbeat: expect.objectContaining({ fps: 30 }) }),
    ]);
    book.disconnected('s1');
    expect(presence.socketsOf('ops')).toEqual([]);
  });

  it('gives a screen one room', () => {
    expect(screenRoom('ops')).toBe('screen:ops');
  });
});
