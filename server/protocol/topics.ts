/**
 * Payload types of every live topic. A topic whose payload is an array is a *collection*
 * (items keyed by `id`, newest first); any other payload is a *value*.
 *
 * The payloads are TypeBox schemas in `topics/` (the shared shapes in `topics/shared.ts`, each
 * domain's own in `topics/<domain>.ts`), with their types derived from them; this module gathers
 * them under the topic names and holds the delta algebra. The display imports it as types only.
 *
 * Adding a topic: its payload schema in `topics/<domain>.ts`, a line in `TopicPayloads` below, and
 * its definition (with `payload:` the schema) in its domain (`server/domains/<name>/`).
 */
import type { AdminPublicSummary, AdminSummary } from './topics/admin';
import type { EmergencyAlert, PublicNotice, TakeoverItem, TickerItem } from './topics/announcements';
import type { DocumentsSummary } from './topics/documents';
import type { EducationSummary } from './topics/education';
import type { KpiValue } from './topics/kpi';
import type { PublicReportItem, PublicReportSummary, ReportDaily, ReportItem, ReportSummary } from './topics/reports';
import type { PublicSecuritySummary, SecuritySummary } from './topics/security';
import type { ListItem, MapPoint } from './topics/shared';
import type { SocialSummary } from './topics/social';
import type { TourismSummary } from './topics/tourism';
import type { ReportingStatusItem } from './topics/reporting';
import type { ExceptionList } from './topics/exceptions';
import type {
  TrafficBorder,
  TrafficFlowSegment,
  TrafficIncident,
  TrafficSafety,
  TrafficSummary,
} from './topics/traffic';

export * from './topics/shared';
export * from './topics/reports';
export * from './topics/kpi';
export * from './topics/traffic';
export * from './topics/announcements';
export * from './topics/education';
export * from './topics/tourism';
export * from './topics/social';
export * from './topics/security';
export * from './topics/admin';
export * from './topics/documents';
export * from './topics/reporting';
export * from './topics/exceptions';

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
  'traffic.border': TrafficBorder;
  'alerts.takeovers': TakeoverItem[];
  'announcements.notices': PublicNotice[];
  'reporting.status': ReportingStatusItem[];
  'reports.history': ReportDaily;
  'exceptions.now': ExceptionList;
  'exceptions.alarms': ExceptionList;
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
