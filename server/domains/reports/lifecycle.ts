/** The lifecycle of a citizen report: which status may follow which, and which action may act on which status. */
import type { ReportStatus } from '../../protocol/topics';

const NEXT: Record<ReportStatus, ReportStatus[]> = {
  // Dispatch need not wait for moderation: publication is a separate decision (see publication.ts).
  new: ['approved', 'assigned', 'rejected', 'duplicate', 'not_responsible'],
  approved: ['assigned', 'rejected', 'duplicate', 'not_responsible'],
  // assigned → assigned: transferred to another department, which must accept it again.
  assigned: ['assigned', 'in_progress', 'resolved', 'duplicate', 'not_responsible'],
  in_progress: ['assigned', 'resolved'],
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

/** The handling actions, each an event kind of its own so the timeline says what was done. */
export const HANDLING_KINDS = [
  'report.assigned',
  'report.accepted',
  'report.transferred',
  'report.extension-requested',
  'report.extended',
  'report.responded',
  'report.closed',
  'report.merged',
  'report.not-responsible',
  'report.field-note',
] as const;
export type HandlingKind = (typeof HANDLING_KINDS)[number];

export function isHandlingKind(kind: string): kind is HandlingKind {
  return (HANDLING_KINDS as readonly string[]).includes(kind);
}

const OPEN: ReportStatus[] = ['new', 'approved', 'assigned', 'in_progress'];

/** From which statuses each action may act, and the status it leaves (null: unchanged). */
export const HANDLING: Record<
  HandlingKind,
  { from: readonly ReportStatus[]; to: ReportStatus | null; label: { vi: string; en: string } }
> = {
  'report.assigned': { from: ['new', 'approved'], to: 'assigned', label: { vi: 'giao xử lý', en: 'assign' } },
  'report.accepted': { from: ['assigned'], to: 'in_progress', label: { vi: 'tiếp nhận', en: 'accept' } },
  'report.transferred': {
    from: ['assigned', 'in_progress'],
    to: 'assigned',
    label: { vi: 'chuyển đơn vị', en: 'transfer' },
  },
  'report.extension-requested': {
    from: ['assigned', 'in_progress'],
    to: null,
    label: { vi: 'xin gia hạn', en: 'request an extension' },
  },
  'report.extended': { from: OPEN, to: null, label: { vi: 'gia hạn', en: 'extend' } },
  'report.responded': { from: ['in_progress'], to: 'resolved', label: { vi: 'trả lời kết quả', en: 'respond' } },
  'report.closed': { from: ['resolved', 'rated'], to: 'closed', label: { vi: 'đóng', en: 'close' } },
  'report.merged': {
    from: ['new', 'approved', 'assigned'],
    to: 'duplicate',
    label: { vi: 'gộp trùng', en: 'merge as duplicate' },
  },
  'report.not-responsible': {
    from: ['new', 'approved', 'assigned'],
    to: 'not_responsible',
    label: { vi: 'không thuộc thẩm quyền', en: "mark not the city's business" },
  },
  'report.field-note': {
    from: ['new', 'approved', 'assigned', 'in_progress', 'resolved', 'rated'],
    to: null,
    label: { vi: 'ghi chú hiện trường', en: 'add a field note' },
  },
};

export const STATUS_NAMES: Record<ReportStatus, { vi: string; en: string }> = {
  new: { vi: 'mới', en: 'new' },
  approved: { vi: 'đã duyệt', en: 'approved' },
  assigned: { vi: 'đã giao', en: 'assigned' },
  in_progress: { vi: 'đang xử lý', en: 'in progress' },
  resolved: { vi: 'đã trả lời', en: 'resolved' },
  rated: { vi: 'đã đánh giá', en: 'rated' },
  closed: { vi: 'đã đóng', en: 'closed' },
  rejected: { vi: 'bị từ chối', en: 'rejected' },
  duplicate: { vi: 'trùng lặp', en: 'duplicate' },
  not_responsible: { vi: 'không thuộc thẩm quyền', en: "not the city's business" },
};

/** Why an action cannot act on a report in this status (vi and en), or null when it can. */
export function handlingRefusal(kind: HandlingKind, status: ReportStatus): { vi: string; en: string } | null {
  const rule = HANDLING[kind];
  if (rule.from.includes(status)) return null;
  const allowedVi = rule.from.map((s) => STATUS_NAMES[s].vi).join(', ');
  const allowedEn = rule.from.map((s) => STATUS_NAMES[s].en).join(', ');
  return {
    vi: `không thể ${rule.label.vi} khi phản ánh đang ở trạng thái "${STATUS_NAMES[status].vi}" (chỉ khi: ${allowedVi})`,
    en: `cannot ${rule.label.en} a report that is ${STATUS_NAMES[status].en} (only when: ${allowedEn})`,
  };
}
