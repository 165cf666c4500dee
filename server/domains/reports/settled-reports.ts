/**
 * A report as the read APIs need it, held or settled. The reports aggregator holds only the
 * reports that can still change; one settled out of it (no longer open, unchanged for
 * `settleAfterDays`) is folded again from its own events in the store (`WholeLog.eventsAbout`,
 * indexed on the report id) by the aggregator's own code (`ReportsReadModel.rebuild`). So a
 * citizen's tracking code from months ago, an Open311 `requests/<id>` and a public report's photo
 * still answer. This is the read side: it may do I/O, the aggregator never does.
 */
import type { WholeLog } from '../../store/event-log';
import type { Report, ReportsReadModel } from './aggregator';

export type ReportEventSource = Pick<WholeLog, 'eventsAbout' | 'findFirst'>;

export interface ReportFinder {
  /** The report with this id, held or settled. */
  get(id: string): Promise<Report | undefined>;
  /** The report a tracking code was given for, by the code's fingerprint, held or settled. */
  byTrackingCodeHash(hash: string): Promise<Report | undefined>;
  /** The reports holding a photo: the held ones, or the settled public report that showed it. */
  withPhoto(photoId: string): Promise<Report[]>;
}

export function reportFinder(reports: ReportsReadModel, log: ReportEventSource): ReportFinder {
  const settled = async (id: string) => reports.rebuild(id, await log.eventsAbout('reports', 'reportId', id));
  return {
    async get(id) {
      return reports.get(id) ?? (await settled(id));
    },
    async byTrackingCodeHash(hash) {
      const held = reports.byTrackingCodeHash(hash);
      if (held) return held;
      const created = await log.findFirst('reports', 'report.created', 'reporter.trackingCodeHash', hash);
      const id = (created?.data as { reportId?: unknown } | undefined)?.reportId;
      return typeof id === 'string' ? (reports.get(id) ?? (await settled(id))) : undefined;
    },
    async withPhoto(photoId) {
      const held = reports.withPhoto(photoId);
      if (held.length > 0) return held;
      const id = reports.settledPhotoHolder(photoId);
      const report = id === undefined ? undefined : await settled(id);
      return report ? [report] : [];
    },
  };
}
