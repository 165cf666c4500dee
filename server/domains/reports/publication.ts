/**
 * What decides whether the public sees a report, and who may decide it. Approving, rejecting and
 * moderating are a person's decisions: a feed key (a citizen app, an integration) may create a
 * report and carry its handling, never publish or withdraw it.
 */
import type { EventGuard } from '../domain';
import type { ReportStatus } from '../../protocol/topics';
import type { ReportStatusChanged } from './schema';

/** The statuses that publish a report or take it out of publication. */
const MODERATION_STATUSES: ReadonlySet<ReportStatus> = new Set<ReportStatus>(['approved', 'rejected']);

const WHY = {
  en: 'only a person with the moderation permission may approve, reject or moderate a report, never a feed key (moderators use POST /api/v1/reports/:id/moderation)',
  vi: 'chỉ người có quyền kiểm duyệt mới được duyệt, từ chối hoặc kiểm duyệt phản ánh, không bao giờ bằng khóa API của nguồn dữ liệu (người kiểm duyệt dùng POST /api/v1/reports/:id/moderation)',
};

export function reportsGuard(kind: string, data: unknown): EventGuard | null {
  if (kind === 'report.moderated') return { permission: 'reports.moderate', field: 'kind', ...WHY };
  if (kind === 'report.status' && MODERATION_STATUSES.has((data as ReportStatusChanged).status)) {
    return { permission: 'reports.moderate', field: 'data.status', ...WHY };
  }
  return null;
}

/**
 * Approved by a moderator, not rejected since, not made private, not a sensitive category: only
 * then may the public see it. (Approval is looked up in the history because the report moves on
 * to assigned, resolved… and stays public; a report dispatched before moderation is approved or
 * rejected by its `publication` decision instead.)
 */
export function isPublicReport(report: {
  category: { sensitive: boolean };
  private: boolean;
  status: ReportStatus;
  history: ReadonlyArray<{ status: ReportStatus; byKey?: true }>;
  publication?: 'waiting' | 'approved' | 'rejected';
}): boolean {
  if (report.category.sensitive || report.private || report.status === 'rejected' || report.publication === 'rejected')
    return false;
  return (
    report.publication === 'approved' || report.history.some((entry) => entry.status === 'approved' && !entry.byKey)
  );
}
