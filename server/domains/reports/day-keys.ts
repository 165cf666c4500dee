/**
 * `dayKey` with a cache: formatting a date in a time zone costs about a microsecond, and ingest
 * must take tens of thousands of events a second. Every UTC offset in use today is a multiple of
 * 15 minutes, so local midnight always falls on a 15-minute boundary and all instants of one
 * 15-minute slot share their local day.
 */
import { dayKey } from '../calendar';

const SLOT_MS = 15 * 60_000;
/** About 100 days of slots: enough for the days in play, small enough to never matter. */
const MAX_SLOTS = 10_000;

export function cachedDayKeys(timeZone: string): (ms: number) => string {
  const slots = new Map<number, string>();
  return (ms) => {
    const slot = Math.floor(ms / SLOT_MS);
    let key = slots.get(slot);
    if (key === undefined) {
      if (slots.size >= MAX_SLOTS) slots.clear();
      key = dayKey(slot * SLOT_MS, timeZone);
      slots.set(slot, key);
    }
    return key;
  };
}
