/**
 * Grid clustering of report points for the map: reports in the same screen-sized cell merge into
 * one circle with their count, coloured by the most urgent report in it.
 */
import { reportClass, type LocatedReport, type ReportClass } from './legend';

export interface Cluster {
  id: string;
  position: [number, number];
  count: number;
  worst: ReportClass;
}

const URGENCY: ReportClass[] = ['overdue', 'new', 'in_progress', 'resolved', 'closed'];

/**
 * Degrees of longitude that `pixels` span at a MapLibre zoom level (MapLibre's zoom counts
 * 512-pixel tiles: the world is 512 × 2^zoom pixels wide).
 */
export function cellDegrees(zoom: number, pixels: number): number {
  return (360 / (512 * 2 ** zoom)) * pixels;
}

export function clusterReports(reports: readonly LocatedReport[], cell: number): Cluster[] {
  const cells = new Map<string, { lon: number; lat: number; count: number; worst: ReportClass }>();
  for (const report of reports) {
    const key = `${Math.floor(report.lon / cell)}:${Math.floor(report.lat / cell)}`;
    const cls = reportClass(report);
    const entry = cells.get(key);
    if (!entry) {
      cells.set(key, { lon: report.lon, lat: report.lat, count: 1, worst: cls });
      continue;
    }
    // The running mean keeps the circle over its reports, not at a grid corner.
    entry.lon += (report.lon - entry.lon) / (entry.count + 1);
    entry.lat += (report.lat - entry.lat) / (entry.count + 1);
    entry.count++;
    if (URGENCY.indexOf(cls) < URGENCY.indexOf(entry.worst)) entry.worst = cls;
  }
  return [...cells].map(([key, entry]) => ({
    id: key,
    position: [entry.lon, entry.lat],
    count: entry.count,
    worst: entry.worst,
  }));
}
