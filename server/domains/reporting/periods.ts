/** The calendar of a report template: which period a date closes, when it is due, how late. */
import type { ReportingTemplate } from '../../../config/schema/reporting';
import { customPeriodContaining, periodBounds, periodKindOf, periodProblem } from '../kpi/standing';
import { addDays } from '../calendar';

const pad = (n: number) => String(n).padStart(2, '0');

/** Why `period` is not a period of this template (null when it is). Both languages. */
export function templatePeriodProblem(template: ReportingTemplate, period: string): { vi: string; en: string } | null {
  const wrong = {
    vi: `kỳ "${period}" không phải kỳ ${KIND_VI[template.period]} của mẫu này`,
    en: `"${period}" is not a ${template.period} period of this template`,
  };
  if (!/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$|^\d{4}-\d{2}-\d{2}\/\d{4}-\d{2}-\d{2}$/.test(period)) return wrong;
  if (periodKindOf(period) !== template.period || periodProblem(period) !== null) return wrong;
  if (template.period === 'custom') {
    const from = periodBounds(period).from;
    if (customPeriodContaining(from, template.customStartDay ?? 1) !== period) return wrong;
  }
  return null;
}

const KIND_VI: Record<ReportingTemplate['period'], string> = {
  month: 'tháng',
  quarter: 'quý',
  year: 'năm',
  custom: 'tùy chỉnh',
};

/** The day the figures of a period are due: `dueDay` of the month after the period ends. */
export function dueDate(template: ReportingTemplate, period: string): string {
  const to = periodBounds(period).to;
  const year = Number(to.slice(0, 4));
  const month = Number(to.slice(5, 7));
  const [y, m] = month === 12 ? [year + 1, 1] : [year, month + 1];
  return `${y}-${pad(m)}-${pad(template.dueDay)}`;
}

/** The latest period that has ended on `today` (the one a unit should be reporting now). */
export function lastClosedPeriod(template: ReportingTemplate, today: string): string {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  switch (template.period) {
    case 'month':
      return month === 1 ? `${year - 1}-12` : `${year}-${pad(month - 1)}`;
    case 'quarter': {
      const quarter = Math.ceil(month / 3);
      return quarter === 1 ? `${year - 1}-Q4` : `${year}-Q${quarter - 1}`;
    }
    case 'year':
      return String(year - 1);
    case 'custom': {
      const current = customPeriodContaining(today, template.customStartDay ?? 1);
      return customPeriodContaining(addDays(periodBounds(current).from, -1), template.customStartDay ?? 1);
    }
  }
}

/** Whole days from `due` to `day` (both YYYY-MM-DD), 0 when `day` is not after `due`. */
export function daysLate(due: string, day: string): number {
  const ms = (date: string) =>
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return Math.max(0, Math.round((ms(day) - ms(due)) / 86_400_000));
}
