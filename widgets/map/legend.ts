/** Colours and words of the map, shared by its layers and its legend. */
import type { ReportItem, TrafficIncident } from '../../server/protocol/topics';

export type Rgba = [number, number, number, number];

export type ReportClass = 'overdue' | 'new' | 'in_progress' | 'resolved' | 'closed';

export const REPORT_COLOURS: Record<ReportClass, Rgba> = {
  overdue: [248, 113, 113, 235],
  new: [251, 191, 36, 230],
  in_progress: [56, 189, 248, 230],
  resolved: [74, 222, 128, 220],
  closed: [148, 163, 184, 150],
};

export const REPORT_LABELS: Record<ReportClass, { vi: string; en: string }> = {
  overdue: { vi: 'Quá hạn', en: 'Overdue' },
  new: { vi: 'Mới, chờ xử lý', en: 'New, waiting' },
  in_progress: { vi: 'Đang xử lý', en: 'In progress' },
  resolved: { vi: 'Đã xử lý', en: 'Resolved' },
  closed: { vi: 'Đã đóng', en: 'Closed' },
};

export function reportClass(report: Pick<ReportItem, 'status' | 'overdue'>): ReportClass {
  if (report.overdue) return 'overdue';
  switch (report.status) {
    case 'new':
    case 'approved':
      return 'new';
    case 'assigned':
    case 'in_progress':
      return 'in_progress';
    case 'resolved':
    case 'rated':
      return 'resolved';
    default:
      return 'closed';
  }
}

export const INCIDENT_COLOURS: Record<TrafficIncident['severity'], Rgba> = {
  minor: [251, 146, 60, 240],
  serious: [239, 68, 68, 250],
  fatal: [190, 18, 60, 255],
};

export const INCIDENT_LABEL = { vi: 'Sự cố giao thông', en: 'Traffic incident' };

/** From fixtures/geodata/SOURCES.md: the credit the data's licences require. */
export const ATTRIBUTION = [
  'Boundaries: Who’s On First (whosonfirst.org) · Quattroshapes (CC BY 2.0) · Natural Earth',
  'Railways: © OpenStreetMap contributors (ODbL)',
  'Points: Wikipedia (CC BY-SA) and Showcaves.com',
];
export const OSM_COPYRIGHT = 'https://www.openstreetmap.org/copyright';
export const SCHEMATIC_NOTE = { vi: 'Ranh giới phường mang tính minh họa', en: 'Schematic ward areas' };

/** On-time rate → colour: red below 70 %, amber to 90 %, green above; grey before any data. */
export function rateColour(rate: number | null | undefined): Rgba {
  if (rate === null || rate === undefined) return [71, 85, 105, 90];
  if (rate < 0.7) return [239, 68, 68, 120];
  if (rate < 0.9) return [250, 204, 21, 110];
  return [34, 197, 94, 110];
}

export const CHOROPLETH_LABEL = { vi: 'Tỷ lệ đúng hạn theo phường, xã', en: 'On-time rate by ward' };
