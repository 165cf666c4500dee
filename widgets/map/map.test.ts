import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import type {
  Breakdown,
  MapPoint,
  ReportItem,
  ReportStatus,
  TrafficFlowSegment,
  TrafficIncident,
} from '../../server/protocol/topics';
import { bindMap, mapTopics } from './bind';
import { BACKGROUND, basemapStyle, GEODATA_FILES, geodataUrls, wardFillColour } from './basemap-style';
import { cellDegrees, clusterReports } from './clusters';
import {
  attributionLines,
  CHOROPLETH_COLOURS,
  FLOW_COLOURS,
  FLOW_WIDTH,
  INCIDENT_COLOURS,
  legendEntries,
  legendText,
  liveReports,
  reportClass,
  REPORT_COLOURS,
  rgbCss,
  type LocatedReport,
  type Rgba,
} from './legend';
import { breakdownChoropleth, choroplethClass, choroplethLabel, emptyChoropleth, onTimeChoropleth } from './choropleth';
import { kindShapes, lastOfGroups, pointKinds, pointLabels, pointRadius, POINT_RADIUS, TONE_COLOURS } from './points';
import { SHAPE_ORDER, SHAPE_PATHS, shapeDataUrl } from './shapes';
import { buildLayers, incidentRing, labelRoom, labelScale, POI_LABEL_ROOM, ringPulses } from './map-layers';
import { options, type MapOptions } from './options';
import manifest from './manifest';
import type { TopicData } from '../widget';

/** Topic data as a screen holds it, including topics of domains this branch does not define. */
const topicData = (data: Record<string, unknown>) => data as TopicData;

const o = (extra: Record<string, unknown> = {}) => Value.Default(options, structuredClone(extra)) as MapOptions;

const report = (
  id: string,
  status: ReportStatus,
  extra: Partial<ReportItem> & { lat?: number; lon?: number } = {},
): LocatedReport => ({
  id,
  category: 'drainage',
  categoryName: { vi: 'Thoát nước', en: 'Drainage' },
  ward: '05974',
  wardName: 'Phường Tam Thanh',
  status,
  title: 'Ngập úng',
  lat: 21.85,
  lon: 106.76,
  createdAt: 0,
  dueAt: 1,
  overdue: false,
  ...extra,
});
const incident = (id: string, severity: TrafficIncident['severity']): TrafficIncident => ({
  id,
  kind: 'crash',
  kindName: { vi: 'Va chạm', en: 'Crash' },
  severity,
  lat: 21.86,
  lon: 106.75,
  ward: '05971',
  place: 'Đường Bà Triệu',
  injuries: 1,
  deaths: 0,
  reportedAt: 0,
});

const point = (id: string, kind: string, tone: MapPoint['tone'], value?: number): MapPoint => ({
  id,
  lon: 106.76,
  lat: 21.85,
  label: { vi: `Trường ${id}`, en: `School ${id}` },
  kind,
  kindName: kind === 'school' ? { vi: 'Trường học', en: 'School' } : { vi: 'Điểm du lịch', en: 'Attraction' },
  tone,
  ...(value === undefined ? {} : { value }),
});
const segment = (id: string, level: TrafficFlowSegment['level']): TrafficFlowSegment => ({
  id,
  road: id,
  name: { vi: id, en: id },
  path: [
    [106.76, 21.867],
    [106.76, 21.856],
  ],
  speedLimit: 50,
  freeFlowSpeed: 35,
  intensity: 1200,
  averageSpeed: 20,
  occupancy: 0.2,
  congested: false,
  level,
  observedAt: 0,
});
const crashesByWard: Breakdown = {
  unit: { vi: 'vụ va chạm', en: 'crashes' },
  format: 'number',
  higherIsBetter: false,
  rows: [
    { key: '05971', label: { vi: 'Phường Hoàng Văn Thụ', en: 'Hoang Van Thu Ward' }, value: 23 },
    { key: '05974', label: { vi: 'Phường Tam Thanh', en: 'Tam Thanh Ward' }, value: 5 },
    { key: '05980', label: { vi: 'Phường Đông Kinh', en: 'Dong Kinh Ward' }, value: 13 },
    // Not a ward: no colour, and no say in the scale.
    { key: 'total', label: { vi: 'Tổng', en: 'Total' }, value: 39 },
  ],
};

describe('map options', () => {
  it('defaults to points, incidents, wards, rail, roads and POIs over the city view', () => {
    const defaults = o();
    expect(defaults.layers).toEqual({
      reports: true,
      heatmap: false,
      incidents: true,
      wards: true,
      rail: true,
      roads: true,
      poi: true,
      clusters: false,
      choropleth: false,
      wardChoropleth: false,
      flow: false,
    });
    expect(defaults.points).toEqual([]);
    expect(defaults.choroplethOf).toBeUndefined();
    expect(defaults.showLegend).toBe(true);
    expect(defaults.center).toBeUndefined();
    expect(defaults.zoom).toBeUndefined();
    expect(Value.Check(options, defaults)).toBe(true);
  });

  it('accepts the dashboards’ placements and refuses unknown layers or a view off the globe', () => {
    expect(Value.Check(options, o({ layers: { reports: true, heatmap: true, incidents: true } }))).toBe(true);
    expect(Value.Check(options, o({ center: [106.76, 21.85], zoom: 13 }))).toBe(true);
    expect(Value.Check(options, o({ layers: { streets: true } }))).toBe(false);
    expect(Value.Check(options, o({ center: [200, 21] }))).toBe(false);
    expect(Value.Check(options, o({ zoom: 30 }))).toBe(false);
  });

  it('takes point topics and a choropleth source by topic and field, and refuses malformed ones', () => {
    const good = o({
      layers: { flow: true, choropleth: true },
      points: ['education.schools', 'tourism.attractions'],
      choroplethOf: { topic: 'traffic.safety', field: 'byWard' },
    });
    expect(Value.Check(options, good)).toBe(true);
    expect(Value.Check(options, o({ choroplethOf: { topic: 'education.summary' } }))).toBe(true);
    expect(Value.Check(options, o({ points: ['Trường học'] }))).toBe(false);
    expect(Value.Check(options, o({ points: ['education.schools', 'education.schools'] }))).toBe(false);
    expect(Value.Check(options, o({ points: Array.from({ length: 9 }, (_, i) => `t.p${i}`) }))).toBe(false);
    expect(Value.Check(options, o({ choroplethOf: { topic: 'traffic.safety', field: 'by ward' } }))).toBe(false);
    expect(Value.Check(options, o({ choroplethOf: { topic: 'traffic.safety', colours: 'red' } }))).toBe(false);
    expect(Value.Check(options, o({ choroplethOf: { topic: 'traffic.safety', targets: { bad: 15, good: 8 } } }))).toBe(
      true,
    );
    // Both targets or none: one alone cannot say where green starts.
    expect(Value.Check(options, o({ choroplethOf: { topic: 'traffic.safety', targets: { bad: 15 } } }))).toBe(false);
    expect(Value.Check(options, o({ choroplethOf: { field: 'byWard' } }))).toBe(false);
  });
});

