/** Traffic: the active incidents on the map (internal) and today's safety figures (public). */
import type { Aggregator, DomainContext, StoredEvent, TopicWriter } from '../domain';
import type { TrafficIncident, TrafficSummary } from '../../protocol/topics';
import { dayKey } from '../calendar';
import { INCIDENT_KINDS, type TrafficIncidentCleared, type TrafficIncidentReported } from './schema';

interface DayTotals {
  crashes: number;
  injuries: number;
  deaths: number;
}

export function createTrafficAggregator(context: DomainContext): Aggregator {
  const active = new Map<string, TrafficIncident>();
  /** Crash figures per local day; days older than a week are dropped. */
  const days = new Map<string, DayTotals>();
  let dirty = true;
  let today = '';

  const totals = (key: string) => {
    let entry = days.get(key);
    if (!entry) days.set(key, (entry = { crashes: 0, injuries: 0, deaths: 0 }));
    return entry;
  };

  function summary(now: number): TrafficSummary {
    const day = days.get(dayKey(now, context.timeZone)) ?? { crashes: 0, injuries: 0, deaths: 0 };
    return { activeIncidents: active.size, crashesToday: day.crashes, injuriesToday: day.injuries, deathsToday: day.deaths };
  }

  return {
    apply(event: StoredEvent, out: TopicWriter) {
      if (event.kind === 'traffic.incident') {
        const data = event.data as TrafficIncidentReported;
        const ward = context.fixtures.wardAt(data.lon, data.lat) ?? context.fixtures.nearestWard(data.lon, data.lat);
        const known = active.get(data.incidentId);
        const incident: TrafficIncident = {
          id: data.incidentId,
          kind: data.kind,
          kindName: INCIDENT_KINDS[data.kind],
          severity: data.severity,
          lat: data.lat,
          lon: data.lon,
          ward: ward.code,
          place: data.place,
          injuries: data.injuries,
          deaths: data.deaths,
          reportedAt: known?.reportedAt ?? event.time,
        };
        active.set(incident.id, incident);
        out.upsert('traffic.incidents', [incident]);
        if (data.kind === 'crash') {
          // An update of a known crash replaces its figures rather than adding them again.
          const day = totals(dayKey(incident.reportedAt, context.timeZone));
          if (!known) day.crashes++;
          day.injuries += data.injuries - (known?.injuries ?? 0);
          day.deaths += data.deaths - (known?.deaths ?? 0);
        }
        dirty = true;
      } else if (event.kind === 'traffic.cleared') {
        const { incidentId } = event.data as TrafficIncidentCleared;
        if (active.delete(incidentId)) {
          out.remove('traffic.incidents', [incidentId]);
          dirty = true;
        }
      }
    },
    flush(out: TopicWriter) {
      if (!dirty) return;
      dirty = false;
      out.set('traffic.summary', summary(context.now()));
    },
    tick(now: number, out: TopicWriter) {
      const key = dayKey(now, context.timeZone);
      if (key !== today) {
        // Midnight in the city: "today" starts again at zero.
        today = key;
        dirty = true;
        for (const day of days.keys()) if (day < dayKey(now - 7 * 86_400_000, context.timeZone)) days.delete(day);
      }
      if (dirty) {
        dirty = false;
        out.set('traffic.summary', summary(now));
      }
    },
  };
}
