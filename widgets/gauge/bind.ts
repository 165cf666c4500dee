import type { KpiStanding, LocalizedText } from '../../server/protocol/topics';
import type { TopicData } from '../widget';
import type { GaugeOptions } from './options';

export interface GaugeInput {
  /** Achievement against the plan (1 = on plan), already inverted for lower-is-better KPIs by the server's standing. */
  ratio: number;
  value: number;
  target: number;
  unit: LocalizedText;
  standing: KpiStanding;
}

export function bindGauge(data: TopicData, options: GaugeOptions): GaugeInput | null {
  const kpi = data['kpi.values']?.find((item) => item.id === options.code);
  if (!kpi || kpi.target === null || kpi.target === 0) return null;
  return {
    ratio: kpi.value / kpi.target,
    value: kpi.value,
    target: kpi.target,
    unit: kpi.unit,
    standing: kpi.standing,
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
