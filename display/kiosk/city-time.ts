/**
 * Wall-clock times in the city's time zone (from config, never the screen PC's): schedules,
 * quiet hours and the nightly reload are all written as "HH:MM, city time".
 */
import type { TimeWindow } from '../../config/schema/display-care';

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** Seconds since the city's midnight at `now` (0..86399). */
export function citySecondOfDay(now: number, timeZone: string): number {
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of formatFor(timeZone).formatToParts(now)) {
    if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
    else if (part.type === 'second') second = Number(part.value);
  }
  return (hour % 24) * 3600 + minute * 60 + second;
}

/** "HH:MM" → minutes since midnight. */
function clockMinutes(time: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) throw new Error(`not a HH:MM time: ${time}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Is `now` inside the window (from ≤ t < to)? A window whose end is before its start crosses midnight. */
export function inWindow(now: number, window: TimeWindow, timeZone: string): boolean {
  const minute = citySecondOfDay(now, timeZone) / 60;
  const from = clockMinutes(window.from);
  const to = clockMinutes(window.to);
  if (from === to) return false;
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

/**
 * The latest instant ≤ `now` at which the city's clock read `time`. (Vietnam has no daylight
 * saving; elsewhere a day with a clock change may put it an hour off, once a year.)
 */
export function lastOccurrence(now: number, time: string, timeZone: string): number {
  const secondsSince = (citySecondOfDay(now, timeZone) - clockMinutes(time) * 60 + 86_400) % 86_400;
  return now - (now % 1000) - secondsSince * 1000;
}
