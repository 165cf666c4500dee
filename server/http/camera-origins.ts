/**
 * The origins of the camera streams the dashboards place: the page's Content-Security-Policy lets
 * the browser fetch (hls.js), play and draw (MJPEG) from these and from no other foreign origin.
 */
import type { LoadedConfig } from '../config/load-config';

const cache = new WeakMap<LoadedConfig['dashboards'], string[]>();

function originOf(url: unknown): string | null {
  if (typeof url !== 'string' || url.startsWith('/')) return null; // a path on this server: 'self'
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export function cameraOrigins(config: Pick<LoadedConfig, 'dashboards'>): string[] {
  const known = cache.get(config.dashboards);
  if (known) return known;
  const origins = new Set<string>();
  for (const dashboard of config.dashboards.values())
    for (const widget of dashboard.widgets) {
      if (widget.type !== 'camera' || !Array.isArray(widget.options?.cameras)) continue;
      for (const camera of widget.options.cameras as Array<Record<string, unknown>>)
        for (const url of [camera.hls, camera.mjpeg]) {
          const origin = originOf(url);
          if (origin) origins.add(origin);
        }
    }
  const list = [...origins].sort();
  cache.set(config.dashboards, list);
  return list;
}