describe('map binding', () => {
  it('reads the topics of the layers it draws', () => {
    expect(manifest.type).toBe('map');
    expect(mapTopics(o())).toEqual(['reports.recent', 'traffic.incidents']);
    expect(mapTopics(o({ layers: { reports: false, heatmap: true } }))).toEqual([
      'reports.recent',
      'traffic.incidents',
    ]);
    expect(mapTopics(o({ layers: { reports: false, heatmap: false, incidents: true } }))).toEqual([
      'traffic.incidents',
    ]);
    expect(mapTopics(o({ layers: { wardChoropleth: true } }))).toContain('reports.summary');
    expect(mapTopics(o({ layers: { choropleth: true } }))).toContain('reports.summary');
  });

  it('lists the flow, the point topics and the choropleth’s source, so that screens subscribe to them', () => {
    const none = { reports: false, heatmap: false, incidents: false };
    expect(mapTopics(o({ layers: { ...none, flow: true } }))).toEqual(['traffic.flow']);
    expect(mapTopics(o({ layers: none, points: ['education.schools', 'security.incidents'] }))).toEqual([
      'education.schools',
      'security.incidents',
    ]);
    expect(
      mapTopics(
        o({ layers: { ...none, choropleth: true }, choroplethOf: { topic: 'traffic.safety', field: 'byWard' } }),
      ),
    ).toEqual(['traffic.safety']);
    // A source without the choropleth on is not read.
    expect(mapTopics(o({ layers: none, choroplethOf: { topic: 'traffic.safety', field: 'byWard' } }))).toEqual([]);
    // One subscription per topic, whatever reads it.
    expect(
      mapTopics(
        o({
          layers: { ...none, choropleth: true },
          choroplethOf: { topic: 'tourism.attractions' },
          points: ['tourism.attractions'],
        }),
      ),
    ).toEqual(['tourism.attractions']);
    expect(manifest.topics(o({ layers: { flow: true }, points: ['education.schools'] }))).toEqual([
      'reports.recent',
      'traffic.incidents',
      'traffic.flow',
      'education.schools',
    ]);
  });

  it('waits only while neither topic has data; an empty topic is an empty list', () => {
    expect(bindMap({}, o())).toBeNull();
    expect(bindMap({ 'traffic.incidents': [] }, o())).toEqual({
      reports: [],
      incidents: [],
      flow: [],
      points: [],
      choropleth: null,
    });
    const reports = [report('a', 'new')];
    const bound = bindMap({ 'reports.recent': reports }, o())!;
    expect(bound.reports).toBe(reports);
    expect(bound.incidents).toEqual([]);
    // A basemap-only map has nothing to wait for.
    expect(bindMap({}, o({ layers: { reports: false, heatmap: false, incidents: false } }))).not.toBeNull();
  });

  it('keeps an absent topic’s empty list the same between binds, so its layer is not rebuilt', () => {
    const first = bindMap({ 'reports.recent': [report('a', 'new')] }, o())!;
    const second = bindMap({ 'reports.recent': [report('b', 'new')] }, o())!;
    expect(second.incidents).toBe(first.incidents);
  });

  it('takes the on-time rate per ward for the choropleth by default', () => {
    const summary = {
      byWard: [{ ward: '05974', name: 'Tam Thanh', received: 9, open: 1, overdue: 0, onTimeRate: 0.95 }],
    };
    for (const layers of [{ wardChoropleth: true }, { choropleth: true }]) {
      const bound = bindMap({ 'reports.summary': summary as never }, o({ layers }))!;
      expect(bound.choropleth).toMatchObject({
        values: { '05974': 0.95 },
        higherIsBetter: true,
        format: 'percent',
        range: null,
      });
    }
    expect(bindMap({ 'reports.summary': summary as never, 'traffic.incidents': [] }, o())!.choropleth).toBeNull();
  });

  it('colours the wards by any Breakdown keyed by ward code, at a dotted field', () => {
    const safety = { byWard: crashesByWard, daily: {} };
    const bound = bindMap(
      topicData({ 'traffic.safety': safety }),
      o({
        layers: { reports: false, incidents: false, choropleth: true },
        choroplethOf: { topic: 'traffic.safety', field: 'byWard' },
      }),
    )!;
    expect(bound.choropleth).toMatchObject({
      values: { '05971': 23, '05974': 5, '05980': 13 },
      higherIsBetter: false,
      range: { low: 5, high: 23 },
    });
  });

  it('binds the flow and the place groups, in the options’ order', () => {
    const schools = [point('s1', 'school', 'good', 1200), point('s2', 'school', 'fair', 400)];
    const sights = [point('a1', 'attraction', 'neutral')];
    const flow = [segment('le-loi', 'jammed')];
    const bound = bindMap(
      topicData({ 'tourism.attractions': sights, 'education.schools': schools, 'traffic.flow': flow }),
      o({ layers: { flow: true }, points: ['education.schools', 'tourism.attractions'] }),
    )!;
    expect(bound.flow).toBe(flow);
    expect(bound.points).toEqual([
      { topic: 'education.schools', points: schools },
      { topic: 'tourism.attractions', points: sights },
    ]);
    expect(bound.points[0]!.points).toBe(schools);
  });

  it('draws the places the MapPoint schema accepts and skips the others, keeping the topic’s array when all are good', () => {
    const good = [point('s1', 'school', 'good', 120), point('s2', 'school', 'fair')];
    const opts = o({ layers: { reports: false, incidents: false }, points: ['education.schools'] });
    expect(bindMap(topicData({ 'education.schools': good }), opts)!.points[0]!.points).toBe(good);
    const mixed = [
      ...good,
      { ...point('s3', 'school', 'good'), value: 'many' },
      { ...point('s4', 'school', 'good'), kind: 7 },
      { ...point('s5', 'school', 'good'), label: { vi: 'Chỉ tiếng Việt' } },
    ];
    expect(bindMap(topicData({ 'education.schools': mixed }), opts)!.points[0]!.points.map((p) => p.id)).toEqual([
      's1',
      's2',
    ]);
  });

  it('ignores topics of the wrong shape instead of failing', () => {
    const opts = o({
      layers: { reports: false, incidents: false, flow: true, choropleth: true },
      points: ['education.summary', 'social.posts', 'education.schools'],
      choroplethOf: { topic: 'education.summary', field: 'pupils' },
    });
    const data = topicData({
      'education.summary': { pupils: 41_000, byWard: crashesByWard },
      'social.posts': [{ id: 'x', title: 'Bài viết', time: 0 }],
      'education.schools': [
        point('s1', 'school', 'good'),
        { id: 's2', lon: 106.75, lat: 21.86, name: 'no label, no kind' },
      ],
      'traffic.flow': { not: 'a list' },
    });
    const bound = bindMap(data, opts)!;
    expect(bound.points.map((group) => group.topic)).toEqual(['education.schools']);
    expect(bound.points[0]!.points.map((p) => p.id)).toEqual(['s1']);
    // Incidents have a place, but not the fields of a MapPoint: nothing to draw.
    expect(
      bindMap({ 'traffic.incidents': [incident('x', 'minor')] }, o({ points: ['traffic.incidents'] }))!.points,
    ).toEqual([]);
    expect(bound.flow).toEqual([]);
    expect(bound.choropleth).toEqual(emptyChoropleth());
    // The map draws nothing for them, and does not throw.
    expect(() =>
      buildLayers(
        opts.layers,
        { reports: [], clusters: null, incidents: [], labels: [], flow: bound.flow, points: bound.points },
        16,
      ),
    ).not.toThrow();
    expect(wardFillColour(bound.choropleth)).toBe('rgba(71, 85, 105, 0.35)');
  });
});

