/**
 * Numbers, dates and ages as people in the IOC read them: `vi-VN` (1.234,5), the city's time zone
 * from config (never the browser's), English when the screen is switched to it.
 *
 * One module for every side that writes a number for people: the widgets, the display's shell and
 * the server's domains (the short texts they publish, such as a map point's detail line). It sits
 * in `server/protocol/` beside the other code both sides run (the delta algebra, targeting, the
 * clock offset) and imports nothing: no Node module, nothing of `display/`, `widgets/` or the
 * server, so that any layer may import it without pulling another one in.
 */

/** The two languages every screen speaks: Vietnamese first, English second. */
export type Locale = 'vi' | 'en';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

/** Numbers are written the Vietnamese way on every screen (DESIGN: numbers in vi-VN). */
function tag(_locale: Locale): string {
  return 'vi-VN';
}

/** Dates follow the screen's language for names of days; the order stays day/month/year. */
function dateTag(locale: Locale): string {
  return locale === 'vi' ? 'vi-VN' : 'en-GB';
}

function numberFormat(locale: Locale, digits: number): Intl.NumberFormat {
  const key = `n:${locale}:${digits}`;
  let format = cache.get(key) as Intl.NumberFormat | undefined;
  if (!format) {
    format = new Intl.NumberFormat(tag(locale), { minimumFractionDigits: digits, maximumFractionDigits: digits });
    cache.set(key, format);
  }
  return format;
}

function dateFormat(
  locale: Locale,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
  name: string,
): Intl.DateTimeFormat {
  const key = `d:${name}:${locale}:${timeZone}`;
  let format = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) {
    format = new Intl.DateTimeFormat(dateTag(locale), { timeZone, ...options });
    cache.set(key, format);
  }
  return format;
}

export function formatNumber(value: number | null | undefined, locale: Locale, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return numberFormat(locale, digits).format(value);
}

/** A ratio (0..1) as a percentage with one decimal, as a figure on a widget: 0.9234 → "92,3%". */
export function formatPercent(ratio: number | null | undefined, locale: Locale, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${numberFormat(locale, digits).format(ratio * 100)}%`;
}

/**
 * A ratio (0..1) inside a sentence the server publishes (a map point's detail line), with one
 * decimal and the sign set apart: 0.9623 → "96,2 %".
 */
export function formatPercentInText(ratio: number, locale: Locale): string {
  return `${numberFormat(locale, 1).format(ratio * 100)} %`;
}

/** Signed change: "+3,2" / "−1,0" (a real minus sign reads better from afar). */
export function formatSigned(value: number, locale: Locale, digits = 1): string {
  const text = numberFormat(locale, digits).format(Math.abs(value));
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

export function formatClock(ms: number, locale: Locale, timeZone: string): string {
  return dateFormat(
    locale,
    timeZone,
    { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
    'clock',
  ).format(ms);
}

export function formatTime(ms: number, locale: Locale, timeZone: string): string {
  return dateFormat(locale, timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }, 'time').format(ms);
}

export function formatDate(ms: number, locale: Locale, timeZone: string): string {
  return dateFormat(locale, timeZone, { day: '2-digit', month: '2-digit', year: 'numeric' }, 'date').format(ms);
}

export function formatLongDate(ms: number, locale: Locale, timeZone: string): string {
  return dateFormat(
    locale,
    timeZone,
    { weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric' },
    'long',
  ).format(ms);
}

/** `2026-11-28` (a day key) → "28/11". */
export function formatDayKey(key: string): string {
  const [, month, day] = key.split('-');
  return `${day}/${month}`;
}

/**
 * An x key of a `Series` (city time) as an axis label: day `2026-11-28` → "28/11", month
 * `2026-11` → "11/2026", hour `2026-11-28T14` → "14h". A key of another form is shown as it is.
 */
export function formatSeriesKey(key: string, kind: 'day' | 'month' | 'hour'): string {
  const match =
    kind === 'day'
      ? /^\d{4}-(\d{2})-(\d{2})$/.exec(key)
      : kind === 'month'
        ? /^(\d{4})-(\d{2})$/.exec(key)
        : /^\d{4}-\d{2}-\d{2}T(\d{2})$/.exec(key);
  if (!match) return key;
  if (kind === 'day') return `${match[2]}/${match[1]}`;
  if (kind === 'month') return `${match[2]}/${match[1]}`;
  return `${Number(match[1])}h`;
}

/** A period key as people say it: `2026-11` → "T11/2026" (Nov 2026), `2026-Q4` → "Quý 4/2026". */
export function formatPeriod(period: string, locale: Locale): string {
  // A custom period (the traffic-safety month): "15/11–14/12/2026", years shown once when equal.
  const interval = /^(\d{4})-(\d{2})-(\d{2})\/(\d{4})-(\d{2})-(\d{2})$/.exec(period);
  if (interval) {
    const [, y1, m1, d1, y2, m2, d2] = interval;
    return y1 === y2 ? `${d1}/${m1}–${d2}/${m2}/${y2}` : `${d1}/${m1}/${y1}–${d2}/${m2}/${y2}`;
  }
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) return locale === 'vi' ? `Quý ${quarter[2]}/${quarter[1]}` : `Q${quarter[2]} ${quarter[1]}`;
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) return locale === 'vi' ? `T${Number(month[2])}/${month[1]}` : `${month[2]}/${month[1]}`;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(period);
  if (day) return `${day[3]}/${day[2]}/${day[1]}`;
  return locale === 'vi' ? `Năm ${period}` : period;
}

/** How old data is, in words: "12 giây" / "3 phút" / "2 giờ" / "4 ngày". */
export function formatAge(ms: number, locale: Locale): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const units: Array<[number, string, string]> = [
    [86_400, 'ngày', 'd'],
    [3600, 'giờ', 'h'],
    [60, 'phút', 'min'],
    [1, 'giây', 's'],
  ];
  for (const [size, vi, en] of units) {
    if (seconds >= size || size === 1) {
      const count = Math.floor(seconds / size);
      return locale === 'vi' ? `${count} ${vi}` : `${count} ${en}`;
    }
  }
  return '';
}
