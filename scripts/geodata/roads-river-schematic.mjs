// Builds fixtures/geodata/langson-roads-river-schematic.geojson: the city's main roads, the Kỳ Cùng
// river and the bridge the city's notices name, as SCHEMATIC lines. No road or waterway geometry
// under an open licence could be found (fixtures/geodata/SOURCES.md), so the roads are the
// hand-drawn segments of fixtures/traffic/roads.json joined per road (the same lines the traffic
// flow is drawn on), and the river is drawn by hand through the bridge's place in
// fixtures/traffic/places.json. Run: node scripts/geodata/roads-river-schematic.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const read = (path) => JSON.parse(readFileSync(new URL(path, root), 'utf8'));
const roads = read('fixtures/traffic/roads.json');
const places = read('fixtures/traffic/places.json');
const OUT = 'fixtures/geodata/langson-roads-river-schematic.geojson';

const round = (p) => [Math.round(p[0] * 1e5) / 1e5, Math.round(p[1] * 1e5) / 1e5];

/** National roads first: they are drawn wider and named first. */
const ROADS = [
  { road: 'QL1A', name: 'Quốc lộ 1A', name_en: 'National Road 1A', class: 'national' },
  { road: 'QL4B', name: 'Quốc lộ 4B', name_en: 'National Road 4B', class: 'national' },
  { road: 'Bà Triệu', name: 'Bà Triệu', name_en: 'Bà Triệu Street', class: 'street' },
  { road: 'Trần Đăng Ninh', name: 'Trần Đăng Ninh', name_en: 'Trần Đăng Ninh Street', class: 'street' },
  { road: 'Lê Lợi', name: 'Lê Lợi', name_en: 'Lê Lợi Street', class: 'street' },
  { road: 'Hùng Vương', name: 'Hùng Vương', name_en: 'Hùng Vương Street', class: 'street' },
  { road: 'Lý Thái Tổ', name: 'Lý Thái Tổ', name_en: 'Lý Thái Tổ Street', class: 'street' },
  { road: 'Phai Vệ', name: 'Phai Vệ', name_en: 'Phai Vệ Street', class: 'street' },
  { road: 'Ba Sơn', name: 'Ba Sơn', name_en: 'Ba Sơn Street', class: 'street' },
];

/** Joins a road's segments end to end where one starts at the other's end. */
function join(paths) {
  const lines = [];
  for (const path of paths) {
    const last = lines.at(-1);
    if (last && last.at(-1)[0] === path[0][0] && last.at(-1)[1] === path[0][1]) last.push(...path.slice(1));
    else lines.push([...path]);
  }
  return lines;
}

/** The middle vertex of the longest line: where the road's name is set. */
function labelAt(lines) {
  const longest = lines.reduce((a, b) => (b.length > a.length ? b : a));
  return longest[Math.floor(longest.length / 2)];
}

const features = [];
for (const spec of ROADS) {
  const paths = roads.segments.filter((s) => s.road === spec.road).map((s) => s.path.map(round));
  if (paths.length === 0) throw new Error(`no segment of ${spec.road} in fixtures/traffic/roads.json`);
  const lines = join(paths);
  features.push({
    type: 'Feature',
    properties: {
      kind: 'road',
      ref: spec.road,
      name: spec.name,
      name_en: spec.name_en,
      class: spec.class,
      label_at: labelAt(lines),
      schematic: true,
    },
    geometry:
      lines.length === 1
        ? { type: 'LineString', coordinates: lines[0] }
        : { type: 'MultiLineString', coordinates: lines },
  });
}

const bridgePlace = places.places.find((p) => p.name === 'Cầu Kỳ Cùng');
if (!bridgePlace) throw new Error('Cầu Kỳ Cùng is not in fixtures/traffic/places.json');
const bridge = round([bridgePlace.lon, bridgePlace.lat]);

// The Kỳ Cùng comes in from the south-east (Lộc Bình side), crosses the centre westwards under
// the Kỳ Cùng bridge and leaves northwards towards Văn Lãng: hand-drawn, not surveyed.
const river = [
  [106.797, 21.8415],
  [106.782, 21.8445],
  [106.7705, 21.8505],
  bridge,
  [106.7495, 21.8515],
  [106.7425, 21.8575],
  [106.7385, 21.87],
  [106.7355, 21.886],
  [106.7345, 21.9],
  [106.7355, 21.912],
].map(round);
features.push({
  type: 'Feature',
  properties: { kind: 'river', name: 'Sông Kỳ Cùng', name_en: 'Kỳ Cùng River', label_at: river[6], schematic: true },
  geometry: { type: 'LineString', coordinates: river },
});
features.push({
  type: 'Feature',
  properties: { kind: 'bridge', name: 'Cầu Kỳ Cùng', name_en: 'Kỳ Cùng Bridge', label_at: bridge, schematic: true },
  geometry: { type: 'Point', coordinates: bridge },
});

const collection = { type: 'FeatureCollection', name: 'langson-roads-river-schematic', schematic: true, features };
writeFileSync(new URL(OUT, root), JSON.stringify(collection) + '\n');
console.log(`${OUT}: ${features.length} features`);
