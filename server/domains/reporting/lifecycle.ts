/**
 * The life of one unit's report for one period:
 * draft → submitted → approved (or returned, with a reason) → published; a published figure is
 * only ever changed by a correction that names the value it replaces.
 */
import type { SubmissionState } from '../../protocol/topics';

export type ReportingKind =
  | 'figures.saved'
  | 'figures.submitted'
  | 'figures.approved'
  | 'figures.returned'
  | 'figures.published'
  | 'figures.corrected';

/** A state a report can be in once something was done with it ("missing" is having none). */
export type LiveState = Exclude<SubmissionState, 'missing'>;

const MOVES: Record<ReportingKind, { from: ReadonlyArray<LiveState | null>; to: LiveState }> = {
  'figures.saved': { from: [null, 'draft', 'returned'], to: 'draft' },
  'figures.submitted': { from: [null, 'draft', 'returned'], to: 'submitted' },
  'figures.approved': { from: ['submitted'], to: 'approved' },
  'figures.returned': { from: ['submitted', 'approved'], to: 'returned' },
  'figures.published': { from: ['approved'], to: 'published' },
  'figures.corrected': { from: ['published'], to: 'published' },
};

const STATE_NAMES: Record<SubmissionState, { vi: string; en: string }> = {
  missing: { vi: 'chưa nộp', en: 'not submitted' },
  draft: { vi: 'bản nháp', en: 'draft' },
  submitted: { vi: 'đã nộp, chờ duyệt', en: 'submitted, awaiting approval' },
  returned: { vi: 'bị trả lại', en: 'returned' },
  approved: { vi: 'đã duyệt', en: 'approved' },
  published: { vi: 'đã công bố', en: 'published' },
};

export function isReportingKind(kind: string): kind is ReportingKind {
  return kind in MOVES;
}

/** The state after `kind`, or why it cannot happen now. */
export function move(current: LiveState | null, kind: ReportingKind): { to: LiveState } | { vi: string; en: string } {
  const rule = MOVES[kind];
  if (rule.from.includes(current)) return { to: rule.to };
  const now = STATE_NAMES[current ?? 'missing'];
  return {
    vi: `không thể ${ACTION_VI[kind]} báo cáo đang ở trạng thái "${now.vi}"`,
    en: `cannot ${ACTION_EN[kind]} a report that is ${now.en}`,
  };
}

const ACTION_VI: Record<ReportingKind, string> = {
  'figures.saved': 'lưu nháp',
  'figures.submitted': 'nộp',
  'figures.approved': 'duyệt',
  'figures.returned': 'trả lại',
  'figures.published': 'công bố',
  'figures.corrected': 'đính chính',
};
const ACTION_EN: Record<ReportingKind, string> = {
  'figures.saved': 'save',
  'figures.submitted': 'submit',
  'figures.approved': 'approve',
  'figures.returned': 'return',
  'figures.published': 'publish',
  'figures.corrected': 'correct',
};
