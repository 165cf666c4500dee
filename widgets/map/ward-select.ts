/**
 * Choosing a ward on a `/view` map, by pointer or keyboard: the wards in reading order (north to
 * south, then west to east), the one under a point, and the next one an arrow key moves to.
 * Pure, so it is tested without a map.
 */
import type { LocalizedText } from '../../server/protocol/topics';

export interface WardChoice {
  code: string;
  name: LocalizedText;
  position: [number, number];
}

interface CentreFeature {
  properties: { code?: string; full_name?: string; name?: string; name_en?: string };
  geometry: { coordinates: [number, number] };
}

/** The wards of the centres' file, in reading order. */
export function wardChoices(features: readonly CentreFeature[]): WardChoice[] {
  return features
    .filter((feature) => typeof feature.properties.code === 'string')
    .map((feature) => ({
      code: feature.properties.code!,
      name: {
        vi: feature.properties.full_name ?? feature.properties.name ?? '',
        en: feature.properties.name_en ?? feature.properties.name ?? '',
      },
      position: feature.geometry.coordinates,
    }))
    .sort((a, b) => b.position[1] - a.position[1] || a.position[0] - b.position[0]);
}

/** Where an arrow key (or Home / End) moves the keyboard's ward; -1 is none yet. */
export function nextWard(current: number, key: string, count: number): number | null {
  if (count === 0) return null;
  if (key === 'ArrowRight' || key === 'ArrowDown') return current < 0 ? 0 : (current + 1) % count;
  if (key === 'ArrowLeft' || key === 'ArrowUp') return current < 0 ? count - 1 : (current - 1 + count) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}

/** The ward whose centre is nearest a point on screen, if within `radiusPx`. */
export function nearestOnScreen(
  points: ReadonlyArray<{ x: number; y: number }>,
  x: number,
  y: number,
  radiusPx: number,
): number {
  let best = -1;
  let bestDistance = radiusPx;
  points.forEach((point, index) => {
    const distance = Math.hypot(point.x - x, point.y - y);
    if (distance <= bestDistance) {
      best = index;
      bestDistance = distance;
    }
  });
  return best;
}
