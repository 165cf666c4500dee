/** Payload of electronic documents (văn bản điện tử): incoming (đến), outgoing (đi), processed, overdue. Browser-safe. */
import Type, { type Static } from 'typebox';
import { Breakdown, Nullable, Series } from './shared';

export const DocumentsSummary = Type.Object({
  incomingToday: Type.Number(),
  outgoingToday: Type.Number(),
  processedToday: Type.Number(),
  /** Incoming and not processed yet. */
  pending: Type.Number(),
  /** Pending and past their deadline. */
  overdue: Type.Number(),
  /** Pending and marked khẩn, thượng khẩn or hỏa tốc. */
  urgentPending: Type.Number(),
  incomingMonth: Type.Number(),
  outgoingMonth: Type.Number(),
  processedMonth: Type.Number(),
  /** Processed by the deadline ÷ processed with a deadline this month, 0..1; null before any. */
  processedOnTimeRateMonth: Nullable(Type.Number()),
  /** Digitally signed ÷ issued this month. */
  signedShareMonth: Nullable(Type.Number()),
  /** Overdue now per agency (detail: pending). */
  byAgency: Breakdown,
  /** Pending now per agency (detail: overdue). */
  pendingByAgency: Breakdown,
  /** Incoming, outgoing and processed per day, the last 30 days. */
  daily: Series,
});
export type DocumentsSummary = Static<typeof DocumentsSummary>;
