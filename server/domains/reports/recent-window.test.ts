import { describe, expect, it } from 'vitest';
import { enterRecent, RECENT_LIMIT, type RecentEntry } from './recent-window';
import { reportsDomain } from './index';
import { TopicHub } from '../../realtime/topic-hub';
import { loadFixtures } from '../../fixtures/fixtures';
import { TIME_ZONE } from '../../test-support/domain-harness';
import type { StoredEvent } from '../domain';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// 10:00 on 28/11/2026 in Hà Nội.
const T0 = Date.UTC(2026, 10, 28, 3, 0, 0);

describe('the reports reports.recent shows', () => {
  it('keeps the newest by creation time, then id, wherever a report arrives', () => {
    const window: RecentEntry[] = [];
    expect(enterRecent(window, { id: 'b', createdAt: 2 }, 3)).toEqual({ entered: true, left: null });
    expect(enterRecent(window, { id: 'd', createdAt: 4 }, 3)).toEqual({ entered: true, left: null });
    // Late, but newer than the oldest: it enters in its place.
    expect(enterRecent(window, { id: 'c', createdAt: 3 }, 3)).toEqual({ entered: true, left: null });
    expect(enterRecent(window, { id: 'e', createdAt: 4 }, 3)).toEqual({ entered: true, left: 'b' });
    // Older than every one of a full window: it does not enter, and nothing leaves.
    expect(enterRecent(window, { id: 'a', createdAt: 1 }, 3)).toEqual({ entered: false, left: null });
    expect(window.map(({ id }) => id)).toEqual(['c', 'd', 'e']);
  });

  it('a report that left the list does not come back as the newest when its deadline passes', () => {
    // A real hub: it is the one that dropped the oldest item before, and took back any upsert.
    let now = T0;
    const hub = new TopicHub({ emit: () => {}, now: () => now });
    hub.stop();
    for (const topic of reportsDomain.topics) hub.define(topic);
    const out = hub.writer(false);
    const aggregator = reportsDomain.createAggregator({
      fixtures: loadFixtures(),
      timeZone: TIME_ZONE,
      now: () => now,
    });
    let seq = 0;
    const create = (id: string, time: number) => {
      now = time;
      const event: StoredEvent = {
        seq: ++seq,
        domain: 'reports',
        kind: 'report.created',
        time,
        source: 'test',
        simulated: false,
        idempotencyKey: null,
        // Waste: 24 hours to handle it.
        data: {
          reportId: id,
          category: 'waste',
          title: `Phản ánh ${id}`,
          description: 'Mô tả',
          lat: 21.855,
          lon: 106.749,
        },
      };
      aggregator.apply(event, out);
    };
    create('old', T0);
    const newer = Array.from({ length: RECENT_LIMIT }, (_, i) => `r${i}`);
    newer.forEach((id, i) => create(id, T0 + (i + 1) * MINUTE));
    const shown = () => hub.snapshot('reports.recent').data.map((item) => item.id);
    expect(shown()).toEqual([...newer].reverse());

    // 'old' is overdue now: the tick flips its flag, and used to upsert it, which put it back first.
    aggregator.tick(T0 + 25 * HOUR, out);
    hub.flush();
    expect(shown()).toEqual([...newer].reverse());
    expect(hub.snapshot('reports.recent').data.find((item) => item.id === 'r0')!.overdue).toBe(true);
  });
});