describe('offline basemap style', () => {
  const all = { wards: true, rail: true, poi: true, choropleth: null };

  it('reads only the server’s own geodata: no remote URL, tiles, glyphs or sprites', () => {
    const style = basemapStyle(geodataUrls(), all);
    const json = JSON.stringify(style);
    expect(json).not.toContain('http');
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    expect(Object.values(style.sources).every((source) => source.type === 'geojson')).toBe(true);
    const data = Object.values(style.sources)
      .map((source) => (source as { data: string }).data)
      .sort();
    expect(data).toEqual([
      '/geodata/langson-city-schematic.geojson',
      '/geodata/langson-poi.geojson',
      '/geodata/langson-province-districts.geojson',
      '/geodata/langson-rail.geojson',
      '/geodata/langson-roads-river-schematic.geojson',
      '/geodata/langson-wards-2025-schematic.geojson',
    ]);
    // No symbol layer: text would need glyphs, so every label is deck.gl's.
    expect(style.layers.some((layer) => layer.type === 'symbol')).toBe(false);
  });

  it('draws the context, the city, the wards, the river, roads and bridge, the railway and the POIs, in that order', () => {
    const ids = basemapStyle(geodataUrls(), all).layers.map((layer) => layer.id);
    expect(ids).toEqual([
      'background',
      'districts-fill',
      'districts-line',
      'city-fill',
      'wards-fill',
      'wards-line',
      'city-line',
      'river',
      'roads',
      'bridge',
      'rail',
      'poi',
    ]);
  });

  it('uses the geodata URLs it is given', () => {
    const urls = geodataUrls('/city-data/');
    expect(urls.wards).toBe('/city-data/langson-wards-2025-schematic.geojson');
    expect(Object.keys(urls).sort()).toEqual(Object.keys(GEODATA_FILES).sort());
    expect(JSON.stringify(basemapStyle(urls, all))).not.toContain('/geodata/');
  });

  it('hides the layers that are off, and keeps the ward areas for the choropleth', () => {
    const visibility = (style: ReturnType<typeof basemapStyle>, id: string) =>
      (style.layers.find((layer) => layer.id === id)?.layout as { visibility?: string } | undefined)?.visibility;
    const none = basemapStyle(geodataUrls(), { wards: false, rail: false, poi: false, choropleth: null });
    expect(['wards-fill', 'wards-line', 'rail', 'poi'].map((id) => visibility(none, id))).toEqual([
      'none',
      'none',
      'none',
      'none',
    ]);
    const choropleth = basemapStyle(geodataUrls(), {
      wards: false,
      rail: true,
      poi: true,
      choropleth: onTimeChoropleth([]),
    });
    expect(visibility(choropleth, 'wards-fill')).toBe('visible');
  });

  it('colours the wards by on-time rate, grey where there is no figure yet', () => {
    expect(wardFillColour(null)).toEqual(['match', ['get', 'kind'], 'ward', '#173158', '#10213d']);
    expect(wardFillColour(onTimeChoropleth(undefined))).toBe('rgba(71, 85, 105, 0.35)');
    const ward = (code: string, onTimeRate: number | null) => ({
      ward: code,
      name: code,
      received: 9,
      open: 0,
      overdue: 0,
      onTimeRate,
    });
    const expression = wardFillColour(onTimeChoropleth([ward('05974', 0.95), ward('05971', 0.5), ward('05977', null)]));
    expect(expression).toEqual([
      'match',
      ['get', 'code'],
      '05971',
      'rgba(239, 68, 68, 0.47)',
      '05974',
      'rgba(34, 197, 94, 0.43)',
      '05977',
      'rgba(71, 85, 105, 0.35)',
      'rgba(71, 85, 105, 0.35)',
    ]);
    expect(CHOROPLETH_COLOURS.bad[0]).toBeGreaterThan(CHOROPLETH_COLOURS.bad[1]);
    expect(CHOROPLETH_COLOURS.good[1]).toBeGreaterThan(CHOROPLETH_COLOURS.good[0]);
  });

  it('colours the wards by a Breakdown: in blues without targets, green where lower is better and the figure is under its target', () => {
    const compared = wardFillColour(breakdownChoropleth(crashesByWard));
    expect(compared).toEqual([
      'match',
      ['get', 'code'],
      '05971',
      'rgba(3, 105, 161, 0.78)',
      '05974',
      'rgba(186, 230, 253, 0.18)',
      '05980',
      'rgba(56, 189, 248, 0.43)',
      'rgba(71, 85, 105, 0.35)',
    ]);
    const judged = wardFillColour(breakdownChoropleth(crashesByWard, { bad: 15, good: 8 }));
    expect(judged).toEqual([
      'match',
      ['get', 'code'],
      '05971',
      'rgba(239, 68, 68, 0.47)',
      '05974',
      'rgba(34, 197, 94, 0.43)',
      '05980',
      'rgba(245, 158, 11, 0.43)', // the palette of meanings' amber
      'rgba(71, 85, 105, 0.35)',
    ]);
  });

  it('scales its lines with the screen’s type size', () => {
    const width = (em: number) => {
      const layer = basemapStyle(geodataUrls(), { ...all, em }).layers.find((l) => l.id === 'city-line');
      return (layer?.paint as { 'line-width': number })['line-width'];
    };
    expect(width(16)).toBe(2.5);
    expect(width(32)).toBe(5);
  });
});

