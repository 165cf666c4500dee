/**
 * Socio-economic KPIs: each indicator's latest period with its target, % of plan, standing and the
 * same period last year. Starts from the fixture definitions (so the wall is never empty) and
 * applies reported values on top.
 */
import { closureSnapshot, refill } from '../snapshot-codec';
import type { Aggregator, DomainContext, StoredEvent, TopicWriter } from '../domain';
import type { KpiValue } from '../../protocol/topics';
import type { KpiDefinition, KpiValueReported } from './schema';
import { addDays, dayKey, localTime } from '../calendar';
import {
  derivedTarget,
  percentOfPlan,
  periodBounds,
  periodKindOf,
  periodProblem,
  samePeriodLastYear,
  standingOf,
} from './standing';

const HISTORY_LENGTH = 12;

interface PeriodValue {
  value: number;
  target: number | null;
  /** Last year's value as the source reported it with this one, if it did. */
  previous: number | null;
}

interface Indicator {
  definition: KpiDefinition;
  periods: Map<string, PeriodValue>;
  /** The time of the last value reported, or, before any, the end of the fixtures' latest period. */
  updatedAt: number;
}

export function loadKpiDefinitions(context: DomainContext): KpiDefinition[] {
  return context.fixtures.readJson<{ indicators: KpiDefinition[] }>('kpi/definitions.json').indicators;
}

/** The periods of the kind the wall shows for this indicator, oldest first (other kinds are kept, not mixed in). */
function shownPeriods(indicator: Indicator): string[] {
  const all = [...indicator.periods.keys()].sort();
  const last = all.at(-1);
  if (last === undefined) return [];
  // An indicator reported only in another kind (quarterly, say) still shows what it has.
  const kind = all.some((period) => periodKindOf(period) === indicator.definition.periodKind)
    ? indicator.definition.periodKind
    : periodKindOf(last);
  return all.filter((period) => periodKindOf(period) === kind);
}

function kpiValueOf(indicator: Indicator, today: string): KpiValue | null {
  const periods = shownPeriods(indicator);
  const latest = periods[periods.length - 1];
  if (!latest) return null;
  const { definition } = indicator;
  const current = indicator.periods.get(latest)!;
  const previous = indicator.periods.get(samePeriodLastYear(latest))?.value ?? current.previous;
  const { from, to } = periodBounds(latest);
  return {
    id: definition.code,
    name: definition.name,
    unit: definition.unit,
    period: latest,
    periodKind: periodKindOf(latest),
    periodFrom: from,
    periodTo: to,
    value: current.value,
    target: current.target,
    percentOfPlan: current.target ? current.value / current.target : null,
    changeVsLastYear: previous ? (current.value - previous) / Math.abs(previous) : null,
    organisation: definition.organisation,
    previous,
    standing: standingOf(percentOfPlan(current.value, current.target, definition.higherIsBetter)),
    higherIsBetter: definition.higherIsBetter,
    running: today <= to,
    cumulative: definition.cumulative,
    annualTarget: definition.annualTarget[latest.slice(0, 4)] ?? null,
    history: periods.slice(-HISTORY_LENGTH).map((period) => indicator.periods.get(period)!.value),
    historyPeriods: periods.slice(-HISTORY_LENGTH),
    source: definition.source,
    updatedAt: indicator.updatedAt,
  };
}

/**
 * A year-to-date figure ("lũy kế") never falls within a year: a month's value may not be below the
 * month before it nor above the month after it, in the same year. A source that must lower an
 * earlier month corrects the later months first (or in the same request).
 */
function yearToDateProblem(
  definition: KpiDefinition | undefined,
  data: KpiValueReported,
  valueOf: (code: string, period: string) => number | undefined,
): { vi: string; en: string } | null {
  if (!definition?.cumulative || periodKindOf(data.period) !== 'month') return null;
  const month = Number(data.period.slice(5, 7));
  const year = data.period.slice(0, 4);
  const pad = (m: number) => `${year}-${String(m).padStart(2, '0')}`;
  const before = month > 1 ? valueOf(data.code, pad(month - 1)) : undefined;
  const after = month < 12 ? valueOf(data.code, pad(month + 1)) : undefined;
  if (before !== undefined && data.value < before)
    return {
      vi: `giá trị lũy kế ${data.value} của kỳ ${data.period} thấp hơn kỳ trước (${before}): số lũy kế trong năm không giảm`,
      en: `year-to-date value ${data.value} for ${data.period} is below the month before (${before}): a year-to-date figure never falls`,
    };
  if (after !== undefined && data.value > after)
    return {
      vi: `giá trị lũy kế ${data.value} của kỳ ${data.period} cao hơn kỳ sau (${after}): số lũy kế trong năm không giảm`,
      en: `year-to-date value ${data.value} for ${data.period} is above the month after (${after}): a year-to-date figure never falls`,
    };
  return null;
}

