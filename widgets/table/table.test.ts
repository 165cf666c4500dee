import { describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { Value } from 'typebox/value';
import Table from './Table.svelte';
import { bindTable, tableTopics } from './bind';
import { options, type TableOptions } from './options';
import type { ReportItem, ReportSummary } from '../../server/protocol/topics';

const o = (extra: Partial<TableOptions>) => Value.Default(options, { ...extra }) as TableOptions;
const report = (id: string, extra: Partial<ReportItem> = {}): ReportItem => ({
  id, category: 'waste', categoryName: { vi: 'Rác', en: 'Waste' }, ward: '05974', wardName: 'Phường Tam Thanh', status: 'new',
  title: `Phản ánh ${id}`, lat: 21.85, lon: 106.75, createdAt: Date.UTC(2026, 10, 28, 2, 5), dueAt: 0, overdue: false, ...extra,
});

describe('table widget', () => {
  it('lists the latest reports, overdue marked, in the city time', () => {
    const input = bindTable({ 'reports.recent': [report('a', { overdue: true, status: 'in_progress' }), report('b')] }, o({ rows: 1 }))!;
    expect(input.rows).toHaveLength(1);
    expect(input.rows[0]!.tone).toBe('bad');
    expect(input.rows[0]!.cells('vi', 'Asia/Ho_Chi_Minh')).toEqual(['09:05', 'Phản ánh a', 'Tam Thanh', 'Đang xử lý']);
    expect(tableTopics(o({ data: 'reports-public' }))).toEqual(['reports.public-recent']);
  });

  it('ranks wards by on-time rate and departments by overdue', () => {
    const summary = {
      byWard: [
        { ward: '1', name: 'Phường A', received: 10, open: 2, overdue: 1, onTimeRate: 0.6 },
        { ward: '2', name: 'Xã B', received: 10, open: 2, overdue: 0, onTimeRate: 0.95 },
      ],
      byDepartment: [{ department: 'd', name: { vi: 'Phòng Quản lý đô thị', en: 'Urban Management' }, received: 5, open: 3, overdue: 2, onTimeRate: 0.5 }],
    } as ReportSummary;
    const wards = bindTable({ 'reports.summary': summary }, o({ data: 'wards-ranking' }))!;
    expect(wards.rows.map((r) => r.cells('vi', 'UTC'))).toEqual([['1', 'B', '95,0%', '0'], ['2', 'A', '60,0%', '1']]);
    expect(wards.rows.map((r) => r.tone)).toEqual(['good', 'bad']);
    const departments = bindTable({ 'reports.summary': summary }, o({ data: 'overdue-by-department' }))!;
    expect(departments.rows[0]!.cells('en', 'UTC')).toEqual(['Urban Management', '2', '3', '50,0%']);
  });

  it('renders citizen text as text', () => {
    const target = document.createElement('div');
    const input = bindTable({ 'reports.recent': [report('x', { title: '<img src=x onerror=alert(1)>' })] }, o({}))!;
    const component = mount(Table, {
      target,
      props: { input, options: o({}), locale: 'vi', timeZone: 'Asia/Ho_Chi_Minh', profile: 'wall', city: { center: [106.76, 21.85], zoom: 12, wardBoundariesSchematic: true } },
    });
    flushSync();
    expect(target.querySelector('img')).toBeNull();
    expect(target.textContent).toContain('<img src=x onerror=alert(1)>');
    unmount(component);
  });
});