describe('report and incident colours', () => {
  it('colours reports by lifecycle, overdue before any status', () => {
    expect(reportClass({ status: 'new', overdue: false })).toBe('new');
    expect(reportClass({ status: 'approved', overdue: false })).toBe('new');
    expect(reportClass({ status: 'assigned', overdue: false })).toBe('in_progress');
    expect(reportClass({ status: 'in_progress', overdue: false })).toBe('in_progress');
    expect(reportClass({ status: 'in_progress', overdue: true })).toBe('overdue');
    expect(reportClass({ status: 'new', overdue: true })).toBe('overdue');
    expect(reportClass({ status: 'resolved', overdue: false })).toBe('resolved');
    expect(reportClass({ status: 'rated', overdue: false })).toBe('resolved');
    expect(reportClass({ status: 'rejected', overdue: false })).toBe('closed');
    // Amber, blue, red, green.
    const [nr, ng, nb] = REPORT_COLOURS.new;
    expect(nr > nb && ng > nb).toBe(true);
    expect(REPORT_COLOURS.in_progress[2]).toBeGreaterThan(REPORT_COLOURS.in_progress[0]);
    expect(REPORT_COLOURS.overdue[0]).toBeGreaterThan(REPORT_COLOURS.overdue[1] + 80);
    expect(REPORT_COLOURS.resolved[1]).toBeGreaterThan(REPORT_COLOURS.resolved[0]);
  });

  it('keeps closed, rejected and duplicate reports off the live map', () => {
    const reports = [
      report('a', 'new'),
      report('b', 'closed'),
      report('c', 'rejected'),
      report('d', 'resolved'),
      report('e', 'duplicate'),
    ];
    expect(liveReports(reports).map((r) => r.id)).toEqual(['a', 'd']);
  });

  it('keeps a report given by its address only (no point) off the map', () => {
    const unlocated: ReportItem = { ...report('u', 'new'), ward: 'unlocated', lat: null, lon: null };
    expect(liveReports([report('a', 'new'), unlocated]).map((r) => r.id)).toEqual(['a']);
  });

  it('marks serious incidents red and minor ones orange', () => {
    expect(INCIDENT_COLOURS.serious[0]).toBeGreaterThan(INCIDENT_COLOURS.serious[1] * 2);
    expect(INCIDENT_COLOURS.minor[1]).toBeGreaterThan(INCIDENT_COLOURS.serious[1]);
  });

  it('clusters nearby reports, keeping the most urgent colour and the count', () => {
    const at = (id: string, lon: number, lat: number, overdue = false) =>
      report(id, 'in_progress', { lon, lat, overdue });
    const clusters = clusterReports(
      [at('a', 106.7601, 21.8501), at('b', 106.7603, 21.8503, true), at('c', 106.79, 21.83)],
      0.005,
    );
    expect(clusters).toHaveLength(2);
    const big = clusters.find((c) => c.count === 2)!;
    expect(big.worst).toBe('overdue');
    expect(big.position[0]).toBeCloseTo(106.7602, 4);
    // MapLibre's zoom 12: the world is 512 × 4096 pixels wide.
    expect(cellDegrees(12, 256)).toBeCloseTo(360 / 8192, 6);
  });
});

