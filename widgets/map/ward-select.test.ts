import { describe, expect, it } from 'vitest';
import { nearestOnScreen, nextWard, wardChoices } from './ward-select';

const feature = (code: string, lon: number, lat: number) => ({
  properties: { code, full_name: `Phường ${code}`, name_en: `Ward ${code}` },
  geometry: { coordinates: [lon, lat] as [number, number] },
});

describe('choosing a ward on /view', () => {
  it('orders the wards north to south, then west to east', () => {
    const choices = wardChoices([feature('s', 106.7, 21.8), feature('ne', 106.8, 21.9), feature('nw', 106.6, 21.9)]);
    expect(choices.map((choice) => choice.code)).toEqual(['nw', 'ne', 's']);
    expect(choices[0]!.name).toEqual({ vi: 'Phường nw', en: 'Ward nw' });
  });

  it('moves with the arrow keys, round the ends, and starts from either end', () => {
    expect(nextWard(-1, 'ArrowRight', 4)).toBe(0);
    expect(nextWard(-1, 'ArrowLeft', 4)).toBe(3);
    expect(nextWard(3, 'ArrowDown', 4)).toBe(0);
    expect(nextWard(0, 'ArrowUp', 4)).toBe(3);
    expect(nextWard(2, 'End', 4)).toBe(3);
    expect(nextWard(2, 'Enter', 4)).toBeNull();
    expect(nextWard(-1, 'ArrowRight', 0)).toBeNull();
  });

  it('finds the nearest centre within reach only', () => {
    const points = [
      { x: 0, y: 0 },
      { x: 100, y: 0 },
    ];
    expect(nearestOnScreen(points, 90, 5, 30)).toBe(1);
    expect(nearestOnScreen(points, 50, 50, 30)).toBe(-1);
  });
});
