/**
 * A report as its citizen (by tracking code) or a follower (by public id) reads it: plain words,
 * the public text only after moderation, a place rounded as Open311 rounds it, and never a name,
 * contact, device, internal note or officer.
 */
import type { Report } from '../../domains/reports/aggregator';
import { isPublicReport, roundPlace } from '../../domains/reports/aggregator';
import { maskPersonalData, publicTextOf } from '../../domains/reports/public-text';
import type { ReportStatus } from '../../protocol/topics';
import type { CitizenReportView } from '../../protocol/citizen';

type Text = { vi: string; en: string };

const STATUS_TEXT: Record<ReportStatus, Text> = {
  new: { vi: 'Đã tiếp nhận, đang chờ kiểm tra', en: 'Received, waiting to be checked' },
  approved: { vi: 'Đã kiểm tra, chờ chuyển đơn vị xử lý', en: 'Checked, waiting to be sent to a department' },
  assigned: { vi: 'Đã chuyển đến đơn vị xử lý', en: 'Sent to the department in charge' },
  in_progress: { vi: 'Đang được xử lý', en: 'Being handled' },
  resolved: { vi: 'Đã có kết quả trả lời', en: 'Answered' },
  rated: { vi: 'Đã có kết quả, bạn đã đánh giá', en: 'Answered and rated' },
  closed: { vi: 'Đã hoàn thành', en: 'Done' },
  rejected: { vi: 'Không được tiếp nhận', en: 'Not accepted' },
  duplicate: { vi: 'Trùng với một phản ánh khác', en: 'A duplicate of another report' },
  not_responsible: { vi: 'Không thuộc thẩm quyền của thành phố', en: "Not the city's business" },
};

const publicPhotoUrl = (id: string) => `/media/photos/${id}.jpg`;

/** What the public may read of a reason given to the citizen (masked as every public text). */
const reason = (text: string | undefined) => (text ? maskPersonalData(text, 500).text : null);

/** The steps in plain words; internal steps (notes, extension requests, title edits) are left out. */
function timelineOf(report: Report): CitizenReportView['timeline'] {
  const steps: CitizenReportView['timeline'] = [];
  let wasHandled = false;
  for (const entry of report.timeline) {
    const add = (text: Text) => steps.push({ at: entry.at, text });
    switch (entry.kind) {
      case 'report.created':
        add({ vi: 'Đã tiếp nhận phản ánh', en: 'Report received' });
        break;
      case 'report.assigned':
      case 'report.transferred':
        add({
          vi: `Đã chuyển đến ${entry.departmentName ?? 'đơn vị xử lý'}`,
          en: `Sent to ${entry.departmentName ?? 'the department in charge'}`,
        });
        break;
      case 'report.accepted':
        add({ vi: 'Đơn vị đang xử lý', en: 'Being handled' });
        break;
      case 'report.extended':
        add({ vi: 'Thời hạn xử lý được gia hạn', en: 'More time was given to handle it' });
        break;
      case 'report.responded':
        wasHandled = true;
        add({ vi: 'Đơn vị đã trả lời kết quả', en: 'The department answered' });
        break;
      case 'report.closed':
        add({ vi: 'Đã hoàn thành', en: 'Done' });
        break;
      case 'report.rated':
        add({ vi: 'Người phản ánh đã đánh giá kết quả', en: 'The reporter rated the result' });
        break;
      case 'report.merged':
        add({ vi: 'Trùng với một phản ánh khác, được xử lý chung', en: 'A duplicate: handled with another report' });
        break;
      case 'report.not-responsible': {
        const why = reason(entry.text);
        add({
          vi: `Không thuộc thẩm quyền của thành phố${why ? `: ${why}` : ''}`,
          en: `Not the city's business${why ? `: ${why}` : ''}`,
        });
        break;
      }
      case 'report.moderated':
        break;
      case 'report.status':
        if (entry.status === 'approved') add({ vi: 'Đã kiểm tra và công khai', en: 'Checked and published' });
        else if (entry.status === 'rejected') {
          const why = reason(entry.text);
          add({ vi: `Không được tiếp nhận${why ? `: ${why}` : ''}`, en: `Not accepted${why ? `: ${why}` : ''}` });
        } else if (entry.status === 'in_progress' && wasHandled)
          add({ vi: 'Mở lại để xử lý tiếp', en: 'Reopened for more work' });
        else if (entry.status === 'in_progress') add({ vi: 'Đơn vị đang xử lý', en: 'Being handled' });
        else if (entry.status === 'resolved') {
          wasHandled = true;
          add({ vi: 'Đã có kết quả', en: 'Answered' });
        } else if (entry.status === 'closed') add({ vi: 'Đã hoàn thành', en: 'Done' });
        break;
      default:
        break;
    }
  }
  return steps;
}

export function citizenView(report: Report, wardName: string | null, owner: boolean): CitizenReportView {
  const published = isPublicReport(report);
  const rated = [...report.timeline].reverse().find((entry) => entry.kind === 'report.rated');
  const last = report.timeline[report.timeline.length - 1];
  return {
    reportId: report.id,
    category: { code: report.category.code, name: report.category.name },
    status: report.status,
    statusText: STATUS_TEXT[report.status],
    createdAt: report.createdAt,
    updatedAt: last?.at ?? report.createdAt,
    place: {
      lat: report.lat === null ? null : roundPlace(report.lat),
      lon: report.lon === null ? null : roundPlace(report.lon),
      wardName,
      // The address the citizen typed is theirs to see again; a follower gets the ward only.
      ...(owner && report.address ? { address: report.address } : {}),
    },
    description: published ? publicTextOf(report).text : null,
    photos: published && !report.hidePhoto ? report.photos.map(publicPhotoUrl) : [],
    timeline: timelineOf(report),
    // The citizen reads the answer to their own report even when it is not public (a sensitive
    // category); its photos are served only with a public report.
    response:
      (published || owner) && report.response
        ? {
            text: maskPersonalData(report.response.text, 2000).text,
            photos: published ? report.response.photos.map(publicPhotoUrl) : [],
            at: report.response.at,
          }
        : null,
    rating: report.rating && rated ? { score: report.rating.score, at: rated.at } : null,
    canRate: owner && report.status === 'resolved',
  };
}
