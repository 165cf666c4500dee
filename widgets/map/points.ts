/**
 * Places from any `MapPoint[]` topic (schools, attractions, security incidents…): a symbol whose
 * shape tells the kind, coloured by tone, sized by value when the topic gives one, and the names
 * of the most important ones beside them.
 */
import type { LocalizedText, MapPoint, Tone } from '../../server/protocol/topics';
import type { Locale } from '../widget';
import type { Rgba } from './legend';
import { isUsablePoint } from '../shapes';
import { meaningOfTone, meaningRgba } from '../meaning';
import { SHAPE_ORDER, type ShapeName } from './shapes';

export interface PointGroup {
  topic: string;
  points: readonly MapPoint[];
}

export interface PointLabel {
  position: [number, number];
  text: string;
  /** How far under the position the name starts, in em (below its symbol). */
  below: number;
}

/** A point's tone in the palette of meanings; neutral stays light so that a symbol shows on the dark map. */
export const TONE_COLOURS: Record<Tone, Rgba> = {
  good: meaningRgba(meaningOfTone('good'), 240),
  fair: meaningRgba(meaningOfTone('fair'), 240),
  bad: meaningRgba(meaningOfTone('bad'), 245),
  neutral: [226, 232, 240, 235],
};

export const TONE_LABELS: Record<Exclude<Tone, 'neutral'>, LocalizedText> = {
  good: { vi: 'tốt', en: 'good' },
  fair: { vi: 'trung bình', en: 'fair' },
  bad: { vi: 'cần chú ý', en: 'needs attention' },
};

/**
 * The topic's own array when every place is drawable (the usual case, kept for deck), else those
 * that are. Drawable: every field the map reads is there, checked by the `MapPoint` schema itself
 * (`isUsablePoint`), since a topic from config may hold something else that has lon and lat.
 */
export function drawablePoints(points: readonly MapPoint[]): readonly MapPoint[] {
  // Not `every(isUsablePoint)`: as a type guard it would narrow the other branch to `never`.
  const drawable = (point: MapPoint) => isUsablePoint(point);
  return points.every(drawable) ? points : points.filter(drawable);
}

/** Symbol radius in em: area grows with the value, so a school twice as big looks twice as big. */
export const POINT_RADIUS = { plain: 0.5, min: 0.38, max: 0.95 } as const;
/** Names drawn per topic at most: the rest would cover the map and each other. */
const MAX_POINT_LABELS = 12;

export function pointRadius(value: number | undefined, largest: number): number {
  if (value === undefined || !Number.isFinite(value) || largest <= 0) return POINT_RADIUS.plain;
  const share = Math.sqrt(Math.max(0, value) / largest);
  return POINT_RADIUS.min + (POINT_RADIUS.max - POINT_RADIUS.min) * Math.min(1, share);
}

export function largestValue(points: readonly MapPoint[]): number {
  let largest = 0;
  for (const point of points) if (typeof point.value === 'number' && point.value > largest) largest = point.value;
  return largest;
}

/**
 * One shape per kind, by the kinds' names in order, so a kind keeps its shape as data changes.
 * Ten shapes: the security dashboard's nine kinds of incident each get their own.
 */
export function kindShapes(groups: readonly PointGroup[]): Map<string, ShapeName> {
  const kinds = [...new Set(groups.flatMap((group) => group.points.map((point) => point.kind)))].sort();
  return new Map(kinds.map((kind, i) => [kind, SHAPE_ORDER[i % SHAPE_ORDER.length]!]));
}

/** The kinds on the map with their names, for the legend. */
export function pointKinds(
  groups: readonly PointGroup[],
): Array<{ kind: string; name: LocalizedText; shape: ShapeName }> {
  const shapes = kindShapes(groups);
  const names = new Map<string, LocalizedText>();
  for (const group of groups)
    for (const point of group.points) if (!names.has(point.kind)) names.set(point.kind, point.kindName);
  return [...shapes].map(([kind, shape]) => ({ kind, name: names.get(kind)!, shape }));
}

export function tonesUsed(groups: readonly PointGroup[]): Array<Exclude<Tone, 'neutral'>> {
  const used = new Set(groups.flatMap((group) => group.points.map((point) => point.tone)));
  return (['good', 'fair', 'bad'] as const).filter((tone) => used.has(tone));
}

const TONE_URGENCY: Record<Tone, number> = { bad: 0, fair: 1, neutral: 2, good: 3 };

/** The names worth reading: per topic the biggest places, or the ones that need attention first. */
export function pointLabels(groups: readonly PointGroup[], locale: Locale, perTopic = MAX_POINT_LABELS): PointLabel[] {
  return groups.flatMap((group) => {
    const largest = largestValue(group.points);
    return [...group.points]
      .sort(
        (a, b) =>
          (b.value ?? -1) - (a.value ?? -1) || TONE_URGENCY[a.tone] - TONE_URGENCY[b.tone] || a.id.localeCompare(b.id),
      )
      .slice(0, perTopic)
      .map((point) => ({
        position: [point.lon, point.lat] as [number, number],
        text: point.label[locale],
        below: pointRadius(point.value, largest) + 0.2,
      }));
  });
}

/**
 * Remembers a result while every group still holds the same points array: the binding makes a
 * new list of groups on each update of any topic, and deck rebuilds what it is given anew.
 */
export function lastOfGroups<R>(compute: (groups: readonly PointGroup[]) => R): (groups: readonly PointGroup[]) => R {
  let last: readonly PointGroup[] | null = null;
  let result: R;
  return (groups) => {
    const same =
      last !== null &&
      last.length === groups.length &&
      last.every((group, i) => group.topic === groups[i]!.topic && group.points === groups[i]!.points);
    if (!same) {
      last = groups;
      result = compute(groups);
    }
    return result;
  };
}
