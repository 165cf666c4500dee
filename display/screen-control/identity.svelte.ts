/**
 * Which screen this page is (its id and groups), for targeting: the ticker shows only the items
 * meant for it. One page is one screen; a page that is no registered screen (`/view/…`) is null
 * and sees untargeted items only.
 */
import type { TickerItem } from '../../server/protocol/topics';
import { isForScreen, type ScreenIdentity } from '../../server/protocol/targeting';

let current = $state.raw<ScreenIdentity | null>(null);

export const thisScreen = {
  get current(): ScreenIdentity | null {
    return current;
  },
  set(identity: ScreenIdentity | null): void {
    current = identity;
  },
};

/**
 * A topic's data as this screen should see it. Targeted ticker items for other screens are left
 * out (the ticker is one public topic for every screen: one message per room, never per screen).
 */
export function forThisScreen(topic: string, data: unknown, screen: ScreenIdentity | null = current): unknown {
  if (topic !== 'ticker.items' || !Array.isArray(data)) return data;
  const items = data as TickerItem[];
  return items.every((item) => !item.targets) ? items : items.filter((item) => isForScreen(item.targets, screen));
}
