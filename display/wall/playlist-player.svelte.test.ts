import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Playlist } from '../../config/schema/playlist';
import { PlaylistPlayer } from './playlist-player.svelte';

const playlist: Playlist = {
  version: 1,
  id: 'p',
  name: { vi: 'p', en: 'p' },
  transition: 'fade',
  transitionMs: 800,
  items: [
    { dashboard: 'a', duration: 10 },
    { dashboard: 'b', duration: 20 },
  ],
};
const midnight = Date.parse('2026-11-30T00:00:00+07:00');

describe('PlaylistPlayer', () => {
  beforeEach(() => vi.useFakeTimers({ now: midnight + 9_000 }));
  afterEach(() => vi.useRealTimers());

  it('moves on at the item end measured in server time, not at the next tick of its own clock', () => {
    // This screen's clock is 400 ms behind the server's.
    const player = new PlaylistPlayer(() => Date.now() + 400);
    player.play(playlist, 'Asia/Ho_Chi_Minh');
    expect(player.position).toMatchObject({ index: 0, dashboard: 'a' });
    vi.advanceTimersByTime(600 - 1);
    expect(player.position?.index).toBe(0);
    vi.advanceTimersByTime(1 + 5);
    expect(player.position).toMatchObject({ index: 1, dashboard: 'b', startedAt: midnight + 10_000 });
    vi.advanceTimersByTime(20_000);
    expect(player.position).toMatchObject({ index: 0, startedAt: midnight + 30_000 });
    player.stop();
  });

  it('follows a new playlist at once and stops with none', () => {
    const player = new PlaylistPlayer(() => Date.now());
    player.play(playlist, 'Asia/Ho_Chi_Minh');
    player.play({ ...playlist, id: 'q', items: [{ dashboard: 'c', duration: 60 }] }, 'Asia/Ho_Chi_Minh');
    expect(player.position?.dashboard).toBe('c');
    player.play(null, 'Asia/Ho_Chi_Minh');
    expect(player.position).toBeNull();
  });

  it('an operator skips or switches now, and the schedule takes over again at the item end', () => {
    const player = new PlaylistPlayer(() => Date.now());
    expect(player.skip(1)).toBe(false); // nothing plays yet
    player.play(playlist, 'Asia/Ho_Chi_Minh');
    expect(player.position).toMatchObject({ index: 0, dashboard: 'a' });
    expect(player.skip(1)).toBe(true);
    expect(player.position).toMatchObject({ index: 1, dashboard: 'b', endsAt: midnight + 10_000 });
    expect(player.skip(-1)).toBe(true);
    expect(player.position).toMatchObject({ index: 0, dashboard: 'a' });
    expect(player.skip(-1)).toBe(true); // wraps round
    expect(player.position?.index).toBe(1);
    expect(player.show('kpi-spotlight')).toBe(true);
    expect(player.position?.dashboard).toBe('kpi-spotlight');
    // At the scheduled edge every tile is back on the same item.
    vi.advanceTimersByTime(1000 + 5);
    expect(player.position).toMatchObject({ index: 1, dashboard: 'b', startedAt: midnight + 10_000 });
    player.stop();
  });
});
