/** How a figure reads against the one it is compared with: the same rule for every indicator. */
import type { CompareBasis } from '../protocol/detail';
import type { LocalizedText } from '../protocol/topics';

const LABELS: Record<CompareBasis, LocalizedText> = {
  year: { vi: 'So với cùng kỳ năm trước', en: 'Against the same period last year' },
  previous: { vi: 'So với kỳ trước', en: 'Against the previous period' },
  plan: { vi: 'So với kế hoạch', en: 'Against the plan' },
};

export function compareLabel(basis: CompareBasis): LocalizedText {
  return LABELS[basis];
}

/** A rate changes by points (0.92 − 0.88), any other figure by a share of the one it is compared with. */
export function comparison(
  value: number | null,
  other: number | null,
  inPoints: boolean,
): { change: number | null; changeInPoints: boolean } {
  if (value === null || other === null) return { change: null, changeInPoints: inPoints };
  if (inPoints) return { change: value - other, changeInPoints: true };
  return { change: other === 0 ? null : (value - other) / Math.abs(other), changeInPoints: false };
}
