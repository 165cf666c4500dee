import type { LocalizedText } from '../../server/protocol/topics';
import type { TopicData } from '../widget';
import type { GaugeOptions } from './options';
import { meaningOfKpi, type Meaning } from '../meaning';

export interface GaugeInput {
  /** value ÷ plan: 1 = on plan (or, for a ceiling, at the limit). */
  ratio: number;
  value: number;
  /** The plan the value is compared with: like with like (see `basis`). */
  plan: number;
  /**
   * `year`: a year-to-date sum against the annual plan; `period`: a month's (quarter's) value
   * against that period's plan; `limit`: a ceiling.
   */
  basis: 'year' | 'period' | 'limit';
  /** Where the plan for the year to date stands on the annual scale (a year-to-date figure only), 0..1. */
  dueByNow: number | null;
  unit: LocalizedText;
  meaning: Meaning;
}

export function bindGauge(data: TopicData, options: GaugeOptions): GaugeInput | null {
  const kpi = data['kpi.values']?.find((item) => item.id === options.code);
  if (!kpi || kpi.target === null || kpi.target === 0) return null;
  const yearToDate = kpi.cumulative && kpi.higherIsBetter && kpi.annualTarget !== null && kpi.annualTarget > 0;
  const plan = yearToDate ? kpi.annualTarget! : kpi.target;
  return {
    ratio: kpi.value / plan,
    value: kpi.value,
    plan,
    basis: yearToDate ? 'year' : kpi.higherIsBetter ? 'period' : 'limit',
    dueByNow: yearToDate ? kpi.target / plan : null,
    unit: kpi.unit,
    meaning: meaningOfKpi(kpi),
  };
}

/** SVG arc path of a half circle from the left end, filled to `share` (0..1). */
export function arcPath(share: number): string {
  const clamped = Math.max(0, Math.min(1, share));
  const angle = Math.PI * (1 - clamped);
  const x = 50 + 40 * Math.cos(angle);
  const y = 50 - 40 * Math.sin(angle);
  return `M 10 50 A 40 40 0 0 1 ${x.toFixed(2)} ${y.toFixed(2)}`;
}

/** A tick across the arc at `share` of the scale (0..1). */
export function tickPath(share: number): string {
  const angle = Math.PI * (1 - Math.max(0, Math.min(1, share)));
  const at = (radius: number) =>
    `${(50 + radius * Math.cos(angle)).toFixed(2)} ${(50 - radius * Math.sin(angle)).toFixed(2)}`;
  return `M ${at(34)} L ${at(46)}`;
}
