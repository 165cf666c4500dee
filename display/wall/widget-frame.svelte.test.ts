import { describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import WidgetFrame from './WidgetFrame.svelte';
import { TopicStore } from '../live/topic-store.svelte';
import { widgetManifest } from '../../widgets/registry';
import type { SubscribeAck, TopicInfo } from '../../server/protocol/index';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 10, 28, 3, 0, 0);

function info(name: TopicInfo['name'], expectedIntervalMs: number): TopicInfo {
  return { name, domain: 'announcements', audience: 'public', kind: 'state', shape: 'value', expectedIntervalMs, seq: 1, changedAt: NOW, title: { vi: name, en: name } };
}

/** A ticker frame whose two topics last changed `ages` ago. */
async function frameWith(ages: { ticker: number; emergency: number }) {
  const answers: Record<string, SubscribeAck> = {
    'ticker.items': { ok: true, mode: 'snapshot', snapshot: { topic: 'ticker.items', seq: 1, changedAt: NOW - ages.ticker, simulated: false, data: [
      { id: 'a', text: { vi: 'Thông báo', en: 'Notice' }, priority: 'normal', validFrom: 0, validTo: null },
    ] } },
    'alerts.emergency': { ok: true, mode: 'snapshot', snapshot: { topic: 'alerts.emergency', seq: 1, changedAt: NOW - ages.emergency, simulated: false, data: { active: null } } },
  };
  const store = new TopicStore({ subscribe: async (request) => answers[request.topic]!, unsubscribe: () => {} }, (callback) => callback());
  const target = document.createElement('div');
  const component = mount(WidgetFrame, {
    target,
    props: {
      placement: { id: 'ticker', type: 'ticker', title: { vi: 'Bản tin', en: 'News' }, area: { column: 1, row: 1, columns: 1, rows: 1 } },
      manifest: widgetManifest('ticker'), store,
      topicInfo: new Map([['ticker.items', info('ticker.items', 60 * MINUTE)], ['alerts.emergency', info('alerts.emergency', 0)]]),
      locale: 'vi', timeZone: 'Asia/Ho_Chi_Minh', profile: 'wall', city: { center: [106.76, 21.85], zoom: 12, wardBoundariesSchematic: true }, now: NOW,
    },
  });
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    flushSync();
  }
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
});
