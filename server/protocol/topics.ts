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
  /** The period of each value in `history` ("2026-10", "2026-Q3", "2025-11-15/2025-12-14"). */
  historyPeriods: string[];
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

/** Crashes and their victims over a period. */
export interface CrashFigures {
  crashes: number;
  injuries: number;
  deaths: number;
}

export interface TrafficSummary {
  activeIncidents: number;
  crashesToday: number;
  injuriesToday: number;
  deathsToday: number;
  /** From the 1st of this month to today, city time. */
  monthToDate: CrashFigures;
  /** The same days of the same month a year before (the 1st to today's date, whole days). */
  monthToDateLastYear: CrashFigures;
  /** This month minus the same days last year: below zero is better. */
  monthChange: CrashFigures;
  /** From 1 January to today. */
  yearToDate: CrashFigures;
  /** From 1 January last year to the same date last year. */
  yearToDateLastYear: CrashFigures;
  yearChange: CrashFigures;
}

/** Road-safety figures for charts (public: counts only, wards with fewer than 5 crashes left out). */
export interface TrafficSafety {
  /** Crashes, injuries and deaths per day, the last 30 days. */
  daily: Series;
  /** Crashes per month: this year's months, with last year's beside them. */
  monthly: Series;
  /** Incidents of the last 30 days by kind (crash, congestion, breakdown…). */
  byKind: Breakdown;
  /** Crashes of the last 12 months per ward code. */
  byWard: Breakdown;
}

/** free: at or near free-flow speed; jammed: crawling or standing. */
export type FlowLevel = 'free' | 'moderate' | 'heavy' | 'jammed';

