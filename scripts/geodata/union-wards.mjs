// Builds the schematic areas of today's wards from the pre-2025 schematic areas and the crosswalk
// in config/units.yaml: each new ward is the union of the old units that went wholly into it.
// The old cells tile the city (Voronoi cells), so a union is the old rings minus the edges two
// cells share. Run: node scripts/geodata/union-wards.mjs (writes fixtures/geodata/…-2025-schematic).
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

const root = new URL('../../', import.meta.url);
const units = parse(readFileSync(new URL('config/units.yaml', root), 'utf8'));
const old = JSON.parse(readFileSync(new URL('fixtures/geodata/langson-wards-schematic.geojson', root), 'utf8'));
const OUT = 'fixtures/geodata/langson-wards-2025-schematic.geojson';
const CENTRES = 'fixtures/geodata/langson-ward-centres-2025.geojson';

const key = (p) => `${p[0]},${p[1]}`;
/** Shoelace area in km² (equirectangular at the ring's latitude: fine at city scale). */
function areaKm2(ring) {
  const lat = (ring.reduce((s, p) => s + p[1], 0) / ring.length) * (Math.PI / 180);
  const kx = 111.32 * Math.cos(lat);
  const ky = 110.57;
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++)
    sum += ring[i][0] * kx * ring[i + 1][1] * ky - ring[i + 1][0] * kx * ring[i][1] * ky;
  return sum / 2;
}

function union(rings) {
  const directed = [];
  for (const ring of rings) for (let i = 0; i < ring.length - 1; i++) directed.push([ring[i], ring[i + 1]]);
  const undirected = new Map();
  for (const [a, b] of directed) {
    const k = [key(a), key(b)].sort().join('|');
    undirected.set(k, (undirected.get(k) ?? 0) + 1);
  }
  const outer = directed.filter(([a, b]) => undirected.get([key(a), key(b)].sort().join('|')) === 1);
  const next = new Map(outer.map(([a, b]) => [key(a), b]));
  if (next.size !== outer.length)
    throw new Error('a vertex starts two outer edges: the cells do not share edges cleanly');
  const out = [];
  const left = new Set(next.keys());
  while (left.size > 0) {
    const startKey = left.values().next().value;
    const start = outer.find(([a]) => key(a) === startKey)[0];
    const ring = [start];
    let at = startKey;
    for (;;) {
      left.delete(at);
      const to = next.get(at);
      if (!to) throw new Error(`open ring at ${at}`);
      ring.push(to);
      at = key(to);
      if (at === startKey) break;
    }
    out.push(ring);
  }
  if (out.length !== 1) throw new Error(`union has ${out.length} rings, expected 1`);
  return out[0];
}

const current = units.units.filter((unit) => unit.validTo === undefined && unit.kind === 'ward');
const features = [];
for (const ward of current) {
  const from = units.crosswalk.filter((entry) => entry.to === ward.code && entry.whole).map((entry) => entry.from);
  const parts = old.features.filter((feature) => from.includes(feature.properties.code));
  if (parts.length === 0) continue;
  const ring = union(parts.map((feature) => feature.geometry.coordinates[0]));
  const area = Math.abs(areaKm2(ring));
  const sum = parts.reduce((s, feature) => s + Math.abs(areaKm2(feature.geometry.coordinates[0])), 0);
  if (Math.abs(area - sum) > 0.01) throw new Error(`${ward.code}: union ${area} km² ≠ parts ${sum} km²`);
  // Label point (a centroid can fall outside a concave union): the centre of the old part of the
  // same name, else of the largest old ward (the town), else of the largest part.
  const short = ward.name.replace(/^(Phường|Xã) /, '');
  const largestOf = (list) => list.reduce((a, b) => (a.properties.area_km2 >= b.properties.area_km2 ? a : b));
  const urban = parts.filter((feature) => feature.properties.kind === 'ward');
  const largest =
    parts.find((feature) => feature.properties.name === short) ??
    (urban.length > 0 ? largestOf(urban) : largestOf(parts));
  features.push({
    type: 'Feature',
    properties: {
      code: ward.code,
      name: short,
      full_name: ward.name,
      name_en: ward.nameEn,
      kind: ward.kind,
      centre: largest.properties.centre,
      area_km2: Math.round(area * 100) / 100,
      schematic: true,
      made_from: parts.map((feature) => feature.properties.code),
      note: 'Schematic: union of the pre-2025 schematic areas of the old units inside the former city; parts from Cao Lộc district are not drawn',
    },
    geometry: { type: 'Polygon', coordinates: [ring] },
  });
}
writeFileSync(
  new URL(OUT, root),
  `${JSON.stringify({ type: 'FeatureCollection', name: 'langson-wards-2025-schematic', features })}\n`,
);
const centres = features.map((feature) => ({
  type: 'Feature',
  properties: {
    code: feature.properties.code,
    name: feature.properties.name,
    full_name: feature.properties.full_name,
    name_en: feature.properties.name_en,
    kind: feature.properties.kind,
  },
  geometry: { type: 'Point', coordinates: feature.properties.centre },
}));
writeFileSync(
  new URL(CENTRES, root),
  `${JSON.stringify({ type: 'FeatureCollection', name: 'langson-ward-centres-2025', features: centres })}\n`,
);
console.log(`wrote ${CENTRES}`);
console.log(
  `wrote ${OUT}: ${features.map((f) => `${f.properties.code} ${f.properties.full_name} ${f.properties.area_km2} km² from ${f.properties.made_from.join('+')}`).join('; ')}`,
);
