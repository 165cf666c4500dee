import { describe, expect, it } from 'vitest';
import { historyBars } from './history-bars';

describe('historyBars', () => {
  it('scales to the largest figure, leaves a missing one empty and marks the running period', () => {
    const bars = historyBars(
      [
        { period: '2026-10', value: 10 },
        { period: '2026-11', value: null },
        { period: '2026-12', value: 5 },
      ],
      '2026-12',
      true,
    );
    expect(bars.map((bar) => bar.height)).toEqual([38, 0, 19]);
    expect(bars.map((bar) => bar.running)).toEqual([false, false, true]);
    expect(bars[2]!.current).toBe(true);
    expect(bars[1]!.x).toBeCloseTo(100 / 3 + (100 / 3) * 0.12);
  });

  it('draws nothing for no history, and a hairline for zeros', () => {
    expect(historyBars([], '2026-12', false)).toEqual([]);
    expect(historyBars([{ period: '2026-12', value: 0 }], '2026-12', false)[0]!.height).toBe(0.4);
  });
});
