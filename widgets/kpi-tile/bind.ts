/** From topic data to what a KPI tile draws. Pure, so it is tested without a DOM. */
import type { KpiStanding, LocalizedText } from '../../server/protocol/topics';
import type { TopicData } from '../widget';
import type { KpiTileOptions } from './options';
import { pickField } from '../shapes';

export interface KpiTileInput {
  value: number | null;
  unit: LocalizedText | null;
  target: number | null;
  /** Same period last year. */
  previous: number | null;
  standing: KpiStanding | null;
  history: number[];
  period: string | null;
  name: LocalizedText | null;
  higherIsBetter: boolean;
}

function standingFromThresholds(value: number, options: KpiTileOptions): KpiStanding | null {
  const { good, bad, higherIsBetter } = options;
  if (good === undefined || bad === undefined) return null;
  const better = (a: number, b: number) => (higherIsBetter ? a >= b : a <= b);
  if (better(value, good)) return 'good';
  if (better(value, bad)) return 'fair';
  return 'bad';
}

export function bindKpiTile(data: TopicData, options: KpiTileOptions): KpiTileInput | null {
  if (options.topic === 'kpi.values' && options.field === undefined) {
    const values = data['kpi.values'];
    if (!values) return null;
    const kpi = values.find((item) => item.id === options.code);
    if (!kpi) return null;
    return {
      value: kpi.value,
      unit: options.unit ?? kpi.unit,
      target: kpi.target,
      previous: kpi.previous,
      standing: kpi.standing,
      history: kpi.history,
      period: kpi.period,
      name: kpi.name,
      // The standing already folds in the direction; the change arrow needs it on its own.
      higherIsBetter: options.higherIsBetter,
    };
  }
  if (!Object.hasOwn(data, options.topic)) return null;
  // A field that is null (a rate before anything was handled) or not a number shows as "—".
  const raw = pickField(data, options.topic, options.field);
  const value = typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
  return {
    value,
    unit: options.unit ?? null,
    target: null,
    previous: null,
    standing: value === null ? null : standingFromThresholds(value, options),
    history: [],
    period: null,
    name: null,
    higherIsBetter: options.higherIsBetter,
  };
}

/** Points of an SVG polyline for the sparkline, in a 100×30 box. */
export function sparklinePoints(history: readonly number[]): string {
  if (history.length < 2) return '';
  const min = Math.min(...history);
  const max = Math.max(...history);
  const span = max - min || 1;
  return history
    .map(
      (value, index) =>
        `${((index / (history.length - 1)) * 100).toFixed(1)},${(28 - ((value - min) / span) * 26).toFixed(1)}`,
    )
    .join(' ');
}