describe('deck layers', () => {
  const data = {
    reports: [report('a', 'new'), report('b', 'in_progress', { overdue: true })],
    clusters: null,
    incidents: [incident('x', 'serious')],
    labels: [{ position: [106.749, 21.855] as [number, number], text: 'Tam Thanh', kind: 'ward' as const }],
  };

  it('draws the layers that are on, ring between the reports and the incident markers', () => {
    const { under, over } = buildLayers(o({ layers: { heatmap: true } }).layers, data, 16);
    expect(under.map((layer) => layer.id)).toEqual(['reports-heatmap', 'reports']);
    expect(over.map((layer) => layer.id)).toEqual(['incidents', 'labels']);
    const none = buildLayers(o({ layers: { reports: false, incidents: false } }).layers, { ...data, labels: [] }, 16);
    expect([...none.under, ...none.over]).toEqual([]);
  });

  it('builds the Vietnamese labels’ glyphs from the labels themselves', () => {
    const labels = buildLayers(o().layers, data, 16).over.find((layer) => layer.id === 'labels')!;
    expect(labels.props).toMatchObject({ characterSet: 'auto', sizeScale: 16 });
  });

  it('gives labels room by zoom and type size: landmark names go first, ward names shrink last', () => {
    // The city fitted to the main dashboard's map on a 1080p wall (zoom ~11.75, em 17.3 px).
    const wall = labelRoom(11.75, 17.28);
    expect(wall).toBeGreaterThan(POI_LABEL_ROOM);
    expect(labelScale(wall)).toBe(1);
    // A small tile (zoom ~10.9): no landmark names, smaller ward names, never below 0.65.
    const tile = labelRoom(10.9, 17.28);
    expect(tile).toBeLessThan(POI_LABEL_ROOM);
    expect(labelScale(tile)).toBeLessThan(1);
    expect(labelScale(10)).toBe(0.65);
    // A 4K wall doubles both the pixels per degree and the em: the same room.
    expect(labelRoom(12.75, 34.56)).toBeCloseTo(wall, 6);
  });

  it('pulses incident rings except on LED panels and for viewers who asked for less motion', () => {
    expect(ringPulses('wall', false)).toBe(true);
    expect(ringPulses('briefing', false)).toBe(true);
    expect(ringPulses('led', false)).toBe(false);
    expect(ringPulses('wall', true)).toBe(false);
    // Where it may not move, deck draws the ring still, around each marker.
    expect(incidentRing(data.incidents, 16).props).toMatchObject({
      id: 'incidents-ring',
      filled: false,
      stroked: true,
      radiusScale: 28,
    });
  });
});

describe('legend and attribution', () => {
  it('lists what is drawn, Vietnamese first and English second', () => {
    const entries = legendEntries(o().layers);
    expect(entries.map((entry) => entry.id)).toEqual([
      'report-overdue',
      'report-new',
      'report-in_progress',
      'report-resolved',
      'incidents',
      'roads',
      'river',
      'bridge',
      'rail',
      'poi',
    ]);
    expect(legendText(entries[0]!.label, 'vi')).toEqual({ primary: 'Quá hạn', secondary: 'Overdue' });
    expect(legendText(entries[0]!.label, 'en')).toEqual({ primary: 'Overdue', secondary: null });
    const heat = legendEntries(
      o({
        layers: {
          reports: false,
          heatmap: true,
          incidents: false,
          rail: false,
          roads: false,
          poi: false,
          wardChoropleth: true,
        },
      }).layers,
      { points: [], choropleth: onTimeChoropleth(undefined) },
    );
    expect(heat.map((entry) => entry.id)).toEqual(['heatmap', 'choropleth']);
    expect(heat[1]!.label.vi).toBe('Tỷ lệ đúng hạn theo phường, xã (< 70,0% · ≥ 90,0%)');
  });

  it('lists only what is on the map now: the report classes present, incidents only when there are some', () => {
    const layers = o({ layers: { rail: false, roads: false, poi: false } }).layers;
    const reports = [report('r1', 'new'), report('r2', 'in_progress', { overdue: true })];
    const ids = legendEntries(layers, { points: [], choropleth: null, reports, incidents: [] }).map((e) => e.id);
    expect(ids).toEqual(['report-overdue', 'report-new']);
    const withCrash = legendEntries(layers, {
      points: [],
      choropleth: null,
      reports: [],
      incidents: [incident('i1', 'serious')],
    });
    expect(withCrash.map((e) => e.id)).toEqual(['incidents']);
  });

  it('credits the data sources word for word, the OSM line linking to its licence', () => {
    const lines = attributionLines(false);
    expect(lines.map((line) => line.text)).toEqual([
      "Boundaries: Who's On First (whosonfirst.org) · Quattroshapes (CC BY 2.0) · Natural Earth",
      'Railways: © OpenStreetMap contributors (ODbL)',
      'Points: Wikipedia (CC BY-SA) and Showcaves.com',
    ]);
    expect(lines[1]!.href).toBe('https://www.openstreetmap.org/copyright');
  });

  it('says the ward areas are schematic when they are', () => {
    expect(attributionLines(true)[0]).toEqual({
      text: 'Ranh giới phường mang tính minh họa / Schematic ward areas',
      href: null,
      emphasis: true,
    });
    expect(attributionLines(false).some((line) => line.text.includes('minh họa'))).toBe(false);
  });
});

