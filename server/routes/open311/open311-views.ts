/**
 * What Open311 shows of a report. A public report (approved, not private, not sensitive) shows
 * its moderated title, its place rounded to about 100 m and its photo unless hidden. Any other
 * report, asked for by its id (the client that filed it follows it from the first second, as a
 * realtime service promises), shows only status, service, dates and the public place: no
 * description and no media until a moderator has read them, and no place at all for a sensitive
 * category or a report kept private. Never a contact, never the citizen's own address text.
 */
import { deadlineOf, isPublicReport, roundPlace, UNLOCATED, type Report } from '../../domains/reports/aggregator';
import { isHandled } from '../../domains/reports/lifecycle';
import { maskPersonalData, publicTextOf } from '../../domains/reports/public-text';
import type { TimelineEntry } from '../../protocol/reports-handling';
import { open311Time } from './open311-format';

const STATUS_LABELS: Record<Report['status'], string> = {
  new: 'Mới tiếp nhận, chờ duyệt / Received, awaiting moderation',
  approved: 'Đã duyệt / Approved',
  assigned: 'Đã chuyển xử lý / Assigned',
  in_progress: 'Đang xử lý / In progress',
  resolved: 'Đã xử lý / Resolved',
  rated: 'Đã đánh giá / Rated',
  closed: 'Đã đóng / Closed',
  rejected: 'Không công khai / Not published',
  duplicate: 'Trùng lặp / Duplicate',
  not_responsible: 'Không thuộc thẩm quyền / Not responsible',
};

/** Everything a view needs besides the report. */
export interface ViewContext {
  timeZone: string;
  wardName: (code: string) => string | null;
  departmentName: (id: string) => string | undefined;
}

const isClosed = (report: Report) =>
  isHandled(report.status) || ['rejected', 'duplicate', 'not_responsible'].includes(report.status);

/** One request as GET requests answers it (`extensions` adds the ward, detailed status and history). */
export function requestView(report: Report, extensions: boolean, context: ViewContext) {
  const published = isPublicReport(report);
  const last = report.history[report.history.length - 1]!;
  // The place of a sensitive or private report is not the public's, even rounded.
  const placeShown = published || (!report.category.sensitive && !report.private);
  const point = placeShown && report.lat !== null && report.lon !== null;
  const unlocated = report.ward === UNLOCATED.code;
  return {
    service_request_id: report.id,
    status: isClosed(report) ? 'closed' : 'open',
    // The richer lifecycle state lives here, as GeoReport suggests.
    status_notes: STATUS_LABELS[report.status],
    service_name: report.category.name.vi,
    service_code: report.category.code,
    description: published ? publicTextOf(report).text : null,
    // The department handling it once dispatched, else the one in charge of the category.
    agency_responsible:
      (report.department === null ? undefined : context.departmentName(report.department)) ??
      report.category.department.vi,
    service_notice: published ? null : 'Nội dung công khai sau khi được duyệt / Details are public once approved',
    requested_datetime: open311Time(report.createdAt, context.timeZone),
    updated_datetime: open311Time(last.at, context.timeZone),
    expected_datetime: open311Time(deadlineOf(report), context.timeZone),
    address: !placeShown
      ? null
      : unlocated
        ? `${UNLOCATED.name.vi} / ${UNLOCATED.name.en}`
        : context.wardName(report.ward),
    address_id: null,
    zipcode: null,
    lat: point ? roundPlace(report.lat!) : null,
    long: point ? roundPlace(report.lon!) : null,
    media_url: published && report.photoUrl && !report.hidePhoto ? report.photoUrl : null,
    ...(extensions
      ? {
          extended_attributes: {
            ward: placeShown ? report.ward : null,
            status_detail: report.status,
            notes: report.history.map((entry) => ({
              status: entry.status,
              datetime: open311Time(entry.at, context.timeZone),
            })),
            // The official response, masked as every public text (the citizens' channel reads it here).
            response: published && report.response !== null ? maskPersonalData(report.response.text, 2000).text : null,
          },
        }
      : {}),
  };
}

/** mySociety's statuses for `servicerequestupdates` (FixMyStreet, open311-adapter). */
type UpdateStatus =
  | 'OPEN'
  | 'INVESTIGATING'
  | 'IN_PROGRESS'
  | 'ACTION_SCHEDULED'
  | 'FIXED'
  | 'CLOSED'
  | 'DUPLICATE'
  | 'NOT_COUNCILS_RESPONSIBILITY'
  | 'NO_FURTHER_ACTION'
  | 'INTERNAL_REFERRAL';

const BY_STATUS: Record<Report['status'], UpdateStatus> = {
  new: 'OPEN',
  approved: 'OPEN',
  assigned: 'INVESTIGATING',
  in_progress: 'IN_PROGRESS',
  resolved: 'FIXED',
  rated: 'FIXED',
  closed: 'CLOSED',
  rejected: 'NO_FURTHER_ACTION',
  duplicate: 'DUPLICATE',
  not_responsible: 'NOT_COUNCILS_RESPONSIBILITY',
};

/** Steps that are the city's own business (moderation, notes, a request for time, a rating): no update. */
const INTERNAL_STEPS = new Set([
  'report.created',
  'report.moderated',
  'report.field-note',
  'report.extension-requested',
  'report.rated',
]);

/** The status an update reports for one step of the record, or null when the step is internal. */
function updateStatusOf(entry: Pick<TimelineEntry, 'kind' | 'status'>): UpdateStatus | null {
  if (INTERNAL_STEPS.has(entry.kind)) return null;
  if (entry.kind === 'report.transferred') return 'INTERNAL_REFERRAL';
  if (entry.kind === 'report.extended') return 'ACTION_SCHEDULED';
  return BY_STATUS[entry.status];
}

/** The public updates of a public report in [from, until]: status and public text only. */
export function updatesOf(report: Report, from: number, until: number, timeZone: string) {
  const updates: Array<Record<string, unknown>> = [];
  report.timeline.forEach((entry, index) => {
    if (entry.at < from || entry.at > until) return;
    const status = updateStatusOf(entry);
    if (status === null) return;
    const response =
      entry.kind === 'report.responded' && report.response !== null
        ? ` — ${maskPersonalData(report.response.text, 2000).text}`
        : '';
    updates.push({
      update_id: `${report.id}-${index}`,
      service_request_id: report.id,
      status,
      updated_datetime: open311Time(entry.at, timeZone),
      description: `${STATUS_LABELS[entry.status]}${response}`,
      media_url: null,
    });
  });
  return updates;
}
