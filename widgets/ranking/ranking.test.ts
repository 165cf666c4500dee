import { describe, expect, it, vi } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { Value } from 'typebox/value';
import Ranking from './Ranking.svelte';
import manifest from './manifest';
import { bindRanking, distinctLabels, rankRows, rowsThatFit } from './bind';
import { options, type RankingOptions } from './options';
import type { Breakdown, BreakdownRow } from '../../server/protocol/topics';
import type { TopicData } from '../widget';

const o = (extra: Partial<RankingOptions>) =>
  Value.Default(options, { topic: 'admin.summary', field: 'onTime.byWard', ...extra }) as RankingOptions;
const row = (key: string, vi: string, value: number, detail?: number): BreakdownRow => ({
  key,
  label: { vi, en: `${vi} (en)` },
  value,
  ...(detail === undefined ? {} : { detail }),
});

const onTime: Breakdown = {
  unit: { vi: '%', en: '%' },
  format: 'percent',
  higherIsBetter: true,
  detailUnit: { vi: 'hồ sơ', en: 'dossiers' },
  rows: [
    row('05974', 'Phường Tam Thanh', 0.923, 124),
    row('05971', 'Phường Đông Kinh', 0.981, 2210),
    row('05977', 'Phường Lương Văn Tri', 0.612, 88),
    row('06004', 'Xã Mai Pha', 0.75, 40),
    row('05983', 'Phường Kỳ Lừa', 0.75, 63),
  ],
};
/** A topic this widget has never heard of, with the breakdown two levels down. */
const data = (breakdown: unknown): TopicData =>
  ({ 'admin.summary': { onTime: { byWard: breakdown } } }) as unknown as TopicData;
const city = { center: [106.76, 21.85] as [number, number], zoom: 12, wardBoundariesSchematic: true };

