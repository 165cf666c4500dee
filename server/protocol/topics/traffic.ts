/** Payloads of the traffic topics (`traffic.*`). Browser-safe: `typebox` only. */
import Type, { type Static } from 'typebox';
import { Breakdown, LocalizedText, Nullable, Series } from './shared';

export const IncidentSeverity = Type.Union([Type.Literal('minor'), Type.Literal('serious'), Type.Literal('fatal')]);
export type IncidentSeverity = Static<typeof IncidentSeverity>;

export const TrafficIncident = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  kindName: LocalizedText,
  severity: IncidentSeverity,
  lat: Type.Number(),
  lon: Type.Number(),
  ward: Type.String(),
  place: Type.String(),
  injuries: Type.Number(),
  deaths: Type.Number(),
  reportedAt: Type.Number(),
});
export type TrafficIncident = Static<typeof TrafficIncident>;

/** Crashes and their victims over a period. */
export const CrashFigures = Type.Object({ crashes: Type.Number(), injuries: Type.Number(), deaths: Type.Number() });
export type CrashFigures = Static<typeof CrashFigures>;

export const TrafficSummary = Type.Object({
  activeIncidents: Type.Number(),
  crashesToday: Type.Number(),
  injuriesToday: Type.Number(),
  deathsToday: Type.Number(),
  /** From the 1st of this month to today, city time. */
  monthToDate: CrashFigures,
  /** The same days of the same month a year before (the 1st to today's date, whole days). */
  monthToDateLastYear: CrashFigures,
  /** This month minus the same days last year: below zero is better. */
  monthChange: CrashFigures,
  /** From 1 January to today. */
  yearToDate: CrashFigures,
  /** From 1 January last year to the same date last year. */
  yearToDateLastYear: CrashFigures,
  yearChange: CrashFigures,
});
export type TrafficSummary = Static<typeof TrafficSummary>;

/** Road-safety figures for charts (public: counts only, wards with fewer than 5 crashes left out). */
export const TrafficSafety = Type.Object({
  /** Crashes, injuries and deaths per day, the last 30 days. */
  daily: Series,
  /** Crashes per month: this year's months, with last year's beside them. */
  monthly: Series,
  /** Incidents of the last 30 days by kind (crash, congestion, breakdown…). */
  byKind: Breakdown,
  /** Crashes of the last 12 months per ward code. */
  byWard: Breakdown,
});
export type TrafficSafety = Static<typeof TrafficSafety>;

/** free: at or near free-flow speed; jammed: crawling or standing. */
export const FlowLevel = Type.Union([
  Type.Literal('free'),
  Type.Literal('moderate'),
  Type.Literal('heavy'),
  Type.Literal('jammed'),
]);
export type FlowLevel = Static<typeof FlowLevel>;

/** A key road segment with its latest traffic (after FIWARE TrafficFlowObserved). */
export const TrafficFlowSegment = Type.Object({
  id: Type.String(),
  /** The road it belongs to, e.g. `QL1A`, `Lê Lợi`. */
  road: Type.String(),
  name: LocalizedText,
  /** Schematic line, [lon, lat] pairs (see fixtures/traffic/SOURCES.md). */
  path: Type.Array(Type.Tuple([Type.Number(), Type.Number()])),
  /** km/h. */
  speedLimit: Type.Number(),
  freeFlowSpeed: Type.Number(),
  /** Vehicles per hour, both directions together. */
  intensity: Type.Number(),
  /** km/h. */
  averageSpeed: Type.Number(),
  /** 0..1. */
  occupancy: Type.Number(),
  congested: Type.Boolean(),
  level: FlowLevel,
  /** When the latest observation was made (epoch ms). */
  observedAt: Type.Number(),
});
export type TrafficFlowSegment = Static<typeof TrafficFlowSegment>;

/** The truck queue at one border gate, as its operations centre last counted it. */
export const BorderGateQueue = Type.Object({
  /** The gate's id in `fixtures/traffic/border-gates.json`. */
  gate: Type.String(),
  name: LocalizedText,
  trucksWaiting: Type.Number(),
  /** The queue's length on the road, km. */
  queueKm: Type.Number(),
  /** The expected wait of a truck joining the queue now: trucks waiting ÷ trucks cleared an hour; null when none was cleared. */
  waitHours: Nullable(Type.Number()),
  observedAt: Type.Number(),
});
export type BorderGateQueue = Static<typeof BorderGateQueue>;

/**
 * The border gates' truck queues, for public panels ("where and how long"): by gate, named so that
 * a dashboard reads `byGate.huuNghi.queueKm`; a gate not yet counted is null.
 */
export const TrafficBorder = Type.Object({
  byGate: Type.Object({
    huuNghi: Nullable(BorderGateQueue),
    tanThanh: Nullable(BorderGateQueue),
    cocNam: Nullable(BorderGateQueue),
    chiMa: Nullable(BorderGateQueue),
  }),
});
export type TrafficBorder = Static<typeof TrafficBorder>;
