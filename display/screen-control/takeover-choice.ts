/** Which takeover a screen shows, when several are active: the gravest, then the newest. */
import type { AlertSeverity, TakeoverItem } from '../../server/protocol/topics';
import { isForScreen, type ScreenIdentity } from '../../server/protocol/targeting';

const GRAVITY: Record<AlertSeverity, number> = { extreme: 0, severe: 1, moderate: 2, minor: 3 };

/**
 * The takeover for this screen at `serverNow`, or null. The server takes an expired takeover off
 * within a second; the screen does not wait for it.
 */
export function takeoverFor(
  items: readonly TakeoverItem[] | null | undefined,
  screen: ScreenIdentity | null,
  serverNow: number,
): TakeoverItem | null {
  let chosen: TakeoverItem | null = null;
  for (const item of items ?? []) {
    if (!isForScreen(item.targets, screen)) continue;
    if (item.validFrom > serverNow + 5000 || (item.validTo !== null && item.validTo <= serverNow)) continue;
    if (
      !chosen ||
      GRAVITY[item.severity] < GRAVITY[chosen.severity] ||
      (GRAVITY[item.severity] === GRAVITY[chosen.severity] && item.validFrom > chosen.validFrom)
    ) {
      chosen = item;
    }
  }
  return chosen;
}

export const SEVERITY_LABEL: Record<AlertSeverity, { vi: string; en: string }> = {
  extreme: { vi: 'Đặc biệt nghiêm trọng', en: 'Extreme' },
  severe: { vi: 'Nghiêm trọng', en: 'Severe' },
  moderate: { vi: 'Trung bình', en: 'Moderate' },
  minor: { vi: 'Nhẹ', en: 'Minor' },
};
