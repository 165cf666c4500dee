/** Citizen reports (phản ánh hiện trường): lifecycle, SLA and the indicators of the wall. */
import type { Domain } from '../domain';
import Type from 'typebox';
import { RECENT_LIMIT } from './recent-window';
import {
  PublicReportItem,
  PublicReportSummary,
  ReportDaily,
  ReportItem,
  ReportSummary,
} from '../../protocol/topics/reports';
import {
  ReportAccepted,
  ReportAssigned,
  ReportClosed,
  ReportCreated,
  ReportExtended,
  ReportExtensionRequested,
  ReportFieldNote,
  ReportMerged,
  ReportModerated,
  ReportNotResponsible,
  ReportRated,
  ReportResponded,
  ReportStatusChanged,
  ReportTransferred,
} from './schema';
import { createReportsAggregator } from './aggregator';
import { createReportsSimulator } from './simulator';
import { reportsGuard } from './publication';

/**
 * How long the reports topics may go unchanged before a screen dims them: the city receives about
 * 25 reports a day, hardly any at night, so a quiet evening is normal; half a day is not.
 */
const QUIET_REPORTS_MS = 12 * 60 * 60_000;

export const reportsDomain: Domain = {
  name: 'reports',
  title: { vi: 'Phản ánh hiện trường', en: 'Citizen reports' },
  events: {
    'report.created': ReportCreated,
    'report.status': ReportStatusChanged,
    'report.rated': ReportRated,
    'report.moderated': ReportModerated,
    'report.extended': ReportExtended,
    // Handling (dispatch board, department inbox, ward officers): each action its own kind, so the timeline says what was done.
    'report.assigned': ReportAssigned,
    'report.accepted': ReportAccepted,
    'report.transferred': ReportTransferred,
    'report.extension-requested': ReportExtensionRequested,
    'report.responded': ReportResponded,
    'report.closed': ReportClosed,
    'report.merged': ReportMerged,
    'report.not-responsible': ReportNotResponsible,
    'report.field-note': ReportFieldNote,
  },
  guard: reportsGuard,
  unique: { 'report.created': 'reportId' },
  topics: [
    {
      name: 'reports.summary',
      payload: ReportSummary,
      audience: 'internal',
      kind: 'state',
      shape: 'value',
      title: { vi: 'Tổng hợp phản ánh', en: 'Reports summary' },
      expectedIntervalMs: QUIET_REPORTS_MS,
    },
    {
      name: 'reports.public-summary',
      payload: PublicReportSummary,
      audience: 'public',
      kind: 'state',
      shape: 'value',
      title: { vi: 'Phản ánh hiện trường', en: 'Citizen reports' },
      expectedIntervalMs: QUIET_REPORTS_MS,
    },
    {
      name: 'reports.daily',
      payload: ReportDaily,
      audience: 'internal',
      kind: 'state',
      shape: 'value',
      title: { vi: 'Tiếp nhận và xử lý theo ngày', en: 'Received and resolved per day' },
      expectedIntervalMs: QUIET_REPORTS_MS,
    },
    {
      // Eight weeks and today: the baseline of "Needs attention" (the same weekday's median).
      name: 'reports.history',
      payload: ReportDaily,
      audience: 'internal',
      kind: 'state',
      shape: 'value',
      title: { vi: 'Tiếp nhận theo ngày, 8 tuần', en: 'Received per day, 8 weeks' },
      expectedIntervalMs: QUIET_REPORTS_MS,
    },
    {
      name: 'reports.public-recent',
      payload: Type.Array(PublicReportItem),
      audience: 'public',
      kind: 'state',
      shape: 'collection',
      limit: 100,
      title: { vi: 'Phản ánh đã duyệt', en: 'Approved reports' },
      expectedIntervalMs: 6 * 60 * 60_000,
    },
    {
      name: 'reports.recent',
      payload: Type.Array(ReportItem),
      audience: 'internal',
      kind: 'state',
      shape: 'collection',
      // The aggregator keeps it to these (`recent-window.ts`): the hub's limit never has to choose.
      limit: RECENT_LIMIT,
      title: { vi: 'Phản ánh mới nhất', en: 'Latest reports' },
      expectedIntervalMs: QUIET_REPORTS_MS,
    },
  ],
  createAggregator: createReportsAggregator,
  createSimulator: createReportsSimulator,
};
