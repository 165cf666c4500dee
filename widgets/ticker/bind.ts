import type { ExceptionItem, LocalizedText, TickerItem } from '../../server/protocol/topics';
import { isForScreen, type ScreenIdentity } from '../../server/protocol/targeting';
import type { TopicData, WidgetHost } from '../widget';
import type { TickerOptions } from './options';

export interface TickerInput {
  items: TickerItem[];
  emergency: TickerItem | null;
  /** The alarms of "Needs attention" now (option `showAlarms`), run before the announcements. */
  alarms: Array<{ id: string; text: LocalizedText }>;
}

const RANK = { emergency: 0, high: 1, normal: 2 } as const;

/**
 * The items this screen should show: targeted items for other screens are left out. The ticker
 * is one public topic for every screen (one message per room, never per screen), so each screen
 * picks its own here. Nothing targeted (the usual case): the same array, untouched.
 */
export function itemsForScreen(items: TickerItem[], screen: ScreenIdentity | null): TickerItem[] {
  return items.every((item) => !item.targets) ? items : items.filter((item) => isForScreen(item.targets, screen));
}

/** This screen's items, higher priority first, then newest first. */
export function bindTicker(data: TopicData, options: TickerOptions, host: WidgetHost): TickerInput | null {
  const items = data['ticker.items'];
  if (!items) return null;
  const sorted = [...itemsForScreen(items, host.screen)].sort(
    (a, b) => RANK[a.priority] - RANK[b.priority] || b.validFrom - a.validFrom,
  );
  return {
    items: sorted,
    emergency: options.showEmergency ? (data['alerts.emergency']?.active ?? null) : null,
    alarms: options.showAlarms ? (data['exceptions.alarms']?.items ?? []).map(alarmLine) : [],
  };
}

/** "Xe hàng chờ thông quan · Phường X — vượt ngưỡng báo động": what and where; the attention list has the figures. */
function alarmLine(item: ExceptionItem): { id: string; text: LocalizedText } {
  const where = item.unit ? ` · ${item.unit}` : '';
  // A silent feed's label says it all ("… im lặng từ 09:45").
  const silent = item.basis === 'silence';
  return {
    id: item.id,
    text: {
      vi: `${item.label.vi}${where}${silent ? '' : ' — vượt ngưỡng báo động'}`,
      en: `${item.label.en}${where}${silent ? '' : ' — past its alarm limit'}`,
    },
  };
}
