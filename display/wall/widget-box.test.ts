import { describe, expect, it } from 'vitest';
import { widgetBodyBox } from './widget-box';

const title = { vi: 'Cơ quan — hồ sơ đúng hạn (tháng)', en: 'Departments — on time (month)' };

describe('widgetBodyBox', () => {
  it('leaves room for a title over two lines in a frame tall enough to give it one', () => {
    // 1920×1080 wall: root 17.28 px, a title line 0.95 × 1.2 of it.
    const withTitle = widgetBodyBox(
      [1920, 1080],
      'wall',
      { columns: 12, rows: 6 },
      { area: { column: 1, row: 1, columns: 3, rows: 3 }, title },
    );
    const without = widgetBodyBox(
      [1920, 1080],
      'wall',
      { columns: 12, rows: 6 },
      { area: { column: 1, row: 1, columns: 3, rows: 3 } },
    );
    const line = 0.95 * 1.2 * withTitle.fontPx;
    // Two lines of title and the header's margin: the body is at least that much shorter.
    expect(without.height - withTitle.height).toBeGreaterThanOrEqual(2 * line + 0.35 * 0.95 * withTitle.fontPx);
  });

  it('reckons one title line in a frame too short for two (fitTitle never gives it a second)', () => {
    // An LED panel of one row: the frame is far less than six title lines tall.
    const withTitle = widgetBodyBox(
      [384, 192],
      'led',
      { columns: 2, rows: 2 },
      { area: { column: 1, row: 1, columns: 1, rows: 1 }, title },
    );
    const without = widgetBodyBox(
      [384, 192],
      'led',
      { columns: 2, rows: 2 },
      { area: { column: 1, row: 1, columns: 1, rows: 1 } },
    );
    expect(without.height - withTitle.height).toBeLessThanOrEqual(Math.ceil(1.7 * withTitle.fontPx));
  });
});
