import { describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { Value } from 'typebox/value';
import Table from './Table.svelte';
import { rowMeaning, bindTable, formatItemTime, tableTopics } from './bind';
import type { TopicData } from '../widget';
import type { ListItem } from '../../server/protocol/topics';
import { options, type TableOptions } from './options';
import type { ReportItem, ReportSummary } from '../../server/protocol/topics';

const o = (extra: Partial<TableOptions>) => Value.Default(options, { ...extra }) as TableOptions;
const report = (id: string, extra: Partial<ReportItem> = {}): ReportItem => ({
  id,
  category: 'waste',
  categoryName: { vi: 'Rác', en: 'Waste' },
  ward: '05974',
  wardName: 'Phường Tam Thanh',
  status: 'new',
  title: `Phản ánh ${id}`,
  lat: 21.85,
  lon: 106.75,
  createdAt: Date.UTC(2026, 10, 28, 2, 5),
  dueAt: 0,
  overdue: false,
  ...extra,
});

describe('table widget', () => {
  it('lists the latest reports, overdue marked, in the city time', () => {
    const input = bindTable(
      { 'reports.recent': [report('a', { overdue: true, status: 'in_progress' }), report('b')] },
      o({ rows: 1 }),
    )!;
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
      byDepartment: [
        {
          department: 'd',
          name: { vi: 'Phòng Quản lý đô thị', en: 'Urban Management' },
          received: 5,
          open: 3,
          overdue: 2,
          onTimeRate: 0.5,
        },
      ],
    } as ReportSummary;
    const wards = bindTable({ 'reports.summary': summary }, o({ data: 'wards-ranking' }))!;
    expect(wards.rows.map((r) => r.cells('vi', 'UTC'))).toEqual([
      ['1', 'B', '95,0%', '0'],
      ['2', 'A', '60,0%', '1'],
    ]);
    expect(wards.rows.map((r) => r.tone)).toEqual(['good', 'bad']);
    // The city's targets, in the palette of meanings (the map colours the same wards the same way).
    expect(wards.rows.map((r) => rowMeaning(r.tone))).toEqual(['met', 'alarm']);
    const departments = bindTable({ 'reports.summary': summary }, o({ data: 'overdue-by-department' }))!;
    expect(departments.rows[0]!.cells('en', 'UTC')).toEqual(['Urban Management', '2', '3', '50,0%']);
  });

  it('ranks the same reports by the pre-2025 units when asked by: historical', () => {
    const summary = {
      byWard: [{ ward: '05986', name: 'Phường Tam Thanh', received: 3, open: 0, overdue: 0, onTimeRate: 1 }],
      byWardHistorical: [
        { ward: '05974', name: 'Phường Tam Thanh', received: 1, open: 0, overdue: 0, onTimeRate: 1 },
        { ward: '05986', name: 'Xã Hoàng Đồng', received: 2, open: 0, overdue: 1, onTimeRate: 0.5 },
      ],
      byDepartment: [],
    } as unknown as ReportSummary;
    const current = bindTable({ 'reports.summary': summary }, o({ data: 'wards-ranking' }))!;
    expect(current.rows.map((r) => r.cells('vi', 'UTC')[1])).toEqual(['Tam Thanh']);
    const historical = bindTable({ 'reports.summary': summary }, o({ data: 'wards-ranking', by: 'historical' }))!;
    expect(historical.rows.map((r) => r.cells('vi', 'UTC').slice(1, 3))).toEqual([
      ['Tam Thanh', '100,0%'],
      ['Hoàng Đồng', '50,0%'],
    ]);
  });

  it('on /view a ward or department row opens its citizen reports; a pre-2025 ward and a wall open nothing', () => {
    const summary = {
      byWard: [{ ward: '05986', name: 'Phường Tam Thanh', received: 3, open: 0, overdue: 2, onTimeRate: 0.9 }],
      byWardHistorical: [{ ward: '05974', name: 'Phường Tam Thanh', received: 1, open: 0, overdue: 0, onTimeRate: 1 }],
      byDepartment: [
        {
          department: 'Phòng Kinh tế',
          name: { vi: 'Phòng Kinh tế', en: 'Economy' },
          received: 5,
          open: 3,
          overdue: 2,
          onTimeRate: 0.5,
        },
      ],
    } as unknown as ReportSummary;
    const wards = bindTable({ 'reports.summary': summary }, o({ data: 'wards-ranking' }))!;
    expect(wards.rows[0]!.target).toMatchObject({ topic: 'reports.summary', field: 'onTimeRate', unit: '05986' });
    const historical = bindTable({ 'reports.summary': summary }, o({ data: 'wards-ranking', by: 'historical' }))!;
    expect(historical.rows[0]!.target).toBeUndefined();
    const departments = bindTable({ 'reports.summary': summary }, o({ data: 'overdue-by-department' }))!;
    expect(departments.rows[0]!.target).toMatchObject({ field: 'overdue', department: 'Phòng Kinh tế' });

    const props = {
      input: wards,
      options: o({ data: 'wards-ranking' }),
      locale: 'vi' as const,
      timeZone: 'Asia/Ho_Chi_Minh',
      profile: 'wall' as const,
      city: { center: [106.76, 21.85] as [number, number], zoom: 12, wardBoundariesSchematic: true },
      serverNow: Date.now,
      now: 0,
    };
    const wall = document.createElement('div');
    const onWall = mount(Table, { target: wall, props });
    flushSync();
    expect(wall.querySelector('button')).toBeNull();
    unmount(onWall);
    const onselect = vi.fn();
    const view = document.createElement('div');
    const onView = mount(Table, { target: view, props: { ...props, onselect } });
    flushSync();
    const button = view.querySelector('button')!;
    expect(button.getAttribute('aria-label')).toBe('1 · Tam Thanh · 90,0% · 2 — mở chi tiết');
    button.click();
    expect(onselect).toHaveBeenCalledWith(expect.objectContaining({ unit: '05986' }));
    unmount(onView);
  });

  it('renders citizen text as text', () => {
    const target = document.createElement('div');
    const input = bindTable({ 'reports.recent': [report('x', { title: '<img src=x onerror=alert(1)>' })] }, o({}))!;
    const component = mount(Table, {
      target,
      props: {
        input,
        options: o({}),
        locale: 'vi',
        timeZone: 'Asia/Ho_Chi_Minh',
        profile: 'wall',
        city: { center: [106.76, 21.85], zoom: 12, wardBoundariesSchematic: true },
        serverNow: Date.now,
        now: 0,
      },
    });
    flushSync();
    expect(target.querySelector('img')).toBeNull();
    expect(target.textContent).toContain('<img src=x onerror=alert(1)>');
    unmount(component);
  });

  describe('list of any ListItem collection', () => {
    const TZ = 'Asia/Ho_Chi_Minh';
    // 10:00 on 28/11 in Lạng Sơn.
    const NOW = Date.UTC(2026, 10, 28, 3, 0);
    const item = (id: string, time: number, extra: Partial<ListItem> = {}): ListItem => ({
      id,
      time,
      title: `Bài viết ${id}`,
      ...extra,
    });
    const posts = (items: unknown): TopicData => ({ 'social.posts': items }) as unknown as TopicData;
    const list = (extra: Partial<TableOptions> = {}) => o({ data: 'list', topic: 'social.posts', ...extra });

    it('reads the topic the dashboard names', () => {
      expect(tableTopics(list())).toEqual(['social.posts']);
      expect(tableTopics(o({ data: 'list' }))).toEqual([]);
    });

    it('lists the newest first, each once, at most `rows`', () => {
      const input = bindTable(
        posts([
          item('a', NOW - 3_600_000),
          item('b', NOW - 60_000),
          item('c', NOW - 7_200_000),
          item('b', NOW - 60_000),
        ]),
        list({ rows: 2 }),
      )!;
      expect(input.rows.map((r) => r.id)).toEqual(['b', 'a']);
    });

    it('gives times in the city time zone, with the day when it is not today there', () => {
      // 16:59:59Z is 23:59:59 on the 27th in the city; 17:00Z is already the 28th.
      expect(formatItemTime(Date.UTC(2026, 10, 27, 16, 59, 59), 'vi', TZ, NOW)).toBe('27/11 23:59');
      expect(formatItemTime(Date.UTC(2026, 10, 27, 17, 0, 0), 'vi', TZ, NOW)).toBe('00:00');
      const input = bindTable(
        posts([
          item('a', Date.UTC(2026, 10, 28, 2, 5), {
            meta: { vi: 'Facebook · Phường Tam Thanh', en: 'Facebook · Tam Thanh ward' },
            tone: 'bad',
          }),
        ]),
        list(),
      )!;
      expect(input.columns.map((c) => c.vi)).toEqual(['Thời gian', 'Nội dung', 'Nguồn']);
      expect(input.rows[0]!.cells('vi', TZ, NOW)).toEqual(['09:05', 'Bài viết a', 'Facebook · Phường Tam Thanh']);
      expect(input.rows[0]!.cells('en', TZ, NOW)[2]).toBe('Facebook · Tam Thanh ward');
      expect(input.rows[0]!.dot).toBe('bad');
    });

    it('leaves out the source column when no line has one', () => {
      const input = bindTable(posts([item('a', NOW)]), list())!;
      expect(input.columns).toHaveLength(2);
      expect(input.rows[0]!.cells('vi', TZ, NOW)).toEqual(['10:00', 'Bài viết a']);
      expect(input.rows[0]!.dot).toBeUndefined();
    });

    it('waits for its topic; says so when the topic is empty or not a list', () => {
      expect(bindTable({}, list())).toBeNull();
      expect(bindTable(posts([]), list())).toMatchObject({ rows: [] });
      expect(bindTable(posts({ total: 3 }), list())!.notice!.en).toBe('social.posts is not a list (ListItem[])');
      const mixed = bindTable(
        posts([{ id: 'x', title: 5, time: 0 }, item('ok', NOW), { id: 'y', title: 'no time' }]),
        list(),
      )!;
      expect(mixed.rows.map((r) => r.id)).toEqual(['ok']);
    });

    it('shows public-written titles as text: an <img onerror> payload creates no element', () => {
      const hostile = '<img src=x onerror="alert(1)"><b>đậm</b>';
      const input = bindTable(
        posts([item('x', NOW, { title: hostile, tone: 'fair', meta: { vi: '<i>Zalo</i>', en: '<i>Zalo</i>' } })]),
        list(),
      )!;
      const target = document.createElement('div');
      const component = mount(Table, {
        target,
        props: {
          input,
          options: list(),
          locale: 'vi',
          timeZone: TZ,
          profile: 'wall',
          city: { center: [106.76, 21.85], zoom: 12, wardBoundariesSchematic: true },
          serverNow: Date.now,
          now: 0,
        },
      });
      flushSync();
      expect(target.querySelector('img')).toBeNull();
      expect(target.querySelector('b')).toBeNull();
      expect(target.querySelector('i')).toBeNull();
      expect(target.querySelector('td.wide')!.textContent).toBe(hostile);
      expect(target.querySelector('td.wide .dot.meaning-warn')).not.toBeNull();
      unmount(component);
    });

    it('shows why a list cannot be read in the empty row', () => {
      const target = document.createElement('div');
      const component = mount(Table, {
        target,
        props: {
          input: bindTable(posts({ total: 3 }), list())!,
          options: list(),
          locale: 'vi',
          timeZone: TZ,
          profile: 'wall',
          city: { center: [106.76, 21.85], zoom: 12, wardBoundariesSchematic: true },
          serverNow: Date.now,
          now: 0,
        },
      });
      flushSync();
      expect(target.querySelector('.empty')!.textContent).toBe('social.posts không phải một danh sách (ListItem[])');
      unmount(component);
    });
  });
});