describe('ranking widget', () => {
  it('reads the topic the dashboard names', () => {
    expect(manifest.topics(o({}))).toEqual(['admin.summary']);
  });

  it('ranks the best first, percentages with one decimal in vi-VN, the figure behind each with its unit', () => {
    const input = bindRanking(data(onTime), o({ rows: 3 }))!;
    expect(input.total).toBe(5);
    expect(input.rows.map((r) => [r.rank, r.label.vi, r.valueText.vi, r.detailText?.vi])).toEqual([
      [1, 'Phường Đông Kinh', '98,1%', '2.210 hồ sơ'],
      [2, 'Phường Tam Thanh', '92,3%', '124 hồ sơ'],
      // Equal values share a place; the name decides who is listed first.
      [3, 'Phường Kỳ Lừa', '75,0%', '63 hồ sơ'],
    ]);
    expect(input.rows[0]!.detailText!.en).toBe('2.210 dossiers');
    // A share is drawn against the whole, not against the best row.
    expect(input.rows.map((r) => r.share)).toEqual([0.981, 0.923, 0.75]);
  });

  it('lists the worst first, numbered from the worst end (ties share a place)', () => {
    const input = bindRanking(data(onTime), o({ order: 'worst', rows: 3 }))!;
    expect(input.rows.map((r) => [r.rank, r.key])).toEqual([
      [1, '05977'],
      [2, '05983'],
      [2, '06004'],
    ]);
  });

  it('takes "best" from the breakdown: where lower is better the smallest comes first', () => {
    const overdue: Breakdown = {
      unit: { vi: 'hồ sơ', en: 'dossiers' },
      format: 'number',
      higherIsBetter: false,
      rows: [row('a', 'Sở Xây dựng', 12), row('b', 'Sở Y tế', 0), row('c', 'UBND phường Tam Thanh', 1245)],
    };
    const best = bindRanking(data(overdue), o({}))!;
    // Shown without their kind of unit ("Sở", "UBND phường"); the whole name stays the row's name.
    expect(best.rows.map((r) => [r.rank, r.label.vi, r.valueText.vi, r.fullLabel.vi])).toEqual([
      [1, 'Y tế', '0', 'Sở Y tế'],
      [2, 'Xây dựng', '12', 'Sở Xây dựng'],
      [3, 'Tam Thanh', '1.245', 'UBND phường Tam Thanh'],
    ]);
    // Counts are drawn against the largest row.
    expect(best.rows.map((r) => r.share)).toEqual([0, 12 / 1245, 1]);
    expect(best.rows.map((r) => r.tone)).toEqual(['good', 'neutral', 'bad']);
    expect(bindRanking(data(overdue), o({ order: 'worst' }))!.rows[0]!.fullLabel.vi).toBe('UBND phường Tam Thanh');
  });

  it('writes numbers with a decimal only when some value has one', () => {
    const visitors: Breakdown = {
      unit: { vi: 'nghìn lượt', en: 'thousand visits' },
      format: 'number',
      higherIsBetter: true,
      rows: [row('a', 'Chùa Tam Thanh', 12.25), row('b', 'Động Nhị Thanh', 8)],
    };
    expect(bindRanking(data(visitors), o({}))!.rows.map((r) => r.valueText.vi)).toEqual(['12,3', '8,0']);
  });

  it('colours a quarter at each end, equal values alike, and nothing when all are equal', () => {
    const eight = Array.from({ length: 8 }, (_, i) => row(`w${i}`, `Phường ${i}`, 10 - i));
    const input = bindRanking(data({ ...onTime, format: 'number', rows: eight }), o({ rows: 8 }))!;
    expect(input.rows.map((r) => r.tone)).toEqual([
      'good',
      'good',
      'neutral',
      'neutral',
      'neutral',
      'neutral',
      'bad',
      'bad',
    ]);
    const flat = bindRanking(data({ ...onTime, rows: [row('a', 'A', 0.5), row('b', 'B', 0.5)] }), o({}))!;
    expect(flat.rows.map((r) => r.tone)).toEqual(['neutral', 'neutral']);
    expect(flat.rows.map((r) => r.rank)).toEqual([1, 1]);
  });

  it('drops the words every name starts with, so that cut names still tell the wards apart', () => {
    const names = [
      { vi: 'UBND phường Tam Thanh', en: 'Tam Thanh Ward PC' },
      { vi: 'UBND phường Kỳ Lừa', en: 'Ky Lua Ward PC' },
      { vi: 'UBND phường Đông Kinh', en: 'Dong Kinh Ward PC' },
    ];
    const label = distinctLabels(names);
    expect(names.map((name) => label(name).vi)).toEqual(['Tam Thanh', 'Kỳ Lừa', 'Đông Kinh']);
    // English has no common first words here: unchanged.
    expect(label(names[0]!).en).toBe('Tam Thanh Ward PC');
    // A ward, a commune and a department share no first word: each drops its own kind of unit.
    const mixed = [
      { vi: 'UBND phường Tam Thanh', en: 'a' },
      { vi: 'UBND xã Mẫu Sơn', en: 'b' },
      { vi: 'Sở Y tế', en: 'c' },
      { vi: 'Công an thành phố', en: 'd' },
    ];
    expect(mixed.map((name) => distinctLabels(mixed)(name).vi)).toEqual([
      'Tam Thanh',
      'Mẫu Sơn',
      'Y tế',
      'Công an thành phố',
    ]);
    // One row, or a name that would vanish, is kept whole.
    expect(distinctLabels([names[0]!])(names[0]!).vi).toBe('UBND phường Tam Thanh');
    const whole = distinctLabels([
      { vi: 'Phường Tam Thanh', en: 'x' },
      { vi: 'Phường', en: 'y' },
    ]);
    expect(whole({ vi: 'Phường', en: 'y' }).vi).toBe('Phường');
    // A ward and a commune of the same name keep what tells them apart.
    const namesakes = [
      { vi: 'UBND phường Chi Lăng', en: 'e' },
      { vi: 'UBND xã Chi Lăng', en: 'f' },
    ];
    expect(namesakes.map((name) => distinctLabels(namesakes)(name).vi)).toEqual(['Phường Chi Lăng', 'Xã Chi Lăng']);
  });

  it('shares places between equal values (1, 2, 2, 4)', () => {
    expect(
      rankRows([row('a', 'A', 5), row('b', 'B', 7), row('c', 'C', 5), row('d', 'D', 1)], true).map(
        (r) => `${r.rank}${r.key}`,
      ),
    ).toEqual(['1b', '2a', '2c', '4d']);
  });

  it('waits while the topic has no data; says in words when the field is missing or not a breakdown', () => {
    expect(bindRanking({}, o({}))).toBeNull();
    expect(bindRanking(data(onTime), o({ field: 'onTime.byAgency' }))!.notice!.vi).toBe(
      'Không có trường admin.summary → onTime.byAgency',
    );
    const wrong = bindRanking(data({ rows: 'nope' }), o({}))!;
    expect(wrong.rows).toEqual([]);
    expect(wrong.notice!.en).toBe('admin.summary → onTime.byWard is not a Breakdown');
    expect(bindRanking(data(null), o({}))!.notice!.vi).toBe('Chưa có dữ liệu');
    expect(bindRanking(data({ ...onTime, rows: [] }), o({}))!.notice!.vi).toBe('Chưa có dữ liệu');
  });

  it('skips rows it cannot draw instead of ranking them as zero', () => {
    const broken = {
      ...onTime,
      rows: [
        row('a', 'A', 0.9),
        { key: 'b', label: { vi: 'B', en: 'B' }, value: null },
        { key: 'c', value: 0.5 },
        row('d', 'D', Number.NaN),
      ],
    };
    const input = bindRanking(data(broken), o({}))!;
    expect(input.rows.map((r) => r.key)).toEqual(['a']);
    expect(input.total).toBe(1);
  });

  it('keeps only the rows that fit whole', () => {
    // 40 px rows with 5 px between them.
    expect(rowsThatFit(130, 40, 5, 10)).toBe(3);
    expect(rowsThatFit(129, 40, 5, 10)).toBe(2);
    expect(rowsThatFit(1000, 40, 5, 4)).toBe(4);
    expect(rowsThatFit(30, 40, 5, 4)).toBe(0);
    // Before layout (no height measured yet) nothing is dropped.
    expect(rowsThatFit(0, 40, 5, 4)).toBe(4);
  });

  it('shows the distinguishing name and keeps the whole one as the accessible name and tooltip', () => {
    const wards = { ...onTime, rows: [row('a', 'UBND phường Tam Thanh', 0.9), row('b', 'UBND phường Kỳ Lừa', 0.8)] };
    const target = document.createElement('div');
    const component = mount(Ranking, {
      target,
      props: {
        input: bindRanking(data(wards), o({}))!,
        options: o({}),
        locale: 'vi',
        timeZone: 'Asia/Ho_Chi_Minh',
        profile: 'wall',
        city,
        serverNow: Date.now,
        now: 0,
      },
    });
    flushSync();
    const labels = [...target.querySelectorAll<HTMLElement>('.label')];
    expect(labels.map((label) => label.textContent)).toEqual(['Tam Thanh', 'Kỳ Lừa']);
    expect([...target.querySelectorAll('li')].map((li) => li.getAttribute('aria-label'))).toEqual([
      '1. UBND phường Tam Thanh: 90,0%',
      '2. UBND phường Kỳ Lừa: 80,0%',
    ]);
    expect(labels.map((label) => label.title)).toEqual(['UBND phường Tam Thanh', 'UBND phường Kỳ Lừa']);
    unmount(component);
  });

  it('renders names as text, never as markup, with rank, value and bar', () => {
    const hostile = '<img src=x onerror="alert(1)">';
    const input = bindRanking(
      data({ ...onTime, rows: [row('x', hostile, 0.5, 3), row('y', 'Phường Chi Lăng', 0.9)] }),
      o({}),
    )!;
    const target = document.createElement('div');
    const component = mount(Ranking, {
      target,
      props: {
        input,
        options: o({}),
        locale: 'vi',
        timeZone: 'Asia/Ho_Chi_Minh',
        profile: 'wall',
        city,
        serverNow: Date.now,
        now: 0,
      },
    });
    flushSync();
    expect(target.querySelector('img')).toBeNull();
    const items = [...target.querySelectorAll('li')];
    expect(items.map((li) => li.querySelector('.label')!.textContent)).toEqual(['Phường Chi Lăng', hostile]);
    expect(items[0]!.querySelector('.rank')!.textContent).toBe('1');
    expect(items[0]!.querySelector('.value')!.textContent).toBe('90,0%');
    expect(items[0]!.classList.contains('tone-good')).toBe(true);
    expect(items[1]!.classList.contains('tone-bad')).toBe(true);
    // A place in a ranking is no judgement: neither end is red or green (widgets/meaning.ts).
    expect(items.map((li) => li.getAttribute('data-meaning'))).toEqual(['neutral', 'neutral']);
    expect((items[1]!.querySelector('.fill') as HTMLElement).style.width).toBe('50.0%');
    unmount(component);
  });

  it('on /view each row is a button named by its place, name and figure that opens that row; on a wall none', () => {
    const input = bindRanking(data(onTime), o({ rows: 3 }))!;
    expect(input.rows[0]!.target).toEqual({
      topic: 'admin.summary',
      field: 'onTime.byWard',
      row: '05971',
      label: input.rows[0]!.label,
    });
    const props = {
      input,
      options: o({ rows: 3 }),
      locale: 'vi' as const,
      timeZone: 'Asia/Ho_Chi_Minh',
      profile: 'wall' as const,
      city,
      serverNow: Date.now,
      now: 0,
    };
    const wall = document.createElement('div');
    const onWall = mount(Ranking, { target: wall, props });
    flushSync();
    expect(wall.querySelector('button')).toBeNull();
    unmount(onWall);

    const onselect = vi.fn();
    const view = document.createElement('div');
    document.body.append(view);
    const onView = mount(Ranking, { target: view, props: { ...props, onselect } });
    flushSync();
    const buttons = [...view.querySelectorAll('button')];
    expect(buttons).toHaveLength(3);
    expect(buttons[0]!.getAttribute('aria-label')).toBe('1. Phường Đông Kinh: 98,1% — mở chi tiết');
    // A native button: Enter and Space press it, as a click does.
    buttons[1]!.focus();
    expect(document.activeElement).toBe(buttons[1]);
    buttons[1]!.click();
    expect(onselect).toHaveBeenCalledWith(expect.objectContaining({ row: '05974' }));
    unmount(onView);
    view.remove();
  });

  it('shows the notice in the screen language, and no bars when they are off', () => {
    const target = document.createElement('div');
    const empty = mount(Ranking, {
      target,
      props: {
        input: bindRanking(data({ ...onTime, rows: [] }), o({}))!,
        options: o({}),
        locale: 'en',
        timeZone: 'UTC',
        profile: 'wall',
        city,
        serverNow: Date.now,
        now: 0,
      },
    });
    flushSync();
    expect(target.querySelector('.notice')!.textContent).toBe('Nothing yet');
    unmount(empty);
    const plain = mount(Ranking, {
      target,
      props: {
        input: bindRanking(data(onTime), o({ bars: false }))!,
        options: o({ bars: false }),
        locale: 'en',
        timeZone: 'UTC',
        profile: 'wall',
        city,
        serverNow: Date.now,
        now: 0,
      },
    });
    flushSync();
    expect(target.querySelector('.bar')).toBeNull();
    expect(target.querySelector('.label')!.textContent).toBe('Phường Đông Kinh (en)');
    unmount(plain);
  });
});
