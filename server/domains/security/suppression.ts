/**
 * Small cells of public counts: a row with 1–4 incidents could point at the people involved, so
 * it is left out. Leaving out one row is not enough when the total is published beside it
 * (total − visible rows = the hidden row), so the smallest visible rows go too until what is left
 * out adds up to 5 or more. Rows with 0 are left out as well: published zeros would tell which
 * kinds the hidden rest belongs to.
 */
import type { BreakdownRow } from '../../protocol/topics';

const PUBLIC_MIN_CELL = 5;

export function publishableRows(rows: readonly BreakdownRow[], min = PUBLIC_MIN_CELL): BreakdownRow[] {
  const visible = rows
    .filter((row) => row.value >= min)
    .sort((a, b) => a.value - b.value || a.key.localeCompare(b.key));
  let hidden = rows.reduce((sum, row) => sum + (row.value > 0 && row.value < min ? row.value : 0), 0);
  while (hidden > 0 && hidden < min && visible.length > 0) hidden += visible.shift()!.value;
  const kept = new Set(visible.map((row) => row.key));
  return rows.filter((row) => kept.has(row.key));
}
