import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Playlist } from '../../config/schema/playlist';
import { PlaylistPlayer, type PlaylistShift, type ShiftMemory } from './playlist-player.svelte';

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

  it('an operator skips now, and the rotation goes on from there in the playlist order, each item its own duration', () => {
    const player = new PlaylistPlayer(() => Date.now());
    expect(player.skip(1)).toBe(false); // nothing plays yet
    player.play(playlist, 'Asia/Ho_Chi_Minh');
    expect(player.position).toMatchObject({ index: 0, dashboard: 'a' });
    expect(player.skip(1)).toBe(true);
    expect(player.position).toMatchObject({ index: 1, dashboard: 'b', startedAt: midnight + 9_000 });
    expect(player.position?.endsAt).toBe(midnight + 29_000);
    expect(player.skip(-1)).toBe(true);
    expect(player.position).toMatchObject({ index: 0, dashboard: 'a', endsAt: midnight + 19_000 });
    expect(player.skip(-1)).toBe(true); // wraps round
    expect(player.position?.index).toBe(1);
    vi.advanceTimersByTime(20_000 + 5);
    expect(player.position).toMatchObject({ index: 0, dashboard: 'a', startedAt: midnight + 29_000 });
    player.stop();
  });

  it('never goes backwards after next, next (budget → investment → retail → investment was the bug)', () => {
    const four: Playlist = {
      ...playlist,
      items: ['grdp', 'budget', 'investment', 'retail'].map((dashboard) => ({ dashboard, duration: 45 })),
    };
    const player = new PlaylistPlayer(() => Date.now());
    player.play(four, 'Asia/Ho_Chi_Minh');
    vi.advanceTimersByTime(45_000); // budget is on, 9 s in
    expect(player.position?.dashboard).toBe('budget');
    player.skip(1);
    vi.advanceTimersByTime(10_000);
    player.skip(1);
    vi.advanceTimersByTime(20_000); // mid-item from here on
    const shown = [player.position!.dashboard];
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(45_000);
      shown.push(player.position!.dashboard);
    }
    expect(shown).toEqual(['retail', 'grdp', 'budget', 'investment', 'retail', 'grdp']);
    player.stop();
  });

  it('a tile that reloads comes back in step with the others after a next', () => {
    let kept: PlaylistShift | null = null;
    const memory: ShiftMemory = { load: () => kept, save: (shift) => (kept = shift) };
    const tile = new PlaylistPlayer(() => Date.now(), memory);
    tile.play(playlist, 'Asia/Ho_Chi_Minh');
    tile.skip(1);
    vi.advanceTimersByTime(25_000);
    const before = tile.position;
    tile.stop();
    const reloaded = new PlaylistPlayer(() => Date.now(), memory);
    reloaded.play(playlist, 'Asia/Ho_Chi_Minh');
    expect(reloaded.position).toEqual(before);
    // Another playlist does not inherit the shift.
    const other = new PlaylistPlayer(() => Date.now(), memory);
    other.play({ ...playlist, id: 'q' }, 'Asia/Ho_Chi_Minh');
    expect(other.position?.startedAt).toBe(midnight + 30_000);
    reloaded.stop();
    other.stop();
  });

  it('a switch to another dashboard holds until the scheduled item ends, then every tile is back on the schedule', () => {
    const player = new PlaylistPlayer(() => Date.now());
    player.play(playlist, 'Asia/Ho_Chi_Minh');
    expect(player.show('kpi-spotlight')).toBe(true);
    expect(player.position?.dashboard).toBe('kpi-spotlight');
    vi.advanceTimersByTime(1000 + 5);
    expect(player.position).toMatchObject({ index: 1, dashboard: 'b', startedAt: midnight + 10_000 });
    player.stop();
  });
});
