/**
 * The player's timeline: which stretch of the past it spans (the last 24 hours or 7 days, or that
 * long around an older moment), its marks in the city's time, and the moment as the address
 * writes it (`2026-11-20T08:00`, city time).
 */
import { zoneOffsetMs } from '../../../server/domains/calendar';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type TimelineSpan = 'day' | 'week';

const SPAN_MS: Record<TimelineSpan, number> = { day: DAY, week: 7 * DAY };

interface TimelineWindow {
  from: number;
  to: number;
}

/** The stretch ending now when the moment lies in it, otherwise centred on the moment. */
export function timelineWindow(moment: number, now: number, span: TimelineSpan): TimelineWindow {
  const length = SPAN_MS[span];
  if (now - moment <= length) return { from: now - length, to: now };
  return { from: moment - length / 2, to: moment + length / 2 };
}

/** Where `at` lies on the window, 0..1. */
export function positionOf(at: number, window: TimelineWindow): number {
  return Math.min(1, Math.max(0, (at - window.from) / (window.to - window.from)));
}

/** The marks: every 3 hours on a day's span (midnight carries the date), every midnight on a week's. */
export function timelineMarks(window: TimelineWindow, timeZone: string): Array<{ at: number; midnight: boolean }> {
  const every = window.to - window.from > 2 * DAY ? DAY : 3 * HOUR;
  const offset = zoneOffsetMs(window.from, timeZone);
  let at = Math.ceil((window.from + offset) / every) * every - offset;
  const marks: Array<{ at: number; midnight: boolean }> = [];
  for (; at <= window.to; at += every) marks.push({ at, midnight: (at + offset) % DAY === 0 });
  return marks;
}

/** The moment as `?at=` writes it: city time to the minute, seconds only when there are some. */
export function momentText(at: number, timeZone: string): string {
  const local = new Date(at + zoneOffsetMs(at, timeZone)).toISOString();
  return local.slice(17, 19) === '00' ? local.slice(0, 16) : local.slice(0, 19);
}

/** 18:00 city time of the day before `now`'s: "last night" starts there. */
export function lastEvening(now: number, timeZone: string): number {
  const offset = zoneOffsetMs(now, timeZone);
  const midnight = Math.floor((now + offset) / DAY) * DAY - offset;
  return midnight - 6 * HOUR;
}

/** The live page of the dashboard: the same address without its moment (`?lang=` stays). */
export function liveAddress(dashboardId: string, search: string): string {
  const query = new URLSearchParams(search);
  query.delete('at');
  const rest = query.toString();
  return `/view/${encodeURIComponent(dashboardId)}${rest ? `?${rest}` : ''}`;
}
