/** Burn-in and night care: where the picture sits now, and how bright it is. */
import type { PixelShift, ScheduleEntry } from '../../config/schema/display-care';
import { inWindow } from './city-time';

export type DisplayMode =
  { mode: 'day'; brightness: 1 } | { mode: 'night'; brightness: number } | { mode: 'blank'; brightness: 0 };

/** The first schedule entry that holds at `now` (city time) decides; outside all of them, full brightness. */
export function displayModeAt(now: number, schedule: readonly ScheduleEntry[], timeZone: string): DisplayMode {
  for (const entry of schedule) {
    if (!inWindow(now, entry, timeZone)) continue;
    return entry.mode === 'blank' ? { mode: 'blank', brightness: 0 } : { mode: 'night', brightness: entry.brightness };
  }
  return { mode: 'day', brightness: 1 };
}

/**
 * When the schedule's current window ends ("05:00", city time), or null outside every window:
 * what a dark screen tells whoever stands in front of it, and the console.
 */
export function displayModeUntil(now: number, schedule: readonly ScheduleEntry[], timeZone: string): string | null {
  for (const entry of schedule) if (inWindow(now, entry, timeZone)) return entry.to;
  return null;
}

/**
 * The picture's offset at `now`: it walks a ring of positions around home, one step every
 * `everyMinutes`, never more than `maxPx` away, so static edges (header rules, frame borders,
 * the clock) never sit on the same LEDs or pixels for long. Every screen follows the same clock,
 * so the tiles of one wall move together.
 */
export function pixelShiftAt(now: number, shift: PixelShift): { x: number; y: number } {
  if (shift.maxPx <= 0) return { x: 0, y: 0 };
  const step = Math.max(0, Math.floor(now / (shift.everyMinutes * 60_000)));
  // Home and its eight neighbours, walked at full radius, then again at half radius.
  const ring = [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 1],
    [-1, 1],
    [-1, 0],
    [-1, -1],
    [0, -1],
    [1, -1],
  ] as const;
  const position = ring[step % ring.length]!;
  const radius = Math.floor(step / ring.length) % 2 === 0 ? shift.maxPx : Math.max(1, Math.round(shift.maxPx / 2));
  return { x: position[0] * radius, y: position[1] * radius };
}
