/**
 * The offline basemap: a MapLibre style built in code from the geodata the server ships at
 * `/geodata/` — no tile server, no glyphs, no sprites (labels are drawn by deck.gl instead).
 */
import type { StyleSpecification } from 'maplibre-gl';

export const GEODATA_FILES = {
  districts: 'langson-province-districts.geojson',
  city: 'langson-city-schematic.geojson',
  wards: 'langson-wards-schematic.geojson',
  wardCentres: 'langson-ward-centres.geojson',
  rail: 'langson-rail.geojson',
  poi: 'langson-poi.geojson',
} as const;

export function geodataUrl(origin: string, file: string): string {
  return `${origin.replace(/\/$/, '')}/geodata/${file}`;
}

export function basemapStyle(origin: string, options: { rail: boolean }): StyleSpecification {
  const url = (key: keyof typeof GEODATA_FILES) => geodataUrl(origin, GEODATA_FILES[key]);
  return {
    version: 8,
    sources: {
      districts: { type: 'geojson', data: url('districts') },
      city: { type: 'geojson', data: url('city') },
      wards: { type: 'geojson', data: url('wards') },
      rail: { type: 'geojson', data: url('rail') },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#050b16' } },
      {
        id: 'districts-fill', type: 'fill', source: 'districts',
        filter: ['==', ['get', 'kind'], 'district'], paint: { 'fill-color': '#0b1526', 'fill-opacity': 1 },
      },
      {
        id: 'districts-line', type: 'line', source: 'districts',
        paint: { 'line-color': '#1e2d45', 'line-width': 1 },
      },
      { id: 'city-fill', type: 'fill', source: 'city', paint: { 'fill-color': '#0f1f38' } },
      {
        id: 'wards-fill', type: 'fill', source: 'wards',
        paint: { 'fill-color': ['match', ['get', 'kind'], 'ward', '#173158', '#10213d'], 'fill-opacity': 0.95 },
      },
      { id: 'wards-line', type: 'line', source: 'wards', paint: { 'line-color': '#5b82bd', 'line-width': 1.5, 'line-dasharray': [3, 2] } },
      { id: 'city-line', type: 'line', source: 'city', paint: { 'line-color': '#7dd3fc', 'line-width': 2.5, 'line-opacity': 0.85 } },
      {
        id: 'rail', type: 'line', source: 'rail',
        layout: { visibility: options.rail ? 'visible' : 'none' },
        paint: { 'line-color': '#94a3b8', 'line-width': 1.6, 'line-dasharray': [4, 2], 'line-opacity': 0.8 },
      },
    ],
  };
}
