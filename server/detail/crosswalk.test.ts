import { describe, expect, it } from 'vitest';
import { loadUnits } from '../units/load-units';
import { crosswalkNote, needsCrosswalk, predecessorsOf, sumOf } from './crosswalk';

const units = loadUnits();

describe('the crosswalk in comparisons', () => {
  it("today's Tam Thanh ward was the old Tam Thanh ward and Hoàng Đồng commune (a code reused by the new ward)", () => {
    expect(predecessorsOf(units, '05986', '2025-06-01').sort()).toEqual(['05974', '05986']);
    expect(predecessorsOf(units, '05977', '2025-06-01').sort()).toEqual(['05977', '05980', '05992', '06247']);
    expect(predecessorsOf(units, '05986', '2025-08-01')).toEqual(['05986']);
    expect(needsCrosswalk(units, '05986', '2025-06-30')).toBe(true);
    expect(needsCrosswalk(units, '05986', '2025-07-01')).toBe(false);
  });

  it('sums what the predecessors have and says where the ward came from', () => {
    const figures: Record<string, number> = { '05974': 12, '05986': 3 };
    expect(sumOf(predecessorsOf(units, '05986', '2025-06-01'), (code) => figures[code] ?? null)).toBe(15);
    expect(sumOf(['x', 'y'], () => null)).toBeNull();
    const note = crosswalkNote(units, '05986', '2025-06-01');
    expect(note.vi).toContain('So sánh theo địa giới mới');
    expect(note.vi).toContain('Phường Tam Thanh gộp từ');
    expect(note.vi).toContain('Phường Tam Thanh (cũ)');
    expect(note.vi).toContain('Xã Hoàng Đồng');
    expect(note.en).toContain('Hoang Dong Commune');
  });
});
