/**
 * The running counts behind the report indicators. Each report adds its contribution to a few
 * cells (city, ward, category, department, and the public ones) and takes it back before it
 * changes, so the counts stay exact with O(1) work per event and a summary costs O(wards +
 * categories), not O(reports).
 */

export interface Cell {
  received: number;
  open: number;
  overdue: number;
  dueSoon: number;
  handled: number;
  onTime: number;
  lateWithExtension: number;
  /** Sum of handling times in ms (integers, so adding and taking back stays exact). */
  handlingMs: number;
  ratings: number;
  satisfied: number;
}

export const emptyCell = (): Cell => ({
  received: 0,
  open: 0,
  overdue: 0,
  dueSoon: 0,
  handled: 0,
  onTime: 0,
  lateWithExtension: 0,
  handlingMs: 0,
  ratings: 0,
  satisfied: 0,
});

/** What one report counts for, in its current state; `sign` is +1 to add it, −1 to take it back. */
export interface Contribution {
  open: boolean;
  overdue: boolean;
  dueSoon: boolean;
  /** Handled: when, and whether by the original or by the extended deadline. */
  handled: { handlingMs: number; onTime: boolean; lateWithExtension: boolean } | null;
  rating: { satisfied: boolean } | null;
}

export function addTo(cell: Cell, c: Contribution, sign: 1 | -1): void {
  cell.received += sign;
  if (c.open) {
    cell.open += sign;
    if (c.overdue) cell.overdue += sign;
    else if (c.dueSoon) cell.dueSoon += sign;
  }
  if (c.handled) {
    cell.handled += sign;
    cell.handlingMs += sign * c.handled.handlingMs;
    if (c.handled.onTime) cell.onTime += sign;
    else if (c.handled.lateWithExtension) cell.lateWithExtension += sign;
  }
  if (c.rating) {
    cell.ratings += sign;
    if (c.rating.satisfied) cell.satisfied += sign;
  }
}

/** A share, or null before there is anything to divide by. */
export function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** Received and resolved (first handled) on one local day; the public counts leave out sensitive categories. */
export interface DayCounts {
  received: number;
  resolved: number;
  publicReceived: number;
  publicResolved: number;
}

export const emptyDay = (): DayCounts => ({ received: 0, resolved: 0, publicReceived: 0, publicResolved: 0 });
