/**
 * The detail of a citizen-report indicator (`reports.summary`): counted again from the reports
 * themselves (the aggregator's read model), by day or month, so that any period, ward or
 * department can be asked for — the live counters hold only the present. Before the July 2025
 * change a report counts for the old unit its point lay in, rolled up through the crosswalk.
 */
import type { Report } from '../domains/reports/aggregator';
import { deadlineOf } from '../domains/reports/aggregator';
import { isOpen, STATUS_NAMES } from '../domains/reports/lifecycle';
import type { Fixtures } from '../fixtures/fixtures';
import { departmentFor, unitName } from '../units/admin-units';
import type { CompareBasis, DetailAnswer, DetailItem } from '../protocol/detail';
import type { LocalizedText } from '../protocol/topics';
import { boundsOf, comparedPeriod, firstDay, periodOf, periodsEndingWith, type Grain } from './period-grid';
import { crosswalkNote, needsCrosswalk, predecessorsOf } from './crosswalk';
import { comparison, compareLabel } from './compare';

type Metric = 'received' | 'resolved' | 'open' | 'overdue' | 'onTime' | 'satisfaction';

interface FieldSpec {
  metric: Metric;
  grain: Grain;
  title: LocalizedText;
  percent?: true;
  higherIsBetter: boolean;
}

/** The fields of `reports.summary` a leader can open, and how each is counted again. */
const REPORT_FIELDS: Record<string, FieldSpec> = {
  receivedToday: {
    metric: 'received',
    grain: 'day',
    title: { vi: 'Phản ánh tiếp nhận trong ngày', en: 'Reports received in the day' },
    higherIsBetter: true,
  },
  resolvedToday: {
    metric: 'resolved',
    grain: 'day',
    title: { vi: 'Phản ánh đã xử lý trong ngày', en: 'Reports resolved in the day' },
    higherIsBetter: true,
  },
  received: {
    metric: 'received',
    grain: 'month',
    title: { vi: 'Phản ánh tiếp nhận trong tháng', en: 'Reports received in the month' },
    higherIsBetter: true,
  },
  total: {
    metric: 'received',
    grain: 'month',
    title: { vi: 'Phản ánh tiếp nhận trong tháng', en: 'Reports received in the month' },
    higherIsBetter: true,
  },
  open: {
    metric: 'open',
    grain: 'day',
    title: { vi: 'Phản ánh đang xử lý (cuối ngày)', en: 'Reports being handled (end of day)' },
    higherIsBetter: false,
  },
  overdue: {
    metric: 'overdue',
    grain: 'day',
    title: { vi: 'Phản ánh quá hạn (cuối ngày)', en: 'Reports overdue (end of day)' },
    higherIsBetter: false,
  },
  onTimeRate: {
    metric: 'onTime',
    grain: 'month',
    percent: true,
    title: { vi: 'Tỷ lệ xử lý đúng hạn', en: 'Handled on time' },
    higherIsBetter: true,
  },
  satisfactionRate: {
    metric: 'satisfaction',
    grain: 'month',
    percent: true,
    title: { vi: 'Tỷ lệ người dân hài lòng', en: 'Citizens satisfied' },
    higherIsBetter: true,
  },
};

const HISTORY = { day: 14, month: 13 } as const;
const ITEMS_MAX = 50;
const UNLOCATED = 'unlocated';

export interface ReportDetailInput {
  reports: Iterable<Report>;
  fixtures: Pick<Fixtures, 'units' | 'wards' | 'historicalWardAt'>;
  now: number;
  timeZone: string;
  field: string;
  unit: string | null;
  department: string | null;
  compare: CompareBasis;
  internal: boolean;
}

/** When a report stopped being open: handled, or closed another way (merged, not the city's). */
function closedAt(report: Report): number | null {
  if (report.handledAt !== null) return report.handledAt;
  if (isOpen(report.status)) return null;
  return report.history.at(-1)?.at ?? report.createdAt;
}

/** A report's value in a metric over [from, to): a count, or a [numerator, denominator] pair for a rate. */
function measure(reports: readonly Report[], metric: Metric, from: number, to: number, now: number): number | null {
  const end = Math.min(to, now);
  if (metric === 'open' || metric === 'overdue') {
    if (from > now) return null;
    let count = 0;
    for (const report of reports) {
      const closed = closedAt(report);
      const openAtEnd = report.createdAt < end && (closed === null || closed >= end);
      if (openAtEnd && (metric === 'open' || deadlineOf(report) < end)) count++;
    }
    return count;
  }
  if (metric === 'received') return reports.filter((r) => r.createdAt >= from && r.createdAt < to).length;
  const handled = reports.filter((r) => r.handledAt !== null && r.handledAt >= from && r.handledAt < to);
  if (metric === 'resolved') return handled.length;
  if (metric === 'onTime')
    return handled.length === 0 ? null : handled.filter((r) => r.handledAt! <= r.dueAt).length / handled.length;
  const rated = handled.filter((r) => r.rating !== null);
  return rated.length === 0 ? null : rated.filter((r) => r.rating!.satisfied).length / rated.length;
}

/** Which reports a metric's items are over a period: those it counts. */
function itemsOf(reports: readonly Report[], metric: Metric, from: number, to: number, now: number): Report[] {
  const end = Math.min(to, now);
  const chosen = reports.filter((report) => {
    if (metric === 'received') return report.createdAt >= from && report.createdAt < to;
    if (metric === 'open' || metric === 'overdue') {
      const closed = closedAt(report);
      const openAtEnd = report.createdAt < end && (closed === null || closed >= end);
      return openAtEnd && (metric === 'open' || deadlineOf(report) < end);
    }
    return report.handledAt !== null && report.handledAt >= from && report.handledAt < to;
  });
  return chosen.sort((a, b) => b.createdAt - a.createdAt);
}

