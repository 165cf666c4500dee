/** The ECharts option for a chart input: dark, large type, no animation on LED panels. */
import type { ScreenProfile } from '../../config/schema/screen';
import type { Locale } from '../widget';
import type { ChartInput } from './bind';
import type { ChartOptions } from './options';

const PALETTE = ['#38bdf8', '#4ade80', '#fbbf24', '#f87171', '#a78bfa', '#2dd4bf', '#fb923c', '#e879f9', '#94a3b8'];

export function echartsOption(input: ChartInput, options: ChartOptions, locale: Locale, profile: ScreenProfile, fontPx: number) {
  const text = { color: '#cbd5e1', fontSize: fontPx, fontFamily: 'inherit' };
  const animation = profile !== 'led';
  const labels = input.labels.map((l) => l[locale]);
  if (options.chart === 'pie') {
    const [first] = input.series;
    return {
      animation, color: PALETTE, textStyle: text,
      legend: { show: false },
      series: [{
        type: 'pie', radius: ['38%', '70%'], center: ['50%', '52%'],
        label: { color: '#e2e8f0', fontSize: fontPx, formatter: '{b}\n{c}' },
        labelLine: { length: fontPx * 0.6, length2: fontPx * 0.4 },
        data: labels.map((name, i) => ({ name, value: first?.values[i] ?? 0 })),
      }],
    };
  }
  if (options.horizontal) {
    return {
      animation, color: PALETTE, textStyle: text,
      grid: { left: fontPx * 0.5, right: fontPx * 2.5, top: fontPx * 0.5, bottom: fontPx * 0.5, containLabel: true },
      legend: { show: input.series.length > 1, textStyle: text },
      // Largest first, read top to bottom.
      yAxis: { type: 'category', data: [...labels].reverse(), axisLabel: { ...text, width: fontPx * 14, overflow: 'truncate' }, axisLine: { lineStyle: { color: '#475569' } } },
      xAxis: { type: 'value', axisLabel: { ...text, fontSize: fontPx * 0.8 }, splitLine: { lineStyle: { color: '#1e293b' } } },
      series: input.series.map((series) => ({
        type: 'bar', name: series.name[locale], data: [...series.values].reverse(), barMaxWidth: fontPx * 1.4,
        label: { show: true, position: 'right', color: '#e2e8f0', fontSize: fontPx * 0.9 },
      })),
    };
  }
  return {
    animation, color: PALETTE, textStyle: text,
    grid: { left: fontPx * 2.8, right: fontPx, top: fontPx * 2.4, bottom: fontPx * 2 },
    legend: { top: 0, textStyle: text, itemWidth: fontPx * 1.2, itemHeight: fontPx * 0.7 },
    xAxis: { type: 'category', data: labels, axisLabel: { ...text, hideOverlap: true }, axisLine: { lineStyle: { color: '#475569' } } },
    yAxis: { type: 'value', axisLabel: text, splitLine: { lineStyle: { color: '#1e293b' } } },
    series: input.series.map((series) => ({
      type: options.chart, name: series.name[locale], data: series.values,
      smooth: options.chart === 'line', symbolSize: fontPx * 0.4, lineStyle: { width: Math.max(2, fontPx / 6) },
      barMaxWidth: fontPx * 2,
    })),
  };
}
