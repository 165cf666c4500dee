/**
 * The map a citizen taps to mark the place: MapLibre with the wall's own offline basemap (the
 * city's geodata from this server, no internet tiles). Loaded only when the citizen opens the map,
 * so the form itself stays small on 3G.
 */
import { Map as MapLibreMap, Marker, setWorkerUrl } from 'maplibre-gl';
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { basemapStyle, geodataUrls } from '../../widgets/map/basemap-style';
import type { CitySettings } from './citizen-route';

setWorkerUrl(maplibreWorkerUrl);

export interface PickerMap {
  /** Moves the marker (and the view) to a place found another way, e.g. the phone's location. */
  mark(lon: number, lat: number): void;
  destroy(): void;
}

export function createPickerMap(
  container: HTMLElement,
  city: CitySettings,
  initial: { lon: number; lat: number } | null,
  picked: (lon: number, lat: number) => void,
  drawn: () => void,
): PickerMap {
  const urls = { ...geodataUrls(), wards: city.wardBoundaries };
  const map = new MapLibreMap({
    container,
    style: basemapStyle(urls, { wards: true, rail: false, poi: true, choropleth: null }),
    center: initial ? [initial.lon, initial.lat] : city.center,
    zoom: initial ? Math.max(city.zoom, 15) : city.zoom,
    attributionControl: false,
    dragRotate: false,
    pitchWithRotate: false,
  });
  map.touchZoomRotate.disableRotation();
  map.once('idle', drawn);
  let marker: Marker | null = null;
  const place = (lon: number, lat: number) => {
    marker ??= new Marker({ color: '#dc2626' }).setLngLat([lon, lat]).addTo(map);
    marker.setLngLat([lon, lat]);
  };
  if (initial) place(initial.lon, initial.lat);
  map.on('click', (event) => {
    const { lng, lat } = event.lngLat;
    place(lng, lat);
    picked(lng, lat);
  });
  return {
    mark(lon, lat) {
      place(lon, lat);
      map.easeTo({ center: [lon, lat], zoom: Math.max(map.getZoom(), 15) });
    },
    destroy: () => map.remove(),
  };
}
