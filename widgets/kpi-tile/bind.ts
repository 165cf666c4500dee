/** From topic data to what a KPI tile draws. Pure, so it is tested without a DOM. */
import type { KpiStanding, KpiValue, LocalizedText } from '../../server/protocol/topics';
import type { TopicData } from '../widget';
import type { KpiTileOptions } from './options';
import { pickField } from '../shapes';
import { meaningOfKpi, meaningOfThresholds, type Meaning } from '../meaning';

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
  /** The colour's meaning (widgets/meaning.ts): judged by the period's own rule, or by the dashboard's thresholds. */
  meaning: Meaning;
  /** What "x % of plan" compares with: like with like (a month with its month's plan, a year-to-date sum with the year's). */
  plan: { ratio: number; basis: PlanBasis } | null;
  /** The period has not ended: the figure is "so far". */
  running: boolean;
}

type PlanBasis = 'year' | 'quarter' | 'month' | 'period' | 'limit';

/**
 * A year-to-date sum against the annual plan; any other figure against its own period's plan; a
 * ceiling as a share of the limit. The ratio is always value ÷ plan, so it reads the same way.
 */
function planOf(kpi: KpiValue): KpiTileInput['plan'] {
  if (!kpi.higherIsBetter) return kpi.target ? { ratio: kpi.value / kpi.target, basis: 'limit' } : null;
  if (kpi.cumulative) return kpi.annualTarget ? { ratio: kpi.value / kpi.annualTarget, basis: 'year' } : null;
  if (!kpi.target) return null;
  const basis =
    kpi.periodKind === 'month' || kpi.periodKind === 'quarter' || kpi.periodKind === 'year' ? kpi.periodKind : 'period';
  return { ratio: kpi.value / kpi.target, basis };
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
      // The indicator's own direction (a ceiling is lower-is-better), not the placement's.
      higherIsBetter: kpi.higherIsBetter,
      meaning: meaningOfKpi(kpi),
      plan: planOf(kpi),
      running: kpi.running,
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
    meaning: meaningOfThresholds(value, options),
    plan: null,
    running: false,
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