describe('choropleth of any Breakdown by ward', () => {
  it('without targets, compares the wards in thirds of their span, judging none of them', () => {
    const fewer = breakdownChoropleth(crashesByWard);
    expect([5, 11, 12, 17, 18, 23].map((v) => choroplethClass(v, fewer))).toEqual([
      'low',
      'mid',
      'mid',
      'high',
      'high',
      'high',
    ]);
    // Whichever way is better: a ward at 95.4 % beside one at 98.9 % is lighter, never "bad".
    const more = breakdownChoropleth({ ...crashesByWard, higherIsBetter: true });
    expect([5, 11, 12, 17, 18, 23].map((v) => choroplethClass(v, more))).toEqual([
      'low',
      'mid',
      'mid',
      'high',
      'high',
      'high',
    ]);
    expect(choroplethClass(null, more)).toBe('none');
    expect(choroplethClass(undefined, more)).toBe('none');
    // Every ward alike: nothing to tell apart.
    const alike = breakdownChoropleth({
      ...crashesByWard,
      rows: crashesByWard.rows.map((row) => ({ ...row, value: 7 })),
    });
    expect(choroplethClass(7, alike)).toBe('mid');
  });

  it('with targets, judges each ward against them, the better end green whichever way is better', () => {
    const fewer = breakdownChoropleth(crashesByWard, { bad: 15, good: 8 });
    // A figure on a target goes to the better class, in either sense.
    expect([5, 8, 9, 15, 16].map((v) => choroplethClass(v, fewer))).toEqual(['good', 'good', 'fair', 'fair', 'bad']);
    const rate: Breakdown = { ...crashesByWard, format: 'percent', higherIsBetter: true };
    const judged = breakdownChoropleth(rate, { bad: 0.9, good: 0.95 });
    expect([0.85, 0.9, 0.94, 0.95, 0.99].map((v) => choroplethClass(v, judged))).toEqual([
      'bad',
      'fair',
      'fair',
      'good',
      'good',
    ]);
    expect(judged.range).toBeNull();
  });

  it('keeps the reports’ on-time targets: red below 70 %, green from 90 %', () => {
    const onTime = onTimeChoropleth([]);
    expect([0.5, 0.69, 0.7, 0.89, 0.9, 1].map((v) => choroplethClass(v, onTime))).toEqual([
      'bad',
      'bad',
      'fair',
      'fair',
      'good',
      'good',
    ]);
  });

  it('names the Breakdown’s unit and span in the legend', () => {
    expect(choroplethLabel(breakdownChoropleth(crashesByWard))).toEqual({
      vi: 'Vụ va chạm theo phường, xã (5–23)',
      en: 'Crashes by ward (5–23)',
    });
    const attendance: Breakdown = {
      unit: { vi: 'tỷ lệ chuyên cần', en: 'attendance' },
      format: 'percent',
      higherIsBetter: true,
      rows: [
        { key: '05971', label: { vi: 'a', en: 'a' }, value: 0.85 },
        { key: '05974', label: { vi: 'b', en: 'b' }, value: 0.975 },
      ],
    };
    // Numbers are written the Vietnamese way on every screen (the project's convention).
    expect(choroplethLabel(breakdownChoropleth(attendance))).toEqual({
      vi: 'Tỷ lệ chuyên cần theo phường, xã (85,0%–97,5%)',
      en: 'Attendance by ward (85,0%–97,5%)',
    });
    // Judged: the targets instead of the span.
    expect(choroplethLabel(onTimeChoropleth([]))).toEqual({
      vi: 'Tỷ lệ đúng hạn theo phường, xã (< 70,0% · ≥ 90,0%)',
      en: 'On-time rate by ward (< 70,0% · ≥ 90,0%)',
    });
    expect(choroplethLabel(breakdownChoropleth(crashesByWard, { bad: 15, good: 8 })).vi).toBe(
      'Vụ va chạm theo phường, xã (> 15 · ≤ 8)',
    );
  });

  it('shows the ramp from low to high values: light to deep blue, or red on the right where lower is better', () => {
    const layers = o({
      layers: { reports: false, incidents: false, rail: false, poi: false, choropleth: true },
    }).layers;
    const entry = legendEntries(layers, { points: [], choropleth: breakdownChoropleth(crashesByWard) })[0]!;
    expect(entry).toMatchObject({ id: 'choropleth', label: { vi: 'Vụ va chạm theo phường, xã (5–23)' } });
    expect(entry.swatch).toEqual({
      kind: 'ramp',
      colours: [rgbCss(CHOROPLETH_COLOURS.low), rgbCss(CHOROPLETH_COLOURS.mid), rgbCss(CHOROPLETH_COLOURS.high)],
    });
    const judged = legendEntries(layers, {
      points: [],
      choropleth: breakdownChoropleth(crashesByWard, { bad: 15, good: 8 }),
    })[0]!;
    expect(judged.swatch).toEqual({
      kind: 'ramp',
      colours: [rgbCss(CHOROPLETH_COLOURS.good), rgbCss(CHOROPLETH_COLOURS.fair), rgbCss(CHOROPLETH_COLOURS.bad)],
    });
    const onTime = legendEntries(layers, { points: [], choropleth: onTimeChoropleth([]) })[0]!;
    expect(onTime.swatch).toEqual({
      kind: 'ramp',
      colours: [rgbCss(CHOROPLETH_COLOURS.bad), rgbCss(CHOROPLETH_COLOURS.fair), rgbCss(CHOROPLETH_COLOURS.good)],
    });
  });
});

