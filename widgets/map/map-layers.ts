/**
 * The deck.gl layers drawn over the basemap. Imported only by MapWidget.svelte, so deck.gl stays
 * in the lazily loaded chunk.
 *
 * Sizes are in em (the widget's font size) through the layers' `*Scale` uniforms: a new em
 * changes a uniform, never the per-point buffers. Buffers are rebuilt only when a
 * layer's `data` array changes, so callers keep those arrays stable between data updates.
 */
import type { Layer } from '@deck.gl/core';
import { IconLayer, PathLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import type { MapPoint, TrafficFlowSegment, TrafficIncident } from '../../server/protocol/topics';
import type { Cluster } from './clusters';
import {
  FLOW_CASING_EM,
  FLOW_COLOURS,
  FLOW_WIDTH,
  HEATMAP_COLOURS,
  INCIDENT_COLOURS,
  INCIDENT_RADIUS,
  REPORT_COLOURS,
  reportClass,
  type LocatedReport,
  type Rgba,
} from './legend';
import { kindShapes, largestValue, pointRadius, TONE_COLOURS, type PointGroup, type PointLabel } from './points';
import type { MapLayerOptions } from './options';
import { shapeDataUrl, type ShapeName } from './shapes';
import type { ScreenProfile } from '../../config/schema/screen';

export interface MapLabel {
  position: [number, number];
  text: string;
  /** Wards and communes are always named; the others where they fit. */
  kind: 'ward' | 'commune' | 'poi' | 'road' | 'river' | 'bridge';
}

/** Whether a label names an administrative unit: those are never left out. */
export const isAreaLabel = (label: MapLabel): boolean => label.kind === 'ward' || label.kind === 'commune';

export interface DeckData {
  /** Live reports with a point only (see `liveReports`). */
  reports: readonly LocatedReport[];
  /** Present when clustering is on. */
  clusters: readonly Cluster[] | null;
  incidents: readonly TrafficIncident[];
  labels: readonly MapLabel[];
  /** Key roads with their traffic (drawn when `layers.flow`). */
  flow?: readonly TrafficFlowSegment[];
  /** Places of the `points` topics, one group per topic. */
  points?: readonly PointGroup[];
  /** Names of the places worth naming (see `pointLabels`); an array kept stable between updates. */
  pointLabels?: readonly PointLabel[];
}

const OUTLINE: Rgba = [5, 11, 22, 255];
const LABEL_FONT = '"Be Vietnam Pro", "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif';

/**
 * Room for labels: ems per degree of longitude at this zoom and type size. The city fitted to the
 * main dashboard's map on a 1080p wall gives about 280 (neighbouring ward names some 5 em apart);
 * a small map tile, half that.
 */
export function labelRoom(zoom: number, em: number): number {
  // MapLibre's zoom counts 512-pixel tiles.
  return (512 * 2 ** zoom) / 360 / em;
}
/** Type sizes of the names, in the map's label em: wards, places of a topic, landmarks. */
const WARD_LABEL_SIZE = 0.95;
export const POINT_LABEL_SIZE = 0.8;
const POI_LABEL_SIZE = 0.75;
/** Names of roads, the river and its bridge: smaller than the wards', so the wards read first. */
const LINE_LABEL_SIZE = 0.7;
/** A landmark's name starts this far (em) under its dot. */
export const POI_LABEL_BELOW = 0.7;

/** Below this room the landmark names would sit on the ward names: they are left out. */
export const POI_LABEL_ROOM = 240;
/** Ward names shrink with the room below this, down to 0.65 of their size, and no further. */
const FULL_LABEL_ROOM = 260;
export function labelScale(room: number): number {
  return Math.max(0.65, Math.min(1, room / FULL_LABEL_ROOM));
}

/** A report's dot radius in em: an overdue one a little bigger. */
export const REPORT_RADIUS = { overdue: 0.36, other: 0.27 } as const;
/** A cluster's circle radius in em: grows with the square root of its count, up to a limit. */
export function clusterRadius(count: number): number {
  return 0.35 + Math.min(1.1, Math.sqrt(count) * 0.22);
}

/** The layers under the incidents' ring (when deck draws it), and those over it. */
export function buildLayers(
  layers: MapLayerOptions,
  data: DeckData,
  em: number,
  labelSize = 1,
): { under: Layer[]; over: Layer[] } {
  const under: Layer[] = [];
  const over: Layer[] = [];
  // Roads lowest: every point and marker stays readable on top of them.
  if (layers.flow && data.flow && data.flow.length > 0) under.push(...flowLayers(data.flow, em));
  if (layers.heatmap) {
    under.push(
      new HeatmapLayer<LocatedReport>({
        id: 'reports-heatmap',
        data: data.reports as LocatedReport[],
        getPosition: (r) => [r.lon, r.lat],
        getWeight: (r) => (r.overdue ? 3 : 1),
        // Subtle: the heat shows where reports gather without hiding the points over it.
        radiusPixels: Math.round(em * 2.2),
        intensity: 0.7,
        threshold: 0.08,
        opacity: 0.55,
        colorRange: HEATMAP_COLOURS,
      }),
    );
  }
  if (layers.reports && data.clusters) {
    under.push(
      new ScatterplotLayer<Cluster>({
        id: 'report-clusters',
        data: data.clusters as Cluster[],
        getPosition: (c) => c.position,
        radiusUnits: 'pixels',
        radiusScale: em,
        getRadius: (c) => clusterRadius(c.count),
        getFillColor: (c) => REPORT_COLOURS[c.worst],
        stroked: true,
        getLineColor: [5, 11, 22, 220],
        lineWidthUnits: 'pixels',
        getLineWidth: 1.5,
      }),
    );
    under.push(
      new TextLayer<Cluster>({
        id: 'report-cluster-counts',
        data: data.clusters.filter((c) => c.count > 1),
        getPosition: (c) => c.position,
        getText: (c) => String(c.count),
        sizeUnits: 'pixels',
        sizeScale: em,
        getSize: 0.8,
        getColor: OUTLINE,
        fontFamily: LABEL_FONT,
        fontWeight: 700,
        characterSet: '0123456789',
      }),
    );
  } else if (layers.reports) {
    under.push(
      new ScatterplotLayer<LocatedReport>({
        id: 'reports',
        data: data.reports as LocatedReport[],
        getPosition: (r) => [r.lon, r.lat],
        getFillColor: (r) => REPORT_COLOURS[reportClass(r)],
        radiusUnits: 'pixels',
        radiusScale: em,
        getRadius: (r) => (r.overdue ? REPORT_RADIUS.overdue : REPORT_RADIUS.other),
        stroked: true,
        getLineColor: [5, 11, 22, 200],
        lineWidthUnits: 'pixels',
        getLineWidth: 1,
      }),
    );
  }
  if (data.points && data.points.length > 0) under.push(...pointLayers(data.points, em));
  if (layers.incidents) {
    over.push(
      new ScatterplotLayer<TrafficIncident>({
        id: 'incidents',
        data: data.incidents as TrafficIncident[],
        getPosition: (i) => [i.lon, i.lat],
        radiusUnits: 'pixels',
        radiusScale: em,
        getRadius: (i) => INCIDENT_RADIUS[i.severity],
        getFillColor: (i) => INCIDENT_COLOURS[i.severity],
        stroked: true,
        getLineColor: [255, 255, 255, 255],
        lineWidthUnits: 'pixels',
        lineWidthScale: Math.max(1.5, em / 8),
        getLineWidth: 1,
      }),
    );
  }
  if (data.pointLabels && data.pointLabels.length > 0) {
    over.push(
      new TextLayer<PointLabel>({
        id: 'point-labels',
        data: data.pointLabels as PointLabel[],
        getPosition: (l) => l.position,
        getText: (l) => l.text,
        characterSet: 'auto',
        fontFamily: LABEL_FONT,
        fontWeight: 700,
        sizeUnits: 'pixels',
        sizeScale: em * labelSize,
        getSize: POINT_LABEL_SIZE,
        getColor: [241, 245, 249, 250],
        getTextAnchor: 'middle',
        getAlignmentBaseline: 'top',
        getPixelOffset: (l) => [0, l.below * em],
        updateTriggers: { getPixelOffset: [em] },
        outlineWidth: 4,
        outlineColor: OUTLINE,
        fontSettings: { sdf: true, fontSize: 64, buffer: 6 },
      }),
    );
  }
  if (data.labels.length > 0) {
    over.push(
      new TextLayer<MapLabel>({
        id: 'labels',
        data: data.labels as MapLabel[],
        getPosition: (l) => l.position,
        getText: (l) => l.text,
        // 'auto' builds the glyph atlas from the labels themselves: every Vietnamese diacritic.
        characterSet: 'auto',
        fontFamily: LABEL_FONT,
        fontWeight: 700,
        sizeUnits: 'pixels',
        sizeScale: em * labelSize,
        getSize: (l) => labelSizeOf(l.kind),
        getColor: (l) => LABEL_COLOURS[l.kind],
        // A place's name sits under its dot, so a ward's name at nearly the same spot stays readable.
        getTextAnchor: 'middle',
        getAlignmentBaseline: (l) => (nameUnderDot(l.kind) ? 'top' : 'center'),
        getPixelOffset: (l) => (nameUnderDot(l.kind) ? [0, em * POI_LABEL_BELOW] : [0, 0]),
        updateTriggers: { getPixelOffset: [em] },
        outlineWidth: 4,
        outlineColor: OUTLINE,
        fontSettings: { sdf: true, fontSize: 64, buffer: 6 },
      }),
    );
  }
  return { under, over };
}

const LABEL_COLOURS: Record<MapLabel['kind'], Rgba> = {
  ward: [241, 245, 249, 245],
  commune: [203, 213, 225, 235],
  poi: [196, 181, 253, 255],
  road: [226, 232, 240, 235],
  river: [125, 211, 252, 255],
  bridge: [186, 230, 253, 255],
};

/** A landmark's or a bridge's name is set under its dot; the others are centred on their place. */
export const nameUnderDot = (kind: MapLabel['kind']): boolean => kind === 'poi' || kind === 'bridge';

/** Type size of a name by kind, in the map's label em. */
export function labelSizeOf(kind: MapLabel['kind']): number {
  if (kind === 'poi') return POI_LABEL_SIZE;
  if (kind === 'ward' || kind === 'commune') return WARD_LABEL_SIZE;
  return LINE_LABEL_SIZE;
}

const CASING: Rgba = [5, 11, 22, 235];

/** A dark casing under each road, then the road in its level's colour and width. */
function flowLayers(flow: readonly TrafficFlowSegment[], em: number): Layer[] {
  const level = (s: TrafficFlowSegment) => (s.level in FLOW_WIDTH ? s.level : 'free');
  const common = {
    data: flow as TrafficFlowSegment[],
    getPath: (s: TrafficFlowSegment) => s.path,
    widthUnits: 'pixels' as const,
    widthScale: em,
    widthMinPixels: 3,
    capRounded: true,
    jointRounded: true,
  };
  return [
    new PathLayer<TrafficFlowSegment>({
      ...common,
      id: 'flow-casing',
      getWidth: (s) => FLOW_WIDTH[level(s)] + FLOW_CASING_EM,
      getColor: CASING,
    }),
    new PathLayer<TrafficFlowSegment>({
      ...common,
      id: 'flow',
      getWidth: (s) => FLOW_WIDTH[level(s)],
      getColor: (s) => FLOW_COLOURS[level(s)],
    }),
  ];
}

/** The side of a symbol's icon, in icon pixels (the SVG is drawn at this size, then scaled). */
const ICON_PX = 64;
/** The dark edge around each symbol: the same shape this much larger, under it. */
export const SYMBOL_EDGE = 1.3;

/**
 * Per topic: a symbol whose shape tells the kind, coloured by tone and sized by value, over the
 * same shape a little larger in the map's dark, so that it stands out on any ward colour.
 */
function pointLayers(groups: readonly PointGroup[], em: number): Layer[] {
  const shapes = kindShapes(groups);
  const shapeKey = [...shapes].join();
  const tone = (p: MapPoint) => TONE_COLOURS[p.tone] ?? TONE_COLOURS.neutral;
  const icon = (p: MapPoint) => {
    const shape: ShapeName = shapes.get(p.kind) ?? 'circle';
    return { id: shape, url: shapeDataUrl(shape), width: ICON_PX, height: ICON_PX, mask: true };
  };
  return groups.flatMap((group) => {
    const largest = largestValue(group.points);
    const radius = (p: MapPoint) => pointRadius(p.value, largest);
    const common = {
      data: group.points as MapPoint[],
      getPosition: (p: MapPoint): [number, number] => [p.lon, p.lat],
      getIcon: icon,
      sizeUnits: 'pixels' as const,
      sizeScale: em,
      updateTriggers: { getIcon: [shapeKey], getSize: [largest] },
    };
    return [
      new IconLayer<MapPoint>({
        ...common,
        id: `points:${group.topic}:edge`,
        getSize: (p) => radius(p) * 2 * SYMBOL_EDGE,
        getColor: OUTLINE,
      }),
      new IconLayer<MapPoint>({
        ...common,
        id: `points:${group.topic}`,
        getSize: (p) => radius(p) * 2,
        getColor: tone,
      }),
    ];
  });
}

/** Rings pulse on walls and briefing screens; an LED panel in the street, or a viewer who asked
 * for less motion, gets a still ring. */
export function ringPulses(profile: ScreenProfile, reducedMotion: boolean): boolean {
  return profile !== 'led' && !reducedMotion;
}

/** One pulse every this many milliseconds. */
export const PULSE_PERIOD_MS = 2000;
/** A pulsing ring ends at this many times the marker's radius. */
export const PULSE_GROWTH = 3;

/** The still ring around each incident, where nothing may move (LED panels, reduced motion). */
export function incidentRing(incidents: readonly TrafficIncident[], em: number): Layer {
  return new ScatterplotLayer<TrafficIncident>({
    id: 'incidents-ring',
    data: incidents as TrafficIncident[],
    getPosition: (i) => [i.lon, i.lat],
    filled: false,
    stroked: true,
    getLineColor: (i) => INCIDENT_COLOURS[i.severity],
    radiusUnits: 'pixels',
    radiusScale: em * 1.75,
    getRadius: (i) => INCIDENT_RADIUS[i.severity],
    lineWidthUnits: 'pixels',
    lineWidthScale: Math.max(2, em / 6),
    getLineWidth: 1,
    opacity: 0.85,
  });
}