/**
 * When the figures of the fixtures' history were last updated: the city's midnight after their
 * latest period ended, the earliest its figure can be final. It was the time the aggregator was
 * made, so a restart from a snapshot and a full replay said different times (and every restart a
 * new one) for an indicator no source had reported yet.
 */
function fixturesUpdatedAt(definition: KpiDefinition, timeZone: string): number {
  const latest = definition.history
    .map((entry) => entry.period)
    .sort()
    .at(-1);
  if (latest === undefined) return 0;
  return localTime(addDays(periodBounds(latest).to, 1), 0, 0, timeZone);
}

export function createKpiAggregator(context: DomainContext): Aggregator {
  const indicators = new Map<string, Indicator>();
  for (const definition of loadKpiDefinitions(context)) {
    indicators.set(definition.code, {
      definition,
      periods: new Map(
        definition.history.map((entry) => [entry.period, { value: entry.value, target: entry.target, previous: null }]),
      ),
      updatedAt: fixturesUpdatedAt(definition, context.timeZone),
    });
  }
  const dirty = new Set<string>(indicators.keys());
  /** The city's date the published figures were judged on: a new day may end a period. */
  let today = dayKey(context.now(), context.timeZone);

  function flush(out: TopicWriter): void {
    if (dirty.size === 0) return;
    const values = [...dirty]
      .map((code) => kpiValueOf(indicators.get(code)!, today))
      .filter((v): v is KpiValue => v !== null);
    dirty.clear();
    out.upsert('kpi.values', values);
  }

  const snapshot = closureSnapshot(
    // 2: an indicator never reported says its fixtures' time, no longer the time the aggregator was made.
    2,
    () => ({
      dirty,
      today,
      values: new Map([...indicators].map(([code, { periods, updatedAt }]) => [code, { periods, updatedAt }])),
    }),
    (state) => {
      refill(dirty, state.dirty);
      ({ today } = state);
      // The definitions come from the config; only the reported periods are state.
      for (const [code, { periods, updatedAt }] of state.values) {
        const indicator = indicators.get(code);
        if (indicator) Object.assign(indicator, { periods, updatedAt });
      }
    },
  );

  return {
    snapshot,
    check(events) {
      // Values of this request, as they will stand once stored: a batch may carry several months.
      const pending = new Map<string, Map<string, number>>();
      const valueOf = (code: string, period: string) =>
        pending.get(code)?.get(period) ?? indicators.get(code)?.periods.get(period)?.value;
      for (const [index, event] of events.entries()) {
        const data = event.data as KpiValueReported;
        const problem = periodProblem(data.period);
        if (problem)
          return {
            index,
            field: 'period',
            en: problem,
            vi: `kỳ ${data.period} không hợp lệ (ngày không có thật, kết thúc trước khi bắt đầu hoặc dài hơn một năm)`,
          };
        const falling = yearToDateProblem(indicators.get(data.code)?.definition, data, valueOf);
        if (falling) return { index, field: 'value', ...falling };
        if (!pending.has(data.code)) pending.set(data.code, new Map());
        pending.get(data.code)!.set(data.period, data.value);
      }
      return null;
    },
    apply(event: StoredEvent) {
      const data = event.data as KpiValueReported;
      const indicator = indicators.get(data.code);
      if (!indicator) return; // an indicator the city has not defined: kept in the store, not shown
      const { definition, periods } = indicator;
      const known = periods.get(data.period);
      // A value without a target keeps the plan already known for that period, else the one the annual plan gives.
      const target =
        data.target ??
        known?.target ??
        derivedTarget(
          data.period,
          definition.annualTarget ?? {},
          (period) => periods.get(period)?.target,
          definition.decimals,
        );
      periods.set(data.period, { value: data.value, target, previous: data.previous ?? known?.previous ?? null });
      indicator.updatedAt = event.time;
      dirty.add(data.code);
    },
    flush,
    tick(now: number, out: TopicWriter) {
      const day = dayKey(now, context.timeZone);
      if (day !== today) {
        today = day;
        for (const code of indicators.keys()) dirty.add(code);
      }
      flush(out);
    },
  };
}
