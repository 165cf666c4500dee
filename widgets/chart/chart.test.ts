import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { bindChart, chartTopics } from './bind';
import { echartsOption, legendRows, valueFormatters } from './echarts-option';
import { options, type ChartOptions } from './options';
import type { Breakdown, ReportSummary, Series } from '../../server/protocol/topics';
import type { TopicData } from '../widget';
import manifest from './manifest';

/** Topics this widget has never heard of: the names come from the dashboard. */
const tourism = (value: unknown): TopicData => ({ 'tourism.summary': value }) as unknown as TopicData;
const visitors: Series = {
  unit: { vi: 'lượt khách', en: 'visitors' },
  format: 'number',
  xKind: 'day',
  x: ['2026-11-27', '2026-11-28', '2026-11-29'],
  lines: [
    { key: 'domestic', label: { vi: 'Trong nước', en: 'Domestic' }, values: [1200, null, 1850.5] },
    { key: 'foreign', label: { vi: 'Quốc tế', en: 'Foreign' }, values: [300, 410] },
  ],
};
const byPlace: Breakdown = {
  unit: { vi: 'lượt khách', en: 'visitors' },
  format: 'number',
  higherIsBetter: true,
  rows: [
    { key: 'tam-thanh', label: { vi: 'Chùa Tam Thanh', en: 'Tam Thanh Pagoda' }, value: 820 },
    { key: 'nhi-thanh', label: { vi: 'Động Nhị Thanh', en: 'Nhi Thanh Cave' }, value: 1240 },
    { key: 'ky-lua', label: { vi: 'Chợ Kỳ Lừa', en: 'Ky Lua Market' }, value: 2100 },
    { key: 'dong-kinh', label: { vi: 'Chợ Đông Kinh', en: 'Dong Kinh Market' }, value: 150 },
    { key: 'mau-son', label: { vi: 'Núi Mẫu Sơn', en: 'Mau Son Mountain' }, value: 95 },
  ],
};

const o = (extra: Partial<ChartOptions>) => Value.Default(options, { ...extra }) as ChartOptions;

