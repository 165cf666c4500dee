/** Payloads of the security summaries (`security.*`; incidents are `MapPoint`s). Browser-safe. */
import Type, { type Static } from 'typebox';
import { Breakdown, Nullable, Series } from './shared';

/** Security and public order, for the IOC room: live, per kind and per ward. */
export const SecuritySummary = Type.Object({
  /** Incidents that occurred since local midnight. */
  today: Type.Number(),
  /** Incidents reported or being handled. */
  open: Type.Number(),
  /** Incidents of this month up to now. */
  monthToDate: Type.Number(),
  /** Incidents of the same days of this month last year (day 1 to today's day of the month). */
  monthPrevYearSameDays: Type.Number(),
  /** (monthToDate − monthPrevYearSameDays) ÷ monthPrevYearSameDays; null when last year had none. */
  changeVsLastYear: Nullable(Type.Number()),
  /** This month by kind. */
  byKind: Breakdown,
  /** This month by ward (keyed by ward code, for the map's choropleth). */
  byWard: Breakdown,
  /** Incidents per local day, the last 30 days. */
  daily: Series,
  /** Incidents per month, the last 12 months (the current one so far). */
  monthly: Series,
});
export type SecuritySummary = Static<typeof SecuritySummary>;

/**
 * City-wide trends for public screens. Counted in whole days up to the end of yesterday (city
 * time), so that a counter ticking up on a panel never tells when a single incident happened:
 * today's incidents appear after midnight. No wards, no places, no times.
 */
export const PublicSecuritySummary = Type.Object({
  /** The last day counted (`YYYY-MM-DD`, yesterday); the month is that day's month. */
  throughDay: Type.String(),
  /** Incidents from the 1st of that month to `throughDay`. */
  monthToDate: Type.Number(),
  /** The same days of that month last year. */
  monthPrevYearSameDays: Type.Number(),
  changeVsLastYear: Nullable(Type.Number()),
  /** That month by kind; kinds with 1–4 incidents are left out (and more if needed to hide them). */
  byKind: Breakdown,
  /** Incidents per month, the 12 months up to `throughDay`'s month. */
  monthly: Series,
});
export type PublicSecuritySummary = Static<typeof PublicSecuritySummary>;
