/** Colours and words of the map, shared by its layers, its basemap and its legend. */
import type { FlowLevel, LocalizedText, ReportItem, TrafficIncident } from '../../server/protocol/topics';
import type { Locale } from '../widget';
import { choroplethShown, type MapLayerOptions } from './options';
import { choroplethLabel, legendClasses, type Choropleth, type ChoroplethClass } from './choropleth';
import { meaningOfReport, meaningRgba } from '../meaning';
import { pointKinds, TONE_COLOURS, TONE_LABELS, tonesUsed, type PointGroup } from './points';
import type { ShapeName } from './shapes';

export type Rgba = [number, number, number, number];

export type ReportClass = 'overdue' | 'new' | 'in_progress' | 'resolved' | 'closed';

/** Overdue is a deadline missed (alarm), new is waiting (warn), resolved is done (met): the palette of meanings. */
export const REPORT_COLOURS: Record<ReportClass, Rgba> = {
  overdue: meaningRgba('alarm', 235),
  new: meaningRgba('warn', 230),
  in_progress: [56, 189, 248, 230],
  resolved: meaningRgba('met', 220),
  closed: [148, 163, 184, 150],
};

const REPORT_LABELS: Record<ReportClass, LocalizedText> = {
  overdue: { vi: 'Quá hạn', en: 'Overdue' },
  new: { vi: 'Mới, chờ xử lý', en: 'New, waiting' },
  in_progress: { vi: 'Đang xử lý', en: 'In progress' },
  resolved: { vi: 'Đã xử lý', en: 'Resolved' },
  closed: { vi: 'Đã đóng', en: 'Closed' },
};

/**
 * Overdue wins over any status: a late report is late whoever holds it. The judged classes come
 * from the palette of meanings' rule (`meaningOfReport`), the same as the table's.
 */
export function reportClass(report: Pick<ReportItem, 'status' | 'overdue'>): ReportClass {
  const meaning = meaningOfReport(report);
  if (meaning === 'alarm') return 'overdue';
  if (meaning === 'warn') return 'new';
  if (meaning === 'met') return 'resolved';
  return report.status === 'assigned' || report.status === 'in_progress' ? 'in_progress' : 'closed';
}

/** A report with a point: one given by its address only has none and stays off every map. */
export type LocatedReport = ReportItem & { lat: number; lon: number };

/** Closed, rejected, duplicate and not-ours reports are history, not work: off the live map. */
export function liveReports(reports: readonly ReportItem[]): LocatedReport[] {
  return reports.filter(
    (report): report is LocatedReport => report.lat !== null && report.lon !== null && reportClass(report) !== 'closed',
  );
}

export const INCIDENT_COLOURS: Record<TrafficIncident['severity'], Rgba> = {
  minor: [251, 146, 60, 240],
  serious: [239, 68, 68, 250],
  fatal: [190, 18, 60, 255],
};

/** Marker radius in em: the worse the crash, the bigger the mark. */
export const INCIDENT_RADIUS: Record<TrafficIncident['severity'], number> = { minor: 0.5, serious: 0.62, fatal: 0.72 };

export const RAIL_COLOUR = '#94a3b8';
export const POI_COLOUR = '#a78bfa';
/** Water blue for the Kỳ Cùng, light grey for roads: context, not judged, so no colour of meaning. */
export const RIVER_COLOUR = '#38bdf8';
export const ROAD_COLOUR = '#cbd5e1';
export const BRIDGE_COLOUR = '#f8fafc';

/**
 * Ward fills by class: translucent, so the ward names and the points over them stay readable.
 * Judged classes in red, amber, green; compared ones in one blue, light to deep (no verdict).
 */
export const CHOROPLETH_COLOURS: Record<ChoroplethClass, Rgba> = {
  none: [71, 85, 105, 90],
  bad: meaningRgba('alarm', 120),
  fair: meaningRgba('warn', 110),
  good: meaningRgba('met', 110),
  low: [186, 230, 253, 45],
  mid: [56, 189, 248, 110],
  high: [3, 105, 161, 200],
};