/** WCAG contrast ratio of two sRGB colours. */
function contrast(a: readonly number[], b: readonly number[]): number {
  const luminance = (c: readonly number[]) => {
    const [r, g, b2] = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b2;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
const hex = (colour: string): Rgba => [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16)).concat(255) as Rgba;

describe('traffic flow on the map', () => {
  const data = {
    reports: [report('a', 'new')],
    clusters: null,
    incidents: [],
    labels: [],
    flow: [segment('le-loi', 'jammed'), segment('hung-vuong', 'free')],
  };

  it('draws the roads under everything else, a dark casing then the level’s colour, only when the layer is on', () => {
    const { under, over } = buildLayers(o({ layers: { flow: true } }).layers, data, 16);
    expect(under.map((layer) => layer.id)).toEqual(['flow-casing', 'flow', 'reports']);
    expect(over.map((layer) => layer.id)).toEqual(['incidents']);
    const flow = under.find((layer) => layer.id === 'flow')!.props as unknown as {
      getColor: (s: TrafficFlowSegment) => Rgba;
      getWidth: (s: TrafficFlowSegment) => number;
      getPath: (s: TrafficFlowSegment) => unknown;
      widthScale: number;
      widthUnits: string;
    };
    expect(flow.getColor(data.flow[0]!)).toEqual(FLOW_COLOURS.jammed);
    expect(flow.getColor(data.flow[1]!)).toEqual(FLOW_COLOURS.free);
    expect(flow.getWidth(data.flow[0]!)).toBeGreaterThan(flow.getWidth(data.flow[1]!));
    expect(flow.getPath(data.flow[0]!)).toBe(data.flow[0]!.path);
    expect(flow).toMatchObject({ widthScale: 16, widthUnits: 'pixels' });
    // An unknown level (a newer server) draws as free rather than failing.
    expect(flow.getColor({ ...data.flow[0]!, level: 'gridlock' as never })).toEqual(FLOW_COLOURS.free);
    expect(buildLayers(o().layers, data, 16).under.map((layer) => layer.id)).toEqual(['reports']);
  });

  it('uses colours that read on the dark map and lines wide enough to read from 5 m', () => {
    for (const colour of Object.values(FLOW_COLOURS))
      expect(contrast(colour, hex(BACKGROUND))).toBeGreaterThanOrEqual(4.5);
    // Green to red: the hue turns from green-dominant to red-dominant.
    expect(FLOW_COLOURS.free[1]).toBeGreaterThan(FLOW_COLOURS.free[0]);
    expect(FLOW_COLOURS.jammed[0]).toBeGreaterThan(FLOW_COLOURS.jammed[1] * 2);
    expect(new Set(Object.values(FLOW_COLOURS).map((c) => c.join())).size).toBe(4);
    // At a 1080p wall's 16 px em the thinnest road is over 5 px: about 3 mm on a 55-inch panel.
    expect(Math.min(...Object.values(FLOW_WIDTH)) * 16).toBeGreaterThan(5);
  });

  it('says in the legend and in the credits that the road lines are schematic', () => {
    const entries = legendEntries(
      o({ layers: { reports: false, incidents: false, rail: false, roads: false, poi: false, flow: true } }).layers,
    );
    expect(entries.map((entry) => entry.id)).toEqual(['flow', 'flow-schematic']);
    expect(entries[0]!.swatch).toEqual({
      kind: 'paths',
      colours: [FLOW_COLOURS.free, FLOW_COLOURS.moderate, FLOW_COLOURS.heavy, FLOW_COLOURS.jammed].map(rgbCss),
    });
    expect(legendText(entries[0]!.label, 'vi')).toEqual({
      primary: 'Giao thông: thông thoáng · đông · chậm · ùn tắc',
      secondary: 'Traffic: free · moderate · heavy · jammed',
    });
    expect(entries[1]!.label).toEqual({ vi: 'Tuyến đường vẽ minh họa', en: 'Schematic road lines' });
    expect(attributionLines(true, true).slice(0, 2)).toEqual([
      { text: 'Ranh giới phường mang tính minh họa / Schematic ward areas', href: null, emphasis: true },
      { text: 'Tuyến đường vẽ minh họa / Schematic road lines', href: null, emphasis: true },
    ]);
    expect(attributionLines(true, false).some((line) => line.text.includes('Schematic road'))).toBe(false);
  });
});

describe('places from point topics', () => {
  const schools = [
    point('s1', 'school', 'good', 1600),
    point('s2', 'school', 'fair', 400),
    point('s3', 'school', 'bad'),
  ];
  const sights = [point('a1', 'attraction', 'neutral'), point('a2', 'cave', 'good')];
  const groups = [
    { topic: 'education.schools', points: schools },
    { topic: 'tourism.attractions', points: sights },
  ];

  it('draws each topic as shapes by kind, coloured by tone and sized by value, over a dark edge', () => {
    const { under } = buildLayers(
      o({ layers: { reports: false } }).layers,
      { reports: [], clusters: null, incidents: [], labels: [], points: groups },
      16,
    );
    expect(under.map((layer) => layer.id)).toEqual([
      'points:education.schools:edge',
      'points:education.schools',
      'points:tourism.attractions:edge',
      'points:tourism.attractions',
    ]);
    type Icons = {
      data: unknown;
      getColor: (p: MapPoint) => Rgba;
      getSize: (p: MapPoint) => number;
      getIcon: (p: MapPoint) => { id: string; url: string; mask: boolean };
      sizeScale: number;
    };
    const edge = under[0]!.props as unknown as Icons;
    const fill = under[1]!.props as unknown as Icons;
    expect(fill.data).toBe(schools); // the topic's own array: deck rebuilds only when it changes
    expect(schools.map(fill.getColor)).toEqual([TONE_COLOURS.good, TONE_COLOURS.fair, TONE_COLOURS.bad]);
    expect(fill.getColor({ ...schools[0]!, tone: 'purple' as never })).toEqual(TONE_COLOURS.neutral);
    expect(fill.getSize(schools[0]!)).toBe(POINT_RADIUS.max * 2);
    expect(fill.getSize(schools[1]!)).toBeCloseTo(
      (POINT_RADIUS.min + (POINT_RADIUS.max - POINT_RADIUS.min) / 2) * 2,
      6,
    ); // a quarter of the value: half the radius span
    expect(fill.getSize(schools[2]!)).toBe(POINT_RADIUS.plain * 2);
    expect(edge.getSize(schools[2]!)).toBeGreaterThan(fill.getSize(schools[2]!));
    expect(fill.sizeScale).toBe(16);
    // Kinds sorted by name: attraction a circle, cave a square, school a triangle; the icon is a mask the tone tints.
    const sightsFill = under[3]!.props as unknown as Icons;
    expect(sights.map((p) => sightsFill.getIcon(p).id)).toEqual(['circle', 'square']);
    expect(fill.getIcon(schools[0]!)).toMatchObject({ id: 'triangle', url: shapeDataUrl('triangle'), mask: true });
  });

  it('gives each kind a shape of its own that does not move as data changes, and sizes by the square root of value', () => {
    expect([...kindShapes(groups)]).toEqual([
      ['attraction', 'circle'],
      ['cave', 'square'],
      ['school', 'triangle'],
    ]);
    expect(
      kindShapes([
        { topic: 't.a', points: [...sights].reverse() },
        { topic: 't.b', points: schools },
      ]),
    ).toEqual(kindShapes(groups));
    // The security dashboard's nine kinds of incident: nine different shapes, no two alike.
    const nine = [
      'theft',
      'assault',
      'public-disorder',
      'fire',
      'drugs',
      'smuggling',
      'fraud',
      'gambling',
      'urban-order',
    ];
    const shapes = kindShapes([{ topic: 'security.incidents', points: nine.map((kind) => point(kind, kind, 'bad')) }]);
    expect(new Set(shapes.values()).size).toBe(9);
    expect(new Set(Object.values(SHAPE_PATHS)).size).toBe(SHAPE_ORDER.length);
    expect(pointRadius(100, 100)).toBe(POINT_RADIUS.max);
    expect(pointRadius(0, 100)).toBe(POINT_RADIUS.min);
    expect(pointRadius(undefined, 100)).toBe(POINT_RADIUS.plain);
    expect(pointRadius(50, 0)).toBe(POINT_RADIUS.plain);
  });

  it('draws a shape as a white SVG mask, the same path the legend draws', () => {
    const url = shapeDataUrl('star');
    expect(url.startsWith('data:image/svg+xml')).toBe(true);
    expect(decodeURIComponent(url)).toContain(SHAPE_PATHS.star);
    expect(decodeURIComponent(url)).toContain('fill="#fff"');
    expect(pointKinds(groups).map((kind) => kind.shape)).toEqual(['circle', 'square', 'triangle']);
  });

  it('names the biggest places, or those needing attention, in the screen’s language, under their symbol', () => {
    const labels = pointLabels(groups, 'vi', 2);
    // Schools by size; the attractions have no size, so the neutral one before the good one.
    expect(labels.map((label) => label.text)).toEqual(['Trường s1', 'Trường s2', 'Trường a1', 'Trường a2']);
    expect(pointLabels(groups, 'en', 1).map((label) => label.text)).toEqual(['School s1', 'School a1']);
    expect(labels[0]!.below).toBeCloseTo(POINT_RADIUS.max + 0.2, 6);
    const { over } = buildLayers(
      o().layers,
      { reports: [], clusters: null, incidents: [], labels: [], points: groups, pointLabels: labels },
      20,
    );
    expect(over.map((layer) => layer.id)).toEqual(['incidents', 'point-labels']);
    expect(over[1]!.props).toMatchObject({ characterSet: 'auto', sizeScale: 20 });
  });

  it('lists the kinds and the tones in the legend', () => {
    const entries = legendEntries(
      o({ layers: { reports: false, incidents: false, rail: false, roads: false, poi: false } }).layers,
      {
        points: groups,
        choropleth: null,
      },
    );
    expect(entries.map((entry) => entry.id)).toEqual(['point-attraction', 'point-cave', 'point-school', 'point-tones']);
    expect(entries[2]).toMatchObject({
      swatch: { kind: 'shape', shape: 'triangle' },
      label: { vi: 'Trường học', en: 'School' },
    });
    expect(entries[3]!.label).toEqual({
      vi: 'Màu: tốt · trung bình · cần chú ý',
      en: 'Colour: good · fair · needs attention',
    });
    // Only neutral places: no colour key to explain.
    expect(
      legendEntries(o({ layers: { reports: false, incidents: false, rail: false, roads: false, poi: false } }).layers, {
        points: [{ topic: 't.a', points: [sights[0]!] }],
        choropleth: null,
      }).map((e) => e.id),
    ).toEqual(['point-attraction']);
  });

  it('keeps the same groups while every topic keeps its array', () => {
    let computed = 0;
    const memo = lastOfGroups((g) => (computed++, g));
    const first = memo([{ topic: 'a.b', points: schools }]);
    expect(memo([{ topic: 'a.b', points: schools }])).toBe(first);
    expect(computed).toBe(1);
    expect(memo([{ topic: 'a.b', points: [...schools] }])).not.toBe(first);
    expect(memo([{ topic: 'a.c', points: schools }])).not.toBe(first);
    expect(computed).toBe(3);
  });
});
