/**
 * Which playlist item a screen shows, as a pure function of the server's time and the playlist:
 * every screen (every tile of a wall) computes the same answer from the same clock, with no
 * message between them, so they change together.
 *
 * The day (city time) is cut into segments at midnight and at every daypart's start and end.
 * Within a segment the items that may play do not change; the rotation restarts at the segment's
 * start and runs through them in order, each for its duration, over and over. An item still
 * running when the segment ends is cut short, so the morning programme starts on time.
 */
import type { Playlist, PlaylistItem, Weekday } from '../../config/schema/playlist';
import type { Variables } from './variables';

export interface PlaylistPosition {
  /** Index in `playlist.items`; -1 while the fallback plays (no daypart holds). */
  index: number;
  dashboard: string;
  variables: Variables;
  /** Server time (epoch ms) this showing began and ends. */
  startedAt: number;
  endsAt: number;
}

const DAY_MS = 86_400_000;
const WEEKDAY_OF: Record<string, Weekday> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun',
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, found);
  }
  return found;
}

/** The city's clock at `ms`: milliseconds since local midnight, and the day of the week. */
export function cityClock(ms: number, timeZone: string): { msOfDay: number; weekday: Weekday } {
  const parts = formatter(timeZone).formatToParts(ms);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '0';
  const fraction = ((ms % 1000) + 1000) % 1000;
  const msOfDay = ((Number(get('hour')) * 60 + Number(get('minute'))) * 60 + Number(get('second'))) * 1000 + fraction;
  return { msOfDay, weekday: WEEKDAY_OF[get('weekday')] ?? 'mon' };
}

const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

function plays(item: PlaylistItem, msOfDay: number, weekday: Weekday): boolean {
  const part = item.daypart;
  if (!part) return true;
  if (part.days && !part.days.includes(weekday)) return false;
  const now = msOfDay / 60_000;
  const from = minutesOf(part.from);
  const to = minutesOf(part.to);
  // `to` before `from` runs over midnight.
  return from <= to ? now >= from && now < to : now >= from || now < to;
}

/** Midnight and every daypart edge, in ms of the day, sorted. */
function boundaries(playlist: Playlist): number[] {
  const edges = new Set<number>([0]);
  for (const item of playlist.items) {
    if (!item.daypart) continue;
    edges.add(minutesOf(item.daypart.from) * 60_000);
    edges.add(minutesOf(item.daypart.to) * 60_000);
  }
  return [...edges].sort((a, b) => a - b);
}

/**
 * Where item `index` starts in the rotation running at `serverNow` (it may be in the past or the
 * future of that cycle), with the cycle's length and the end of the segment; null when the item
 * does not play now.
 */
export function itemSlot(
  playlist: Playlist,
  index: number,
  serverNow: number,
  timeZone: string,
): { startsAt: number; cycleMs: number; segmentEndsAt: number } | null {
  const { msOfDay, weekday } = cityClock(serverNow, timeZone);
  const midnight = serverNow - msOfDay;
  const { segmentStart, segmentEnd } = segmentAt(boundaries(playlist), msOfDay);
  const playing = playlist.items.map((item, i) => ({ item, i })).filter(({ item }) => plays(item, msOfDay, weekday));
  if (!playing.some(({ i }) => i === index)) return null;
  const cycleMs = playing.reduce((sum, { item }) => sum + item.duration * 1000, 0);
  const cycleStart = midnight + segmentStart + Math.floor((msOfDay - segmentStart) / cycleMs) * cycleMs;
  let offset = 0;
  for (const { item, i } of playing) {
    if (i === index) break;
    offset += item.duration * 1000;
  }
  return { startsAt: cycleStart + offset, cycleMs, segmentEndsAt: midnight + segmentEnd };
}

function segmentAt(edges: number[], msOfDay: number): { segmentStart: number; segmentEnd: number } {
  let segmentStart = 0;
  let segmentEnd = DAY_MS;
  for (const edge of edges) {
    if (edge <= msOfDay) segmentStart = edge;
    else {
      segmentEnd = edge;
      break;
    }
  }
  return { segmentStart, segmentEnd };
}

export function currentItem(playlist: Playlist, serverNow: number, timeZone: string): PlaylistPosition {
  const { msOfDay, weekday } = cityClock(serverNow, timeZone);
  const midnight = serverNow - msOfDay;
  const { segmentStart, segmentEnd } = segmentAt(boundaries(playlist), msOfDay);

  const playing = playlist.items
    .map((item, index) => ({ item, index }))
    .filter(({ item }) => plays(item, msOfDay, weekday));
  if (playing.length === 0) {
    const fallback = playlist.fallback ?? playlist.items[0]!;
    return {
      index: -1,
      dashboard: fallback.dashboard,
      variables: fallback.variables ?? {},
      startedAt: midnight + segmentStart,
      endsAt: midnight + segmentEnd,
    };
  }

  const cycle = playing.reduce((sum, { item }) => sum + item.duration * 1000, 0);
  const elapsed = msOfDay - segmentStart;
  const cycleStart = midnight + segmentStart + Math.floor(elapsed / cycle) * cycle;
  let within = elapsed % cycle;
  let offset = 0;
  for (const { item, index } of playing) {
    const duration = item.duration * 1000;
    if (within < duration) {
      const startedAt = cycleStart + offset;
      return {
        index,
        dashboard: item.dashboard,
        variables: item.variables ?? {},
        startedAt,
        endsAt: Math.min(startedAt + duration, midnight + segmentEnd),
      };
    }
    within -= duration;
    offset += duration;
  }
  // Unreachable: `within` is less than the sum of the durations.
  throw new Error('playlist position out of range');
}