export function reportDetail(
  input: ReportDetailInput,
): Omit<DetailAnswer, 'topic' | 'audience' | 'exception' | 'historyMissing'> | { unknownField: true } {
  const spec = REPORT_FIELDS[input.field];
  if (!spec) return { unknownField: true };
  const { fixtures, now, timeZone, unit, department } = input;
  const { units } = fixtures;
  const departmentOf = (report: Report): string | null =>
    report.department ?? departmentFor(units.departments, report.category.code)?.id ?? null;
  /** The old unit a report's point lay in, for a period before the change. */
  const oldUnit = new Map<Report, string>();
  const oldUnitOf = (report: Report): string | null => {
    if (report.lat === null || report.lon === null) return null;
    let code = oldUnit.get(report);
    if (code === undefined) oldUnit.set(report, (code = fixtures.historicalWardAt(report.lon, report.lat).code));
    return code;
  };
  const all = [...input.reports].filter((report) => department === null || departmentOf(report) === department);
  /** The reports of the unit as the period's own units drew it: today's ward, or its predecessors then. */
  const inUnit = (period: string, code: string | null = unit): Report[] => {
    if (code === null) return all;
    const day = firstDay(period, spec.grain);
    if (!needsCrosswalk(units, code, day)) return all.filter((report) => report.ward === code);
    const from = new Set(predecessorsOf(units, code, day));
    return all.filter((report) => {
      const old = oldUnitOf(report);
      return old !== null && from.has(old);
    });
  };
  const valueIn = (period: string, code: string | null = unit) => {
    const { from, to } = boundsOf(period, spec.grain, timeZone);
    return measure(inUnit(period, code), spec.metric, from, to, now);
  };

  const period = periodOf(now, spec.grain, timeZone);
  const value = valueIn(period);
  const history = periodsEndingWith(period, spec.grain, HISTORY[spec.grain]).map((p) => ({
    period: p,
    value: valueIn(p),
  }));
  const otherPeriod = comparedPeriod(period, spec.grain, input.compare);
  const crosswalk =
    otherPeriod !== null && unit !== null && needsCrosswalk(units, unit, firstDay(otherPeriod, spec.grain))
      ? crosswalkNote(units, unit, firstDay(otherPeriod, spec.grain))
      : null;
  const compared = otherPeriod === null ? null : valueIn(otherPeriod);

  const { from, to } = boundsOf(period, spec.grain, timeZone);
  const current = inUnit(period);
  const breakdowns: DetailAnswer['breakdowns'] = [];
  if (unit === null)
    breakdowns.push({
      by: 'ward',
      title: { vi: 'Theo phường, xã', en: 'By ward and commune' },
      rows: fixtures.wards.map((ward) => ({
        key: ward.code,
        unit: ward.code,
        name: { vi: ward.fullName, en: ward.nameEn },
        value: measure(
          current.filter((report) => report.ward === ward.code),
          spec.metric,
          from,
          to,
          now,
        ),
      })),
    });
  if (department === null)
    breakdowns.push({
      by: 'department',
      title: { vi: 'Theo đơn vị xử lý', en: 'By department' },
      rows: units.departments
        .map((d) => ({
          key: d.id,
          department: d.id,
          name: { vi: d.name, en: d.nameEn },
          value: measure(
            current.filter((report) => departmentOf(report) === d.id),
            spec.metric,
            from,
            to,
            now,
          ),
        }))
        .filter((row) => row.value !== null && row.value !== 0)
        .sort((a, b) => (b.value ?? 0) - (a.value ?? 0)),
    });

  let items: DetailItem[] | null = null;
  let itemsTotal: number | null = null;
  if (input.internal) {
    const behind = itemsOf(current, spec.metric, from, to, now);
    itemsTotal = behind.length;
    items = behind.slice(0, ITEMS_MAX).map((report) => ({
      id: report.id,
      kind: 'report',
      title: report.title,
      place: report.ward === UNLOCATED ? null : unitName(units.units, report.ward),
      status: STATUS_NAMES[report.status],
      at: report.createdAt,
    }));
  }

  const departmentName = department === null ? null : units.departments.find((d) => d.id === department);
  const scopeParts = [
    unit === null ? null : unitName(units.units, unit),
    departmentName ? { vi: departmentName.name, en: departmentName.nameEn } : null,
  ].filter((part): part is LocalizedText => part !== null);
  return {
    field: input.field,
    unit,
    department,
    title: spec.title,
    scope:
      scopeParts.length === 0
        ? null
        : { vi: scopeParts.map((p) => p.vi).join(' · '), en: scopeParts.map((p) => p.en).join(' · ') },
    measure: spec.percent ? null : { vi: 'phản ánh', en: 'reports' },
    format: spec.percent ? 'percent' : 'number',
    digits: spec.percent ? 1 : 0,
    higherIsBetter: spec.higherIsBetter,
    period,
    running: true,
    value,
    history,
    // Citizen reports have no plan: a rate is judged by the dashboard's thresholds, not a target.
    plan: null,
    compare: {
      basis: input.compare,
      label: compareLabel(input.compare),
      period: otherPeriod,
      value: compared,
      ...comparison(value, input.compare === 'plan' ? null : compared, spec.percent === true),
      crosswalk,
      missing:
        input.compare === 'plan'
          ? { vi: 'Chỉ tiêu này không có kế hoạch', en: 'This indicator has no plan' }
          : compared === null
            ? { vi: 'Không có số liệu kỳ so sánh', en: 'No figure for the compared period' }
            : null,
    },
    breakdowns,
    items,
    itemsTotal,
    source: { vi: 'Phản ánh hiện trường (kho sự kiện)', en: 'Citizen reports (event store)' },
  };
}
