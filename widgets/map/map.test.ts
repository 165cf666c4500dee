import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import type { ReportItem, ReportStatus, TrafficIncident } from '../../server/protocol/topics';
import { bindMap, mapTopics } from './bind';
import { basemapStyle, GEODATA_FILES, geodataUrls, wardFillColour } from './basemap-style';
import { cellDegrees, clusterReports } from './clusters';
import {
  attributionLines, INCIDENT_COLOURS, legendEntries, legendText, liveReports, rateColour, reportClass, REPORT_COLOURS,
} from './legend';
import { buildLayers, incidentRing, labelRoom, labelScale, POI_LABEL_ROOM, ringPulses } from './map-layers';
import { options, type MapOptions } from './options';
import manifest from './manifest';

const o = (extra: Record<string, unknown> = {}) => Value.Default(options, structuredClone(extra)) as MapOptions;

const report = (id: string, status: ReportStatus, extra: Partial<ReportItem> = {}): ReportItem => ({
  id, category: 'drainage', categoryName: { vi: 'Thoát nước', en: 'Drainage' }, ward: '05974', wardName: 'Phường Tam Thanh',
  status, title: 'Ngập úng', lat: 21.85, lon: 106.76, createdAt: 0, dueAt: 1, overdue: false, ...extra,
});
const incident = (id: string, severity: TrafficIncident['severity']): TrafficIncident => ({
  id, kind: 'crash', kindName: { vi: 'Va chạm', en: 'Crash' }, severity, lat: 21.86, lon: 106.75, ward: '05971',
  place: 'Đường Bà Triệu', injuries: 1, deaths: 0, reportedAt: 0,
});

describe('map options', () => {
  it('defaults to points, incidents, wards, rail and POIs over the city view', () => {
    const defaults = o();
    expect(defaults.layers).toEqual({
      reports: true, heatmap: false, incidents: true, wards: true, rail: true, poi: true, clusters: false, wardChoropleth: false,
    });
    expect(defaults.showLegend).toBe(true);
    expect(defaults.center).toBeUndefined();
    expect(defaults.zoom).toBeUndefined();
    expect(Value.Check(options, defaults)).toBe(true);
  });

  it('accepts the dashboards’ placements and refuses unknown layers or a view off the globe', () => {
    expect(Value.Check(options, o({ layers: { reports: true, heatmap: true, incidents: true } }))).toBe(true);
    expect(Value.Check(options, o({ center: [106.76, 21.85], zoom: 13 }))).toBe(true);
    expect(Value.Check(options, o({ layers: { roads: true } }))).toBe(false);
    expect(Value.Check(options, o({ center: [200, 21] }))).toBe(false);
    expect(Value.Check(options, o({ zoom: 30 }))).toBe(false);
  });
});

