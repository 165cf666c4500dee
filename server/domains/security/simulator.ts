/**
 * Simulated security and public order: about 30 incidents a day at named places of the city
 * (more in the evening, more around Tết, a little more a year ago than now), each reported,
 * handled and closed over hours to days. The seed covers 14 months so that the same period last
 * year is there: the last 14 days as incidents, the days before as the police's daily statistics
 * (counts by kind and ward), as a history backfill would come.
 */
import type { DomainContext, IngestEvent, SimulatorGenerator } from '../domain';
import { hourKey, lastDays, startOfDay } from '../calendar';
import type { KindRateFixture, PlaceFixture, SecurityKind, SecuritySeverity } from './schema';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** From the 1st of the month 13 months back (the public summary needs it on the 1st of a month). */
const SEED_DAYS = 430;
/** The days seeded as incidents; older ones as daily statistics. */
const INCIDENT_DAYS = 14;
/** Relative frequency by local hour: quiet before dawn, busiest in the evening. */
const BY_HOUR = [
  0.6, 0.4, 0.3, 0.3, 0.3, 0.5, 0.8, 1, 1.1, 1.1, 1.1, 1.1, 1, 1, 1.1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.5, 1.2, 0.9,
];
/** Relative frequency by month: busier in the Tết season. */
const BY_MONTH = [1.2, 1.3, 1.05, 1, 0.95, 0.95, 1, 1, 0.95, 1, 1.05, 1.15];
/** A year ago there was this much more (a falling trend, so the comparison with last year says something). */
const YEARLY_DECLINE = 0.08;
const HOUR_MEAN = BY_HOUR.reduce((a, b) => a + b, 0) / 24;

interface Planned {
  at: number;
  event: IngestEvent;
}

