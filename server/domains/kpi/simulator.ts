/**
 * Simulated KPI reports: fills the months between the fixture history and today from last
 * year's values, then nudges the current month's figures as if departments updated them.
 */
import type { DomainContext, IngestEvent, SimulatorGenerator } from '../domain';
import { dayKey } from '../calendar';
import { loadKpiDefinitions } from './aggregator';
import { samePeriodLastYear } from './standing';

function nextMonth(period: string): string {
  const year = Number(period.slice(0, 4));
  const month = Number(period.slice(5, 7));
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}

export function createKpiSimulator(context: DomainContext, random: () => number): SimulatorGenerator {
  const definitions = loadKpiDefinitions(context);
  const run = Math.floor(random() * 36 ** 6).toString(36);
  const current = new Map<string, { period: string; value: number; target: number | null }>();
  let count = 0;
  let untilNext = 5_000;

  const round = (value: number, decimals: number) => Number(value.toFixed(decimals));
  const report = (code: string, period: string, value: number, target: number | null, at: number, id: string): IngestEvent => ({
    domain: 'kpi', kind: 'kpi.value', id, time: at,
    data: target === null ? { code, period, value } : { code, period, value, target },
  });

  return {
    seed(now) {
      const events: IngestEvent[] = [];
      const thisMonth = dayKey(now, context.timeZone).slice(0, 7);
      for (const definition of definitions) {
        const byPeriod = new Map(definition.history.map((entry) => [entry.period, entry]));
        let period = definition.history[definition.history.length - 1]!.period;
        while (period < thisMonth) {
          period = nextMonth(period);
          const lastYear = byPeriod.get(samePeriodLastYear(period)) ?? definition.history[definition.history.length - 1]!;
          const growth = definition.higherIsBetter ? 1.02 + random() * 0.08 : 0.9 + random() * 0.25;
          const value = round(lastYear.value * growth, definition.decimals);
          const target = lastYear.target === null ? null : round(lastYear.target * 1.05, definition.decimals);
          byPeriod.set(period, { period, value, target });
          events.push(report(definition.code, period, value, target, Math.min(now, now - 60_000), `sim-kpi-seed-${definition.code}-${period}`));
          current.set(definition.code, { period, value, target });
        }
      }
      return events;
    },
    step(now, elapsedMs, rate) {
      untilNext -= elapsedMs * rate;
      if (untilNext > 0) return [];
      untilNext = (20 + random() * 20) * 1000; // one update every 20–40 s at rate 1
      const definition = definitions[Math.floor(random() * definitions.length)]!;
      const last = current.get(definition.code) ?? definition.history[definition.history.length - 1]!;
      const period = dayKey(now, context.timeZone).slice(0, 7);
      // Year-to-date figures only grow; the others drift a little either way.
      const cumulative = definition.code === 'budget-revenue' || definition.code === 'public-investment-disbursement';
      const drift = cumulative ? 1 + random() * 0.004 : 1 + (random() - 0.5) * 0.04;
      const value = round(last.value * drift, definition.decimals);
      current.set(definition.code, { period, value, target: last.target });
      return [report(definition.code, period, value, null, now, `sim-kpi-${run}-${++count}`)];
    },
  };
}