describe('chart', () => {
  it('charts received vs resolved per day', () => {
    const input = bindChart(
      {
        'reports.daily': {
          days: [
            { date: '2026-11-27', received: 12, resolved: 9 },
            { date: '2026-11-28', received: 4, resolved: 7 },
          ],
        },
      },
      o({}),
    )!;
    expect(input.labels.map((l) => l.vi)).toEqual(['27/11', '28/11']);
    expect(input.series.map((s) => s.values)).toEqual([
      [12, 4],
      [9, 7],
    ]);
    expect(chartTopics(o({}))).toEqual(['reports.daily']);
    expect(bindChart({}, o({}))).toBeNull();
  });

  it('keeps the top categories and sums the rest as "other"', () => {
    const summary = {
      byCategory: [5, 9, 1, 3].map((count, i) => ({
        category: `c${i}`,
        name: { vi: `Loại ${i}`, en: `Kind ${i}` },
        count,
      })),
    } as ReportSummary;
    const input = bindChart({ 'reports.summary': summary }, o({ data: 'reports-by-category', chart: 'pie', top: 2 }))!;
    expect(input.labels.map((l) => l.vi)).toEqual(['Loại 1', 'Loại 0', 'Khác']);
    expect(input.series[0]!.values).toEqual([9, 5, 4]);
  });

  it("names a KPI's history by its periods, so the January fall of a year-to-date figure reads as a new year", () => {
    const kpi = {
      id: 'public-investment-disbursement',
      name: { vi: 'Giải ngân', en: 'Disbursed' },
      history: [86, 8.2, 16.9],
      historyPeriods: ['2025-12', '2026-01', '2026-02'],
    };
    const input = bindChart(
      { 'kpi.values': [kpi] } as unknown as TopicData,
      o({ data: 'kpi-history', code: 'public-investment-disbursement' }),
    )!;
    expect(input.labels.map((l) => l.vi)).toEqual(['T12/2025', 'T1/2026', 'T2/2026']);
    expect(input.labels.map((l) => l.en)).toEqual(['12/2025', '01/2026', '02/2026']);
    expect(input.series[0]!.values).toEqual([86, 8.2, 16.9]);
  });

  it('starts the plot below a legend that wraps, and below the unit, so that none of them overlap', () => {
    const names = ['Số vụ va chạm', 'Số người bị thương', 'Số người chết'];
    expect(legendRows(names, 20, 2000)).toBe(1);
    expect(legendRows(names, 20, 500)).toBe(2);
    expect(legendRows(names, 20, 250)).toBe(3);
    const input = bindChart(
      tourism({
        ...visitors,
        lines: names.map((name, i) => ({ key: `k${i}`, label: { vi: name, en: name }, values: [1, 2, 3] })),
      }),
      o({ data: 'series', topic: 'tourism.summary' }),
    )!;
    const top = (widthPx: number) =>
      (
        echartsOption(input, o({ data: 'series', topic: 'tourism.summary' }), 'vi', 'wall', {
          fontPx: 20,
          widthPx,
        }) as unknown as { grid: { top: number } }
      ).grid.top;
    // One row of legend and the unit line (the series has a unit), then a second row of legend.
    expect(top(2000)).toBeGreaterThan(20 * (1.45 + 1.4));
    expect(top(500) - top(2000)).toBeCloseTo(20 * 1.45, 6);
  });

  it('turns animation off on LED panels and names series in the screen language', () => {
    const input = bindChart({ 'reports.daily': { days: [{ date: '2026-11-28', received: 1, resolved: 1 }] } }, o({}))!;
    const led = echartsOption(input, o({}), 'en', 'led', { fontPx: 20 }) as {
      animation: boolean;
      series: Array<{ name: string }>;
    };
    expect(led.animation).toBe(false);
    expect(led.series.map((s) => s.name)).toEqual(['Received', 'Resolved']);
    expect((echartsOption(input, o({}), 'vi', 'wall', { fontPx: 20 }) as { animation: boolean }).animation).toBe(true);
  });

  it("sets its text in the page's font at the size it measured, since a canvas cannot inherit either", () => {
    const input = bindChart({ 'reports.daily': { days: [{ date: '2026-11-28', received: 1, resolved: 1 }] } }, o({}))!;
    type Text = { fontSize: number; fontFamily: string };
    const option = echartsOption(input, o({}), 'vi', '4k', {
      fontPx: 38.5,
      fontFamily: "'Be Vietnam Pro', sans-serif",
    }) as unknown as { textStyle: Text; legend: { textStyle: Text } };
    expect(option.textStyle).toMatchObject({ fontSize: 38.5, fontFamily: "'Be Vietnam Pro', sans-serif" });
    expect(option.legend.textStyle.fontFamily).toBe("'Be Vietnam Pro', sans-serif");
    // Without a measured family: a real one, never 'inherit' (the canvas would draw 10 px sans-serif).
    const fallback = echartsOption(input, o({}), 'vi', '4k', { fontPx: 38.5 }) as unknown as { textStyle: Text };
    expect(fallback.textStyle.fontFamily).not.toBe('inherit');
    expect(fallback.textStyle.fontFamily).toMatch(/sans-serif$/);
  });

  it('charts any Series by topic and dotted field, with axis labels from its city-time keys', () => {
    const o2 = o({ data: 'series', topic: 'tourism.summary', field: 'visitors.daily', chart: 'area', stacked: true });
    expect(chartTopics(o2)).toEqual(['tourism.summary']);
    expect(manifest.topics(o2)).toEqual(['tourism.summary']);
    const input = bindChart(tourism({ visitors: { daily: visitors } }), o2)!;
    expect(input.labels.map((l) => l.vi)).toEqual(['27/11', '28/11', '29/11']);
    // Gaps stay gaps and a short line is padded with gaps, never with zeros.
    expect(input.series.map((s) => [s.name.en, s.values])).toEqual([
      ['Domestic', [1200, null, 1850.5]],
      ['Foreign', [300, 410, null]],
    ]);
    expect(input).toMatchObject({ format: 'number', unit: { vi: 'lượt khách' }, notice: null });
    const months = bindChart(
      tourism({ ...visitors, xKind: 'month', x: ['2026-10', '2026-11'] }),
      o({ data: 'series', topic: 'tourism.summary' }),
    )!;
    expect(months.labels.map((l) => l.vi)).toEqual(['10/2026', '11/2026']);
    const hours = bindChart(
      tourism({ ...visitors, xKind: 'hour', x: ['2026-11-28T09', '2026-11-28T14'] }),
      o({ data: 'series', topic: 'tourism.summary' }),
    )!;
    expect(hours.labels.map((l) => l.en)).toEqual(['9h', '14h']);
  });

  it('draws a series as filled, stacked lines with vi-VN figures on the value axis', () => {
    const o2 = o({ data: 'series', topic: 'tourism.summary', chart: 'area', stacked: true });
    const option = echartsOption(bindChart(tourism(visitors), o2)!, o2, 'en', 'wall', { fontPx: 20 }) as unknown as {
      series: Array<{ type: string; stack?: string; areaStyle?: object; data: unknown[] }>;
      yAxis: { name?: string; axisLabel: { formatter: (v: number) => string } };
    };
    expect(option.series.map((s) => [s.type, s.stack, Boolean(s.areaStyle)])).toEqual([
      ['line', 'total', true],
      ['line', 'total', true],
    ]);
    expect(option.series[0]!.data).toEqual([1200, null, 1850.5]);
    expect(option.yAxis.axisLabel.formatter(12500)).toBe('12.500');
    expect(option.yAxis.name).toBe('visitors');
    const bars = echartsOption(
      bindChart(tourism(visitors), o({ ...o2, chart: 'bar', stacked: false }))!,
      o({ ...o2, chart: 'bar', stacked: false }),
      'vi',
      'wall',
      { fontPx: 20 },
    ) as unknown as { series: Array<{ type: string; stack?: string }> };
    expect(bars.series.map((s) => [s.type, s.stack])).toEqual([
      ['bar', undefined],
      ['bar', undefined],
    ]);
  });

  it('charts any Breakdown: the largest first, the rest summed as "Khác / Other"', () => {
    const o2 = o({ data: 'breakdown', topic: 'tourism.summary', field: 'byPlace', top: 3, chart: 'pie' });
    const input = bindChart(tourism({ byPlace }), o2)!;
    expect(input.labels.map((l) => l.vi)).toEqual(['Chợ Kỳ Lừa', 'Động Nhị Thanh', 'Chùa Tam Thanh', 'Khác']);
    expect(input.labels.at(-1)!.en).toBe('Other');
    expect(input.series[0]!.values).toEqual([2100, 1240, 820, 245]);
    // No "other" when everything fits.
    expect(bindChart(tourism({ byPlace }), o({ ...o2, top: 5 }))!.labels.map((l) => l.vi)).not.toContain('Khác');
    const pie = echartsOption(input, o2, 'vi', 'wall', { fontPx: 20 }) as unknown as {
      series: Array<{ label: { formatter: (p: object) => string }; data: Array<{ name: string; value: number }> }>;
    };
    expect(pie.series[0]!.data[0]).toMatchObject({ name: 'Chợ Kỳ Lừa', value: 2100 });
    expect(pie.series[0]!.label.formatter({ name: 'Chợ Kỳ Lừa', value: 2100 })).toBe('Chợ Kỳ Lừa\n2.100');
  });

  it('sums shares of one whole into "other", but never adds up rates', () => {
    const shares: Breakdown = {
      unit: { vi: '%', en: '%' },
      format: 'percent',
      higherIsBetter: true,
      rows: [0.5, 0.3, 0.15, 0.05].map((value, i) => ({
        key: `k${i}`,
        label: { vi: `Nhóm ${i}`, en: `Group ${i}` },
        value,
      })),
    };
    const o2 = o({ data: 'breakdown', topic: 'tourism.summary', top: 2, chart: 'pie' });
    const input = bindChart(tourism(shares), o2)!;
    expect(input.labels.map((l) => l.vi)).toEqual(['Nhóm 0', 'Nhóm 1', 'Khác']);
    expect(input.series[0]!.values[2]).toBeCloseTo(0.2, 10);
    const rates = { ...shares, rows: shares.rows.map((row) => ({ ...row, value: row.value + 0.4 })) };
    expect(bindChart(tourism(rates), o2)!.labels.map((l) => l.vi)).toEqual(['Nhóm 0', 'Nhóm 1']);
    // Percentages with one decimal on the labels.
    const option = echartsOption(input, o2, 'vi', 'wall', { fontPx: 20 }) as unknown as {
      series: Array<{ label: { formatter: (p: object) => string } }>;
    };
    expect(option.series[0]!.label.formatter({ name: 'Nhóm 0', value: 0.5 })).toBe('Nhóm 0\n50,0%');
    const percentTicks = valueFormatters('percent', 'vi');
    expect([0.07, 0.25, 0.125].map(percentTicks.tick)).toEqual(['7%', '25%', '12,5%']);
  });

  it('draws a breakdown as bars, horizontal with the largest on top, never as a line', () => {
    const o2 = o({ data: 'breakdown', topic: 'tourism.summary', field: 'byPlace', top: 2, horizontal: true });
    const option = echartsOption(bindChart(tourism({ byPlace }), o2)!, o2, 'vi', 'wall', { fontPx: 20 }) as unknown as {
      yAxis: { data: string[] };
      series: Array<{ type: string; data: number[]; label: { formatter: (p: object) => string } }>;
    };
    expect(option.yAxis.data).toEqual(['Khác', 'Động Nhị Thanh', 'Chợ Kỳ Lừa']);
    expect(option.series[0]!.data).toEqual([1065, 1240, 2100]);
    expect(option.series[0]!.label.formatter({ value: 1065 })).toBe('1.065');
    const vertical = o({ data: 'breakdown', topic: 'tourism.summary', field: 'byPlace' });
    expect(
      (
        echartsOption(bindChart(tourism({ byPlace }), vertical)!, vertical, 'vi', 'wall', {
          fontPx: 20,
        }) as unknown as { series: Array<{ type: string }> }
      ).series[0]!.type,
    ).toBe('bar');
  });

  it('waits for its topic, and says in words when the field is missing or has another shape', () => {
    const series = o({ data: 'series', topic: 'tourism.summary', field: 'visitors.daily' });
    expect(bindChart({}, series)).toBeNull();
    expect(bindChart(tourism({ visitors: {} }), series)!.notice!.vi).toBe(
      'Không có trường tourism.summary → visitors.daily',
    );
    expect(bindChart(tourism({ visitors: { daily: byPlace } }), series)!.notice!.en).toBe(
      'tourism.summary → visitors.daily is not a Series',
    );
    expect(bindChart(tourism({ visitors: { daily: { ...visitors, x: [] } } }), series)!).toMatchObject({
      labels: [],
      series: [],
      notice: { vi: 'Chưa có dữ liệu' },
    });
    const breakdown = o({ data: 'breakdown', topic: 'tourism.summary', field: 'byPlace' });
    expect(bindChart(tourism({ byPlace: visitors }), breakdown)!.notice!.en).toBe(
      'tourism.summary → byPlace is not a Breakdown',
    );
    expect(bindChart(tourism({ byPlace: { ...byPlace, rows: [] } }), breakdown)!.notice!.vi).toBe('Chưa có dữ liệu');
    // Without a topic it reads nothing and says what is missing.
    const bare = o({ data: 'breakdown' });
    expect(chartTopics(bare)).toEqual([]);
    expect(bindChart({}, bare)!.notice!.en).toBe('The "topic" option is missing');
  });

  it("writes the named charts' figures in vi-VN too", () => {
    const input = bindChart(
      { 'reports.daily': { days: [{ date: '2026-11-28', received: 1234, resolved: 1 }] } },
      o({}),
    )!;
    const option = echartsOption(input, o({}), 'en', 'wall', { fontPx: 20 }) as unknown as {
      yAxis: { axisLabel: { formatter: (v: number) => string } };
    };
    expect(option.yAxis.axisLabel.formatter(1500)).toBe('1.500');
  });
});
