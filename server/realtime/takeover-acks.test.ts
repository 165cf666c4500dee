import { describe, expect, it } from 'vitest';
import { MemoryTakeoverAcks, recordTakeoverAck, takeoverStatusOf } from './takeover-acks';
import type { TakeoverVisibility } from '../protocol/index';
import type { TakeoverItem } from '../protocol/topics';
import { screenGroups, type ScreenIdentity } from '../protocol/targeting';

const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);

const screen = (id: string, profile: string, audience: 'internal' | 'public'): ScreenIdentity => ({
  id,
  groups: screenGroups({ id, profile, audience }),
});
const SCREENS = [
  screen('main', 'wall', 'internal'),
  screen('phan-anh', 'wall', 'internal'),
  screen('led-dong-kinh', 'led', 'public'),
];

function takeover(id: string, targets: TakeoverItem['targets'] = null): TakeoverItem {
  return {
    id,
    text: { vi: 'Lũ quét', en: 'Flash flood' },
    severity: 'extreme',
    validFrom: T0,
    validTo: T0 + 600_000,
    targets,
  };
}

const SEEN = { visible: true } as const;
const COVERED = {
  visible: false,
  reason: { vi: 'bị lớp tắt màn hình theo lịch đêm che', en: 'covered by the night schedule’s blank' },
} as const;

function acks() {
  let now = T0;
  const store = new MemoryTakeoverAcks();
  const ack = (screenId: string, item: TakeoverItem | undefined, visibility: TakeoverVisibility, shownAt = now) =>
    recordTakeoverAck(store, { screenId, takeover: item, screens: SCREENS, shownAt, visibility, now });
  return { store, ack, advance: (ms: number) => (now += ms), at: () => now };
}

describe('takeover acknowledgements', () => {
  it('keeps acknowledgements of targeted screens only, the first one, and says who has not acknowledged', async () => {
    const { store, ack, advance, at } = acks();
    const walls = takeover('t-walls', { screens: [], groups: ['wall'] });
    advance(300);
    expect(await ack('main', walls, SEEN, at() - 20)).toBe(true);
    const first = at();
    advance(5000);
    expect(await ack('main', walls, SEEN)).toBe(false); // again after a reconnect: the first counts
    expect(await ack('led-dong-kinh', walls, SEEN)).toBe(false); // not targeted
    expect(await ack('main', undefined, SEEN)).toBe(false); // no such takeover
    const all = await store.of(['t-walls']);
    expect(takeoverStatusOf(walls, SCREENS, all['t-walls'], (id) => id === 'main')).toEqual({
      takeover: walls,
      screens: [
        {
          screenId: 'main',
          online: true,
          ack: { screenId: 'main', ackedAt: first, shownAt: first - 20, visible: true },
        },
        { screenId: 'phan-anh', online: false, ack: null },
      ],
    });
  });

  it('keeps "received, not visible" with its reason until the screen says it is visible, and the other way round', async () => {
    const { store, ack, advance } = acks();
    const item = takeover('t');
    expect(await ack('led-dong-kinh', item, COVERED)).toBe(true);
    expect((await store.of(['t'])).t).toEqual([
      { screenId: 'led-dong-kinh', ackedAt: T0, shownAt: T0, visible: false, reason: COVERED.reason },
    ]);
    expect(await ack('led-dong-kinh', item, COVERED)).toBe(false); // the same word again: nothing new
    advance(2000);
    expect(await ack('led-dong-kinh', item, SEEN)).toBe(true); // uncovered: now a person can read it
    expect((await store.of(['t'])).t).toEqual([
      { screenId: 'led-dong-kinh', ackedAt: T0 + 2000, shownAt: T0 + 2000, visible: true },
    ]);
    advance(1000);
    // Covered again later (something drawn over it): the console must not keep saying "visible".
    expect(await ack('led-dong-kinh', item, COVERED)).toBe(true);
    expect((await store.of(['t'])).t?.[0]).toMatchObject({ visible: false });
  });

  it('targets one screen, a group, or all', () => {
    const ids = (item: TakeoverItem) => takeoverStatusOf(item, SCREENS, [], () => false).screens.map((s) => s.screenId);
    expect(ids(takeover('all'))).toEqual(['main', 'phan-anh', 'led-dong-kinh']);
    expect(ids(takeover('one', { screens: ['phan-anh'], groups: [] }))).toEqual(['phan-anh']);
    expect(ids(takeover('group', { screens: [], groups: ['led'] }))).toEqual(['led-dong-kinh']);
  });

  it('drops a screen clock that is far off, and forgets acknowledgements when the takeover ends', async () => {
    const { store, ack } = acks();
    const item = takeover('t');
    await ack('main', item, SEEN, T0 - 3_600_000);
    expect(await store.of(['t'])).toEqual({ t: [{ screenId: 'main', ackedAt: T0, shownAt: null, visible: true }] });
    expect(await store.of([])).toEqual({});
    expect(await store.of(['t'])).toEqual({});
  });
});