/** Traffic by level: green to red, bright enough on the dark map, each over a dark casing. */
export const FLOW_COLOURS: Record<FlowLevel, Rgba> = {
  free: [34, 197, 94, 255],
  moderate: [250, 204, 21, 255],
  heavy: [249, 115, 22, 255],
  jammed: [239, 68, 68, 255],
};
/** Line width in em: the worse the traffic, the wider, so the level reads without colour too. */
export const FLOW_WIDTH: Record<FlowLevel, number> = { free: 0.34, moderate: 0.4, heavy: 0.5, jammed: 0.6 };
export const FLOW_CASING_EM = 0.22;
const FLOW_LABEL: LocalizedText = {
  vi: 'Giao thông: thông thoáng · đông · chậm · ùn tắc',
  en: 'Traffic: free · moderate · heavy · jammed',
};
const SCHEMATIC_ROADS_NOTE: LocalizedText = { vi: 'Tuyến đường vẽ minh họa', en: 'Schematic road lines' };
const ROADS_LABEL: LocalizedText = { vi: 'Đường chính', en: 'Main roads' };
/** What the roads layer's lines are: drawn by hand where no open data could be had. */
const SCHEMATIC_MAP_NOTE: LocalizedText = {
  vi: 'Sơ đồ đường, sông, cầu (không phải bản đồ đo đạc)',
  en: 'Schematic roads, river, bridge (not surveyed)',
};

export const rgbCss = (c: readonly number[]): string => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
export const rgbaCss = (c: Rgba): string => `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${Math.round((c[3] / 255) * 100) / 100})`;

export type LegendSwatch =
  | { kind: 'dot'; colour: string }
  | { kind: 'rings'; colours: string[] }
  | { kind: 'line'; colour: string }
  | { kind: 'paths'; colours: string[] }
  | { kind: 'shape'; shape: ShapeName; colour: string }
  | { kind: 'ramp'; colours: string[] }
  | { kind: 'note' };

export interface LegendEntry {
  id: string;
  swatch: LegendSwatch;
  label: LocalizedText;
}

export interface LegendData {
  points: readonly PointGroup[];
  /** The figures the wards are coloured by, when the choropleth is on. */
  choropleth: Choropleth | null;
  /**
   * The reports drawn now: only their classes are listed. Left out, every class is (the legend
   * of a layer whose data is not known).
   */
  reports?: readonly Pick<ReportItem, 'status' | 'overdue'>[];
  /** The traffic incidents drawn now: none, no entry. Left out, the entry is shown. */
  incidents?: readonly unknown[];
}

const NO_DATA: LegendData = { points: [], choropleth: null };

/** The legend lists what is drawn, in drawing importance: reports, areas, roads, places, incidents, then context. */
export function legendEntries(layers: MapLayerOptions, data: LegendData = NO_DATA): LegendEntry[] {
  const entries: LegendEntry[] = [];
  if (layers.reports) {
    const present = data.reports ? new Set(data.reports.map(reportClass)) : null;
    for (const cls of ['overdue', 'new', 'in_progress', 'resolved'] as const) {
      if (present && !present.has(cls)) continue;
      entries.push({
        id: `report-${cls}`,
        swatch: { kind: 'dot', colour: rgbCss(REPORT_COLOURS[cls]) },
        label: REPORT_LABELS[cls],
      });
    }
  }
  if (layers.heatmap) {
    entries.push({
      id: 'heatmap',
      swatch: { kind: 'ramp', colours: HEATMAP_COLOURS.slice(1).map(rgbCss) },
      label: { vi: 'Mật độ phản ánh', en: 'Report density' },
    });
  }
  if (choroplethShown(layers) && data.choropleth) {
    // Low values on the left: red first where higher is better, green first where lower is.
    const classes = legendClasses(data.choropleth);
    entries.push({
      id: 'choropleth',
      swatch: { kind: 'ramp', colours: classes.map((cls) => rgbCss(CHOROPLETH_COLOURS[cls])) },
      label: choroplethLabel(data.choropleth),
    });
  }
  if (layers.flow) {
    entries.push({
      id: 'flow',
      swatch: { kind: 'paths', colours: Object.values(FLOW_COLOURS).map(rgbCss) },
      label: FLOW_LABEL,
    });
    // Where the roads layer is on, its own note in the attribution says so already.
    if (!layers.roads) entries.push({ id: 'flow-schematic', swatch: { kind: 'note' }, label: SCHEMATIC_ROADS_NOTE });
  }
  for (const kind of pointKinds(data.points)) {
    entries.push({
      id: `point-${kind.kind}`,
      swatch: { kind: 'shape', shape: kind.shape, colour: rgbCss(TONE_COLOURS.neutral) },
      label: kind.name,
    });
  }
  const tones = tonesUsed(data.points);
  if (tones.length > 0) {
    entries.push({
      id: 'point-tones',
      swatch: { kind: 'rings', colours: tones.map((tone) => rgbCss(TONE_COLOURS[tone])) },
      label: {
        vi: `Màu: ${tones.map((tone) => TONE_LABELS[tone].vi).join(' · ')}`,
        en: `Colour: ${tones.map((tone) => TONE_LABELS[tone].en).join(' · ')}`,
      },
    });
  }
  if (layers.incidents && (data.incidents === undefined || data.incidents.length > 0)) {
    entries.push({
      id: 'incidents',
      swatch: { kind: 'rings', colours: [rgbCss(INCIDENT_COLOURS.serious), rgbCss(INCIDENT_COLOURS.minor)] },
      label: { vi: 'Sự cố giao thông: nặng, nhẹ', en: 'Traffic incident: serious, minor' },
    });
  }
  if (layers.roads) {
    entries.push(
      { id: 'roads', swatch: { kind: 'line', colour: ROAD_COLOUR }, label: ROADS_LABEL },
      {
        id: 'river',
        swatch: { kind: 'line', colour: RIVER_COLOUR },
        label: { vi: 'Sông Kỳ Cùng', en: 'Kỳ Cùng River' },
      },
      { id: 'bridge', swatch: { kind: 'dot', colour: BRIDGE_COLOUR }, label: { vi: 'Cầu', en: 'Bridge' } },
    );
  }
  if (layers.rail)
    entries.push({
      id: 'rail',
      swatch: { kind: 'line', colour: RAIL_COLOUR },
      label: { vi: 'Đường sắt', en: 'Railway' },
    });
  if (layers.poi)
    entries.push({ id: 'poi', swatch: { kind: 'dot', colour: POI_COLOUR }, label: { vi: 'Địa danh', en: 'Landmark' } });
  return entries;
}

