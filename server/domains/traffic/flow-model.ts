/**
 * The simulator's picture of a working day on Lạng Sơn's roads: quiet nights, two rush hours
 * (6:30–8:00 to school and work, 16:30–18:00 home), a busy day between, in city time.
 */
import type { RoadSegment } from './roads';
import type { FlowReading } from './flow-level';

const RUSH_HOURS: ReadonlyArray<readonly [number, number]> = [
  [6 * 60 + 30, 8 * 60],
  [16 * 60 + 30, 18 * 60],
];

const clocks = new Map<string, Intl.DateTimeFormat>();

/** Minutes since local midnight in the city. */
export function cityMinutes(ms: number, timeZone: string): number {
  let clock = clocks.get(timeZone);
  if (!clock)
    clocks.set(
      timeZone,
      (clock = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', hour: 'numeric', minute: 'numeric' })),
    );
  let minutes = 0;
  for (const part of clock.formatToParts(ms)) {
    if (part.type === 'hour') minutes += Number(part.value) * 60;
    else if (part.type === 'minute') minutes += Number(part.value);
  }
  return minutes;
}

export function isRushHour(minutes: number): boolean {
  return RUSH_HOURS.some(([from, to]) => minutes >= from && minutes < to);
}

/** Share of a road's capacity in use, by minute of the day (0..1). */
export function demand(minutes: number): number {
  if (isRushHour(minutes)) return 0.95;
  const points: Array<[number, number]> = [
    [0, 0.06],
    [5 * 60, 0.06],
    [6 * 60 + 30, 0.55],
    [8 * 60, 0.6],
    [11 * 60, 0.5],
    [12 * 60, 0.55],
    [13 * 60 + 30, 0.45],
    [16 * 60 + 30, 0.6],
    [18 * 60, 0.6],
    [20 * 60, 0.4],
    [22 * 60, 0.08],
    [24 * 60, 0.06],
  ];
  for (let i = 1; i < points.length; i++) {
    const [x1, y1] = points[i]!;
    const [x0, y0] = points[i - 1]!;
    if (minutes <= x1) return y0 + ((y1 - y0) * (minutes - x0)) / (x1 - x0);
  }
  return 0.06;
}

/**
 * What a road's detectors would measure at this load (share of capacity, noise included):
 * speed falls and occupancy rises steeply as the road fills; past saturation fewer vehicles get
 * through, not more.
 */
export function observeAt(road: RoadSegment, load: number): FlowReading {
  const l = Math.max(0, Math.min(1.1, load));
  const speed = road.freeFlowSpeed * Math.max(0.08, 1 - 0.85 * l ** 2.2);
  const occupancy = Math.min(0.95, 0.03 + 0.5 * l ** 2);
  const throughput = l <= 0.85 ? l : 0.85 - (l - 0.85) * 1.5;
  return {
    intensity: Math.round(road.capacity * throughput),
    averageSpeed: Math.round(speed * 10) / 10,
    occupancy: Math.round(occupancy * 1000) / 1000,
    // The detectors' own rule: a full detector or half the free-flow speed is a queue.
    congested: occupancy >= 0.25 || speed < road.freeFlowSpeed * 0.5,
  };
}
