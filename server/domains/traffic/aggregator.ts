/**
 * Traffic: the active incidents on the map (internal), the road-safety figures against the same
 * period last year (public), and the flow on the key roads (public).
 */
import { closureSnapshot, refill } from '../snapshot-codec';
import type { Aggregator, DomainContext, StateConflict, StoredEvent, TopicWriter } from '../domain';
import type { IncidentSeverity, TrafficIncident } from '../../protocol/topics';
import { dayKey } from '../calendar';
import {
  INCIDENT_KINDS,
  type TrafficBorderQueue,
  type TrafficFlowObserved,
  type TrafficIncidentCleared,
  type TrafficIncidentReported,
} from './schema';
import { createCrashHistory } from './crash-history';
import { createFlowState } from './flow-state';
import { loadRoads } from './roads';
import { createBorderQueues, loadBorderGates } from './border-gates';

/**
 * An incident nobody clears (a feed that reports but never closes) leaves the live map after
 * this long without news; its counts stay.
 */
const INCIDENT_TTL_MS: Record<IncidentSeverity, number> = {
  minor: 2 * 3_600_000,
  serious: 6 * 3_600_000,
  fatal: 6 * 3_600_000,
};

export function createTrafficAggregator(context: DomainContext): Aggregator {
  const active = new Map<string, TrafficIncident>();
  /** When each active incident was last reported or updated (epoch ms). */
  const lastNews = new Map<string, number>();
  const history = createCrashHistory(context);
  const flow = createFlowState(loadRoads(context.fixtures));
  const border = createBorderQueues(loadBorderGates(context.fixtures));
  let summaryDirty = true;
  let safetyDirty = true;
  let today = '';

  function publishSummary(now: number, out: TopicWriter): void {
    if (summaryDirty) out.set('traffic.summary', history.summary(now, active.size));
    summaryDirty = false;
  }
  /** Thirty days of charts need no sub-second updates: once a tick at most, whatever the load. */
  function publishSafety(now: number, out: TopicWriter): void {
    if (safetyDirty) out.set('traffic.safety', history.safety(now));
    safetyDirty = false;
  }

  function report(data: TrafficIncidentReported, time: number, out: TopicWriter): void {
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
      reportedAt: known?.reportedAt ?? time,
    };
    active.set(incident.id, incident);
    lastNews.set(incident.id, time);
    out.upsert('traffic.incidents', [incident]);
    // An incident stays on the day it was first reported, whatever its later updates say.
    const day = history.countedDay(incident.id) ?? dayKey(incident.reportedAt, context.timeZone);
    history.count(incident.id, { day, kind: data.kind, ward: ward.code, injuries: data.injuries, deaths: data.deaths });
    summaryDirty = safetyDirty = true;
  }

  function clear(incidentId: string, out: TopicWriter): void {
    if (!active.delete(incidentId)) return;
    lastNews.delete(incidentId);
    out.remove('traffic.incidents', [incidentId]);
    summaryDirty = true;
  }

  // The parts keep their own state; their versions add up so that a change to any one shows.
  const snapshot = closureSnapshot(
    1 + history.snapshot.version + flow.snapshot.version + border.snapshot.version,
    () => ({
      active,
      lastNews,
      summaryDirty,
      safetyDirty,
      today,
      history: history.snapshot.save(),
      flow: flow.snapshot.save(),
      border: border.snapshot.save(),
    }),
    (state) => {
      refill(active, state.active);
      refill(lastNews, state.lastNews);
      ({ summaryDirty, safetyDirty, today } = state);
      history.snapshot.restore(state.history);
      flow.snapshot.restore(state.flow);
      border.snapshot.restore(state.border);
    },
  );

  return {
    snapshot,
    check(events): StateConflict | null {
      for (const [index, event] of events.entries()) {
        if (event.kind === 'traffic.border-queue') {
          const { gate } = event.data as TrafficBorderQueue;
          if (border.knows(gate)) continue;
          const known = border.ids().join(', ');
          return {
            index,
            field: 'gate',
            en: `unknown border gate "${gate}" (known: ${known})`,
            vi: `không có cửa khẩu "${gate}" (có: ${known})`,
          };
        }
        if (event.kind !== 'traffic.flow-observed') continue;
        const data = event.data as TrafficFlowObserved;
        if (!flow.knows(data.refRoadSegment)) {
          const known = flow.segmentIds().join(', ');
          return {
            index,
            field: 'refRoadSegment',
            en: `unknown road segment "${data.refRoadSegment}" (known: ${known})`,
            vi: `không có đoạn đường "${data.refRoadSegment}" (có: ${known})`,
          };
        }
        if (
          data.dateObservedFrom !== undefined &&
          data.dateObservedTo !== undefined &&
          Date.parse(data.dateObservedFrom) > Date.parse(data.dateObservedTo)
        ) {
          return {
            index,
            field: 'dateObservedFrom',
            en: 'must not be after dateObservedTo',
            vi: 'không được sau dateObservedTo',
          };
        }
      }
      return null;
    },
    apply(event: StoredEvent, out: TopicWriter) {
      switch (event.kind) {
        case 'traffic.incident':
          return report(event.data as TrafficIncidentReported, event.time, out);
        case 'traffic.cleared':
          return clear((event.data as TrafficIncidentCleared).incidentId, out);
        case 'traffic.flow-observed':
          return flow.observe(event.data as TrafficFlowObserved, event.time, out);
        case 'traffic.border-queue':
          return border.observe(event.data as TrafficBorderQueue, event.time);
      }
    },
    flush(out: TopicWriter) {
      publishSummary(context.now(), out);
      border.publish(out);
    },
    tick(now: number, out: TopicWriter) {
      const key = dayKey(now, context.timeZone);
      if (key !== today) {
        // Midnight in the city: "today", this month and the 30 days move on.
        today = key;
        summaryDirty = safetyDirty = true;
        history.prune(now);
      }
      for (const [id, at] of lastNews) {
        if (now - at > INCIDENT_TTL_MS[active.get(id)!.severity]) clear(id, out);
      }
      flow.expire(now, out);
      publishSummary(now, out);
      publishSafety(now, out);
      border.publish(out);
    },
  };
}
