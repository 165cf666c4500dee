/** Simulated traffic: incidents at named places of the city, cleared after a while. */
import type { DomainContext, IngestEvent, SimulatorGenerator } from '../domain';
import type { IncidentKind } from './schema';

interface Place {
  name: string;
  lon: number;
  lat: number;
}

const MINUTE = 60_000;
const KINDS: Array<[IncidentKind, number]> = [['congestion', 0.35], ['crash', 0.3], ['breakdown', 0.15], ['roadworks', 0.1], ['flooding', 0.1]];

export function createTrafficSimulator(context: DomainContext, random: () => number): SimulatorGenerator {
  const places = context.fixtures.readJson<{ places: Place[] }>('traffic/places.json').places;
  const run = Math.floor(random() * 36 ** 6).toString(36);
  const open: Array<{ id: string; clearAt: number }> = [];
  let count = 0;
  let untilNext = 20_000;

  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const kind = (): IncidentKind => {
    let roll = random();
    for (const [name, weight] of KINDS) if ((roll -= weight) < 0) return name;
    return 'congestion';
  };

  function incident(id: string, at: number): IngestEvent {
    const place = pick(places);
    const k = kind();
    const severity = k === 'crash' ? (random() < 0.05 ? 'fatal' : random() < 0.3 ? 'serious' : 'minor') : 'minor';
    const injuries = k === 'crash' ? Math.floor(random() * (severity === 'minor' ? 2 : 4)) : 0;
    return {
      domain: 'traffic', kind: 'traffic.incident', id: `${id}-reported`, time: at, source: 'simulator', simulated: true,
      data: {
        incidentId: id, kind: k, severity,
        // Jitter of about ±50 m so that incidents at one junction do not stack exactly.
        lat: Number((place.lat + (random() - 0.5) * 0.0009).toFixed(5)),
        lon: Number((place.lon + (random() - 0.5) * 0.0009).toFixed(5)),
        place: place.name, injuries, deaths: severity === 'fatal' ? 1 : 0,
      },
    };
  }
  const cleared = (id: string, at: number): IngestEvent => ({
    domain: 'traffic', kind: 'traffic.cleared', id: `${id}-cleared`, time: at, source: 'simulator', simulated: true, data: { incidentId: id },
  });

  return {
    seed(now) {
      const events: IngestEvent[] = [];
      // The last 14 local days, 3–6 incidents a day, each cleared after 10–60 minutes.
      for (let day = 13; day >= 0; day--) {
        const perDay = 3 + Math.floor(random() * 4);
        for (let i = 0; i < perDay; i++) {
          const at = now - day * 1440 * MINUTE - Math.floor(random() * 1440 * MINUTE);
          if (at >= now) continue;
          const id = `sim-inc-seed-${day}-${i}`;
          events.push(incident(id, at));
          const clearAt = Math.round(at + (10 + random() * 50) * MINUTE);
          if (clearAt < now) events.push(cleared(id, clearAt));
          else open.push({ id, clearAt });
        }
      }
      return events;
    },
    step(now, elapsedMs, rate) {
      const events: IngestEvent[] = [];
      for (let i = open.length - 1; i >= 0; i--) {
        if (open[i]!.clearAt <= now) events.push(cleared(open.splice(i, 1)[0]!.id, now));
      }
      untilNext -= elapsedMs * rate;
      while (untilNext <= 0) {
        untilNext += (1 + random() * 2) * MINUTE; // one every 1–3 minutes at rate 1
        const id = `sim-inc-${run}-${++count}`;
        events.push(incident(id, now));
        open.push({ id, clearAt: Math.round(now + (5 + random() * 25) * MINUTE) });
      }
      return events;
    },
  };
}
