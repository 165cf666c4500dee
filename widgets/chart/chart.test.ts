import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { bindChart, chartTopics } from './bind';
import { echartsOption } from './echarts-option';
import { options, type ChartOptions } from './options';
import type { ReportSummary } from '../../server/protocol/topics';

const o = (extra: Partial<ChartOptions>) => Value.Default(options, { ...extra }) as ChartOptions;

describe('chart', () => {
  it('charts received vs resolved per day', () => {
    const input = bindChart({ 'reports.daily': { days: [{ date: '2026-11-27', received: 12, resolved: 9 }, { date: '2026-11-28', received: 4, resolved: 7 }] } }, o({}))!;
    expect(input.labels.map((l) => l.vi)).toEqual(['27/11', '28/11']);
    expect(input.series.map((s) => s.values)).toEqual([[12, 4], [9, 7]]);
    expect(chartTopics(o({}))).toEqual(['reports.daily']);
    expect(bindChart({}, o({}))).toBeNull();
  });

  it('keeps the top categories and sums the rest as "other"', () => {
    const summary = {
      byCategory: [5, 9, 1, 3].map((count, i) => ({ category: `c${i}`, name: { vi: `Loại ${i}`, en: `Kind ${i}` }, count })),
    } as ReportSummary;
    const input = bindChart({ 'reports.summary': summary }, o({ data: 'reports-by-category', chart: 'pie', top: 2 }))!;
    expect(input.labels.map((l) => l.vi)).toEqual(['Loại 1', 'Loại 0', 'Khác']);
    expect(input.series[0]!.values).toEqual([9, 5, 4]);
  });

  it('turns animation off on LED panels and names series in the screen language', () => {
    const input = bindChart({ 'reports.daily': { days: [{ date: '2026-11-28', received: 1, resolved: 1 }] } }, o({}))!;
    const led = echartsOption(input, o({}), 'en', 'led', 20) as { animation: boolean; series: Array<{ name: string }> };
    expect(led.animation).toBe(false);
    expect(led.series.map((s) => s.name)).toEqual(['Received', 'Resolved']);
    expect((echartsOption(input, o({}), 'vi', 'wall', 20) as { animation: boolean }).animation).toBe(true);
  });
});
