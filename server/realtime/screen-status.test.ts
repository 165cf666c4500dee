import { describe, expect, it } from 'vitest';
import {
  OFFLINE_AFTER_MS,
  ScreenStatusBook,
  UNCHECKED_REASON,
  sanitizeHeartbeat,
  sanitizeTakeoverAck,
  type ScreenInfo,
} from './screen-status';
import { screenGroups } from '../protocol/targeting';

const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);

function screen(id: string, number: number, profile: string, audience: 'internal' | 'public'): ScreenInfo {
  return {
    id,
    number,
    name: { vi: id, en: id },
    location: null,
    profile,
    audience,
    resolution: [1920, 1080],
    groups: screenGroups({ id, profile, audience }),
  };
}
const SCREENS = [
  screen('main', 1, 'wall', 'internal'),
  screen('phan-anh', 2, 'wall', 'internal'),
  screen('led-dong-kinh', 3, 'led', 'public'),
];

function book() {
  let now = T0;
  const b = new ScreenStatusBook(() => now);
  return { b, advance: (ms: number) => (now += ms), at: () => now };
}

const beat = (screenId: string, extra: Record<string, unknown> = {}) =>
  sanitizeHeartbeat({ fps: 60, memoryMb: 80, latencyMs: 12, ...extra }, screenId);

describe('screen status book', () => {
  it('is online from connect, offline after 15 s without a heartbeat (dated from the silence), online again on the next one', () => {
    const { b, advance, at } = book();
    expect(b.status(SCREENS[0]!)).toMatchObject({ online: false, since: null, connections: 0 });
    b.connected('s1', 'main');
    expect(b.status(SCREENS[0]!)).toMatchObject({ online: true, since: T0, connections: 1 });
    advance(5000);
    b.heartbeat('s1', beat('main'));
    const lastBeat = at();
    advance(OFFLINE_AFTER_MS - 1);
    b.tick();
    expect(b.isOnline('main')).toBe(true);
    advance(1);
    b.tick();
    expect(b.status(SCREENS[0]!)).toMatchObject({ online: false, since: lastBeat + OFFLINE_AFTER_MS, connections: 1 });
    advance(3000);
    b.heartbeat('s1', beat('main', { fps: 30 }));
    expect(b.status(SCREENS[0]!)).toMatchObject({
      online: true,
      since: at(),
      heartbeat: { fps: 30, memoryMb: 80, latencyMs: 12 },
    });
  });

  it('is offline the moment its last socket closes, and stays online while another is open', () => {
    const { b, advance, at } = book();
    b.connected('a', 'main');
    b.connected('b', 'main');
    advance(1000);
    b.disconnected('a');
    expect(b.status(SCREENS[0]!)).toMatchObject({ online: true, connections: 1 });
    advance(1000);
    b.disconnected('b');
    expect(b.status(SCREENS[0]!)).toMatchObject({ online: false, since: at(), connections: 0 });
    b.disconnected('unknown');
  });

  it('takes heartbeats from sockets of a screen only, under the screen the socket proved', () => {
    const { b } = book();
    b.heartbeat('stranger', beat('main'));
    expect(b.status(SCREENS[0]!).heartbeat).toBeNull();
    b.connected('s1', 'led-dong-kinh');
    b.heartbeat(
      's1',
      sanitizeHeartbeat(
        {
          screenId: 'main',
          fps: 'fast',
          memoryMb: Infinity,
          dashboard: 'x'.repeat(500),
          mode: 'party',
          extra: 'ignored',
        },
        'led-dong-kinh',
      ),
    );
    const { heartbeat } = b.status(SCREENS[2]!);
    expect(heartbeat).toMatchObject({ screenId: 'led-dong-kinh', fps: 0, memoryMb: null, mode: 'normal' });
    expect(heartbeat?.dashboard).toHaveLength(64);
    expect(heartbeat).not.toHaveProperty('extra');
    expect(b.status(SCREENS[0]!).heartbeat).toBeNull();
  });

  it('takes a screen’s acknowledgement as its word: bounded, and unchecked (an older build) is not "visible"', () => {
    expect(sanitizeTakeoverAck({ takeoverId: 't', shownAt: 5, visible: true })).toEqual({
      takeoverId: 't',
      shownAt: 5,
      visibility: { visible: true },
    });
    expect(sanitizeTakeoverAck({ takeoverId: 't', shownAt: 5 })).toEqual({
      takeoverId: 't',
      shownAt: 5,
      visibility: { visible: false, reason: UNCHECKED_REASON },
    });
    const long = sanitizeTakeoverAck({
      takeoverId: 't',
      shownAt: 'x',
      visible: false,
      reason: { vi: 'x'.repeat(5000), en: 42 },
    });
    expect(long).toEqual({
      takeoverId: 't',
      shownAt: null,
      visibility: { visible: false, reason: { vi: 'x'.repeat(200), en: 'no reason given' } },
    });
    expect(sanitizeTakeoverAck({ takeoverId: '', visible: true })).toBeNull();
    expect(sanitizeTakeoverAck(null)).toBeNull();
  });

  it('remembers the mode an operator set and the last command with its outcome', () => {
    const { b, advance } = book();
    b.commandSent('main', { id: 'c1', kind: 'blank' });
    expect(b.mode('main')).toBe('blank');
    advance(40);
    b.commandAnswered({ screenId: 'main', status: 'acked', at: T0 + 40 }, 'c1');
    b.commandAnswered({ screenId: 'main', status: 'timeout', at: T0 + 50 }, 'an-older-one');
    expect(b.status(SCREENS[0]!)).toMatchObject({
      mode: 'blank',
      lastCommand: { id: 'c1', kind: 'blank', sentAt: T0, outcome: { status: 'acked', at: T0 + 40 } },
    });
    b.commandSent('main', { id: 'c2', kind: 'wake' });
    expect(b.mode('main')).toBe('normal');
    expect(b.drainChanged()).toEqual(['main']);
  });
});