export function createSecuritySimulator(context: DomainContext, random: () => number): SimulatorGenerator {
  const kinds = context.fixtures.readJson<{ kinds: KindRateFixture[] }>('security/kinds.json').kinds;
  const places = context.fixtures.readJson<{ places: PlaceFixture[] }>('security/places.json').places;
  const perDay = kinds.reduce((sum, kind) => sum + kind.perDay, 0);
  const kindWeights = Object.fromEntries(kinds.map((k) => [k.kind, k.perDay])) as Record<SecurityKind, number>;
  const run = Math.floor(random() * 36 ** 6).toString(36);
  /** Status changes still to come, oldest first. */
  let planned: Planned[] = [];
  let count = 0;
  let untilNext = 5 * MINUTE;

  const local = (at: number) => hourKey(at, context.timeZone);
  /** Incidents per day expected around `at` (season and trend), seen from `now`. */
  const ratePerDay = (at: number, now: number) => {
    const trend = 1 + YEARLY_DECLINE * Math.max(0, (now - at) / (365 * DAY));
    return perDay * BY_MONTH[Number(local(at).slice(5, 7)) - 1]! * trend;
  };
  const ratePerHour = (at: number, now: number) =>
    (ratePerDay(at, now) / 24) * (BY_HOUR[Number(local(at).slice(11, 13))]! / HOUR_MEAN);
  /** About `expected` (a whole number, one more with the chance of the fraction). */
  const about = (expected: number) => Math.floor(expected) + (random() < expected % 1 ? 1 : 0);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const weighted = <K extends string>(weights: Record<K, number>): K => {
    const keys = Object.keys(weights) as K[];
    let roll = random() * keys.reduce((sum, key) => sum + weights[key], 0);
    return keys.find((key) => (roll -= weights[key]) < 0) ?? keys[0]!;
  };

  /** One incident: its report at `at`, and its status changes (some maybe still to come). */
  function incident(at: number): Planned[] {
    const id = `sim-sec-${run}-${++count}`;
    const kind = weighted(kindWeights);
    const severity: SecuritySeverity = weighted(kinds.find((k) => k.kind === kind)!.severity);
    const place = pick(places);
    // Most reports come with the place; some only with the ward (a call to the ward's police).
    const where =
      random() < 0.7
        ? {
            lon: Number((place.lon + (random() - 0.5) * 0.0014).toFixed(5)),
            lat: Number((place.lat + (random() - 0.5) * 0.0014).toFixed(5)),
            place: place.name,
          }
        : { ward: place.ward };
    const occurredAt = at - Math.floor(random() * 30 * MINUTE);
    const slow = severity === 'critical' ? 3 : severity === 'serious' ? 2 : 1;
    const handlingAt = at + Math.round((10 + random() * 50) * MINUTE);
    const handledAt = handlingAt + Math.round((1 + random() * 7) * HOUR * slow);
    const closedAt = handledAt + Math.round((6 + random() * 90) * HOUR);
    const data = { incidentId: id, kind, severity, occurredAt, ...where };
    const event = (suffix: string, time: number, body: Record<string, unknown>): Planned => ({
      at: time,
      event: {
        domain: 'security',
        kind: suffix === 'reported' ? 'security.incident' : 'security.incident-updated',
        id: `${id}-${suffix}`,
        time,
        source: 'simulator',
        simulated: true,
        data: body,
      },
    });
    const steps: Planned[] = [event('reported', at, data)];
    if (random() < 0.8) steps.push(event('handling', handlingAt, { incidentId: id, status: 'handling' }));
    steps.push(event('handled', handledAt, { incidentId: id, status: 'handled' }));
    steps.push(event('closed', closedAt, { incidentId: id, status: 'closed' }));
    return steps;
  }

  /** One past day's statistics: the day's incidents drawn as above, counted by kind and ward. */
  function dailyStats(day: string, now: number): IngestEvent {
    const start = startOfDay(Date.parse(`${day}T12:00:00Z`), context.timeZone);
    const counts = new Map<string, { kind: SecurityKind; ward: string; count: number }>();
    for (let n = about(ratePerDay(start, now) * (0.75 + random() * 0.5)); n > 0; n--) {
      const kind = weighted(kindWeights);
      const ward = pick(places).ward;
      const entry = counts.get(`${kind} ${ward}`) ?? { kind, ward, count: 0 };
      entry.count++;
      counts.set(`${kind} ${ward}`, entry);
    }
    // Compiled the next morning.
    const time = Math.min(now, start + DAY + 8 * HOUR);
    return {
      domain: 'security',
      kind: 'security.daily-stats',
      id: `sim-sec-stats-${run}-${day}`,
      time,
      source: 'simulator',
      simulated: true,
      data: { day, counts: [...counts.values()] },
    };
  }

  function plan(steps: Planned[], now: number, out: IngestEvent[]): void {
    for (const step of steps) {
      if (step.at <= now) out.push(step.event);
      else planned.push(step);
    }
    planned.sort((a, b) => a.at - b.at);
  }

  return {
    seed(now) {
      const events: IngestEvent[] = [];
      const later: Planned[] = [];
      const dayKeys = lastDays(now, SEED_DAYS, context.timeZone);
      const firstIncidentDay = dayKeys[SEED_DAYS - INCIDENT_DAYS]!;
      for (const day of dayKeys.slice(0, SEED_DAYS - INCIDENT_DAYS)) events.push(dailyStats(day, now));
      const from = startOfDay(Date.parse(`${firstIncidentDay}T12:00:00Z`), context.timeZone);
      for (let hour = from; hour < now; hour += HOUR) {
        for (let n = about(ratePerHour(hour, now)); n > 0; n--) {
          const at = hour + Math.floor(random() * HOUR);
          if (at >= now) continue;
          for (const step of incident(at)) {
            if (step.at <= now) events.push(step.event);
            else later.push(step);
          }
        }
      }
      planned = later.sort((a, b) => a.at - b.at);
      return events.sort((a, b) => (a.time as number) - (b.time as number));
    },
    step(now, elapsedMs, rate) {
      const events: IngestEvent[] = [];
      let due = 0;
      while (due < planned.length && planned[due]!.at <= now) events.push(planned[due++]!.event);
      planned.splice(0, due);
      untilNext -= elapsedMs * rate;
      while (untilNext <= 0) {
        untilNext += (HOUR / ratePerHour(now, now)) * (0.2 + random() * 1.6);
        plan(incident(now), now, events);
      }
      return events;
    },
  };
}
