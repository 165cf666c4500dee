/**
 * Socio-economic KPIs: each indicator's latest period with its target, % of plan, standing and the
 * same period last year. Starts from the fixture definitions (so the wall is never empty) and
 * applies reported values on top.
 */
import type { Aggregator, DomainContext, StoredEvent, TopicWriter } from '../domain';
import type { KpiValue } from '../../protocol/topics';
import type { KpiDefinition, KpiValueReported } from './schema';
import { percentOfPlan, samePeriodLastYear, standingOf } from './standing';

const HISTORY_LENGTH = 12;

interface Indicator {
  definition: KpiDefinition;
  periods: Map<string, { value: number; target: number | null }>;
  updatedAt: number;
}

export function loadKpiDefinitions(context: DomainContext): KpiDefinition[] {
  return context.fixtures.readJson<{ indicators: KpiDefinition[] }>('kpi/definitions.json').indicators;
}

export function kpiValueOf(indicator: Indicator): KpiValue | null {
  const periods = [...indicator.periods.keys()].sort();
  const latest = periods[periods.length - 1];
  if (!latest) return null;
  const { definition } = indicator;
  const current = indicator.periods.get(latest)!;
  return {
    id: definition.code,
    name: definition.name,
    unit: definition.unit,
    period: latest,
    value: current.value,
    target: current.target,
    previous: indicator.periods.get(samePeriodLastYear(latest))?.value ?? null,
    standing: standingOf(percentOfPlan(current.value, current.target, definition.higherIsBetter)),
    history: periods.slice(-HISTORY_LENGTH).map((period) => indicator.periods.get(period)!.value),
    source: definition.source,
    updatedAt: indicator.updatedAt,
  };
}

export function createKpiAggregator(context: DomainContext): Aggregator {
  const indicators = new Map<string, Indicator>();
  for (const definition of loadKpiDefinitions(context)) {
    indicators.set(definition.code, {
      definition,
      periods: new Map(definition.history.map((entry) => [entry.period, { value: entry.value, target: entry.target }])),
      updatedAt: context.now(),
    });
  }
  const dirty = new Set<string>(indicators.keys());

  return {
    apply(event: StoredEvent) {
      const data = event.data as KpiValueReported;
      const indicator = indicators.get(data.code);
      if (!indicator) return; // an indicator the city has not defined: kept in the store, not shown
      const previous = indicator.periods.get(data.period);
      // A value without a target keeps the plan already known for that period.
      indicator.periods.set(data.period, { value: data.value, target: data.target ?? previous?.target ?? null });
      indicator.updatedAt = event.time;
      dirty.add(data.code);
    },
    flush(out: TopicWriter) {
      if (dirty.size === 0) return;
      const values = [...dirty].map((code) => kpiValueOf(indicators.get(code)!)).filter((v): v is KpiValue => v !== null);
      dirty.clear();
      out.upsert('kpi.values', values);
    },
    tick(_now: number, out: TopicWriter) {
      this.flush(out);
    },
  };
}
