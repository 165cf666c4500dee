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

/** How long a crash's figures stay correctable by a later report of the same incident id. */
const KEEP_DAYS = 7;

export function createTrafficAggregator(context: DomainContext): Aggregator {
  const active = new Map<string, TrafficIncident>();
  /** Crash figures per local day; days older than a week are dropped. */
  const days = new Map<string, DayTotals>();
  /**
   * What each recent crash counts for, by incident id, kept after it is cleared: a feed that
   * reports a crash again (corrected figures, or after clearing it) replaces its figures
   * instead of adding a second crash.
   */
  const crashes = new Map<string, { day: string; injuries: number; deaths: number }>();
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

  function countCrash(id: string, figures: { day: string; injuries: number; deaths: number } | null): void {
    const before = crashes.get(id);
    if (before) {
      const day = totals(before.day);
      day.crashes--;
      day.injuries -= before.injuries;
      day.deaths -= before.deaths;
      crashes.delete(id);
    }
    if (figures) {
      const day = totals(figures.day);
      day.crashes++;
      day.injuries += figures.injuries;
      day.deaths += figures.deaths;
      crashes.set(id, figures);
    }
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
        const counted = crashes.get(data.incidentId);
        if (data.kind === 'crash') {
          // The crash stays on the day it was first reported, whatever its later updates say.
          countCrash(data.incidentId, { day: counted?.day ?? dayKey(incident.reportedAt, context.timeZone), injuries: data.injuries, deaths: data.deaths });
        } else if (counted) {
          countCrash(data.incidentId, null); // re-classified: not a crash after all
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
        const oldest = dayKey(now - KEEP_DAYS * 86_400_000, context.timeZone);
        for (const day of days.keys()) if (day < oldest) days.delete(day);
        for (const [id, crash] of crashes) if (crash.day < oldest) crashes.delete(id);
      }
      if (dirty) {
        dirty = false;
        out.set('traffic.summary', summary(now));
      }
    },
  };
}
