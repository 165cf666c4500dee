/**
 * Which reports `reports.recent` shows: the `RECENT_LIMIT` created last (by creation time, then
 * id), whatever changed since. The hub used to decide, keeping the 500 items upserted last: a
 * report that left the list came back as the newest when anything touched it, and a deadline
 * passing touches it in the clock's tick, whose moments differ between the live run, a start from
 * a snapshot and a full replay; so the three showed different lists. Here membership follows the
 * created events only, and a report's later changes update it only while it is shown.
 *
 * Plain data (an array, oldest first), so that the snapshot codec saves it as it is.
 */
export const RECENT_LIMIT = 500;

export interface RecentEntry {
  id: string;
  createdAt: number;
}

const before = (a: RecentEntry, b: RecentEntry) =>
  a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);

/**
 * Puts a new report into the window (kept oldest first): whether it entered, and the id that left
 * to make room, if any. A report older than every one of a full window does not enter.
 */
export function enterRecent(
  window: RecentEntry[],
  entry: RecentEntry,
  limit = RECENT_LIMIT,
): { entered: boolean; left: string | null } {
  if (window.length >= limit && before(entry, window[0]!)) return { entered: false, left: null };
  // Reports mostly arrive in creation order: search from the newest end.
  let index = window.length;
  while (index > 0 && before(entry, window[index - 1]!)) index--;
  window.splice(index, 0, entry);
  const left = window.length > limit ? window.shift()!.id : null;
  return { entered: true, left };
}
