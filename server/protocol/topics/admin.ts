/**
 * Payloads of public administration (hành chính công): dossiers of administrative procedures.
 * "Month" is the current month in the city's time zone; on time = resolved by the date promised
 * on the receipt. The overdue dossiers are `ListItem`s. Browser-safe: `typebox` only.
 */
import Type, { type Static } from 'typebox';
import { Breakdown, Nullable, Series } from './shared';

export const AdminSummary = Type.Object({
  receivedToday: Type.Number(),
  resolvedToday: Type.Number(),
  /** Received and neither resolved nor returned yet. */
  pending: Type.Number(),
  /** Pending and past the date promised on the receipt. */
  overdue: Type.Number(),
  receivedMonth: Type.Number(),
  resolvedMonth: Type.Number(),
  /** Resolved on time ÷ resolved this month, 0..1; null before anything was resolved. */
  onTimeRateMonth: Nullable(Type.Number()),
  /** Submitted online ÷ received this month. */
  onlineShareMonth: Nullable(Type.Number()),
  /** Paid online ÷ received with a fee this month. */
  onlinePaymentShareMonth: Nullable(Type.Number()),
  /** On-time rate this month per agency (detail: resolved); agencies with nothing resolved are left out. */
  byAgency: Breakdown,
  /** On-time rate this month per ward, keyed by ward code (detail: resolved). */
  byWard: Breakdown,
  /** Overdue now per agency (detail: pending). */
  overdueByAgency: Breakdown,
  /** Received and resolved per day, the last 30 days. */
  daily: Series,
  /** On-time rate and online share per month, the last 12 months (closed months from their monthly report). */
  monthly: Series,
});
export type AdminSummary = Static<typeof AdminSummary>;

/** For public screens: aggregates only; rates of fewer than 5 dossiers are hidden (null, or the row left out). */
export const AdminPublicSummary = Type.Object({
  receivedToday: Type.Number(),
  resolvedToday: Type.Number(),
  pending: Type.Number(),
  overdue: Type.Number(),
  receivedMonth: Type.Number(),
  resolvedMonth: Type.Number(),
  onTimeRateMonth: Nullable(Type.Number()),
  onlineShareMonth: Nullable(Type.Number()),
  onlinePaymentShareMonth: Nullable(Type.Number()),
  byAgency: Breakdown,
  byWard: Breakdown,
  monthly: Series,
});
export type AdminPublicSummary = Static<typeof AdminPublicSummary>;
