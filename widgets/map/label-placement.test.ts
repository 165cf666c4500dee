import { describe, expect, it } from 'vitest';
import { labelBox, placeLabels } from './label-placement';

describe('label placement', () => {
  it('sizes a name by its letters and sets it centred or under its symbol', () => {
    expect(labelBox('Chi Lăng', 100, 50, 20, 'centred')).toEqual({
      left: 100 - 8 * 0.62 * 10,
      top: 38,
      right: 100 + 8 * 0.62 * 10,
      bottom: 62,
    });
    expect(labelBox('THCS', 100, 50, 10, { belowPx: 8 })).toMatchObject({ top: 58, bottom: 70 });
  });

  it('keeps names in order of importance and leaves out any that would cover one kept', () => {
    // Ward names first; two schools under the same ward name and one beside the other.
    const names = [
      { id: 'ward', box: labelBox('Vĩnh Trại', 100, 100, 20, 'centred') },
      { id: 'school-on-ward', box: labelBox('Trường THCS Vĩnh Trại', 105, 95, 16, { belowPx: 0 }) },
      { id: 'school-far', box: labelBox('Trường Tiểu học Mai Pha', 400, 300, 16, { belowPx: 10 }) },
      { id: 'school-on-school', box: labelBox('Trường mầm non Hoa Sen', 410, 305, 16, { belowPx: 10 }) },
      { id: 'off-map', box: null },
    ];
    expect(placeLabels(names, (name) => name.box).map((name) => name.id)).toEqual(['ward', 'school-far']);
  });

  it('keeps every name when none touch, and nothing twice', () => {
    const names = [0, 1, 2].map((i) => ({ id: i, box: labelBox('Phường', i * 300, 0, 20, 'centred') }));
    expect(placeLabels(names, (name) => name.box)).toEqual(names);
    expect(placeLabels([], () => null)).toEqual([]);
  });
});
