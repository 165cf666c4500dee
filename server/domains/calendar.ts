/**
 * Calendar arithmetic in the city's time zone (never the server's): "today", day keys and the
 * start of a local day. Vietnam has no daylight saving, but nothing here assumes it.
 */

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** `YYYY-MM-DD` of the local day that contains `ms`. */
export function dayKey(ms: number, timeZone: string): string {
  return dayFormatter(timeZone).format(ms);
}

/** Offset of the time zone from UTC at `ms`, in ms (Asia/Ho_Chi_Minh: +7 h). */
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

export function zoneOffsetMs(ms: number, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(ms);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** Epoch ms of local midnight starting the day that contains `ms`. */
export function startOfDay(ms: number, timeZone: string): number {
  const key = dayKey(ms, timeZone);
  const [y, m, d] = key.split('-').map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d);
  return utcMidnight - zoneOffsetMs(utcMidnight, timeZone);
}

/** The day keys of the `count` local days ending with the day of `ms`, oldest first. */
export function lastDays(ms: number, count: number, timeZone: string): string[] {
  const today = startOfDay(ms, timeZone);
  const keys: string[] = [];
  for (let i = count - 1; i >= 0; i--) keys.push(dayKey(today - i * 86_400_000 + 12 * 3_600_000, timeZone));
  return keys;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const offsetCaches = new Map<string, Map<number, number | null>>();

/**
 * `zoneOffsetMs` with a cache per UTC day: the offset at both ends of the day, when they agree,
 * holds all day (a zone changes its offset at most once a day); a day with a change is computed
 * per call.
 */
function cachedOffset(ms: number, timeZone: string): number {
  let cache = offsetCaches.get(timeZone);
  if (!cache) offsetCaches.set(timeZone, (cache = new Map()));
  const slot = Math.floor(ms / DAY_MS);
  let offset = cache.get(slot);
  if (offset === undefined) {
    if (cache.size >= 4000) cache.clear();
    const start = zoneOffsetMs(slot * DAY_MS, timeZone);
    offset = start === zoneOffsetMs((slot + 1) * DAY_MS - 1000, timeZone) ? start : null;
    cache.set(slot, offset);
  }
  return offset ?? zoneOffsetMs(ms, timeZone);
}

/** Epoch ms of the start of the local hour that contains `ms` (zones with half-hour offsets too). */
export function startOfHour(ms: number, timeZone: string): number {
  const local = ms + cachedOffset(ms, timeZone);
  return ms - (((local % HOUR_MS) + HOUR_MS) % HOUR_MS);
}

/** `YYYY-MM-DDTHH` of the local hour that contains `ms`. */
export function hourKey(ms: number, timeZone: string): string {
  return new Date(ms + cachedOffset(ms, timeZone)).toISOString().slice(0, 13);
}

/** `YYYY-MM` of the local month that contains `ms`. */
export function monthKey(ms: number, timeZone: string): string {
  return dayKey(ms, timeZone).slice(0, 7);
}

/** The month key `count` months after `month` (before, when negative): `2026-01`, −1 → `2025-12`. */
export function addMonths(month: string, count: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + count;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The month keys of the `count` local months ending with the month of `ms`, oldest first. */
export function lastMonths(ms: number, count: number, timeZone: string): string[] {
  return monthsEndingWith(monthKey(ms, timeZone), count);
}

/** The `count` month keys ending with `month` (`YYYY-MM`), oldest first. */
export function monthsEndingWith(month: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(month, i - count + 1));
}

/** Days in a month key's month (leap years included). */
export function daysInMonth(month: string): number {
  return new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
}

/** Whether a `YYYY-MM-DD` key names a day that exists (the schemas check the shape, not 30 February). */
export function isRealDay(key: string): boolean {
  const [, m, d] = key.split('-').map(Number) as [number, number, number];
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(key.slice(0, 7));
}

/** Day of the week of a day key, 0 = Sunday … 6 = Saturday (a calendar fact, no time zone involved). */
export function weekdayOf(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** The day key `count` days after `day` (before, when negative). */
export function addDays(day: string, count: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + count)).toISOString().slice(0, 10);
}

/** Epoch ms of a local wall-clock time on a day key, e.g. 07:30 on `2026-11-30` in Hà Nội. */
export function localTime(day: string, hours: number, minutes: number, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, m - 1, d, hours, minutes);
  return asUtc - zoneOffsetMs(asUtc, timeZone);
}