describe('map binding', () => {
  it('reads the topics of the layers it draws', () => {
    expect(manifest.type).toBe('map');
    expect(mapTopics(o())).toEqual(['reports.recent', 'traffic.incidents']);
    expect(mapTopics(o({ layers: { reports: false, heatmap: true } }))).toEqual(['reports.recent', 'traffic.incidents']);
    expect(mapTopics(o({ layers: { reports: false, heatmap: false, incidents: true } }))).toEqual(['traffic.incidents']);
    expect(mapTopics(o({ layers: { wardChoropleth: true } }))).toContain('reports.summary');
  });

  it('waits only while neither topic has data; an empty topic is an empty list', () => {
    expect(bindMap({}, o())).toBeNull();
    expect(bindMap({ 'traffic.incidents': [] }, o())).toEqual({ reports: [], incidents: [], wardRates: {} });
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

  it('takes the on-time rate per ward for the choropleth', () => {
    const summary = { byWard: [{ ward: '05974', name: 'Tam Thanh', received: 9, open: 1, overdue: 0, onTimeRate: 0.95 }] };
    expect(bindMap({ 'reports.summary': summary as never }, o({ layers: { wardChoropleth: true } }))!.wardRates).toEqual({ '05974': 0.95 });
  });
});

describe('offline basemap style', () => {
  const all = { wards: true, rail: true, poi: true, wardRates: null };

  it('reads only the server’s own geodata: no remote URL, tiles, glyphs or sprites', () => {
    const style = basemapStyle(geodataUrls(), all);
    const json = JSON.stringify(style);
    expect(json).not.toContain('http');
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    expect(Object.values(style.sources).every((source) => source.type === 'geojson')).toBe(true);
    const data = Object.values(style.sources).map((source) => (source as { data: string }).data).sort();
    expect(data).toEqual([
      '/geodata/langson-city-schematic.geojson', '/geodata/langson-poi.geojson', '/geodata/langson-province-districts.geojson',
      '/geodata/langson-rail.geojson', '/geodata/langson-wards-schematic.geojson',
    ]);
    // No symbol layer: text would need glyphs, so every label is deck.gl's.
    expect(style.layers.some((layer) => layer.type === 'symbol')).toBe(false);
  });

  it('draws the context, the city, the wards, the railway and the POIs, in that order', () => {
    const ids = basemapStyle(geodataUrls(), all).layers.map((layer) => layer.id);
    expect(ids).toEqual(['background', 'districts-fill', 'districts-line', 'city-fill', 'wards-fill', 'wards-line', 'city-line', 'rail', 'poi']);
  });

  it('uses the geodata URLs it is given', () => {
    const urls = geodataUrls('/city-data/');
    expect(urls.wards).toBe('/city-data/langson-wards-schematic.geojson');
    expect(Object.keys(urls).sort()).toEqual(Object.keys(GEODATA_FILES).sort());
    expect(JSON.stringify(basemapStyle(urls, all))).not.toContain('/geodata/');
  });

  it('hides the layers that are off, and keeps the ward areas for the choropleth', () => {
    const visibility = (style: ReturnType<typeof basemapStyle>, id: string) =>
      (style.layers.find((layer) => layer.id === id)?.layout as { visibility?: string } | undefined)?.visibility;
    const none = basemapStyle(geodataUrls(), { wards: false, rail: false, poi: false, wardRates: null });
    expect(['wards-fill', 'wards-line', 'rail', 'poi'].map((id) => visibility(none, id))).toEqual(['none', 'none', 'none', 'none']);
    const choropleth = basemapStyle(geodataUrls(), { wards: false, rail: true, poi: true, wardRates: { '05974': 0.5 } });
    expect(visibility(choropleth, 'wards-fill')).toBe('visible');
  });

  it('colours the wards by on-time rate, grey where there is no figure yet', () => {
    expect(wardFillColour(null)).toEqual(['match', ['get', 'kind'], 'ward', '#173158', '#10213d']);
    expect(wardFillColour({})).toBe('rgba(71, 85, 105, 0.35)');
    const expression = wardFillColour({ '05974': 0.95, '05971': 0.5, '05977': null });
    expect(expression).toEqual([
      'match', ['get', 'code'],
      '05971', 'rgba(239, 68, 68, 0.47)', '05974', 'rgba(34, 197, 94, 0.43)', '05977', 'rgba(71, 85, 105, 0.35)',
      'rgba(71, 85, 105, 0.35)',
    ]);
    expect(rateColour(0.5)[0]).toBeGreaterThan(rateColour(0.5)[1]);
    expect(rateColour(0.95)[1]).toBeGreaterThan(rateColour(0.95)[0]);
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
    const reports = [report('a', 'new'), report('b', 'closed'), report('c', 'rejected'), report('d', 'resolved'), report('e', 'duplicate')];
    expect(liveReports(reports).map((r) => r.id)).toEqual(['a', 'd']);
  });

  it('marks serious incidents red and minor ones orange', () => {
    expect(INCIDENT_COLOURS.serious[0]).toBeGreaterThan(INCIDENT_COLOURS.serious[1] * 2);
    expect(INCIDENT_COLOURS.minor[1]).toBeGreaterThan(INCIDENT_COLOURS.serious[1]);
  });

  it('clusters nearby reports, keeping the most urgent colour and the count', () => {
    const at = (id: string, lon: number, lat: number, overdue = false) => report(id, 'in_progress', { lon, lat, overdue });
    const clusters = clusterReports([at('a', 106.7601, 21.8501), at('b', 106.7603, 21.8503, true), at('c', 106.79, 21.83)], 0.005);
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
    expect(incidentRing(data.incidents, 16).props).toMatchObject({ id: 'incidents-ring', filled: false, stroked: true, radiusScale: 28 });
  });
});

describe('legend and attribution', () => {
  it('lists what is drawn, Vietnamese first and English second', () => {
    const entries = legendEntries(o().layers);
    expect(entries.map((entry) => entry.id)).toEqual([
      'report-overdue', 'report-new', 'report-in_progress', 'report-resolved', 'incidents', 'rail', 'poi',
    ]);
    expect(legendText(entries[0]!.label, 'vi')).toEqual({ primary: 'Quá hạn', secondary: 'Overdue' });
    expect(legendText(entries[0]!.label, 'en')).toEqual({ primary: 'Overdue', secondary: null });
    const heat = legendEntries(o({ layers: { reports: false, heatmap: true, incidents: false, rail: false, poi: false, wardChoropleth: true } }).layers);
    expect(heat.map((entry) => entry.id)).toEqual(['heatmap', 'choropleth']);
    expect(heat[1]!.label.vi).toBe('Tỷ lệ đúng hạn theo phường, xã');
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
    expect(attributionLines(true)[0]).toEqual({ text: 'Ranh giới phường mang tính minh họa / Schematic ward areas', href: null, emphasis: true });
    expect(attributionLines(false).some((line) => line.text.includes('minh họa'))).toBe(false);
  });
});
