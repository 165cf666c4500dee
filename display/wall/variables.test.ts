import { describe, expect, it } from 'vitest';
import type { Dashboard } from '../../config/schema/dashboard';
import { applyVariables, fillText, placeholdersOf } from './variables';

const dashboard: Dashboard = {
  version: 1,
  id: 'kpi-spotlight',
  audience: 'internal',
  title: { vi: 'Chỉ tiêu: {{kpiName}}', en: 'Indicator: {{kpiName}}' },
  grid: { columns: 2, rows: 1 },
  widgets: [
    {
      id: 'value',
      type: 'kpi-tile',
      title: { vi: '{{kpiName}} — phường {{ward}}', en: '{{kpiName}}, ward {{ward}}' },
      area: { column: 1, row: 1, columns: 1, rows: 1 },
      options: { topic: 'kpi.values', code: '{{kpi}}', digits: 1 },
    },
    {
      id: 'gauge',
      type: 'gauge',
      area: { column: 2, row: 1, columns: 1, rows: 1 },
      options: { code: '{{ kpi }}', nested: { list: ['x {{kpi}}', 3] } },
    },
  ],
};

describe('playlist variables', () => {
  it('finds the variables a dashboard reads', () => {
    expect(placeholdersOf(dashboard)).toEqual(new Set(['kpiName', 'ward', 'kpi']));
  });

  it('fills titles and text options, deep, and leaves numbers and the input alone', () => {
    const before = structuredClone(dashboard);
    const shown = applyVariables(dashboard, { kpi: 'grdp-growth', kpiName: 'Tăng trưởng GRDP', ward: '05974' });
    expect(shown.title).toEqual({ vi: 'Chỉ tiêu: Tăng trưởng GRDP', en: 'Indicator: Tăng trưởng GRDP' });
    expect(shown.widgets[0]!.title).toEqual({
      vi: 'Tăng trưởng GRDP — phường 05974',
      en: 'Tăng trưởng GRDP, ward 05974',
    });
    expect(shown.widgets[0]!.options).toEqual({ topic: 'kpi.values', code: 'grdp-growth', digits: 1 });
    expect(shown.widgets[1]!.options).toEqual({ code: 'grdp-growth', nested: { list: ['x grdp-growth', 3] } });
    expect(dashboard).toEqual(before);
  });

  it('leaves an unknown placeholder visible rather than guessing', () => {
    expect(fillText('Phường {{ward}} · {{other}}', { ward: 'Tam Thanh' })).toBe('Phường Tam Thanh · {{other}}');
    expect(applyVariables(dashboard, undefined)).toBe(dashboard);
  });
});
