/**
 * Figures that are right: a period still running is marked, not drawn as a collapse; an outlier
 * does not squash the other days; a narrow band of percentages is not drawn flat on 0–100 %; and
 * no series colour could be read as a judgement.
 */
import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { bindChart } from './bind';
import { echartsOption, narrowAxisMin, outlierBreak } from './echarts-option';
import { SERIES_PALETTE } from './series-palette';
import { options, type ChartOptions } from './options';
import { MEANING_COLOURS } from '../meaning';
import type { KpiValue, ReportDaily, Series } from '../../server/protocol/topics';
import type { TopicData } from '../widget';

const o = (extra: Partial<ChartOptions>) => Value.Default(options, { ...extra }) as ChartOptions;
const frame = { fontPx: 20 };
type Drawn = {
  type: string;
  name: string;
  data: Array<number | null | { value: number; itemStyle: { opacity: number; borderType: string } }>;
  lineStyle?: { type?: string };
  markArea?: { label: { formatter: string }; data: Array<Array<{ xAxis: number }>> };
};
type Option = {
  series: Drawn[];
  yAxis: { min?: number; scale?: boolean; name?: string; breaks?: Array<{ start: number; end: number }> };
};
const optionOf = (input: ReturnType<typeof bindChart>, chartOptions: ChartOptions, locale: 'vi' | 'en' = 'vi') =>
  echartsOption(input!, chartOptions, locale, 'wall', frame) as unknown as Option;

const fourteenDays = (today: number): ReportDaily => ({
  days: Array.from({ length: 14 }, (_, i) => ({
    date: `2026-12-${String(i + 1).padStart(2, '0')}`,
    received: i === 13 ? today : 24 + (i % 3),
    resolved: 20,
  })),
});

describe('a period still running', () => {
  it('is the day the city calendar says is today, not the last or the smallest bar', () => {
    const daily = fourteenDays(6);
    const at = (cityHour?: string) => bindChart({ 'reports.daily': daily }, o({}), { screen: null, cityHour })!.running;
    expect(at('2026-12-14T08')).toBe(13);
    // The next morning (the topic not yet rolled over): every day shown has ended.
    expect(at('2026-12-15T00')).toBeNull();
    // No clock: no guess.
    expect(at(undefined)).toBeNull();
  });

  it('is the month in progress of a monthly Series, and the latest KPI period the server says is running', () => {
    const monthly: Series = {
      unit: { vi: 'vụ', en: 'crashes' },
      format: 'number',
      xKind: 'month',
      x: ['2026-10', '2026-11', '2026-12'],
      lines: [{ key: 'crashes', label: { vi: 'Số vụ', en: 'Crashes' }, values: [9, 8, 2] }],
    };
    const data = { 'traffic.safety': { monthly } } as unknown as TopicData;
    const series = o({ data: 'series', topic: 'traffic.safety', field: 'monthly', chart: 'bar' });
    expect(bindChart(data, series, { screen: null, cityHour: '2026-12-04T08' })!.running).toBe(2);
    expect(bindChart(data, series, { screen: null, cityHour: '2027-01-01T00' })!.running).toBeNull();
    const kpi = {
      id: 'retail',
      name: { vi: 'Bán lẻ', en: 'Retail' },
      history: [1400, 1450, 300],
      historyPeriods: ['2026-10', '2026-11', '2026-12'],
    };
    const history = o({ data: 'kpi-history', code: 'retail' });
    const bind = (running: boolean) =>
      bindChart({ 'kpi.values': [{ ...kpi, running } as unknown as KpiValue] }, history)!.running;
    expect(bind(true)).toBe(2);
    expect(bind(false)).toBeNull();
  });

  it('is drawn as a dashed segment on a line and named "đến hiện tại / so far"', () => {
    const daily = fourteenDays(6);
    const line = o({ chart: 'line' });
    const option = optionOf(
      bindChart({ 'reports.daily': daily }, line, { screen: null, cityHour: '2026-12-14T08' }),
      line,
    );
    const [received, , dashed] = option.series;
    // The solid line stops at the last ended day; a dashed segment of the same name joins it to today.
    expect(received!.data[13]).toBeNull();
    expect(received!.data[12]).toBe(24);
    expect(dashed).toMatchObject({ type: 'line', name: 'Tiếp nhận', lineStyle: { type: 'dashed' } });
    expect(dashed!.data.filter((v) => v !== null)).toEqual([24, 6]);
    expect(received!.markArea!.label.formatter).toBe('đến hiện tại');
    expect(received!.markArea!.data).toEqual([[{ xAxis: 13 }, { xAxis: 13 }]]);
    const en = optionOf(
      bindChart({ 'reports.daily': daily }, line, { screen: null, cityHour: '2026-12-14T08' }),
      line,
      'en',
    );
    expect(en.series[0]!.markArea!.label.formatter).toBe('so far');
  });

  it('is drawn as a lighter bar with a dashed outline, and nothing is marked once the day has ended', () => {
    const daily = fourteenDays(6);
    const bars = o({ chart: 'bar' });
    const option = optionOf(
      bindChart({ 'reports.daily': daily }, bars, { screen: null, cityHour: '2026-12-14T08' }),
      bars,
    );
    expect(option.series).toHaveLength(2);
    expect(option.series[0]!.data[13]).toMatchObject({ value: 6, itemStyle: { opacity: 0.45, borderType: 'dashed' } });
    expect(option.series[0]!.data[12]).toBe(24);
    const ended = optionOf(
      bindChart({ 'reports.daily': daily }, bars, { screen: null, cityHour: '2026-12-15T08' }),
      bars,
    );
    expect(ended.series[0]!.data[13]).toBe(6);
    expect(ended.series[0]!.markArea).toBeUndefined();
  });
});

