import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { bindMap, mapTopics } from './bind';
import { basemapStyle } from './basemap-style';
import { cellDegrees, clusterReports } from './clusters';
import { ATTRIBUTION, rateColour, reportClass, REPORT_COLOURS } from './legend';
import { options, type MapOptions } from './options';
import manifest from './manifest';

const o = (extra: Record<string, unknown> = {}) => Value.Default(options, { ...extra }) as MapOptions;

describe('map widget', () => {
  it('reads the topics of the layers it draws', () => {
    expect(mapTopics(o())).toEqual(['reports.recent', 'traffic.incidents']);
    expect(mapTopics(o({ layers: { reports: false, heatmap: false, incidents: true } }))).toEqual(['traffic.incidents']);
    expect(manifest.type).toBe('map');
  });

  it('waits for data only while none of its topics has any', () => {
    expect(bindMap({}, o())).toBeNull();
    expect(bindMap({ 'traffic.incidents': [] }, o())).toEqual({ reports: [], incidents: [], wardRates: {} });
  });

  it('colours wards by on-time rate when asked', () => {
    const options = o({ layers: { wardChoropleth: true } });
    expect(mapTopics(options)).toContain('reports.summary');
    const summary = { byWard: [{ ward: '05974', name: 'Tam Thanh', received: 9, open: 1, overdue: 0, onTimeRate: 0.95 }] };
    expect(bindMap({ 'reports.summary': summary as never }, options)!.wardRates).toEqual({ '05974': 0.95 });
    expect(rateColour(0.5)[0]).toBeGreaterThan(rateColour(0.5)[1]);
    expect(rateColour(0.95)[1]).toBeGreaterThan(rateColour(0.95)[0]);
    expect(rateColour(null)[3]).toBeLessThan(100);
  });

  it('builds an offline style: only the server’s own geodata, no tiles, glyphs or sprites', () => {
    const style = basemapStyle('http://127.0.0.1:8080', { rail: true });
    const json = JSON.stringify(style);
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    const urls = json.match(/https?:\/\/[^"]+/g) ?? [];
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:8080\/geodata\/langson-[a-z-]+\.geojson$/);
    expect(Object.values(style.sources).every((source) => source.type === 'geojson')).toBe(true);
  });

  it('colours reports by lifecycle, overdue first', () => {
    expect(reportClass({ status: 'in_progress', overdue: true })).toBe('overdue');
    expect(reportClass({ status: 'approved', overdue: false })).toBe('new');
    expect(reportClass({ status: 'rated', overdue: false })).toBe('resolved');
    expect(REPORT_COLOURS.overdue[0]).toBeGreaterThan(REPORT_COLOURS.overdue[2]);
  });

  it('clusters nearby reports, keeping the most urgent colour and the count', () => {
    const at = (id: string, lon: number, lat: number, extra: Record<string, unknown> = {}) =>
      ({ id, lon, lat, status: 'in_progress', overdue: false, ...extra }) as never;
    const clusters = clusterReports([at('a', 106.7601, 21.8501), at('b', 106.7603, 21.8503, { overdue: true }), at('c', 106.79, 21.83)], 0.005);
    expect(clusters).toHaveLength(2);
    const big = clusters.find((c) => c.count === 2)!;
    expect(big.worst).toBe('overdue');
    expect(big.position[0]).toBeCloseTo(106.7602, 4);
    expect(cellDegrees(12, 256)).toBeCloseTo(360 / 4096, 6);
  });

  it('credits the data sources as their licences require', () => {
    expect(ATTRIBUTION.join('\n')).toContain('© OpenStreetMap contributors (ODbL)');
    expect(ATTRIBUTION.join('\n')).toContain('Who’s On First');
  });
});
