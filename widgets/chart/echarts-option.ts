/** The ECharts option for a chart input: dark, large type, no animation on LED panels. */
import type { ScreenProfile } from '../../config/schema/screen';
import type { Locale } from '../widget';
import type { ChartInput } from './bind';
import type { ChartOptions } from './options';
import { formatNumber, formatPercent } from '../../server/protocol/format/format';
import { SERIES_PALETTE as PALETTE } from './series-palette';
import { categoryColours } from './category-colours';

/** What a running period is called on the chart. */
const SO_FAR = { vi: 'đến hiện tại', en: 'so far' } as const;

/** The largest drawn value at each label: the sum of the series when stacked, else the highest. */
function heights(input: ChartInput, stacked: boolean): number[] {
  return input.labels.map((_, index) => {
    const values = input.series.map((series) => series.values[index]).filter((v): v is number => typeof v === 'number');
    if (values.length === 0) return Number.NaN;
    return stacked ? values.reduce((a, b) => a + b, 0) : Math.max(...values);
  });
}

/** A round number at or above (`up`) or below `value`, at the precision of its order of magnitude. */
function round(value: number, up: boolean): number {
  if (value <= 0) return 0;
  const unit = 10 ** Math.floor(Math.log10(value));
  const step = unit / 10;
  return (up ? Math.ceil(value / step) : Math.floor(value / step)) * step;
}

/**
 * An axis break when one value towers over the rest (today's 147 reports against about 25 a day):
 * the range between the others' top and the outlier is cut out of the axis, so the other days keep
 * their height and the outlier is still drawn at its value, above a visible zigzag. Chosen over a
 * capped axis because nothing is clipped and the axis still reads true on both sides of the cut.
 */
export function outlierBreak(values: readonly number[]): { start: number; end: number } | null {
  const sorted = values.filter((v) => Number.isFinite(v) && v > 0).sort((a, b) => b - a);
  if (sorted.length < 4) return null;
  const [top, second] = sorted as [number, number];
  if (top < 3 * second) return null;
  const start = round(second * 1.25, true);
  const end = round(top * 0.9, false);
  return end > start ? { start, end } : null;
}

/**
 * A line whose values all sit in a narrow band far from zero (96–97 % attendance) starts its axis
 * near the data, at a round figure the axis names ("trục từ 95%"), so it is not drawn flat; bars
 * always start at zero, since their length is the value.
 */
export function narrowAxisMin(values: readonly (number | null)[]): number | null {
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (finite.length < 2) return null;
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  if (min <= 0 || max - min >= 0.2 * max) return null;
  const span = Math.max(max - min, max * 0.01);
  const unit = 10 ** Math.ceil(Math.log10(span));
  const floor = Math.floor((min - span * 0.5) / unit) * unit;
  return floor > 0 ? Number(floor.toPrecision(6)) : null;
}

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

/** Counts (people, crashes, reports): whole numbers, not shares; their axis has whole ticks only. */
export function countsOnly(input: ChartInput): boolean {
  return (
    input.format === 'number' &&
    input.series.every((series) => series.values.every((value) => value === null || Number.isInteger(value)))
  );
}

/**
 * The donut's outer radius in pixels: small enough that the widest label, beside it with its
 * leader line, fits in the chart's width (ECharts would cut it to "…"), and at most 70 % of the
 * half-size as before. The inner radius keeps the ring's proportion.
 */
export function pieRadius(
  labels: readonly string[],
  fontPx: number,
  widthPx: number,
  heightPx: number,
  textWidth = (text: string) => text.length * LETTER_EM * fontPx,
): [string | number, string | number] {
  if (!Number.isFinite(widthPx) || !Number.isFinite(heightPx)) return ['38%', '70%'];
  const widest = Math.max(0, ...labels.flatMap((label) => label.split('\n')).map((line) => textWidth(line)));
  const beside = widest + fontPx * (0.6 + 0.4 + 0.8);
  const outer = Math.max(fontPx * 2.5, Math.min(Math.min(widthPx, heightPx) * 0.35, widthPx / 2 - beside));
  return [Math.round(outer * (38 / 70)), Math.round(outer)];
}

/** A breakdown has categories, not a time axis: it is never drawn as a line. */
function seriesType(options: ChartOptions): 'line' | 'bar' {
  if (options.data === 'breakdown' || options.chart === 'bar') return 'bar';
  return 'line';
}

/** The family the chart measured on its element: a canvas cannot inherit one ('inherit' falls back to 10 px). */
const FALLBACK_FONT_FAMILY = "'Noto Sans', 'DejaVu Sans', 'IOC Emoji', sans-serif";

