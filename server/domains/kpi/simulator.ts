/**
 * Simulated KPI reports: fills the periods between the fixture history and today from last
 * year's values, then nudges the current month's figures as if departments updated them (a
 * quarterly release, GRDP, stands as released until the next quarter's).
 */
import type { DomainContext, IngestEvent, SimulatorGenerator } from '../domain';
import { dayKey } from '../calendar';
import { loadKpiDefinitions } from './aggregator';
import { customPeriodContaining, derivedTarget, nextPeriod, samePeriodLastYear } from './standing';
import type { KpiDefinition } from './schema';

/**
 * The period of this indicator that today's figures are reported for: the month, its custom
 * 15th-to-14th month, or, for a quarterly release (GRDP), the last quarter that has ended: the
 * statistics office publishes a quarter after it ends, never a running one.
 */
function currentPeriod(definition: KpiDefinition, today: string): string {
  if (definition.periodKind === 'custom') return customPeriodContaining(today, definition.customStartDay ?? 1);
  if (definition.periodKind === 'quarter') {
    const year = Number(today.slice(0, 4));
    const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3); // the one before today's, 0 = last year's Q4
    return quarter === 0 ? `${year - 1}-Q4` : `${year}-Q${quarter}`;
  }
  return today.slice(0, 7);
}

/** The month before a monthly period in the same year (`2026-12` → `2026-11`), else null. */
function previousMonthOfYear(period: string): string | null {
  if (!/^\d{4}-\d{2}$/.test(period) || period.endsWith('-01')) return null;
  const month = Number(period.slice(5, 7)) - 1;
  return `${period.slice(0, 4)}-${String(month).padStart(2, '0')}`;
}

interface Known {
  value: number;
  target: number | null;
}

export function createKpiSimulator(context: DomainContext, random: () => number): SimulatorGenerator {
  const definitions = loadKpiDefinitions(context);
  const run = Math.floor(random() * 36 ** 6).toString(36);
  /** Every period's figures per indicator, from the fixtures and from what this simulator sent. */
  const known = new Map(
    definitions.map((d) => [
      d.code,
      new Map<string, Known>(d.history.map((h) => [h.period, { value: h.value, target: h.target }])),
    ]),
  );
  let count = 0;
  let untilNext = 5_000;

  const round = (value: number, decimals: number) => Number(value.toFixed(decimals));
  const report = (
    definition: KpiDefinition,
    period: string,
    figures: Known,
    previous: number | null,
    at: number,
    id: string,
  ): IngestEvent => ({
    domain: 'kpi',
    kind: 'kpi.value',
    id,
    time: at,
    source: 'simulator',
    simulated: true,
    data: {
      code: definition.code,
      period,
      value: figures.value,
      ...(figures.target === null ? {} : { target: figures.target }),
      ...(previous === null ? {} : { previous }),
    },
  });

  /**
   * A plausible figure for a month nothing is known of: last year's, grown a little. A year-to-date
   * figure adds last year's growth of that month to this year's month before, so it never falls
   * (its sum restarts in January).
   */
  function estimate(definition: KpiDefinition, period: string): Known {
    const periods = known.get(definition.code)!;
    const lastYear = periods.get(samePeriodLastYear(period)) ?? definition.history[definition.history.length - 1]!;
    const growth = definition.higherIsBetter ? 1.02 + random() * 0.08 : 0.9 + random() * 0.25;
    const target =
      derivedTarget(period, definition.annualTarget, (p) => periods.get(p)?.target, definition.decimals) ??
      (lastYear.target === null ? null : round(lastYear.target * 1.05, definition.decimals));
    const monthBefore = previousMonthOfYear(period);
    const soFar = monthBefore === null ? undefined : periods.get(monthBefore)?.value;
    if (definition.cumulative && monthBefore !== null && soFar !== undefined) {
      const lastYearBefore = periods.get(samePeriodLastYear(monthBefore))?.value ?? 0;
      const added = Math.max(0, lastYear.value - lastYearBefore) * growth;
      return { value: round(soFar + added, definition.decimals), target };
    }
    return { value: round(lastYear.value * growth, definition.decimals), target };
  }

  return {
    seed(now) {
      const events: IngestEvent[] = [];
      const today = dayKey(now, context.timeZone);
      for (const definition of definitions) {
        const periods = known.get(definition.code)!;
        const current = currentPeriod(definition, today);
        let period = definition.history[definition.history.length - 1]!.period;
        while (period < current) {
          period = nextPeriod(period);
          const figures = estimate(definition, period);
          periods.set(period, figures);
          // Reported a minute ago: the seed is history, the live steps come after it.
          events.push(
            report(
              definition,
              period,
              figures,
              periods.get(samePeriodLastYear(period))?.value ?? null,
              now - 60_000,
              `sim-kpi-seed-${definition.code}-${period}`,
            ),
          );
        }
      }
      return events;
    },
    step(now, elapsedMs, rate) {
      untilNext -= elapsedMs * rate;
      if (untilNext > 0) return [];
      untilNext = (20 + random() * 20) * 1000; // one update every 20–40 s at rate 1
      const definition = definitions[Math.floor(random() * definitions.length)]!;
      const periods = known.get(definition.code)!;
      const period = currentPeriod(definition, dayKey(now, context.timeZone));
      // A quarterly figure is released once, when its quarter has ended, and then stands until the
      // next release: it is never nudged in between.
      if (definition.periodKind === 'quarter' && periods.has(period)) return [];
      // A new month starts from an estimate; within a month the figure is revised a little.
      const monthBefore = previousMonthOfYear(period);
      // After a restart this simulator no longer knows what it stored: a year-to-date figure is left
      // alone rather than guessed from last year, which could fall below the stored month before.
      if (!periods.has(period) && definition.cumulative && monthBefore !== null && !periods.has(monthBefore)) return [];
      const base = periods.get(period) ?? estimate(definition, period);
      if (definition.periodKind === 'quarter') {
        periods.set(period, base);
        const previous = periods.get(samePeriodLastYear(period))?.value ?? null;
        return [report(definition, period, base, previous, now, `sim-kpi-${run}-${++count}`)];
      }
      // Year-to-date figures only grow; the others drift a little either way.
      const drift = definition.cumulative ? 1 + random() * 0.004 : 1 + (random() - 0.5) * 0.04;
      const figures = { value: round(base.value * drift, definition.decimals), target: base.target };
      periods.set(period, figures);
      return [
        report(
          definition,
          period,
          figures,
          periods.get(samePeriodLastYear(period))?.value ?? null,
          now,
          `sim-kpi-${run}-${++count}`,
        ),
      ];
    },
  };
}