/**
 * Vietnamese first, English second: a Vietnamese screen shows both, English smaller under it (the
 * wall is also shown to visitors); an English screen shows English alone, to stay compact.
 */
export function legendText(label: LocalizedText, locale: Locale): { primary: string; secondary: string | null } {
  return locale === 'vi' ? { primary: label.vi, secondary: label.en } : { primary: label.en, secondary: null };
}

/** Heatmap ramp, low to high (the first stop is where density starts to show). */
export const HEATMAP_COLOURS: Array<[number, number, number]> = [
  [30, 64, 175],
  [56, 189, 248],
  [250, 204, 21],
  [249, 115, 22],
  [239, 68, 68],
  [190, 18, 60],
];

/** From fixtures/geodata/SOURCES.md: the credit the data's licences require, word for word. */
const ATTRIBUTION = {
  boundaries: "Boundaries: Who's On First (whosonfirst.org) · Quattroshapes (CC BY 2.0) · Natural Earth",
  railways: 'Railways: © OpenStreetMap contributors (ODbL)',
  points: 'Points: Wikipedia (CC BY-SA) and Showcaves.com',
} as const;
/** ODbL asks for the credit to link to the licence page. */
const OSM_COPYRIGHT = 'https://www.openstreetmap.org/copyright';
const SCHEMATIC_NOTE: LocalizedText = { vi: 'Ranh giới phường mang tính minh họa', en: 'Schematic ward areas' };

export interface AttributionLine {
  text: string;
  href: string | null;
  emphasis: boolean;
}

/**
 * Always shown, in every locale, even where the legend has no room: the schematic warnings (both
 * languages) and the data credits.
 */
export function attributionLines(
  wardBoundariesSchematic: boolean,
  flowShown = false,
  roadsShown = false,
): AttributionLine[] {
  const note = (text: LocalizedText) => ({ text: `${text.vi} / ${text.en}`, href: null, emphasis: true });
  return [
    ...(wardBoundariesSchematic ? [note(SCHEMATIC_NOTE)] : []),
    // One note for the lines: the flow is drawn on the same schematic roads.
    ...(roadsShown ? [note(SCHEMATIC_MAP_NOTE)] : flowShown ? [note(SCHEMATIC_ROADS_NOTE)] : []),
    { text: ATTRIBUTION.boundaries, href: null, emphasis: false },
    { text: ATTRIBUTION.railways, href: OSM_COPYRIGHT, emphasis: false },
    { text: ATTRIBUTION.points, href: null, emphasis: false },
  ];
}
