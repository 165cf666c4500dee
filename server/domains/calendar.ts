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

const partFormatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of the time zone from UTC at `ms`, in ms (Asia/Ho_Chi_Minh: +7 h). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  // Creating a formatter costs about a millisecond; formatting with a kept one, microseconds.
  let formatter = partFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    partFormatters.set(timeZone, formatter);
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
