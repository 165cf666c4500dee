import { describe, expect, it } from 'vitest';
import type { ReportStatus } from '../../protocol/topics';
import { isPublicReport, reportsGuard } from './publication';

const report = (statuses: ReportStatus[], extra: { sensitive?: boolean; private?: boolean } = {}) => ({
  category: { sensitive: extra.sensitive ?? false },
  private: extra.private ?? false,
  status: statuses.at(-1)!,
  history: statuses.map((status) => ({ status })),
});

describe('isPublicReport', () => {
  it('is public from approval on, through its handling', () => {
    expect(isPublicReport(report(['new']))).toBe(false);
    expect(isPublicReport(report(['new', 'approved']))).toBe(true);
    expect(isPublicReport(report(['new', 'approved', 'assigned', 'in_progress', 'resolved', 'rated', 'closed']))).toBe(
      true,
    );
  });

  it('is never public once rejected or made private, nor in a sensitive category', () => {
    expect(isPublicReport(report(['new', 'approved', 'rejected']))).toBe(false);
    expect(isPublicReport(report(['new', 'rejected']))).toBe(false);
    expect(isPublicReport(report(['new', 'approved'], { private: true }))).toBe(false);
    expect(isPublicReport(report(['new', 'approved'], { sensitive: true }))).toBe(false);
  });
});

describe('reportsGuard', () => {
  it('asks the moderation permission for approving, rejecting and moderating, and for nothing else', () => {
    expect(reportsGuard('report.status', { reportId: 'r', status: 'approved' })).toMatchObject({
      permission: 'reports.moderate',
      field: 'data.status',
    });
    expect(reportsGuard('report.status', { reportId: 'r', status: 'rejected' })).toMatchObject({
      permission: 'reports.moderate',
      field: 'data.status',
    });
    expect(reportsGuard('report.moderated', { reportId: 'r', private: true })).toMatchObject({
      permission: 'reports.moderate',
      field: 'kind',
    });
    for (const status of ['assigned', 'in_progress', 'resolved', 'closed', 'duplicate', 'not_responsible']) {
      expect(reportsGuard('report.status', { reportId: 'r', status }), status).toBeNull();
    }
    expect(reportsGuard('report.created', { reportId: 'r' })).toBeNull();
    expect(reportsGuard('report.rated', { reportId: 'r' })).toBeNull();
  });
});
