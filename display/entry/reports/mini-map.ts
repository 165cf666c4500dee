/**
 * The city's schematic ward areas as SVG paths, for the small maps of the dispatch board: a few
 * kilobytes of geodata drawn once, never the map library (the board must open fast on a phone).
 */
type Ring = Array<[number, number]>;
interface Feature {
  properties: { code?: string; name?: string };
  geometry: { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
}

export interface WardOutlines {
  /** lon/lat → x/y in a 100 × 100 box (north up, lengths kept). */
  project(lon: number, lat: number): [number, number];
  paths: Array<{ code: string; d: string }>;
}

let loading: Promise<WardOutlines | null> | null = null;

export function wardOutlines(): Promise<WardOutlines | null> {
  loading ??= fetch('/geodata/langson-wards-schematic.geojson')
    .then((response) => (response.ok ? (response.json() as Promise<{ features: Feature[] }>) : null))
    .then((collection) => (collection ? outlines(collection.features) : null))
    .catch(() => null);
  return loading;
}

function outlines(features: Feature[]): WardOutlines {
  const polygons = features.map((feature) => ({
    code: feature.properties.code ?? '',
    rings: feature.geometry.type === 'Polygon' ? feature.geometry.coordinates : feature.geometry.coordinates.flat(),
  }));
  const points = polygons.flatMap((polygon) => polygon.rings.flat());
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  const [west, east, south, north] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  // A degree of longitude is shorter than one of latitude at 21.8° N.
  const squeeze = Math.cos(((south + north) / 2) * (Math.PI / 180));
  const scale = 100 / Math.max((east - west) * squeeze, north - south);
  const project = (lon: number, lat: number): [number, number] => [
    (lon - west) * squeeze * scale,
    (north - lat) * scale,
  ];
  const paths = polygons.map((polygon) => ({
    code: polygon.code,
    d: polygon.rings
      .map(
        (ring) =>
          ring
            .map(
              ([lon, lat], i) =>
                `${i === 0 ? 'M' : 'L'}${project(lon, lat)
                  .map((v) => v.toFixed(2))
                  .join(' ')}`,
            )
            .join('') + 'Z',
      )
      .join(''),
  }));
  return { project, paths };
}
