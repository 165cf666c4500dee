/**
 * Payload types of every live topic. A topic whose payload is an array is a *collection*
 * (items keyed by `id`, newest first); any other payload is a *value*.
 *
 * Adding a topic: add its payload here, then define it in its domain (`server/domains/<name>/`).
 */

export interface LocalizedText {
  vi: string;
  en: string;
}

/* ------------------------------------------------------------------ citizen reports */

export type ReportStatus =
  | 'new'
  | 'approved'
  | 'assigned'
  | 'in_progress'
  | 'resolved'
  | 'rated'
  | 'closed'
  | 'rejected'
  | 'duplicate'
  | 'not_responsible';

export interface WardCount {
  ward: string;
  name: string;
  received: number;
  open: number;
  overdue: number;
  /** Handled by the deadline ÷ handled, 0..1; null before anything was handled. */
  onTimeRate: number | null;
}

export interface CategoryCount {
  category: string;
  name: LocalizedText;
  count: number;
  open: number;
  overdue: number;
  onTimeRate: number | null;
}

export interface DepartmentCount {
  /** The department in charge (from the category). */
  department: string;
  name: LocalizedText;
  received: number;
  open: number;
  overdue: number;
  onTimeRate: number | null;
}

export interface ReportSummary {
  total: number;
  receivedToday: number;
  open: number;
  overdue: number;
  dueSoon: number;
  /** Handled after the original deadline but within an approved extension: counted apart. */
  lateWithExtension: number;
  resolvedToday: number;
  onTimeRate: number | null;
  satisfactionRate: number | null;
  averageHandlingHours: number | null;
  byStatus: Partial<Record<ReportStatus, number>>;
  byWard: WardCount[];
  byCategory: CategoryCount[];
  /** Most overdue first: the departments to call. */
  byDepartment: DepartmentCount[];
}

/** Aggregates for public screens: no free text, no places finer than a ward. */
export interface PublicReportSummary {
  receivedToday: number;
  resolvedToday: number;
  open: number;
  onTimeRate: number | null;
  satisfactionRate: number | null;
  /** Wards with fewer than 5 reports have their counts hidden (null). */
  byWard: Array<{ ward: string; name: string; received: number | null; onTimeRate: number | null }>;
}

export interface ReportDaily {
  /** Oldest first; `date` is YYYY-MM-DD in the city's time zone. */
  days: Array<{ date: string; received: number; resolved: number }>;
}

export interface ReportItem {
  id: string;
  category: string;
  categoryName: LocalizedText;
  ward: string;
  wardName: string;
  status: ReportStatus;
  title: string;
  lat: number;
  lon: number;
  createdAt: number;
  dueAt: number;
  /** A deadline extended by an approved extension, or null. */
  extendedDueAt?: number | null;
  overdue: boolean;
  /** Open and within the last fifth of its time (at least 2 hours): act now. */
  dueSoon?: boolean;
  /** Internal only: the citizen's own words and place (never the contact). */
  description?: string;
  address?: string | null;
  photoUrl?: string | null;
  /** Moderation: the title the public may see, and whether the report stays internal. */
  publicTitle?: string | null;
  private?: boolean;
}

/** A report as a public screen may show it: approved, not private, not sensitive. */
export interface PublicReportItem {
  id: string;
  category: string;
  categoryName: LocalizedText;
  ward: string;
  wardName: string;
  status: ReportStatus;
  /** The moderator-approved short title. */
  title: string;
  /** The day only (YYYY-MM-DD, city time), never the time. */
  date: string;
  /** Rounded to about 100 m. */
  lat: number;
  lon: number;
}

/* ------------------------------------------------------------------ socio-economic KPIs */

export type KpiStanding = 'very_good' | 'good' | 'fair' | 'bad' | 'very_bad';

/** After FIWARE `KeyPerformanceIndicator`: one indicator's latest period. */
export interface KpiValue {
  /** The indicator code, e.g. `grdp-growth`. */
  id: string;
  name: LocalizedText;
  unit: LocalizedText;
  /** Period key: `2026`, `2026-Q4`, `2026-11`, `2026-11-28`, or a custom interval `2026-11-15/2026-12-14`. */
  period: string;
  periodKind: 'year' | 'quarter' | 'month' | 'day' | 'custom';
  /** First and last day of the period in the city's calendar (FIWARE `calculationPeriod`). */
  periodFrom: string;
  periodTo: string;
  /** value ÷ target, as reported ("đạt 95,2 % kế hoạch"); null without a target. */
  percentOfPlan: number | null;
  /** (value − same period last year) ÷ |last year|; null without last year's value. */
  changeVsLastYear: number | null;
  /** The department responsible for the indicator (FIWARE `organization`). */
  organisation: string;
  value: number;
  target: number | null;
  /** Value of the same period a year before. */
  previous: number | null;
  standing: KpiStanding;
  /** Recent values, oldest first, for the sparkline. */
  history: number[];
  source: string;
  updatedAt: number;
}

/* ------------------------------------------------------------------ traffic */

export type IncidentSeverity = 'minor' | 'serious' | 'fatal';

export interface TrafficIncident {
  id: string;
  kind: string;
  kindName: LocalizedText;
  severity: IncidentSeverity;
  lat: number;
  lon: number;
  ward: string;
  place: string;
  injuries: number;
  deaths: number;
  reportedAt: number;
}

