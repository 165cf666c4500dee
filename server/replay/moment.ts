/**
 * A moment as a person writes it in a URL: `2026-11-20T08:00` is 08:00 in the city (its time
 * zone from config, never the machine's); with `Z` or an offset it is that instant; digits alone
 * are epoch milliseconds. Null when it is none of these or not a real day.
 */
import { isRealDay, localTime } from '../domains/calendar';

const LOCAL = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const ABSOLUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseMoment(text: string, timeZone: string): number | null {
  if (/^\d{10,15}$/.test(text)) return Number(text);
  const local = LOCAL.exec(text);
  if (local) {
    const [, day, hours, minutes, seconds] = local;
    if (!isRealDay(day!) || Number(hours) > 23 || Number(minutes) > 59 || Number(seconds ?? 0) > 59) return null;
    return localTime(day!, Number(hours), Number(minutes), timeZone) + Number(seconds ?? 0) * 1000;
  }
  if (!ABSOLUTE.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}
