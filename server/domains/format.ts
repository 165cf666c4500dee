/**
 * Numbers inside the short texts that domains publish (a map point's detail line). Written the
 * Vietnamese way in both languages, as the display writes every number (DESIGN: numbers in vi-VN).
 */
const counts = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 1245 → "1.245". */
export function formatCount(value: number): string {
  return counts.format(value);
}

/** 0.9623 → "96,2 %". */
export function formatPercent(ratio: number): string {
  return `${oneDecimal.format(ratio * 100)} %`;
}
