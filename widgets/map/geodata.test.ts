/**
 * The roads, river and bridge geodata the map loads: a valid GeoJSON file, every line inside the
 * city, the names the city's notices use, and the layers and credits that draw and explain it.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Value } from 'typebox/value';
import { polygonContains, type PolygonCoordinates } from '../../server/fixtures/geometry';
import { GEODATA_FILES } from './basemap-style';
import { attributionLines, legendEntries } from './legend';
import { options, type MapOptions } from './options';

// The tests run from the repository's root (the widgets' environment has no file URL of its own).
const at = (file: string) => join(process.cwd(), 'fixtures', 'geodata', file);
const read = (file: string) => JSON.parse(readFileSync(at(file), 'utf8')) as unknown;

type Position = [number, number];
interface Feature {
  type: 'Feature';
  properties: { kind: string; name: string; name_en: string; label_at: Position; schematic: boolean; class?: string };
  geometry: { type: 'Point' | 'LineString' | 'MultiLineString'; coordinates: unknown };
}

const roads = read(GEODATA_FILES.roads) as { type: string; schematic: boolean; features: Feature[] };
const city = (read(GEODATA_FILES.city) as { features: Array<{ geometry: { coordinates: PolygonCoordinates } }> })
  .features[0]!.geometry.coordinates;

function positions(feature: Feature): Position[] {
  const { type, coordinates } = feature.geometry;
  if (type === 'Point') return [coordinates as Position];
  if (type === 'LineString') return coordinates as Position[];
  return (coordinates as Position[][]).flat();
}

describe('roads, river and bridge geodata', () => {
  it('is a small FeatureCollection of valid points and lines, 5 decimals at most', () => {
    expect(statSync(at(GEODATA_FILES.roads)).size).toBeLessThan(20_000);
    expect(roads.type).toBe('FeatureCollection');
    expect(roads.features.length).toBeGreaterThan(5);
    for (const feature of roads.features) {
      expect(feature.type).toBe('Feature');
      const { type, coordinates } = feature.geometry;
      const lines =
        type === 'LineString'
          ? [coordinates as Position[]]
          : type === 'MultiLineString'
            ? (coordinates as Position[][])
            : [];
      for (const line of lines) expect(line.length).toBeGreaterThanOrEqual(2);
      for (const [lon, lat] of positions(feature)) {
        expect(Number.isFinite(lon) && Number.isFinite(lat)).toBe(true);
        expect(Math.round(lon * 1e5) / 1e5).toBe(lon);
        expect(Math.round(lat * 1e5) / 1e5).toBe(lat);
      }
    }
  });

  it('lies wholly inside the city, names and all', () => {
    for (const feature of roads.features) {
      const outside = [...positions(feature), feature.properties.label_at].filter(
        ([lon, lat]) => !polygonContains(city, lon, lat),
      );
      expect({ name: feature.properties.name, outside }).toEqual({ name: feature.properties.name, outside: [] });
    }
  });

  it('holds the main roads, the Kỳ Cùng river and the bridge the notices name, each said to be schematic', () => {
    const byKind = (kind: string) =>
      roads.features.filter((f) => f.properties.kind === kind).map((f) => f.properties.name);
    expect(byKind('road')).toEqual(
      expect.arrayContaining(['Quốc lộ 1A', 'Quốc lộ 4B', 'Bà Triệu', 'Trần Đăng Ninh', 'Lê Lợi']),
    );
    expect(byKind('river')).toEqual(['Sông Kỳ Cùng']);
    expect(byKind('bridge')).toEqual(['Cầu Kỳ Cùng']);
    expect(roads.schematic).toBe(true);
    expect(roads.features.every((f) => f.properties.schematic === true && f.properties.name_en.length > 0)).toBe(true);
    // The bridge is on the river: one of the river's own vertices.
    const river = roads.features.find((f) => f.properties.kind === 'river')!;
    const bridge = roads.features.find((f) => f.properties.kind === 'bridge')!;
    expect(positions(river)).toContainEqual(positions(bridge)[0]);
  });

  it('is drawn with its legend entries and the schematic note only when the roads layer is on', () => {
    const layers = (roadsOn: boolean) =>
      (
        Value.Default(options, {
          layers: { reports: false, incidents: false, rail: false, poi: false, roads: roadsOn },
        }) as MapOptions
      ).layers;
    expect(legendEntries(layers(true)).map((e) => e.id)).toEqual(['roads', 'river', 'bridge']);
    expect(legendEntries(layers(false))).toEqual([]);
    const note = 'Sơ đồ đường, sông, cầu (không phải bản đồ đo đạc) / Schematic roads, river, bridge (not surveyed)';
    expect(attributionLines(true, false, true).map((line) => line.text)).toContain(note);
    expect(attributionLines(true, false, false).map((line) => line.text)).not.toContain(note);
    // With the flow on too, one note for the lines, not two.
    expect(attributionLines(true, true, true).filter((line) => line.emphasis)).toHaveLength(2);
  });
});