/** A key road segment with its latest traffic (after FIWARE TrafficFlowObserved). */
export interface TrafficFlowSegment {
  id: string;
  /** The road it belongs to, e.g. `QL1A`, `Lê Lợi`. */
  road: string;
  name: LocalizedText;
  /** Schematic line, [lon, lat] pairs (see fixtures/traffic/SOURCES.md). */
  path: Array<[number, number]>;
  /** km/h. */
  speedLimit: number;
  freeFlowSpeed: number;
  /** Vehicles per hour, both directions together. */
  intensity: number;
  /** km/h. */
  averageSpeed: number;
  /** 0..1. */
  occupancy: number;
  congested: boolean;
  level: FlowLevel;
  /** When the latest observation was made (epoch ms). */
  observedAt: number;
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

/* ---- education */

/** Summary of the city's schools (public: aggregates only, no pupil is ever named). */
export interface EducationSummary {
  schools: number;
  pupils: number;
  classes: number;
  teachers: number;
  /** Present ÷ (present + absent + excused) over the schools that reported today (city day); null before the first report. */
  attendanceRateToday: number | null;
  /** Pupils present and away (absent + excused) today, over the schools that reported. */
  presentToday: number;
  awayToday: number;
  schoolsReportedToday: number;
  /** The latest day with attendance reported (today, or the last school day on a weekend) and its rate. */
  latestSchoolDay: string | null;
  attendanceRateLatest: number | null;
  /** Schools recognised as meeting the national standard (trường đạt chuẩn quốc gia), level 1 or 2. */
  standardSchools: number;
  standardShare: number | null;
  /** Pupils per level (`preschool`, `primary`, `lower-secondary`, `upper-secondary`); detail = schools. */
  byLevel: Breakdown;
  /** Today's attendance rate per ward code; detail = pupils reported. Wards without a report today are left out. */
  attendanceByWard: Breakdown;
  /**
   * The same on the latest school day (`latestSchoolDay`: today once schools report, else the last
   * school day), its day in the unit ("học sinh có mặt ngày 27/11"): a wall on a Sunday shows Friday's.
   */
  attendanceByWardLatest: Breakdown;
  /** The attendance rate of the last 30 school days (days on which any school reported), oldest first. */
  attendanceDaily: Series;
}

/* ---- tourism */

/** Visitors, stays and revenue of the city's tourism (public aggregates). */
export interface TourismSummary {
  /** Visits counted today (city day) at the attractions. */
  visitorsToday: number;
  domesticToday: number;
  internationalToday: number;
  /** This month so far: the official monthly figure when one was reported, else the sum of the counts. */
  visitorsMonth: number;
  /** The same month a year before (whole month); null when unknown. */
  visitorsMonthPrevYear: number | null;
  /**
   * Change against the same period last year, over this month's completed days (the 1st up to
   * yesterday) — exact from last year's daily counts, else last year's monthly figure pro rata;
   * a share (0.082 = +8.2 %), null on the 1st or without last year's figure.
   */
  visitorsMonthChange: number | null;
  /** Guest-nights this month (domestic + international) from the nightly accommodation reports. */
  overnightStaysMonth: number;
  /** Tourism revenue this month in billion VND (tỷ đồng): the monthly figure, else the sum of the daily ones. */
  revenueMonthBillion: number;
  /** Rooms occupied ÷ rooms available on the latest night reported (`occupancyNight`). */
  occupancyRate: number | null;
  occupancyNight: string | null;
  /** Visitors per day, domestic and international, the last 30 days (null: nothing counted). */
  daily: Series;
  /** Visitors per month, domestic and international, the last 24 months. */
  monthly: Series;
  /** Visitors today per attraction (key = attraction id); detail = international visitors, left out under 5. */
  byAttraction: Breakdown;
}

/* ---- social */

export type SocialPlatform = 'facebook' | 'zalo' | 'tiktok' | 'youtube' | 'news' | 'forum';
export type Sentiment = 'positive' | 'neutral' | 'negative';

/** Social media monitoring (internal only: built from posts written by the public). */
export interface SocialSummary {
  /** Posts published in the current minute and the 59 before. */
  mentionsLastHour: number;
  /** Posts published since local midnight. */
  mentionsToday: number;
  /** Posts published yesterday from local midnight up to this time of day: compares with `mentionsToday`. */
  mentionsYesterdaySameTime: number;
  /** Shares 0..1 of today's posts by sentiment; null before the first post of the day. */
  positiveShare: number | null;
  neutralShare: number | null;
  negativeShare: number | null;
  /** Accounts reached by today's posts, as the listening tool estimates it. */
  reachToday: number;
  /** Posts per local hour, the current hour and the 23 before (one line `mentions`). */
  hourly: Series;
  /** The same hours split by sentiment (lines `positive`, `neutral`, `negative`), for a stacked chart. */
  hourlyBySentiment: Series;
  /** Today's posts by sentiment (rows keyed `positive`, `neutral`, `negative`). */
  sentiment: Breakdown;
  /** The most mentioned topics of the last 24 hours (at most 10); `detail` = the 24 hours before. */
  trending: Breakdown;
  /** Posts of the last 24 hours by platform. */
  byPlatform: Breakdown;
}

/* ---- security */

/** Security and public order, for the IOC room: live, per kind and per ward. */
export interface SecuritySummary {
  /** Incidents that occurred since local midnight. */
  today: number;
  /** Incidents reported or being handled. */
  open: number;
  /** Incidents of this month up to now. */
  monthToDate: number;
  /** Incidents of the same days of this month last year (day 1 to today's day of the month). */
  monthPrevYearSameDays: number;
  /** (monthToDate − monthPrevYearSameDays) ÷ monthPrevYearSameDays; null when last year had none. */
  changeVsLastYear: number | null;
  /** This month by kind. */
  byKind: Breakdown;
  /** This month by ward (keyed by ward code, for the map's choropleth). */
  byWard: Breakdown;
  /** Incidents per local day, the last 30 days. */
  daily: Series;
  /** Incidents per month, the last 12 months (the current one so far). */
  monthly: Series;
}

/**
 * City-wide trends for public screens. Counted in whole days up to the end of yesterday (city
 * time), so that a counter ticking up on a panel never tells when a single incident happened:
 * today's incidents appear after midnight. No wards, no places, no times.
 */
export interface PublicSecuritySummary {
  /** The last day counted (`YYYY-MM-DD`, yesterday); the month is that day's month. */
  throughDay: string;
  /** Incidents from the 1st of that month to `throughDay`. */
  monthToDate: number;
  /** The same days of that month last year. */
  monthPrevYearSameDays: number;
  changeVsLastYear: number | null;
  /** That month by kind; kinds with 1–4 incidents are left out (and more if needed to hide them). */
  byKind: Breakdown;
  /** Incidents per month, the 12 months up to `throughDay`'s month. */
  monthly: Series;
}

/* ---- admin */
/* Public administration (hành chính công): dossiers of administrative procedures. "Month" is the
 * current month in the city's time zone; on time = resolved by the date promised on the receipt. */

export interface AdminSummary {
  receivedToday: number;
  resolvedToday: number;
  /** Received and neither resolved nor returned yet. */
  pending: number;
  /** Pending and past the date promised on the receipt. */
  overdue: number;
  receivedMonth: number;
  resolvedMonth: number;
  /** Resolved on time ÷ resolved this month, 0..1; null before anything was resolved. */
  onTimeRateMonth: number | null;
  /** Submitted online ÷ received this month. */
  onlineShareMonth: number | null;
  /** Paid online ÷ received with a fee this month. */
  onlinePaymentShareMonth: number | null;
  /** On-time rate this month per agency (detail: resolved); agencies with nothing resolved are left out. */
  byAgency: Breakdown;
  /** On-time rate this month per ward, keyed by ward code (detail: resolved). */
  byWard: Breakdown;
  /** Overdue now per agency (detail: pending). */
  overdueByAgency: Breakdown;
  /** Received and resolved per day, the last 30 days. */
  daily: Series;
  /** On-time rate and online share per month, the last 12 months (closed months from their monthly report). */
  monthly: Series;
}

/** For public screens: aggregates only; rates of fewer than 5 dossiers are hidden (null, or the row left out). */
export interface AdminPublicSummary {
  receivedToday: number;
  resolvedToday: number;
  pending: number;
  overdue: number;
  receivedMonth: number;
  resolvedMonth: number;
  onTimeRateMonth: number | null;
  onlineShareMonth: number | null;
  onlinePaymentShareMonth: number | null;
  byAgency: Breakdown;
  byWard: Breakdown;
  monthly: Series;
}

/* ---- documents */
/* Electronic documents (văn bản điện tử): incoming (đến), outgoing (đi), processed, overdue. */

export interface DocumentsSummary {
  incomingToday: number;
  outgoingToday: number;
  processedToday: number;
  /** Incoming and not processed yet. */
  pending: number;
  /** Pending and past their deadline. */
  overdue: number;
  /** Pending and marked khẩn, thượng khẩn or hỏa tốc. */
  urgentPending: number;
  incomingMonth: number;
  outgoingMonth: number;
  processedMonth: number;
  /** Processed by the deadline ÷ processed with a deadline this month, 0..1; null before any. */
  processedOnTimeRateMonth: number | null;
  /** Digitally signed ÷ issued this month. */
  signedShareMonth: number | null;
  /** Overdue now per agency (detail: pending). */
  byAgency: Breakdown;
  /** Pending now per agency (detail: overdue). */
  pendingByAgency: Breakdown;
  /** Incoming, outgoing and processed per day, the last 30 days. */
  daily: Series;
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
  'education.summary': EducationSummary;
  'education.schools': MapPoint[];
  'tourism.summary': TourismSummary;
  'tourism.attractions': MapPoint[];
  'social.summary': SocialSummary;
  'social.posts': ListItem[];
  'security.incidents': MapPoint[];
  'security.summary': SecuritySummary;
  'security.public-summary': PublicSecuritySummary;
  'admin.summary': AdminSummary;
  'admin.public-summary': AdminPublicSummary;
  'admin.overdue': ListItem[];
  'documents.summary': DocumentsSummary;
  'traffic.flow': TrafficFlowSegment[];
  'traffic.safety': TrafficSafety;
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
