/**
 * The offline basemap: a MapLibre style built in code from the geodata the server ships at
 * `/geodata/` — no tile server, no glyphs, no sprites. Text would need glyph PBFs, so every label
 * is drawn by deck.gl's TextLayer instead (it rasterises the system's fonts, diacritics included).
 * Only types come from maplibre-gl here: this module stays free of map code at run time.
 */
import type { ExpressionSpecification, StyleSpecification } from 'maplibre-gl';
import {
  BRIDGE_COLOUR,
  CHOROPLETH_COLOURS,
  POI_COLOUR,
  RAIL_COLOUR,
  RIVER_COLOUR,
  ROAD_COLOUR,
  rgbaCss,
} from './legend';
import { choroplethClass, type Choropleth } from './choropleth';

export const GEODATA_FILES = {
  districts: 'langson-province-districts.geojson',
  city: 'langson-city-schematic.geojson',
  // Today's wards (since 1 July 2025), schematic: see fixtures/admin-units/SOURCES.md.
  wards: 'langson-wards-2025-schematic.geojson',
  wardCentres: 'langson-ward-centres-2025.geojson',
  rail: 'langson-rail.geojson',
  poi: 'langson-poi.geojson',
  // Main roads, the Kỳ Cùng river and its bridge, schematic: see fixtures/geodata/SOURCES.md.
  roads: 'langson-roads-river-schematic.geojson',
} as const;

export type GeodataUrls = Record<keyof typeof GEODATA_FILES, string>;

/**
 * Same-origin paths by default: the page's own server serves them, MapLibre resolves them against
 * the page, and a screen behind a proxy or on another host name needs no configuration.
 */
export function geodataUrls(base = '/geodata'): GeodataUrls {
  const root = base.replace(/\/$/, '');
  return Object.fromEntries(
    Object.entries(GEODATA_FILES).map(([key, file]) => [key, `${root}/${file}`]),
  ) as GeodataUrls;
}

export interface BasemapOptions {
  wards: boolean;
  rail: boolean;
  poi: boolean;
  /** Main roads, the river and the bridge; off unless asked, so older callers draw what they did. */
  roads?: boolean;
  /**
   * The figures of the choropleth, or null for none. The choropleth paints the ward areas, so
   * they are drawn even when `wards` is off.
   */
  choropleth: Choropleth | null;
  /** CSS pixels per em of the widget: line widths and dots follow the screen's type size. */
  em?: number;
}

const visible = (on: boolean) => (on ? 'visible' : 'none') as 'visible' | 'none';

/** Wards in blue by kind, or by class of their figure when the choropleth is on. */
export function wardFillColour(choropleth: Choropleth | null): ExpressionSpecification | string {
  const byKind: ExpressionSpecification = ['match', ['get', 'kind'], 'ward', '#173158', '#10213d'];
  if (!choropleth) return byKind;
  const codes = Object.keys(choropleth.values).sort();
  // A ward with no figure yet gets the "no data" grey; `match` needs at least one branch.
  const noData = rgbaCss(CHOROPLETH_COLOURS.none);
  const [first, ...rest] = codes;
  if (first === undefined) return noData;
  const colourOf = (code: string) => rgbaCss(CHOROPLETH_COLOURS[choroplethClass(choropleth.values[code], choropleth)]);
  return ['match', ['get', 'code'], first, colourOf(first), ...rest.flatMap((code) => [code, colourOf(code)]), noData];
}

export const BACKGROUND = '#050b16';

/**
 * Pure: the same options give the same style, so the widget can hand MapLibre a new one whenever
 * an option or the choropleth's figures change and let `setStyle`'s diff apply only what changed.
 */
export function basemapStyle(urls: GeodataUrls, layers: BasemapOptions): StyleSpecification {
  const wardsShown = layers.wards || layers.choropleth !== null;
  // 16 px is the em the widths below were chosen at; a 4K wall has about twice that.
  const px = (width: number) => Math.round(width * ((layers.em ?? 16) / 16) * 100) / 100;
  return {
    version: 8,
    sources: {
      districts: { type: 'geojson', data: urls.districts },
      city: { type: 'geojson', data: urls.city },
      wards: { type: 'geojson', data: urls.wards },
      rail: { type: 'geojson', data: urls.rail },
      poi: { type: 'geojson', data: urls.poi },
      roads: { type: 'geojson', data: urls.roads },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } },
      // The province's other districts: faint context, so the city does not float in a void.
      {
        id: 'districts-fill',
        type: 'fill',
        source: 'districts',
        filter: ['==', ['get', 'kind'], 'district'],
        paint: { 'fill-color': '#0b1526' },
      },
      {
        id: 'districts-line',
        type: 'line',
        source: 'districts',
        paint: { 'line-color': '#1e2d45', 'line-width': px(1) },
      },
      { id: 'city-fill', type: 'fill', source: 'city', paint: { 'fill-color': '#0f1f38' } },
      {
        id: 'wards-fill',
        type: 'fill',
        source: 'wards',
        layout: { visibility: visible(wardsShown) },
        paint: { 'fill-color': wardFillColour(layers.choropleth), 'fill-opacity': 0.95 },
      },
      {
        id: 'wards-line',
        type: 'line',
        source: 'wards',
        layout: { visibility: visible(wardsShown) },
        paint: { 'line-color': '#5b82bd', 'line-width': px(1.2), 'line-dasharray': [3, 2] },
      },
      {
        id: 'city-line',
        type: 'line',
        source: 'city',
        paint: { 'line-color': '#7dd3fc', 'line-width': px(2.5), 'line-opacity': 0.85 },
      },
      // The river under the roads, the roads under the railway: as they cross in the city.
      {
        id: 'river',
        type: 'line',
        source: 'roads',
        filter: ['==', ['get', 'kind'], 'river'],
        layout: { visibility: visible(layers.roads ?? false), 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': RIVER_COLOUR, 'line-width': px(4), 'line-opacity': 0.9 },
      },
      {
        id: 'roads',
        type: 'line',
        source: 'roads',
        filter: ['==', ['get', 'kind'], 'road'],
        layout: { visibility: visible(layers.roads ?? false), 'line-cap': 'round', 'line-join': 'round' },
        paint: {
          'line-color': ROAD_COLOUR,
          // National roads wider than streets, so that QL1A and QL4B read as the through routes.
          'line-width': ['match', ['get', 'class'], 'national', px(3), px(1.8)],
          'line-opacity': 0.75,
        },
      },
      {
        id: 'bridge',
        type: 'circle',
        source: 'roads',
        filter: ['==', ['get', 'kind'], 'bridge'],
        layout: { visibility: visible(layers.roads ?? false) },
        paint: {
          'circle-color': BRIDGE_COLOUR,
          'circle-radius': px(5),
          'circle-stroke-color': RIVER_COLOUR,
          'circle-stroke-width': px(2.5),
        },
      },
      {
        id: 'rail',
        type: 'line',
        source: 'rail',
        layout: { visibility: visible(layers.rail) },
        paint: { 'line-color': RAIL_COLOUR, 'line-width': px(1.6), 'line-dasharray': [4, 2], 'line-opacity': 0.8 },
      },
      {
        // The article's reference point for the city is not a place to visit: not drawn.
        id: 'poi',
        type: 'circle',
        source: 'poi',
        layout: { visibility: visible(layers.poi) },
        filter: ['!=', ['get', 'kind'], 'city_reference_point'],
        paint: {
          'circle-color': POI_COLOUR,
          'circle-radius': px(5),
          'circle-stroke-color': BACKGROUND,
          'circle-stroke-width': px(1.5),
        },
      },
    ],
  };
}
