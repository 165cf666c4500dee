import type { TickerItem } from '../../server/protocol/topics';
import type { TopicData } from '../widget';
import type { TickerOptions } from './options';

export interface TickerInput {
  items: TickerItem[];
  emergency: TickerItem | null;
}

const RANK = { emergency: 0, high: 1, normal: 2 } as const;

/** Higher priority first, then newest first. */
export function bindTicker(data: TopicData, options: TickerOptions): TickerInput | null {
  const items = data['ticker.items'];
  if (!items) return null;
  const sorted = [...items].sort((a, b) => RANK[a.priority] - RANK[b.priority] || b.validFrom - a.validFrom);
  return { items: sorted, emergency: options.showEmergency ? (data['alerts.emergency']?.active ?? null) : null };
}
