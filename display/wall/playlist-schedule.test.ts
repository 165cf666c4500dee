import { describe, expect, it } from 'vitest';
import type { Playlist, PlaylistItem } from '../../config/schema/playlist';
import { cityClock, currentItem } from './playlist-schedule';

const ZONE = 'Asia/Ho_Chi_Minh';
/** Epoch ms of a wall-clock time in Lạng Sơn (UTC+7, no daylight saving). */
const at = (local: string): number => Date.parse(`${local}+07:00`);
const S = 1000;

function playlist(items: PlaylistItem[], extra: Partial<Playlist> = {}): Playlist {
  return { version: 1, id: 'p', name: { vi: 'p', en: 'p' }, items, transition: 'fade', transitionMs: 800, ...extra };
}

describe('cityClock', () => {
  it('reads the time of day and the weekday in the city, not on the machine', () => {
    // 16:59:59Z is 23:59:59 on Friday in Lạng Sơn; one second later it is Saturday midnight.
    expect(cityClock(Date.parse('2026-11-27T16:59:59Z'), ZONE)).toEqual({ msOfDay: 86_399_000, weekday: 'fri' });
    expect(cityClock(Date.parse('2026-11-27T17:00:00Z'), ZONE)).toEqual({ msOfDay: 0, weekday: 'sat' });
    expect(cityClock(Date.parse('2026-11-27T17:00:00.250Z'), ZONE).msOfDay).toBe(250);
    expect(cityClock(Date.parse('2026-11-27T17:00:00Z'), 'Europe/Paris')).toEqual({
      msOfDay: 18 * 3_600_000,
      weekday: 'fri',
    });
  });
});

describe('currentItem: rotation', () => {
  const list = playlist([
    { dashboard: 'a', duration: 30 },
    { dashboard: 'b', duration: 60 },
    { dashboard: 'c', duration: 30 },
  ]);
  const midnight = at('2026-11-28T00:00:00');

  it('plays each item for its duration, in order, from local midnight', () => {
    const cases: Array<[number, number, number, number]> = [
      // [ms after midnight, index, startedAt offset, endsAt offset]
      [0, 0, 0, 30 * S],
      [30 * S - 1, 0, 0, 30 * S],
      [30 * S, 1, 30 * S, 90 * S],
      [90 * S - 1, 1, 30 * S, 90 * S],
      [90 * S, 2, 90 * S, 120 * S],
      [120 * S, 0, 120 * S, 150 * S],
      // Hours later the cycle is still counted from midnight: 10:00:45 is 300 cycles + 45 s.
      [10 * 3_600_000 + 45 * S, 1, 10 * 3_600_000 + 30 * S, 10 * 3_600_000 + 90 * S],
    ];
    for (const [offset, index, started, ends] of cases) {
      const position = currentItem(list, midnight + offset, ZONE);
      expect({
        offset,
        index: position.index,
        startedAt: position.startedAt - midnight,
        endsAt: position.endsAt - midnight,
      }).toEqual({
        offset,
        index,
        startedAt: started,
        endsAt: ends,
      });
    }
  });

  it('gives every screen the same answer for the same server time (tiles change together)', () => {
    const now = at('2026-11-28T14:03:29.999');
    expect(currentItem(list, now, ZONE)).toEqual(currentItem(structuredClone(list), now, ZONE));
    const before = currentItem(list, now, ZONE);
    const after = currentItem(list, now + 1, ZONE);
    expect(after.index).not.toBe(before.index);
    expect(after.startedAt).toBe(before.endsAt);
  });

  it('restarts the rotation at midnight, cutting the item that runs over', () => {
    // 86,400 s is not a multiple of a 70 s cycle: the last item before midnight is cut short.
    const odd = playlist([
      { dashboard: 'a', duration: 40 },
      { dashboard: 'b', duration: 30 },
    ]);
    const last = currentItem(odd, at('2026-11-28T23:59:59.999'), ZONE);
    expect(last.endsAt).toBe(at('2026-11-29T00:00:00'));
    expect(86_400 % 70).toBe(20);
    expect(last).toMatchObject({ index: 0, startedAt: at('2026-11-28T23:59:40') });
    const first = currentItem(odd, at('2026-11-29T00:00:00'), ZONE);
    expect(first).toMatchObject({ index: 0, startedAt: at('2026-11-29T00:00:00'), endsAt: at('2026-11-29T00:00:40') });
  });

  it('uses the city time zone from config: the same instant is another place in the day elsewhere', () => {
    const morning = playlist([
      { dashboard: 'tourism', duration: 60, daypart: { from: '06:00', to: '10:00' } },
      { dashboard: 'city', duration: 60 },
    ]);
    const instant = Date.parse('2026-11-28T00:30:00Z'); // 07:30 in Lạng Sơn, 01:30 in Paris
    expect(currentItem(morning, instant, ZONE).dashboard).toBe('tourism');
    expect(currentItem(morning, instant, 'Europe/Paris').dashboard).toBe('city');
  });
});

