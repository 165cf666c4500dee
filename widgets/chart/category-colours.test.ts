import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { categoryColours } from './category-colours';
import { countsOnly, echartsOption, pieRadius } from './echarts-option';
import { bindChart, type ChartInput } from './bind';
import { options, type ChartOptions } from './options';
import { MEANING_COLOURS } from '../meaning';
import type { Breakdown, Series } from '../../server/protocol/topics';

const o = (extra: Partial<ChartOptions>) => Value.Default(options, { ...extra }) as ChartOptions;
const SENTIMENT = [
  { key: 'positive', label: { vi: 'Tích cực', en: 'Positive' } },
  { key: 'neutral', label: { vi: 'Trung tính', en: 'Neutral' } },
  { key: 'negative', label: { vi: 'Tiêu cực', en: 'Negative' } },
];

describe('category colours', () => {
  it('follow the key, not the place: the same set in any order gets the same colours', () => {
    const a = categoryColours(['zalo', 'facebook', 'tiktok', 'news']);
    const b = categoryColours(['news', 'tiktok', 'facebook', 'zalo']);
    expect(b).toEqual([a[3], a[2], a[1], a[0]]);
    expect(new Set(a).size).toBe(4);
  });

  it('give sentiment the palette of meanings: negative red, never green', () => {
    expect(categoryColours(['negative', 'positive', 'neutral'])).toEqual([
      MEANING_COLOURS.alarm,
      MEANING_COLOURS.met,
      MEANING_COLOURS.neutral,
    ]);
  });

  it('agree between the social donut (sorted by size) and the stacked bars (feed order)', () => {
    const values = { positive: 40, neutral: 120, negative: 75 };
    const sentiment: Breakdown = {
      unit: { vi: 'lượt nhắc', en: 'mentions' },
      format: 'number',
      higherIsBetter: true,
      rows: SENTIMENT.map((s) => ({ ...s, value: values[s.key as keyof typeof values] })),
    };
    const hourly: Series = {
      unit: { vi: 'lượt nhắc', en: 'mentions' },
      format: 'number',
      xKind: 'hour',
      x: ['2026-12-04T08', '2026-12-04T09'],
      lines: SENTIMENT.map((s) => ({ ...s, values: [3, 4] })),
    } as Series;
    const data = { 'social.summary': { sentiment, hourlyBySentiment: hourly } } as never;
    const pieOptions = o({ data: 'breakdown', topic: 'social.summary', field: 'sentiment', chart: 'pie' });
    const barOptions = o({
      data: 'series',
      topic: 'social.summary',
      field: 'hourlyBySentiment',
      chart: 'bar',
      stacked: true,
    });
    const pie = echartsOption(bindChart(data, pieOptions)!, pieOptions, 'vi', 'wall', { fontPx: 18 }) as unknown as {
      series: Array<{ data: Array<{ name: string; itemStyle: { color: string } }> }>;
    };
    const bars = echartsOption(bindChart(data, barOptions)!, barOptions, 'vi', 'wall', { fontPx: 18 }) as unknown as {
      series: Array<{ name: string; color: string }>;
    };
    const sliceColour = Object.fromEntries(pie.series[0]!.data.map((slice) => [slice.name, slice.itemStyle.color]));
    expect(pie.series[0]!.data.map((slice) => slice.name)).toEqual(['Trung tính', 'Tiêu cực', 'Tích cực']);
    for (const bar of bars.series) expect(sliceColour[bar.name], bar.name).toBe(bar.color);
    expect(sliceColour['Tiêu cực']).toBe(MEANING_COLOURS.alarm);
  });
});

describe('counts', () => {
  const input = (values: number[], format: 'number' | 'percent' = 'number'): ChartInput => ({
    labels: values.map((_, i) => ({ vi: String(i), en: String(i) })),
    series: [{ name: { vi: 'Số vụ', en: 'Crashes' }, values }],
    format,
    unit: null,
    notice: null,
    running: null,
  });
  it('are whole numbers: straight lines and whole ticks only', () => {
    const option = echartsOption(input([0, 1, 2, 1]), o({ data: 'series', chart: 'line' }), 'vi', 'wall', {
      fontPx: 18,
    }) as unknown as { yAxis: { minInterval?: number }; series: Array<{ smooth: boolean }> };
    expect(option.yAxis.minInterval).toBe(1);
    expect(option.series[0]!.smooth).toBe(false);
  });
  it('leave rates and shares alone', () => {
    expect(countsOnly(input([0.95, 0.96], 'percent'))).toBe(false);
    expect(countsOnly(input([1.5, 2]))).toBe(false);
  });
});

describe('the donut', () => {
  it('leaves room beside it for its widest label, so none is cut to "…"', () => {
    const text = (s: string) => s.length * 10;
    const [, outer] = pieRadius(['Trung tính\n1.234'], 18, 400, 420, text) as [number, number];
    // Label (100 px) and its leader lines fit between the ring and the edge.
    expect(400 / 2 - outer).toBeGreaterThanOrEqual(100 + 18 * 1.8 - 0.5);
  });
});
