/** The ticker as the hub's tests define it (with a limit of their own) and its items. */
import type { TopicDefinition } from '../domains/domain';
import type { TickerItem } from '../protocol/index';

export function tickerTopic(limit: number): TopicDefinition {
  return {
    name: 'ticker.items',
    audience: 'public',
    kind: 'state',
    shape: 'collection',
    title: { vi: 'Tin', en: 'News' },
    expectedIntervalMs: 60_000,
    limit,
  };
}

export function tickerItem(id: string, text = id): TickerItem {
  return { id, text: { vi: text, en: text }, priority: 'normal', validFrom: 0, validTo: null };
}
