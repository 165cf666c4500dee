/** Payloads of the citizen reports topics (`reports.*`). Browser-safe: `typebox` only. */
import Type, { type Static } from 'typebox';
import { LocalizedText, Nullable } from './shared';

export const ReportStatus = Type.Union([
  Type.Literal('new'),
  Type.Literal('approved'),
  Type.Literal('assigned'),
  Type.Literal('in_progress'),
  Type.Literal('resolved'),
  Type.Literal('rated'),
  Type.Literal('closed'),
  Type.Literal('rejected'),
  Type.Literal('duplicate'),
  Type.Literal('not_responsible'),
]);
export type ReportStatus = Static<typeof ReportStatus>;

export const WardCount = Type.Object({
  ward: Type.String(),
  name: Type.String(),
  received: Type.Number(),
  open: Type.Number(),
  overdue: Type.Number(),
  /** Handled by the deadline ÷ handled, 0..1; null before anything was handled. */
  onTimeRate: Nullable(Type.Number()),
});
export type WardCount = Static<typeof WardCount>;

const CategoryCount = Type.Object({
  category: Type.String(),
  name: LocalizedText,
  count: Type.Number(),
  open: Type.Number(),
  overdue: Type.Number(),
  onTimeRate: Nullable(Type.Number()),
});
export type CategoryCount = Static<typeof CategoryCount>;

const DepartmentCount = Type.Object({
  /** The department in charge (from the category). */
  department: Type.String(),
  name: LocalizedText,
  received: Type.Number(),
  open: Type.Number(),
  overdue: Type.Number(),
  onTimeRate: Nullable(Type.Number()),
});
export type DepartmentCount = Static<typeof DepartmentCount>;

export const ReportSummary = Type.Object({
  total: Type.Number(),
  receivedToday: Type.Number(),
  open: Type.Number(),
  overdue: Type.Number(),
  dueSoon: Type.Number(),
  /** Handled after the original deadline but within an approved extension: counted apart. */
  lateWithExtension: Type.Number(),
  resolvedToday: Type.Number(),
  onTimeRate: Nullable(Type.Number()),
  satisfactionRate: Nullable(Type.Number()),
  averageHandlingHours: Nullable(Type.Number()),
  byStatus: Type.Partial(Type.Record(ReportStatus, Type.Number())),
  /** Today's wards (reports before 1 July 2025 included, rolled up by place). */
  byWard: Type.Array(WardCount),
  /** The same reports by the pre-2025 wards and communes (`fixtures.historicalWards`), by place. */
  byWardHistorical: Type.Array(WardCount),
  /** Reports given by their address only (no point yet): in the city's totals, in no ward. */
  placeUnknown: WardCount,
  byCategory: Type.Array(CategoryCount),
  /** Most overdue first: the departments to call. */
  byDepartment: Type.Array(DepartmentCount),
});
export type ReportSummary = Static<typeof ReportSummary>;

/** Aggregates for public screens: no free text, no places finer than a ward. */
export const PublicReportSummary = Type.Object({
  receivedToday: Type.Number(),
  resolvedToday: Type.Number(),
  open: Type.Number(),
  onTimeRate: Nullable(Type.Number()),
  satisfactionRate: Nullable(Type.Number()),
  /** Wards with fewer than 5 reports have their counts hidden (null). */
  byWard: Type.Array(
    Type.Object({
      ward: Type.String(),
      name: Type.String(),
      received: Nullable(Type.Number()),
      onTimeRate: Nullable(Type.Number()),
    }),
  ),
});
export type PublicReportSummary = Static<typeof PublicReportSummary>;

export const ReportDaily = Type.Object({
  /** Oldest first; `date` is YYYY-MM-DD in the city's time zone. */
  days: Type.Array(Type.Object({ date: Type.String(), received: Type.Number(), resolved: Type.Number() })),
});
export type ReportDaily = Static<typeof ReportDaily>;

export const ReportItem = Type.Object({
  id: Type.String(),
  category: Type.String(),
  categoryName: LocalizedText,
  ward: Type.String(),
  wardName: Type.String(),
  status: ReportStatus,
  title: Type.String(),
  /** Null for a report given by its address only (`ward` is then `unlocated`): on no map. */
  lat: Nullable(Type.Number()),
  lon: Nullable(Type.Number()),
  createdAt: Type.Number(),
  dueAt: Type.Number(),
  /** A deadline extended by an approved extension, or null. */
  extendedDueAt: Type.Optional(Nullable(Type.Number())),
  overdue: Type.Boolean(),
  /** Open and within the last fifth of its time (at least 2 hours): act now. */
  dueSoon: Type.Optional(Type.Boolean()),
  /** Internal only: the citizen's own words and place (never the contact). */
  description: Type.Optional(Type.String()),
  address: Type.Optional(Nullable(Type.String())),
  photoUrl: Type.Optional(Nullable(Type.String())),
  /** Internal only: the answers to the category's questions (Open311 attributes), by code. */
  attributes: Type.Optional(Type.Record(Type.String(), Type.String())),
  /** Moderation: the title the public may see, and whether the report stays internal. */
  publicTitle: Type.Optional(Nullable(Type.String())),
  private: Type.Optional(Type.Boolean()),
  /** The department handling it (id and name), once dispatched. */
  department: Type.Optional(Nullable(Type.String())),
  departmentName: Type.Optional(Nullable(Type.String())),
});
export type ReportItem = Static<typeof ReportItem>;

/** A report as a public screen may show it: approved, not private, not sensitive. */
export const PublicReportItem = Type.Object({
  id: Type.String(),
  category: Type.String(),
  categoryName: LocalizedText,
  ward: Type.String(),
  wardName: Type.String(),
  status: ReportStatus,
  /** The moderator-approved short title. */
  title: Type.String(),
  /** The day only (YYYY-MM-DD, city time), never the time. */
  date: Type.String(),
  /** Rounded to about 100 m; null when only the address is known (on no map). */
  lat: Nullable(Type.Number()),
  lon: Nullable(Type.Number()),
  /** The city's official response, masked like every public text; null until there is one. */
  response: Type.Optional(Nullable(Type.String())),
});
export type PublicReportItem = Static<typeof PublicReportItem>;