describe('axes that show the data', () => {
  it('breaks the value axis above the other days when one day towers over them', () => {
    expect(outlierBreak([25, 24, 26, 147, 23])).toEqual({ start: 33, end: 130 });
    expect(outlierBreak([25, 24, 26, 60, 23])).toBeNull(); // tall, but not three times the next
    expect(outlierBreak([147, 25])).toBeNull(); // too few to call one an outlier
    const bars = o({ chart: 'bar' });
    const option = optionOf(bindChart({ 'reports.daily': fourteenDays(147) }, bars), bars);
    expect(option.yAxis.breaks).toEqual([{ start: 33, end: 130, gap: '6%' }]);
    // Thirteen ordinary days: no break.
    expect(optionOf(bindChart({ 'reports.daily': fourteenDays(30) }, bars), bars).yAxis.breaks).toBeUndefined();
  });

  it('starts a line of 96–97 % near the data and says where the axis starts; bars keep zero', () => {
    expect(narrowAxisMin([0.962, 0.968, 0.971, 0.965])).toBe(0.95);
    expect(narrowAxisMin([0.2, 0.9])).toBeNull();
    const attendance: Series = {
      unit: { vi: '%', en: '%' },
      format: 'percent',
      xKind: 'day',
      x: ['2026-12-01', '2026-12-02', '2026-12-03'],
      lines: [{ key: 'all', label: { vi: 'Có mặt', en: 'Present' }, values: [0.962, 0.971, 0.966] }],
    };
    const data = { 'education.summary': { attendanceDaily: attendance } } as unknown as TopicData;
    const line = o({ data: 'series', topic: 'education.summary', field: 'attendanceDaily', chart: 'line' });
    const option = optionOf(bindChart(data, line), line);
    expect(option.yAxis).toMatchObject({ min: 0.95, scale: true, name: 'trục từ 95%' });
    expect(optionOf(bindChart(data, line), line, 'en').yAxis.name).toBe('axis from 95%');
    const bar = { ...line, chart: 'bar' as const };
    expect(optionOf(bindChart(data, bar), bar).yAxis.min).toBeUndefined();
  });
});

describe('series colours', () => {
  /** Hue in degrees of a #rrggbb colour. */
  const hue = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    if (max - min < 0.12) return null; // grey: no hue to mistake
    const h =
      max === r ? ((g - b) / (max - min)) % 6 : max === g ? (b - r) / (max - min) + 2 : (r - g) / (max - min) + 4;
    return (h * 60 + 360) % 360;
  };
  it('are never red, amber or green, the colours of judgement', () => {
    const judged = (['alarm', 'warn', 'met'] as const).map((m) => hue(MEANING_COLOURS[m])!);
    for (const colour of SERIES_PALETTE) {
      const h = hue(colour);
      if (h === null) continue;
      for (const j of judged) expect(Math.min(Math.abs(h - j), 360 - Math.abs(h - j)), colour).toBeGreaterThan(40);
    }
  });
});