describe('currentItem: dayparts', () => {
  // The public panels: tourism in the morning, traffic at rush hours on weekdays, news always.
  const panels = playlist([
    { dashboard: 'tourism', duration: 40, daypart: { from: '06:00', to: '10:00' } },
    {
      dashboard: 'traffic',
      duration: 20,
      daypart: { from: '07:00', to: '08:30', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
    },
    {
      dashboard: 'traffic',
      duration: 20,
      daypart: { from: '16:30', to: '18:30', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
    },
    { dashboard: 'news', duration: 30 },
  ]);

  it('shows only the items whose daypart holds, and restarts the rotation at each edge', () => {
    expect(currentItem(panels, at('2026-11-30T05:59:59'), ZONE).dashboard).toBe('news');
    // 06:00 on Monday: tourism joins, and the new rotation starts with it at once.
    const six = currentItem(panels, at('2026-11-30T06:00:00'), ZONE);
    expect(six).toMatchObject({
      index: 0,
      dashboard: 'tourism',
      startedAt: at('2026-11-30T06:00:00'),
      endsAt: at('2026-11-30T06:00:40'),
    });
    expect(currentItem(panels, at('2026-11-30T06:00:40'), ZONE)).toMatchObject({
      dashboard: 'news',
      endsAt: at('2026-11-30T06:01:10'),
    });
    // 07:00 Monday: rush hour; the cycle is tourism 40 + traffic 20 + news 30.
    expect(currentItem(panels, at('2026-11-30T07:00:00'), ZONE)).toMatchObject({ index: 0, dashboard: 'tourism' });
    expect(currentItem(panels, at('2026-11-30T07:00:45'), ZONE)).toMatchObject({ index: 1, dashboard: 'traffic' });
    expect(currentItem(panels, at('2026-11-30T07:01:05'), ZONE)).toMatchObject({ index: 3, dashboard: 'news' });
    expect(currentItem(panels, at('2026-11-30T07:01:30'), ZONE)).toMatchObject({ index: 0 });
    // Evening rush: the second traffic item, not the morning one.
    expect(currentItem(panels, at('2026-11-30T17:00:00'), ZONE)).toMatchObject({ index: 2, dashboard: 'traffic' });
    // 10:00 ends tourism: the item running at 09:59:59 is cut at 10:00.
    expect(currentItem(panels, at('2026-11-30T09:59:59'), ZONE).endsAt).toBe(at('2026-11-30T10:00:00'));
    expect(currentItem(panels, at('2026-11-30T10:00:00'), ZONE)).toMatchObject({
      dashboard: 'news',
      startedAt: at('2026-11-30T10:00:00'),
    });
  });

  it('keeps weekday-only items off at the weekend', () => {
    const saturday = [
      at('2026-11-28T07:00:00'),
      at('2026-11-28T07:00:45'),
      at('2026-11-28T17:10:00'),
      at('2026-11-28T17:10:25'),
    ];
    for (const moment of saturday) expect(currentItem(panels, moment, ZONE).dashboard).not.toBe('traffic');
  });

  it('runs a daypart over midnight, judging the day by the date the clock shows', () => {
    const night = playlist([
      { dashboard: 'night', duration: 60, daypart: { from: '22:00', to: '06:00', days: ['fri', 'sat'] } },
      { dashboard: 'day', duration: 60, daypart: { from: '06:00', to: '22:00' } },
    ]);
    expect(currentItem(night, at('2026-11-27T21:59:59'), ZONE).dashboard).toBe('day'); // Friday
    expect(currentItem(night, at('2026-11-27T22:00:00'), ZONE).dashboard).toBe('night');
    expect(currentItem(night, at('2026-11-27T23:59:59'), ZONE)).toMatchObject({
      dashboard: 'night',
      endsAt: at('2026-11-28T00:00:00'),
    });
    expect(currentItem(night, at('2026-11-28T00:00:00'), ZONE)).toMatchObject({
      dashboard: 'night',
      startedAt: at('2026-11-28T00:00:00'),
    }); // Saturday
    expect(currentItem(night, at('2026-11-28T05:59:59'), ZONE).dashboard).toBe('night');
    expect(currentItem(night, at('2026-11-28T06:00:00'), ZONE).dashboard).toBe('day');
    // Monday 02:00: Sunday is not in the list, nor is Monday; nothing holds → the first item.
    expect(currentItem(night, at('2026-11-30T02:00:00'), ZONE)).toMatchObject({ index: -1, dashboard: 'night' });
  });

  it('plays the fallback while no daypart holds, until the next edge', () => {
    const office = playlist([{ dashboard: 'work', duration: 60, daypart: { from: '07:00', to: '17:00' } }], {
      fallback: { dashboard: 'clock', variables: { note: 'đêm' } },
    });
    expect(currentItem(office, at('2026-11-30T03:00:00'), ZONE)).toEqual({
      index: -1,
      dashboard: 'clock',
      variables: { note: 'đêm' },
      startedAt: at('2026-11-30T00:00:00'),
      endsAt: at('2026-11-30T07:00:00'),
    });
    expect(currentItem(office, at('2026-11-30T18:00:00'), ZONE)).toMatchObject({
      index: -1,
      endsAt: at('2026-12-01T00:00:00'),
    });
    expect(currentItem(office, at('2026-11-30T07:00:00'), ZONE)).toMatchObject({ index: 0, dashboard: 'work' });
  });
});

describe('currentItem: variables', () => {
  it('shows the same dashboard for each ward in turn, with that ward as its variable', () => {
    const wards = playlist(
      [
        { code: '05971', name: 'Chi Lăng' },
        { code: '05974', name: 'Đông Kinh' },
        { code: '05977', name: 'Hoàng Văn Thụ' },
      ].map((ward) => ({ dashboard: 'ward', duration: 20, variables: { ward: ward.code, wardName: ward.name } })),
    );
    const start = at('2026-11-30T09:00:00');
    const seen = [0, 20, 40, 60].map((seconds) => currentItem(wards, start + seconds * S, ZONE));
    expect(seen.map((position) => position.variables.ward)).toEqual(['05971', '05974', '05977', '05971']);
    expect(seen[1]!.variables.wardName).toBe('Đông Kinh');
    expect(new Set(seen.map((position) => position.dashboard))).toEqual(new Set(['ward']));
  });
});
