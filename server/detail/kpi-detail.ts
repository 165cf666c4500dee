/**
 * The detail of a socio-economic KPI (`kpi.values`, the field is the KPI's code): its history and
 * plan from the KPI aggregator's published state, its breakdown by ward from the figures the wards
 * entered and published (`reporting` read model, the template indicator that feeds this KPI).
 * A ward's figure of a period before July 2025 is the sum of its predecessors' (crosswalk).
 */
import type { KpiValue, LocalizedText } from '../protocol/topics';
import type { CompareBasis, DetailAnswer } from '../protocol/detail';
import type { ReportingReadModel } from '../domains/reporting/aggregator';
import type { UnitsConfig } from '../units/admin-units';
import { unitName } from '../units/admin-units';
import { periodBounds, samePeriodLastYear } from '../domains/kpi/standing';
import { comparison, compareLabel } from './compare';
import { crosswalkNote, needsCrosswalk, predecessorsOf, sumOf } from './crosswalk';

export interface KpiDetailInput {
  kpis: readonly KpiValue[];
  reporting: ReportingReadModel | null;
  units: Pick<UnitsConfig, 'units' | 'crosswalk'>;
  code: string;
  unit: string | null;
  compare: CompareBasis;
}

const PLAN_BASIS: Record<string, LocalizedText> = {
  year: { vi: 'kế hoạch năm', en: 'annual plan' },
  quarter: { vi: 'kế hoạch quý', en: "quarter's plan" },
  month: { vi: 'kế hoạch tháng', en: "month's plan" },
  day: { vi: 'kế hoạch ngày', en: "day's plan" },
  custom: { vi: 'kế hoạch kỳ', en: "period's plan" },
};

/** The published figure of one unit for a KPI and period, through the template that feeds it. */
function enteredFigures(reporting: ReportingReadModel | null, code: string) {
  if (!reporting) return null;
  for (const template of reporting.templates()) {
    const indicator = template.indicators.find((candidate) => candidate.kpi?.code === code);
    if (indicator)
      return {
        units: template.units,
        valueOf: (period: string, unit: string): number | null =>
          reporting.published(template.id, period).get(unit)?.[indicator.id] ?? null,
      };
  }
  return null;
}

export function kpiDetail(
  input: KpiDetailInput,
):
  | Omit<DetailAnswer, 'topic' | 'audience' | 'items' | 'itemsTotal' | 'exception' | 'historyMissing'>
  | { unknownField: true } {
  const kpi = input.kpis.find((candidate) => candidate.id === input.code);
  if (!kpi) return { unknownField: true };
  const { unit, units } = input;
  const entered = enteredFigures(input.reporting, kpi.id);
  /** A ward's figure for a period, summed over its predecessors for a period before the change. */
  const unitValue = (period: string, code: string): number | null => {
    if (!entered) return null;
    const day = periodBounds(period).from;
    if (!needsCrosswalk(units, code, day)) return entered.valueOf(period, code);
    return sumOf(predecessorsOf(units, code, day), (old) => entered.valueOf(period, old));
  };

  const periods = kpi.historyPeriods;
  const history =
    unit === null
      ? periods.map((period, i) => ({ period, value: kpi.history[i] ?? null }))
      : periods.map((period) => ({ period, value: unitValue(period, unit) }));
  const value = unit === null ? kpi.value : unitValue(kpi.period, unit);
  const index = periods.indexOf(kpi.period);
  const otherPeriod =
    input.compare === 'year'
      ? samePeriodLastYear(kpi.period)
      : input.compare === 'previous'
        ? (periods[index - 1] ?? null)
        : null;
  let compared: number | null = null;
  if (otherPeriod !== null) {
    if (unit !== null) compared = unitValue(otherPeriod, unit);
    else if (input.compare === 'year') compared = kpi.previous;
    else compared = kpi.history[index - 1] ?? null;
  }
  const planValue = unit === null ? (kpi.cumulative ? kpi.annualTarget : kpi.target) : null;
  const plan =
    planValue === null
      ? null
      : {
          value: planValue,
          ratio: value === null || planValue === 0 ? null : value / planValue,
          basis: kpi.cumulative ? PLAN_BASIS.year! : (PLAN_BASIS[kpi.periodKind] ?? PLAN_BASIS.custom!),
        };
  const inPoints = kpi.unit.vi.trim().startsWith('%');
  const crosswalk =
    otherPeriod !== null && unit !== null && needsCrosswalk(units, unit, periodBounds(otherPeriod).from)
      ? crosswalkNote(units, unit, periodBounds(otherPeriod).from)
      : null;
  const againstPlan = input.compare === 'plan';
  const change = againstPlan
    ? { change: plan?.ratio === null || plan === null ? null : plan.ratio - 1, changeInPoints: false }
    : comparison(value, compared, inPoints);

  const breakdowns: DetailAnswer['breakdowns'] = [];
  // Only wards and communes break a figure down: a figure one department enters for the whole
  // city (GRDP, disbursement) is that figure once, and its id is no ward ("phong-tai-chinh-ke-hoach").
  const wards = entered?.units.filter((code) => units.units.some((candidate) => candidate.code === code)) ?? [];
  if (entered && unit === null && wards.length > 0)
    breakdowns.push({
      by: 'ward',
      title: { vi: 'Theo phường, xã (số liệu đã công bố)', en: 'By ward and commune (published figures)' },
      rows: wards.map((code) => ({
        key: code,
        unit: code,
        name: unitName(units.units, code),
        value: entered.valueOf(kpi.period, code),
      })),
    });

  return {
    field: kpi.id,
    unit,
    department: null,
    title: kpi.name,
    scope: unit === null ? null : unitName(units.units, unit),
    measure: kpi.unit,
    format: 'number',
    digits: 1,
    higherIsBetter: kpi.higherIsBetter,
    period: kpi.period,
    running: kpi.running,
    value,
    history,
    plan,
    compare: {
      basis: input.compare,
      label: compareLabel(input.compare),
      period: otherPeriod,
      value: againstPlan ? (plan?.value ?? null) : compared,
      ...change,
      crosswalk,
      missing: (againstPlan ? plan === null : compared === null)
        ? againstPlan
          ? { vi: 'Không có kế hoạch cho kỳ này', en: 'No plan for this period' }
          : { vi: 'Không có số liệu kỳ so sánh', en: 'No figure for the compared period' }
        : null,
    },
    breakdowns,
    source: { vi: `${kpi.organisation} · ${kpi.source}`, en: `${kpi.organisation} · ${kpi.source}` },
  };
}