export interface TrafficSummary {
  activeIncidents: number;
  crashesToday: number;
  injuriesToday: number;
  deathsToday: number;
}

/* ------------------------------------------------------------------ announcements */

export type AnnouncementPriority = 'normal' | 'high' | 'emergency';

/**
 * Which screens an announcement is for. A screen is in the target when its id is listed or it is
 * in one of the groups (its profile `wall`/`led`/`briefing`, its audience `internal`/`public`, and
 * the groups its config names). No targets at all means every screen.
 */
export interface ScreenTargets {
  screens: string[];
  groups: string[];
}

/** How grave an emergency is, after the Common Alerting Protocol (CAP 1.2) severities. */
export type AlertSeverity = 'extreme' | 'severe' | 'moderate' | 'minor';

export interface TickerItem {
  id: string;
  text: LocalizedText;
  priority: AnnouncementPriority;
  validFrom: number;
  validTo: number | null;
  /** Absent: every screen. Screens filter the ticker by it (see `server/protocol/targeting.ts`). */
  targets?: ScreenTargets;
}

/** The newest valid emergency for every screen (untargeted), which tickers show in red. */
export interface EmergencyAlert {
  active: TickerItem | null;
}

/**
 * An emergency takeover: an announcement of priority `emergency`, shown full-screen over the
 * content of every targeted screen until `validTo` or until it is withdrawn.
 */
export interface TakeoverItem {
  id: string;
  text: LocalizedText;
  severity: AlertSeverity;
  validFrom: number;
  validTo: number | null;
  /** null: every screen. */
  targets: ScreenTargets | null;
}

/* ------------------------------------------------------------------ shapes the domains share */
/*
 * Most domains publish a summary topic whose fields are numbers, `Breakdown`s and `Series`, plus
 * collections of `MapPoint`s or `ListItem`s. The generic widgets (kpi-tile, ranking, chart, table,
 * the map's points and choropleth) read these shapes by `topic` and `field`, so adding a domain
 * needs no change to any widget.
 */

export type Tone = 'good' | 'fair' | 'bad' | 'neutral';

/** One row of a breakdown: a ward, an agency, a kind… with its value. */
export interface BreakdownRow {
  /** Stable key: the ward code in a per-ward breakdown (the map colours wards by it), else a slug. */
  key: string;
  label: LocalizedText;
  value: number;
  /** A second figure shown beside the value, e.g. the number of cases behind a rate. */
  detail?: number;
}

export interface Breakdown {
  unit: LocalizedText;
  /** `percent`: values are shares 0..1, shown with one decimal. */
  format: 'number' | 'percent';
  higherIsBetter: boolean;
  /** What `detail` counts, when rows have it. */
  detailUnit?: LocalizedText;
  /** In any order; widgets sort. Rows too small to publish are already left out of public topics. */
  rows: BreakdownRow[];
}

export interface SeriesLine {
  key: string;
  label: LocalizedText;
  /** One value per entry of `x`; null where there is no data. */
  values: Array<number | null>;
}

/** Values over time, on a category axis of city-time keys. */
export interface Series {
  unit: LocalizedText;
  format: 'number' | 'percent';
  /** `day`: `2026-11-28`; `month`: `2026-11`; `hour`: `2026-11-28T14` — all in the city's time zone. */
  xKind: 'day' | 'month' | 'hour';
  x: string[];
  lines: SeriesLine[];
}

/** A place on the map: a school, an attraction, a security incident. */
export interface MapPoint {
  id: string;
  lon: number;
  lat: number;
  label: LocalizedText;
  /** For the legend and the symbol, e.g. `school`, `attraction`, `theft`. */
  kind: string;
  kindName: LocalizedText;
  tone: Tone;
  /** The symbol grows with it when given (visitors today, pupils). */
  value?: number;
  /** One short line under the name, e.g. "1.245 học sinh · 96,2 % có mặt". */
  detail?: LocalizedText;
}

/** A line in a list: a social post, an overdue dossier, a document. Plain text, never HTML. */
export interface ListItem {
  id: string;
  time: number;
  /** Plain text; it may be written by the public and is always displayed as text. */
  title: string;
  /** Where it comes from: source, agency, ward. */
  meta?: LocalizedText;
  tone?: Tone;
}

/* ------------------------------------------------------------------ the topic map */

export interface TopicPayloads {
  'reports.summary': ReportSummary;
  'reports.public-summary': PublicReportSummary;
  'reports.daily': ReportDaily;
  'reports.recent': ReportItem[];
  'reports.public-recent': PublicReportItem[];
  'kpi.values': KpiValue[];
  'traffic.incidents': TrafficIncident[];
  'traffic.summary': TrafficSummary;
  'ticker.items': TickerItem[];
  'alerts.emergency': EmergencyAlert;
  'alerts.takeovers': TakeoverItem[];
}

export type TopicName = keyof TopicPayloads;

export interface Identified {
  id: string;
}

/** A change to a collection: items to insert or replace (by id), ids to drop. */
export interface CollectionDelta<I extends Identified> {
  upsert?: I[];
  remove?: string[];
}

/** A change to a value: the new value. */
export interface ValueDelta<T> {
  set: T;
}

export type DeltaOf<T> = T extends Array<infer I extends Identified> ? CollectionDelta<I> : ValueDelta<T>;

export type TopicDelta<N extends TopicName = TopicName> = DeltaOf<TopicPayloads[N]>;
