/**
 * How congested a road is, from what its sensors measure. Speed alone misleads at both ends: an
 * empty road at night reports no speed at all, and standing traffic barely passes the detector,
 * so occupancy (the share of time a vehicle stands over it) is read too, and the worse of the two
 * wins.
 */
import type { FlowLevel } from '../../protocol/topics';

export interface FlowReading {
  /** Vehicles per hour. */
  intensity: number;
  /** km/h. */
  averageSpeed: number;
  /** 0..1. */
  occupancy: number;
  congested: boolean;
}

const FLOW_LEVELS: readonly FlowLevel[] = ['free', 'moderate', 'heavy', 'jammed'];

/** Observed speed ÷ free-flow speed at or above which each level starts (free, moderate, heavy). */
const SPEED_SHARE = { free: 0.75, moderate: 0.5, heavy: 0.25 } as const;
/** Occupancy below which each level still holds. */
const OCCUPANCY = { free: 0.15, moderate: 0.25, heavy: 0.4 } as const;

const worse = (a: FlowLevel, b: FlowLevel): FlowLevel => (FLOW_LEVELS.indexOf(a) >= FLOW_LEVELS.indexOf(b) ? a : b);

function bySpeed(share: number): FlowLevel {
  if (share >= SPEED_SHARE.free) return 'free';
  if (share >= SPEED_SHARE.moderate) return 'moderate';
  if (share >= SPEED_SHARE.heavy) return 'heavy';
  return 'jammed';
}

function byOccupancy(occupancy: number): FlowLevel {
  if (occupancy < OCCUPANCY.free) return 'free';
  if (occupancy < OCCUPANCY.moderate) return 'moderate';
  if (occupancy < OCCUPANCY.heavy) return 'heavy';
  return 'jammed';
}

export function flowLevel(reading: FlowReading, freeFlowSpeed: number): FlowLevel {
  const occupied = byOccupancy(reading.occupancy);
  // Nobody passed and the detector is clear: an empty road, whatever "speed" the sensor reports.
  const empty = reading.intensity === 0 && occupied === 'free';
  const level = empty ? 'free' : worse(bySpeed(reading.averageSpeed / freeFlowSpeed), occupied);
  // The source saw a queue (a camera, an operator): never show that road as flowing freely.
  return reading.congested ? worse(level, 'heavy') : level;
}

/**
 * One figure for a segment whose directions are observed apart: the vehicles of both, their mean
 * speed weighted by how many drove it, the fuller detector, and the worse direction's level
 * (a jam one way is a jam on the map).
 */
export function combineDirections(
  readings: ReadonlyArray<FlowReading & { level: FlowLevel }>,
): FlowReading & { level: FlowLevel } {
  const intensity = readings.reduce((sum, r) => sum + r.intensity, 0);
  const averageSpeed =
    intensity > 0
      ? readings.reduce((sum, r) => sum + r.averageSpeed * r.intensity, 0) / intensity
      : readings.reduce((sum, r) => sum + r.averageSpeed, 0) / Math.max(1, readings.length);
  return {
    intensity,
    averageSpeed: Math.round(averageSpeed * 10) / 10,
    occupancy: Math.max(0, ...readings.map((r) => r.occupancy)),
    congested: readings.some((r) => r.congested),
    level: readings.reduce<FlowLevel>((level, r) => worse(level, r.level), 'free'),
  };
}
