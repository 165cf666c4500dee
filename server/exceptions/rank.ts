/** The order of "Needs attention": the worst first, then the longest-lasting, then a stable tie-break. */
import type { ExceptionItem, ExceptionSeverity } from '../protocol/topics/exceptions';

const ORDER: Readonly<Record<ExceptionSeverity, number>> = { alarm: 0, warn: 1, anomaly: 2 };

export function rankExceptions(items: readonly ExceptionItem[]): ExceptionItem[] {
  return [...items].sort(
    (a, b) => ORDER[a.severity] - ORDER[b.severity] || a.since - b.since || a.id.localeCompare(b.id),
  );
}
