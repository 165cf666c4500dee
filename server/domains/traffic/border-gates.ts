/**
 * The truck queues at the border gates (public): the latest count of each gate, with the wait a
 * truck joining the queue can expect. Where and how long, in kilometres and hours, is what a
 * driver or a resident asks; a count against an internal threshold is not.
 */
import { closureSnapshot } from '../snapshot-codec';
import type { BorderGateQueue, LocalizedText, TrafficBorder } from '../../protocol/topics';
import type { Fixtures } from '../../fixtures/fixtures';
import type { TopicWriter } from '../domain';
import type { TrafficBorderQueue } from './schema';

export interface BorderGate {
  id: string;
  name: LocalizedText;
  /** Trucks an hour on a normal day, for the simulator. */
  clearedPerHour: number;
  typicalTrucks: number;
}

export function loadBorderGates(fixtures: Fixtures): BorderGate[] {
  return fixtures.readJson<{ gates: BorderGate[] }>('traffic/border-gates.json').gates;
}

type GateKey = keyof TrafficBorder['byGate'];
/** `huu-nghi` → `huuNghi`: the payload's key, which a dashboard's `field` names. */
const keyOf = (id: string) => id.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase()) as GateKey;

export function createBorderQueues(gates: BorderGate[]) {
  const byId = new Map(gates.map((gate) => [gate.id, gate]));
  // Replaced, never changed in place: the hub keeps what was published and compares against it.
  let byGate: TrafficBorder['byGate'] = { huuNghi: null, tanThanh: null, cocNam: null, chiMa: null };
  let dirty = true;
  return {
    snapshot: closureSnapshot(
      1,
      () => ({ byGate, dirty }),
      (state) => ({ byGate, dirty } = state),
    ),
    knows: (id: string) => byId.has(id),
    ids: () => [...byId.keys()],
    observe(data: TrafficBorderQueue, time: number): void {
      const gate = byId.get(data.gate);
      if (!gate) return;
      const key = keyOf(gate.id);
      // An older count arriving late does not replace a newer one.
      if ((byGate[key]?.observedAt ?? -Infinity) > time) return;
      const queue: BorderGateQueue = {
        gate: gate.id,
        name: gate.name,
        trucksWaiting: data.trucksWaiting,
        queueKm: Math.round(data.queueKm * 10) / 10,
        waitHours: data.clearedLastHour > 0 ? Math.round((data.trucksWaiting / data.clearedLastHour) * 10) / 10 : null,
        observedAt: time,
      };
      byGate = { ...byGate, [key]: queue };
      dirty = true;
    },
    publish(out: TopicWriter): void {
      if (dirty) out.set('traffic.border', { byGate });
      dirty = false;
    },
  };
}
