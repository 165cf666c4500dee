import { describe, expect, it } from 'vitest';
import { exportLinks } from './export-links';

const dashboard = {
  id: 'main',
  widgets: [
    {
      id: 'reports-received',
      type: 'kpi-tile',
      title: { vi: 'Tiếp nhận hôm nay', en: 'Received today' },
      area: { column: 1, row: 1, columns: 1, rows: 1 },
    },
    { id: 'clock', type: 'clock', area: { column: 2, row: 1, columns: 1, rows: 1 } },
    { id: 'city-map', type: 'map', area: { column: 3, row: 1, columns: 1, rows: 1 } },
  ],
};

describe('export links', () => {
  it('offers the pack and each widget that shows figures (a clock has none)', () => {
    const links = exportLinks(dashboard, null);
    expect(links.pdf).toBe('/api/v1/export/main.pdf');
    expect(links.widgets.map((widget) => widget.id)).toEqual(['reports-received', 'city-map']);
    expect(links.widgets[0]).toMatchObject({
      title: { vi: 'Tiếp nhận hôm nay', en: 'Received today' },
      xlsx: '/api/v1/export/main/reports-received.xlsx',
      csv: '/api/v1/export/main/reports-received.csv',
    });
    expect(links.widgets[1]!.title.vi).toBe('Ô không tên');
  });

  it('exports the moment a replayed page shows', () => {
    const links = exportLinks(dashboard, '2026-11-20T08:00');
    expect(links.pdf).toBe('/api/v1/export/main.pdf?at=2026-11-20T08%3A00');
    expect(links.widgets[0]!.csv).toBe('/api/v1/export/main/reports-received.csv?at=2026-11-20T08%3A00');
  });
});
