/** The lifecycle of a citizen report: which status may follow which. */
import type { ReportStatus } from '../../protocol/topics';

const NEXT: Record<ReportStatus, ReportStatus[]> = {
  new: ['approved', 'rejected', 'duplicate', 'not_responsible'],
  approved: ['assigned', 'rejected', 'duplicate', 'not_responsible'],
  assigned: ['in_progress', 'resolved', 'not_responsible'],
  in_progress: ['resolved'],
  resolved: ['rated', 'closed', 'in_progress'],
  // A poor rating reopens the report.
  rated: ['closed', 'in_progress'],
  closed: [],
  rejected: [],
  duplicate: [],
  not_responsible: [],
};

export function nextStatuses(from: ReportStatus): readonly ReportStatus[] {
  return NEXT[from];
}

export function canMove(from: ReportStatus, to: ReportStatus): boolean {
  return NEXT[from].includes(to);
}

/** Still waiting for the city to act. */
export function isOpen(status: ReportStatus): boolean {
  return status === 'new' || status === 'approved' || status === 'assigned' || status === 'in_progress';
}

/** Handled by the city (counts for the on-time rate). */
export function isHandled(status: ReportStatus): boolean {
  return status === 'resolved' || status === 'rated' || status === 'closed';
}
