/**
 * The detail of an exception of "Cần chú ý ngay / Needs attention": the indicator behind it (its
 * rule says which topic and field it judged), so that the panel shows that indicator's history,
 * breakdown and plan beside the exception's own facts — the figure, the limit or baseline, since
 * when. An exception whose indicator the detail API does not count again (a gate's queue, read
 * live from a feed) is shown from its own facts, and the panel says that there is no history.
 */
import type { ExceptionRule } from '../../config/schema/exceptions';
import type { ExceptionItem } from '../protocol/topics/exceptions';
import type { DetailAnswer } from '../protocol/detail';
import { compareLabel } from './compare';
import type { CompareBasis } from '../protocol/detail';

export interface IndicatorTarget {
  topic: 'reports.summary' | 'kpi.values';
  field: string;
  unit: string | null;
  department: string | null;
}

/** A daily series' field of `reports.history` and the `reports.summary` indicator that counts the same. */
const DAILY_REPORT_FIELDS: Readonly<Record<string, string>> = {
  received: 'receivedToday',
  resolved: 'resolvedToday',
};

/** The indicator the detail API answers for an exception, or null when it counts none of it again. */
export function indicatorOf(item: ExceptionItem, rules: readonly ExceptionRule[]): IndicatorTarget | null {
  const rule = rules.find((candidate) => candidate.id === item.rule);
  if (!rule) return null;
  if (rule.kind === 'anomaly') {
    const field =
      rule.topic === 'reports.history' && rule.field === 'days' ? DAILY_REPORT_FIELDS[rule.valueField] : undefined;
    return field ? { topic: 'reports.summary', field, unit: null, department: null } : null;
  }
  if (rule.topic === 'kpi.values')
    return rule.item === undefined ? null : { topic: 'kpi.values', field: rule.item, unit: null, department: null };
  if (rule.topic !== 'reports.summary') return null;
  if (rule.each === undefined) return { topic: 'reports.summary', field: rule.field, unit: null, department: null };
  const key = item.unitKey;
  if (key === null) return null;
  if (rule.each === 'byWard') return { topic: 'reports.summary', field: rule.field, unit: key, department: null };
  if (rule.each === 'byDepartment') return { topic: 'reports.summary', field: rule.field, unit: null, department: key };
  return null;
}

const NO_HISTORY = {
  vi: 'Chỉ số này chỉ có số liệu hiện tại, chưa lưu diễn biến',
  en: 'Only the present figure of this indicator is kept, no history',
};

/** The panel's answer from the exception alone, for an indicator the detail API does not count again. */
export function exceptionOnlyDetail(
  item: ExceptionItem,
  rule: ExceptionRule | undefined,
  period: string,
  compare: CompareBasis,
  internal: boolean,
): Omit<DetailAnswer, 'topic' | 'audience'> {
  const againstPlan = item.basis === 'plan';
  return {
    field: item.field,
    unit: null,
    department: null,
    title: item.label,
    scope: item.unit === null ? null : { vi: item.unit, en: item.unit },
    measure: item.measure,
    format: againstPlan ? 'percent' : 'number',
    digits: againstPlan || !Number.isInteger(item.value) ? 1 : 0,
    higherIsBetter: rule?.direction === 'lower-is-bad',
    period,
    running: true,
    value: item.value,
    history: [],
    historyMissing: NO_HISTORY,
    plan: null,
    compare: {
      basis: compare,
      label: compareLabel(compare),
      period: null,
      value: null,
      change: null,
      changeInPoints: false,
      crosswalk: null,
      missing: { vi: 'Không có số liệu kỳ so sánh', en: 'No figure for the compared period' },
    },
    breakdowns: [],
    items: internal ? [] : null,
    itemsTotal: internal ? 0 : null,
    source: { vi: `Chủ đề ${item.topic} (hiện tại)`, en: `Topic ${item.topic} (now)` },
    exception: item,
  };
}
