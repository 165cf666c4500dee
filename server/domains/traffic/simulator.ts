/**
 * Simulated traffic: incidents at named places of the city, cleared after a while; a crash
 * history back to 1 January of last year (so this month and this year compare with last year);
 * the flow on the key roads, observed every few seconds, jammed in the rush hours; and the truck
 * queues at the border gates, longest in the afternoon, counted each minute at one gate in turn.
 */
import type { DomainContext, IngestEvent, SimulatorGenerator } from '../domain';
import { dayKey, startOfDay } from '../calendar';
import type { IncidentKind } from './schema';
import { loadRoads } from './roads';
import { loadBorderGates, type BorderGate } from './border-gates';
import { cityMinutes, demand, isRushHour, observeAt } from './flow-model';

interface Place {
  name: string;
  lon: number;
  lat: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/**
 * Police-recorded crashes a day in the city, before the season: about 90 a year, a third of them
 * fatal, in line with Việt Nam's national figures (some 23,000 crashes and 11,600 deaths in 2023
 * for 100 million people) scaled to a city of 200,000 with more traffic than most.
 */
const CRASHES_PER_DAY = 0.25;
/** Last year was a little worse: the comparison with last year shows a fall, as the city's reports do. */
const LAST_YEAR_FACTOR = 1.08;
/** More travel, more crashes: the weeks around Tết (January–February) and the year's end. */
const SEASON = [1.2, 1.3, 1, 1, 1, 0.95, 0.95, 1, 1, 1, 1, 1.1];
/** Live: one incident in 800 is a crash, about one every four days at rate 1, as in the history. */
const LIVE_CRASH_SHARE = 0.0012;
const OTHER_KINDS: Array<[IncidentKind, number]> = [
  ['congestion', 0.45],
  ['breakdown', 0.3],
  ['roadworks', 0.15],
  ['flooding', 0.1],
];
/** A flooded road or a long queue can block traffic: serious, in red on the map. */
const SERIOUS_SHARE: Record<IncidentKind, number> = {
  crash: 0,
  congestion: 0.15,
  breakdown: 0.05,
  roadworks: 0.05,
  flooding: 0.3,
};
/** One road observation every 5 s in turn: each segment about once a minute, something moving on the map. */
const FLOW_EVERY_MS = 5_000;
/** One gate's queue counted a minute, in turn. */
const BORDER_EVERY_MS = 60_000;
/** Road taken by one waiting truck, with the gap to the next, in one lane (estimate). */
const KM_PER_TRUCK = 0.018;

/** How full the queues are at a city-time minute of the day: lowest at dawn, longest mid-afternoon. */
function borderLoad(minutes: number): number {
  return 0.55 + 0.5 * Math.max(0, Math.sin(((minutes - 6 * 60) / (18 * 60)) * Math.PI));
}

export function createTrafficSimulator(context: DomainContext, random: () => number): SimulatorGenerator {
  const places = context.fixtures.readJson<{ places: Place[] }>('traffic/places.json').places;
  const roads = loadRoads(context.fixtures);
  const gates = loadBorderGates(context.fixtures);
  const run = Math.floor(random() * 36 ** 6).toString(36);
  // Some roads fill more than others at the same hour.
  const sensitivity = new Map(roads.map((road) => [road.id, 0.85 + random() * 0.25]));
  const open: Array<{ id: string; clearAt: number }> = [];
  let count = 0;
  let untilNext = 20_000;
  let flowCount = 0;
  let nextRoad = 0;
  let untilFlow = FLOW_EVERY_MS;
  let borderCount = 0;
  let untilBorder = BORDER_EVERY_MS;

  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const otherKind = (rush: boolean): IncidentKind => {
    const weights = OTHER_KINDS.map(([kind, weight]): [IncidentKind, number] => [
      kind,
      kind === 'congestion' && rush ? weight * 3 : weight,
    ]);
    let roll = random() * weights.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [name, weight] of weights) if ((roll -= weight) < 0) return name;
    return 'congestion';
  };
  /** Knuth's method: small means only. */
  const poisson = (mean: number) => {
    const limit = Math.exp(-mean);
    let k = 0;
    for (let p = random(); p > limit; p *= random()) k++;
    return k;
  };

  function incident(id: string, at: number, k: IncidentKind): IngestEvent {
    const place = pick(places);
    const severity =
      k === 'crash'
        ? random() < 0.3
          ? 'fatal'
          : random() < 0.5
            ? 'serious'
            : 'minor'
        : random() < SERIOUS_SHARE[k]
          ? 'serious'
          : 'minor';
    const injuries =
      k !== 'crash'
        ? 0
        : severity === 'minor'
          ? 1
          : severity === 'serious'
            ? 1 + Math.floor(random() * 3)
            : Math.floor(random() * 3);
    const deaths = severity === 'fatal' ? (random() < 0.1 ? 2 : 1) : 0;
    return {
      domain: 'traffic',
      kind: 'traffic.incident',
      id: `${id}-reported`,
      time: at,
      source: 'simulator',
      simulated: true,
      data: {
        incidentId: id,
        kind: k,
        severity,
        // Jitter of about ±50 m so that incidents at one junction do not stack exactly.
        lat: Number((place.lat + (random() - 0.5) * 0.0009).toFixed(5)),
        lon: Number((place.lon + (random() - 0.5) * 0.0009).toFixed(5)),
        place: place.name,
        injuries,
        deaths,
      },
    };
  }
  const cleared = (id: string, at: number): IngestEvent => ({
    domain: 'traffic',
    kind: 'traffic.cleared',
    id: `${id}-cleared`,
    time: at,
    source: 'simulator',
    simulated: true,
    data: { incidentId: id },
  });