/** What the chart measured on its element: its type size and family, and its width in pixels. */
export interface ChartFrame {
  fontPx: number;
  fontFamily?: string;
  widthPx?: number;
  heightPx?: number;
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
  const {
    fontPx,
    fontFamily = FALLBACK_FONT_FAMILY,
    widthPx = Number.POSITIVE_INFINITY,
    heightPx = Number.POSITIVE_INFINITY,
    textWidth,
  } = frame;
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
    const colours = categoryColours(input.keys ?? labels.map(() => null));
    const labelText = labels.map((name, i) => `${name}\n${valueOf({ value: first?.values[i] ?? 0 })}`);
    return {
      animation,
      color: PALETTE,
      textStyle: text,
      legend: { show: false },
      series: [
        {
          type: 'pie',
          radius: pieRadius(labelText, fontPx, widthPx, heightPx, textWidth),
          center: ['50%', '52%'],
          label: {
            color: '#e2e8f0',
            fontSize: fontPx,
            // A label that still meets the edge wraps at a space rather than ending in "…".
            overflow: 'break',
            formatter: (params: unknown) => `${(params as { name: string }).name}\n${valueOf(params)}`,
          },
          labelLine: { length: fontPx * 0.6, length2: fontPx * 0.4 },
          data: labels.map((name, i) => ({
            name,
            value: first?.values[i] ?? 0,
            itemStyle: { color: colours[i] },
          })),
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
        ...(countsOnly(input) ? { minInterval: 1 } : {}),
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
  const running = input.running;
  // By key when the data names its lines (the same category, the same colour in every widget).
  const keyed = input.series.every((series) => series.key !== undefined);
  const byKey = keyed ? categoryColours(input.series.map((series) => series.key)) : null;
  const colourOf = (index: number) => byKey?.[index] ?? PALETTE[index % PALETTE.length]!;
  const count = countsOnly(input);
  const cut = outlierBreak(heights(input, Boolean(stack)));
  const axisMin = type === 'line' && !stack ? narrowAxisMin(input.series.flatMap((series) => series.values)) : null;
  const axisFrom =
    axisMin === null ? null : { vi: `trục từ ${format.tick(axisMin)}`, en: `axis from ${format.tick(axisMin)}` };
  const axisName = [unit, axisFrom?.[locale]].filter(Boolean).join(' · ') || null;
  // A running period on a line: solid up to the last ended period, then a dashed segment to "so far".
  const dashedRun = running !== null && running > 0 && type === 'line' && !stack;
  const drawn = input.series.map((series, index) => ({
    type,
    name: series.name[locale],
    data: series.values.map((value, at) =>
      at !== running || value === null
        ? value
        : dashedRun
          ? null
          : // A running bar (or stacked point) is drawn lighter with a dashed outline: not a final figure.
            { value, itemStyle: { opacity: 0.45, borderType: 'dashed', borderColor: colourOf(index), borderWidth: 2 } },
    ),
    stack,
    // A count is a whole number on each day: a curve between days would draw figures that never were.
    smooth: type === 'line' && !count,
    symbolSize: fontPx * 0.4,
    lineStyle: { width: Math.max(2, fontPx / 6) },
    ...(options.chart === 'area' ? { areaStyle: { opacity: stack ? 0.7 : 0.3 } } : {}),
    barMaxWidth: fontPx * 2,
    color: colourOf(index),
    // The running period's band, named once, behind the first series.
    ...(index === 0 && running !== null
      ? {
          markArea: {
            silent: true,
            itemStyle: { color: 'rgba(148, 163, 184, 0.14)' },
            label: {
              show: true,
              // Anchored at the band's right, the words run leftwards over the ended days, never off the plot.
              position: 'insideTopRight',
              color: '#e2e8f0',
              fontSize: fontPx * 0.75,
              formatter: SO_FAR[locale],
            },
            data: [[{ xAxis: running }, { xAxis: running }]],
          },
        }
      : {}),
  }));
  const runningSegments = dashedRun
    ? input.series.map((series, index) => ({
        type: 'line',
        name: series.name[locale],
        data: series.values.map((value, at) => (at === running || at === running - 1 ? value : null)),
        smooth: false,
        symbolSize: fontPx * 0.4,
        lineStyle: { width: Math.max(2, fontPx / 6), type: 'dashed' },
        itemStyle: { color: colourOf(index) },
        color: colourOf(index),
        ...(options.chart === 'area' ? { areaStyle: { opacity: 0.12 } } : {}),
      }))
    : [];
  const top = fontPx * (0.3 + rows * 1.45 + (axisName ? 1.4 : 0)) + (rows || axisName ? fontPx * 0.6 : fontPx * 0.4);
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
      // People, crashes, reports: no tick at 2,5 of them.
      ...(count ? { minInterval: 1 } : {}),
      ...(axisMin === null ? {} : { min: axisMin, scale: true }),
      ...(cut
        ? { breaks: [{ ...cut, gap: '6%' }], breakArea: { itemStyle: { color: '#0b1628', borderColor: '#94a3b8' } } }
        : {}),
      ...(axisName
        ? {
            name: axisName,
            nameLocation: 'end',
            nameGap: fontPx * 0.8,
            nameTextStyle: { ...text, fontSize: fontPx * 0.8, align: 'left' },
          }
        : {}),
    },
    series: [...drawn, ...runningSegments],
  };
}
