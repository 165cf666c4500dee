import { describe, expect, it } from 'vitest';
import { clearOfLabels, labelBox, markerBox, placeLabels, placeRequiredLabels, type LabelBox } from './label-placement';

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

describe('every ward named, no marker on a name', () => {
  /** A small deterministic generator: the same "random" markers on every run. */
  function seeded(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state / 2 ** 31;
    };
  }
  const overlapping = (a: LabelBox, b: LabelBox) =>
    a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

  it('never leaves a ward out: one that meets another moves up or down until clear', () => {
    // Kỳ Lừa's name right on Tam Thanh's, as on a small tile: both stay, apart.
    const boxes = [labelBox('Tam Thanh', 100, 100, 20, 'centred'), labelBox('Kỳ Lừa', 110, 104, 20, 'centred')];
    const shifts = placeRequiredLabels(boxes);
    expect(shifts).toHaveLength(2);
    expect(shifts[0]).toBe(0);
    expect(shifts[1]).not.toBe(0);
    const moved = boxes.map((box, i) => ({ ...box, top: box.top + shifts[i]!, bottom: box.bottom + shifts[i]! }));
    expect(overlapping(moved[0]!, moved[1]!)).toBe(false);
    // Names apart already stay where they are.
    expect(placeRequiredLabels([boxes[0]!, labelBox('Đông Kinh', 400, 300, 20, 'centred')])).toEqual([0, 0]);
  });

  it('moves a marker that would sit on a name just off it, to the nearer side, and leaves the others', () => {
    const name = labelBox('Lương Văn Tri', 200, 200, 20, 'centred'); // top 188, bottom 212
    expect(clearOfLabels(500, 500, 8, [name])).toEqual({ x: 500, y: 500 });
    const up = clearOfLabels(200, 195, 8, [name]);
    expect(up.x).toBe(200);
    expect(up.y).toBeLessThan(188 - 8);
    const down = clearOfLabels(200, 210, 8, [name]);
    expect(down.y).toBeGreaterThan(212 + 8);
    for (const at of [up, down]) expect(overlapping(markerBox(at.x, at.y, 8), name)).toBe(false);
  });

  it('leaves no marker on any name among many names and markers', () => {
    const random = seeded(15);
    const names = ['Tam Thanh', 'Lương Văn Tri', 'Kỳ Lừa', 'Đông Kinh', 'Hoàng Đồng', 'Mai Pha'].map((text) =>
      labelBox(text, 100 + random() * 800, 100 + random() * 500, 18 + random() * 8, 'centred'),
    );
    const shifts = placeRequiredLabels(names);
    const set = names.map((box, i) => ({ ...box, top: box.top + shifts[i]!, bottom: box.bottom + shifts[i]! }));
    for (let i = 0; i < 500; i++) {
      const radius = 4 + random() * 12;
      const at = clearOfLabels(100 + random() * 800, 100 + random() * 500, radius, set);
      const covered = set.filter((box) => overlapping(markerBox(at.x, at.y, radius), box));
      expect(covered).toEqual([]);
    }
  });

  it('leaves out a lesser name that would cover a marker or a name already set', () => {
    const marker = markerBox(300, 300, 10);
    const ward = labelBox('Đông Kinh', 100, 100, 20, 'centred');
    const names = [
      { id: 'road-on-marker', box: labelBox('Bà Triệu', 300, 300, 14, 'centred') },
      { id: 'road-on-ward', box: labelBox('Lê Lợi', 100, 102, 14, 'centred') },
      { id: 'river-clear', box: labelBox('Sông Kỳ Cùng', 600, 400, 14, 'centred') },
    ];
    expect(placeLabels(names, (name) => name.box, 2, [ward, marker]).map((name) => name.id)).toEqual(['river-clear']);
  });
});