  function observation(id: string, at: number): IngestEvent {
    const road = roads[nextRoad++ % roads.length]!;
    const load = demand(cityMinutes(at, context.timeZone)) * sensitivity.get(road.id)! + (random() - 0.5) * 0.1;
    const reading = observeAt(road, load);
    return {
      domain: 'traffic',
      kind: 'traffic.flow-observed',
      id,
      time: at,
      source: 'simulator',
      simulated: true,
      data: {
        refRoadSegment: road.id,
        dateObservedFrom: new Date(at - MINUTE).toISOString(),
        dateObservedTo: new Date(at).toISOString(),
        intensity: reading.intensity,
        averageVehicleSpeed: reading.averageSpeed,
        occupancy: reading.occupancy,
        congested: reading.congested,
      },
    };
  }

  function borderCountAt(gate: BorderGate, id: string, at: number): IngestEvent {
    const minutes = cityMinutes(at, context.timeZone);
    const trucks = Math.round(gate.typicalTrucks * borderLoad(minutes) * (0.9 + random() * 0.2));
    // Customs work from 7:00 to 23:00; a few trucks an hour cross at night.
    const working = minutes >= 7 * 60 && minutes < 23 * 60;
    const cleared = Math.round(gate.clearedPerHour * (working ? 0.85 + random() * 0.3 : 0.2));
    return {
      domain: 'traffic',
      kind: 'traffic.border-queue',
      id,
      time: at,
      source: 'simulator',
      simulated: true,
      data: {
        gate: gate.id,
        trucksWaiting: trucks,
        queueKm: Math.round(trucks * KM_PER_TRUCK * 10) / 10,
        clearedLastHour: cleared,
      },
    };
  }

  /** One incident and, if its time has come, its clearing; else it stays open for `step`. */
  function withClearing(
    events: IngestEvent[],
    id: string,
    at: number,
    k: IncidentKind,
    now: number,
    minutes: [number, number],
  ): void {
    events.push(incident(id, at, k));
    const clearAt = Math.round(at + (minutes[0] + random() * (minutes[1] - minutes[0])) * MINUTE);
    if (clearAt < now) events.push(cleared(id, clearAt));
    else open.push({ id, clearAt });
  }

  return {
    seed(now) {
      const events: IngestEvent[] = [];
      const lastYear = Number(dayKey(now, context.timeZone).slice(0, 4)) - 1;
      // Crashes come as a Poisson process from local midnight on 1 January of last year: day-long
      // slices, each at the rate of its month; the other incidents over the last 30 days alone.
      const from = startOfDay(Date.UTC(lastYear, 0, 1, 12), context.timeZone);
      for (let slice = 0, start = from; start < now; slice++, start += DAY) {
        const span = Math.min(DAY, now - start);
        const [year, month] = dayKey(start + span / 2, context.timeZone)
          .split('-')
          .map(Number) as [number, number];
        const mean = CRASHES_PER_DAY * SEASON[month - 1]! * (year === lastYear ? LAST_YEAR_FACTOR : 1);
        const crashes = poisson(mean * (span / DAY));
        for (let i = 0; i < crashes; i++) {
          withClearing(
            events,
            `sim-inc-seed-${slice}-c${i}`,
            start + Math.floor(random() * span),
            'crash',
            now,
            [20, 90],
          );
        }
      }
      for (let day = 0; day < 30; day++) {
        const others = 3 + Math.floor(random() * 5);
        for (let i = 0; i < others; i++) {
          const at = now - day * DAY - Math.floor(random() * DAY);
          withClearing(
            events,
            `sim-inc-seed-${day}-${i}`,
            at,
            otherKind(isRushHour(cityMinutes(at, context.timeZone))),
            now,
            [10, 60],
          );
        }
      }
      // The roads as they are now: one observation each over the last minute.
      roads.forEach((_, i) => events.push(observation(`sim-flow-seed-${i}`, now - (roads.length - i) * 4_000)));
      // And every gate's queue, counted over the last minutes.
      gates.forEach((gate, i) =>
        events.push(borderCountAt(gate, `sim-border-${run}-seed-${i}`, now - (gates.length - i) * 30_000)),
      );
      return events;
    },
    step(now, elapsedMs, rate) {
      const events: IngestEvent[] = [];
      for (let i = open.length - 1; i >= 0; i--) {
        if (open[i]!.clearAt <= now) events.push(cleared(open.splice(i, 1)[0]!.id, now));
      }
      untilNext -= elapsedMs * rate;
      while (untilNext <= 0) {
        untilNext += (4 + random() * 6) * MINUTE; // one every 4–10 minutes at rate 1
        const id = `sim-inc-${run}-${++count}`;
        const k = random() < LIVE_CRASH_SHARE ? 'crash' : otherKind(isRushHour(cityMinutes(now, context.timeZone)));
        events.push(incident(id, now, k));
        open.push({ id, clearAt: Math.round(now + (k === 'crash' ? 20 + random() * 70 : 5 + random() * 40) * MINUTE) });
      }
      untilFlow -= elapsedMs * rate;
      while (untilFlow <= 0) {
        untilFlow += FLOW_EVERY_MS;
        events.push(observation(`sim-flow-${run}-${++flowCount}`, now));
      }
      untilBorder -= elapsedMs * rate;
      while (untilBorder <= 0) {
        untilBorder += BORDER_EVERY_MS;
        borderCount++;
        events.push(borderCountAt(gates[borderCount % gates.length]!, `sim-border-${run}-${borderCount}`, now));
      }
      return events;
    },
  };
}
