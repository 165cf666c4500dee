/**
 * The latest traffic on each key road segment (`traffic.flow`): one observation kept per segment
 * and direction, combined into what the map draws. A segment whose sensors fall silent leaves the
 * map after a while rather than showing an old jam (or an old free road) as current.
 */
import { closureSnapshot, refill } from '../snapshot-codec';
import type { TopicWriter } from '../domain';
import type { FlowLevel, TrafficFlowSegment } from '../../protocol/topics';
import { combineDirections, flowLevel, type FlowReading } from './flow-level';
import type { RoadSegment } from './roads';
import type { TrafficFlowObserved } from './schema';

/** Sensors report every 1–5 minutes; half an hour of silence means no data, not a quiet road. */
export const FLOW_STALE_MS = 30 * 60_000;

type Direction = 'forward' | 'backward' | 'both';
type Observation = FlowReading & { level: FlowLevel; observedAt: number };

/** The time an observation describes: its own date, the end of its interval, or its arrival. */
function observedAt(data: TrafficFlowObserved, eventTime: number): number {
  const stated = data.dateObserved ?? data.dateObservedTo;
  const ms = stated === undefined ? NaN : Date.parse(stated);
  return Number.isFinite(ms) ? ms : eventTime;
}

export function createFlowState(roads: readonly RoadSegment[]) {
  const segments = new Map(roads.map((road) => [road.id, road]));
  const latest = new Map<string, Map<Direction, Observation>>();

  function publish(id: string, out: TopicWriter): void {
    const road = segments.get(id)!;
    const observations = [...(latest.get(id)?.values() ?? [])];
    if (observations.length === 0) {
      latest.delete(id);
      out.remove('traffic.flow', [id]);
      return;
    }
    const combined = combineDirections(observations);
    const item: TrafficFlowSegment = {
      id,
      road: road.road,
      name: road.name,
      path: road.path,
      speedLimit: road.speedLimit,
      freeFlowSpeed: road.freeFlowSpeed,
      intensity: combined.intensity,
      averageSpeed: combined.averageSpeed,
      occupancy: Math.round(combined.occupancy * 1000) / 1000,
      congested: combined.congested,
      level: combined.level,
      observedAt: Math.max(...observations.map((o) => o.observedAt)),
    };
    out.upsert('traffic.flow', [item]);
  }

  return {
    snapshot: closureSnapshot(
      1,
      () => ({ latest }),
      (state) => refill(latest, state.latest),
    ),
    knows: (id: string) => segments.has(id),
    segmentIds: () => [...segments.keys()],

    observe(data: TrafficFlowObserved, eventTime: number, out: TopicWriter): void {
      const road = segments.get(data.refRoadSegment);
      if (!road) return; // refused at ingest; an old stored event for a road since removed
      const at = observedAt(data, eventTime);
      let directions = latest.get(road.id);
      if (!directions) latest.set(road.id, (directions = new Map()));
      const direction: Direction = data.laneDirection ?? 'both';
      // A late delivery of an older observation must not overwrite a newer one.
      if ((directions.get(direction)?.observedAt ?? -Infinity) > at) return;
      const reading: FlowReading = {
        intensity: data.intensity,
        averageSpeed: data.averageVehicleSpeed,
        occupancy: data.occupancy,
        congested: data.congested,
      };
      directions.set(direction, { ...reading, level: flowLevel(reading, road.freeFlowSpeed), observedAt: at });
      publish(road.id, out);
    },

    /** Drops observations older than `FLOW_STALE_MS`; a segment with none left goes off the map. */
    expire(now: number, out: TopicWriter): void {
      for (const [id, directions] of latest) {
        let changed = false;
        for (const [direction, observation] of directions) {
          if (now - observation.observedAt > FLOW_STALE_MS) {
            directions.delete(direction);
            changed = true;
          }
        }
        if (changed) publish(id, out);
      }
    },
  };
}
