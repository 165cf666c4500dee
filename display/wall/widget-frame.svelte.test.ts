import { describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import WidgetFrame from './WidgetFrame.svelte';
import { waitUntil } from '../../server/test-support/wait-until';
import { TopicStore } from '../live/topic-store.svelte';
import { widgetManifest } from '../../widgets/registry';
import type { SubscribeAck, TopicInfo } from '../../server/protocol/index';
import type { TickerItem } from '../../server/protocol/topics';
import { identityOf } from '../../server/protocol/targeting';
import { ThisScreen } from '../screen-control/identity.svelte';
import { thisScreenContext } from '../screen-control/identity-context';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 10, 28, 3, 0, 0);

function info(name: TopicInfo['name'], expectedIntervalMs: number): TopicInfo {
  return {
    name,
    domain: 'announcements',
    audience: 'public',
    kind: 'state',
    shape: 'value',
    expectedIntervalMs,
    seq: 1,
    changedAt: NOW,
    title: { vi: name, en: name },
  };
}

/** A ticker frame whose two topics last changed `ages` ago. */
async function frameWith(
  ages: { ticker: number; emergency: number },
  extra: {
    offlineSince?: number | null;
    restoredAt?: number;
    answer?: boolean;
    screen?: ThisScreen;
    items?: TickerItem[];
  } = {},
) {
  const answers: Record<string, SubscribeAck> = {
    'ticker.items': {
      ok: true,
      mode: 'snapshot',
      snapshot: {
        topic: 'ticker.items',
        seq: 1,
        changedAt: NOW - ages.ticker,
        simulated: false,
        data: extra.items ?? [
          { id: 'a', text: { vi: 'Thông báo', en: 'Notice' }, priority: 'normal', validFrom: 0, validTo: null },
        ],
      },
    },
    'alerts.emergency': {
      ok: true,
      mode: 'snapshot',
      snapshot: {
        topic: 'alerts.emergency',
        seq: 1,
        changedAt: NOW - ages.emergency,
        simulated: false,
        data: { active: null },
      },
    },
  };
  // Without an answer the server is away: what the store holds stays as it was restored.
  const store = new TopicStore(
    {
      subscribe: (request) =>
        extra.answer === false ? new Promise<SubscribeAck>(() => {}) : Promise.resolve(answers[request.topic]!),
      unsubscribe: () => {},
    },
    (callback) => callback(),
  );
  if (extra.restoredAt !== undefined) {
    for (const answer of Object.values(answers)) {
      if (!answer.ok || answer.mode !== 'snapshot') continue;
      const { snapshot } = answer;
      store.restore([
        {
          topic: snapshot.topic,
          data: snapshot.data,
          seq: snapshot.seq,
          epoch: 'e0',
          changedAt: snapshot.changedAt,
          simulated: false,
          verifiedAt: extra.restoredAt,
        },
      ]);
    }
  }
  const target = document.createElement('div');
  const component = mount(WidgetFrame, {
    target,
    context: thisScreenContext(extra.screen ?? new ThisScreen()),
    props: {
      placement: {
        id: 'ticker',
        type: 'ticker',
        title: { vi: 'Bản tin', en: 'News' },
        area: { column: 1, row: 1, columns: 1, rows: 1 },
      },
      manifest: widgetManifest('ticker'),
      store,
      topicInfo: new Map([
        ['ticker.items', info('ticker.items', 60 * MINUTE)],
        ['alerts.emergency', info('alerts.emergency', 0)],
      ]),
      locale: 'vi',
      timeZone: 'Asia/Ho_Chi_Minh',
      profile: 'wall',
      city: { center: [106.76, 21.85], zoom: 12, wardBoundariesSchematic: true },
      now: NOW,
      serverNow: () => NOW,
      offlineSince: extra.offlineSince ?? null,
    },
  });
  // The store's answers first, then the ticker's code, which loads lazily: wait until it draws.
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    flushSync();
  }
  await waitUntil(() => {
    flushSync();
    return target.querySelector('[data-widget-id] .track') !== null;
  }, 'the ticker drawn in its frame');
  const frame = target.querySelector('[data-widget-id]') as HTMLElement;
  return { frame, stop: () => unmount(component) };
}

describe('WidgetFrame freshness', () => {
  it('is live while each topic is within its own interval; a quiet emergency lane never counts', async () => {
    const { frame, stop } = await frameWith({ ticker: 10 * MINUTE, emergency: 30 * 24 * 60 * MINUTE });
    expect(frame.dataset.state).toBe('live');
    expect(frame.querySelector('.age')).toBeNull();
    stop();
  });

  it('shows the age and dims once a topic is older than its interval', async () => {
    const { frame, stop } = await frameWith({ ticker: 95 * MINUTE, emergency: 0 });
    expect(frame.dataset.state).toBe('stale');
    expect(frame.classList.contains('stale')).toBe(true);
    expect(frame.querySelector('.age')!.textContent).toContain('1 giờ');
    stop();
  });

  it('is never live while offline: it shows how long ago the data was last known current', async () => {
    const { frame, stop } = await frameWith({ ticker: MINUTE, emergency: 0 }, { offlineSince: NOW - 5 * MINUTE });
    expect(frame.dataset.state).toBe('stale');
    expect(frame.dataset.freshness).toBe('offline');
    expect(frame.querySelector('.age')!.textContent).toContain('5 phút trước');
    // No hover text on a wall: the age is written out.
    expect(frame.querySelector('[title]')).toBeNull();
    stop();
  });

  it('marks data kept from before a reboot with its age until the server confirms it', async () => {
    const kept = await frameWith(
      { ticker: MINUTE, emergency: 0 },
      { restoredAt: NOW - 2 * 60 * MINUTE, answer: false },
    );
    expect(kept.frame.dataset.state).toBe('stale');
    expect(kept.frame.dataset.freshness).toBe('offline');
    expect(kept.frame.querySelector('.age')!.textContent).toContain('2 giờ trước');
    // The ticker still draws the kept item.
    expect(kept.frame.textContent).toContain('Thông báo');
    kept.stop();

    const confirmed = await frameWith({ ticker: MINUTE, emergency: 0 }, { restoredAt: NOW - 2 * 60 * MINUTE });
    expect(confirmed.frame.dataset.state).toBe('live');
    expect(confirmed.frame.querySelector('.age')).toBeNull();
    confirmed.stop();
  });
});

describe('WidgetFrame and the screen it is on', () => {
  it('hands the widget this screen, from the page’s context, and follows it when it becomes known', async () => {
    const item = (id: string, targets?: TickerItem['targets']): TickerItem => ({
      id,
      text: { vi: `Tin ${id}`, en: `News ${id}` },
      priority: 'normal',
      validFrom: 0,
      validTo: null,
      ...(targets ? { targets } : {}),
    });
    const screen = new ThisScreen();
    const items = [
      item('all'),
      item('market', { screens: ['led-dong-kinh'], groups: [] }),
      item('walls', { screens: [], groups: ['wall'] }),
    ];
    const { frame, stop } = await frameWith({ ticker: MINUTE, emergency: 0 }, { screen, items });
    // Not a registered screen (yet): untargeted items only.
    expect(frame.textContent).toContain('Tin all');
    expect(frame.textContent).not.toContain('Tin walls');
    expect(frame.textContent).not.toContain('Tin market');
    screen.current = identityOf({ id: 'main', profile: 'wall', audience: 'internal' });
    flushSync();
    expect(frame.textContent).toContain('Tin walls');
    expect(frame.textContent).not.toContain('Tin market');
    stop();
  });
});
