/** The ECharts option for a chart input: dark, large type, no animation on LED panels. */
import type { ScreenProfile } from '../../config/schema/screen';
import type { Locale } from '../widget';
import type { ChartInput } from './bind';
import type { ChartOptions } from './options';
import { formatNumber, formatPercent } from '../../server/protocol/format/format';

const PALETTE = ['#38bdf8', '#4ade80', '#fbbf24', '#f87171', '#a78bfa', '#2dd4bf', '#fb923c', '#e879f9', '#94a3b8'];

/** Figures in vi-VN on every label (ECharts alone would write 1,000): one decimal for percentages. */
export function valueFormatters(format: ChartInput['format'], locale: Locale) {
  // Ticks are round numbers: no decimals unless the scale needs them (0.07 × 100 is not quite 7).
  const digits = (value: number) => (Math.abs(value - Math.round(value)) < 1e-9 ? 0 : 1);
  return format === 'percent'
    ? {
        label: (value: number) => formatPercent(value, locale, 1),
        tick: (value: number) => formatPercent(value, locale, digits(value * 100)),
      }
    : {
        label: (value: number) => formatNumber(value, locale, digits(value)),
        tick: (value: number) => formatNumber(value, locale, digits(value)),
      };
}

/** A breakdown has categories, not a time axis: it is never drawn as a line. */
function seriesType(options: ChartOptions): 'line' | 'bar' {
  if (options.data === 'breakdown' || options.chart === 'bar') return 'bar';
  return 'line';
}

/** The family the chart measured on its element: a canvas cannot inherit one ('inherit' falls back to 10 px). */
const FALLBACK_FONT_FAMILY = "'Noto Sans', 'DejaVu Sans', sans-serif";

/** What the chart measured on its element: its type size and family, and its width in pixels. */
export interface ChartFrame {
  fontPx: number;
  fontFamily?: string;
  widthPx?: number;
  /** The width of a text in the chart's type, measured by the page; estimated without. */
  textWidth?: (text: string) => number;
}

/** An average Noto Sans letter is a little over half its size wide: enough to plan legend rows. */
const LETTER_EM = 0.58;

/** How many rows the legend takes at this width (ECharts wraps it; the plot must start below). */
export function legendRows(
  names: string[],
  fontPx: number,
  widthPx: number,
  textWidth = (text: string) => text.length * LETTER_EM * fontPx,
): number {
  const gap = 10;
  let rows = 1;
  let used = 0;
  for (const name of names) {
    const item = fontPx * 1.2 + 5 + textWidth(name);
    if (used > 0 && used + gap + item > widthPx) {
      rows++;
      used = item;
    } else {
      used += (used > 0 ? gap : 0) + item;
    }
  }
  return rows;
}

export function echartsOption(
  input: ChartInput,
  options: ChartOptions,
  locale: Locale,
  profile: ScreenProfile,
  frame: ChartFrame,
) {
  const { fontPx, fontFamily = FALLBACK_FONT_FAMILY, widthPx = Number.POSITIVE_INFINITY, textWidth } = frame;
  const text = { color: '#cbd5e1', fontSize: fontPx, fontFamily };
  const animation = profile !== 'led';
  const labels = input.labels.map((l) => l[locale]);
  const format = valueFormatters(input.format, locale);
  const valueOf = (params: unknown) => {
    const value = (params as { value?: unknown }).value;
    return typeof value === 'number' ? format.label(value) : '';
  };
  if (options.chart === 'pie') {
    const [first] = input.series;
    return {
      animation,
      color: PALETTE,
      textStyle: text,
      legend: { show: false },
      series: [
        {
          type: 'pie',
          radius: ['38%', '70%'],
          center: ['50%', '52%'],
          label: {
            color: '#e2e8f0',
            fontSize: fontPx,
            formatter: (params: unknown) => `${(params as { name: string }).name}\n${valueOf(params)}`,
          },
          labelLine: { length: fontPx * 0.6, length2: fontPx * 0.4 },
          data: labels.map((name, i) => ({ name, value: first?.values[i] ?? 0 })),
        },
      ],
    };
  }
  const stack = options.stacked ? 'total' : undefined;
  if (options.horizontal) {
    return {
      animation,
      color: PALETTE,
      textStyle: text,
      grid: { left: fontPx * 0.5, right: fontPx * 3.5, top: fontPx * 0.5, bottom: fontPx * 0.5, containLabel: true },
      legend: { show: input.series.length > 1, textStyle: text },
      // Largest first, read top to bottom.
      yAxis: {
        type: 'category',
        data: [...labels].reverse(),
        axisLabel: { ...text, width: fontPx * 14, overflow: 'truncate' },
        axisLine: { lineStyle: { color: '#475569' } },
      },
      xAxis: {
        type: 'value',
        splitNumber: 3,
        axisLabel: { ...text, fontSize: fontPx * 0.8, formatter: format.tick, hideOverlap: true },
        splitLine: { lineStyle: { color: '#1e293b' } },
      },
      series: input.series.map((series) => ({
        type: 'bar',
        name: series.name[locale],
        data: [...series.values].reverse(),
        barMaxWidth: fontPx * 1.4,
        stack,
        label: {
          show: true,
          position: stack ? 'inside' : 'right',
          color: '#e2e8f0',
          fontSize: fontPx * 0.9,
          formatter: valueOf,
        },
      })),
    };
  }
  const type = seriesType(options);
  const legend = options.data !== 'breakdown';
  const unit = input.unit && input.format === 'number' && input.unit[locale].trim() ? input.unit[locale] : null;
  // The legend's rows, then the unit's line above the value axis, then the plot.
  const rows = legend
    ? legendRows(
        input.series.map((series) => series.name[locale]),
        fontPx,
        widthPx,
        textWidth,
      )
    : 0;
  const top = fontPx * (0.3 + rows * 1.45 + (unit ? 1.4 : 0)) + (rows || unit ? fontPx * 0.6 : fontPx * 0.4);
  return {
    animation,
    color: PALETTE,
    textStyle: text,
    grid: { left: fontPx * 0.5, right: fontPx, top, bottom: fontPx * 0.5, containLabel: true },
    // Not at the canvas's very top: Vietnamese stacked marks (ế, ổ) rise above the line and would be cut.
    legend: { show: legend, top: fontPx * 0.3, textStyle: text, itemWidth: fontPx * 1.2, itemHeight: fontPx * 0.7 },
    xAxis: {
      type: 'category',
      data: labels,
      axisLabel: { ...text, hideOverlap: true, margin: fontPx * 0.7 },
      axisLine: { lineStyle: { color: '#475569' } },
    },
    yAxis: {
      type: 'value',
      axisLabel: { ...text, formatter: format.tick, hideOverlap: true },
      splitLine: { lineStyle: { color: '#1e293b' } },
      ...(unit
        ? {
            name: unit,
            nameLocation: 'end',
            nameGap: fontPx * 0.8,
            nameTextStyle: { ...text, fontSize: fontPx * 0.8, align: 'left' },
          }
        : {}),
    },
    series: input.series.map((series) => ({
      type,
      name: series.name[locale],
      data: series.values,
      stack,
      smooth: type === 'line',
      symbolSize: fontPx * 0.4,
      lineStyle: { width: Math.max(2, fontPx / 6) },
      ...(options.chart === 'area' ? { areaStyle: { opacity: stack ? 0.7 : 0.3 } } : {}),
      barMaxWidth: fontPx * 2,
    })),
  };
}
