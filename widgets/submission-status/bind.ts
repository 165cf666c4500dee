/** From `reporting.status` to what the widget draws: per template, the latest period, its counts and its units, latest first. */
import type { Meaning } from '../meaning';
import type { LocalizedText, ReportingStatusItem, SubmissionState } from '../../server/protocol/topics';
import type { TopicData } from '../widget';
import type { SubmissionStatusOptions } from './options';

export interface StatusRow {
  id: string;
  unitName: LocalizedText;
  state: SubmissionState;
  daysLate: number;
}

export interface TemplateStatus {
  template: string;
  title: LocalizedText;
  period: string;
  dueDate: string;
  total: number;
  /** Submitted, approved or published. */
  submitted: number;
  /** Approved or published. */
  approved: number;
  /** Not submitted (missing, draft, returned) and past the due date. */
  late: number;
  rows: StatusRow[];
}

const IN = new Set<SubmissionState>(['submitted', 'approved', 'published']);

export function bindSubmissionStatus(
  data: TopicData,
  options: SubmissionStatusOptions,
): { templates: TemplateStatus[] } | null {
  const items = data['reporting.status'];
  if (!items) return null;
  const byTemplate = new Map<string, ReportingStatusItem[]>();
  for (const item of items) {
    if (options.template && item.template !== options.template) continue;
    byTemplate.set(item.template, [...(byTemplate.get(item.template) ?? []), item]);
  }
  const templates = [...byTemplate.values()].map((list): TemplateStatus => {
    // The period due now is the latest one the topic lists (earlier ones stay for those still missing).
    const period = list
      .map((item) => item.period)
      .sort()
      .at(-1)!;
    const current = list.filter((item) => item.period === period);
    const rank = (item: ReportingStatusItem) => (IN.has(item.state) ? 1 : 0);
    const rows = [...current]
      .sort((a, b) => rank(a) - rank(b) || b.daysLate - a.daysLate || a.unitName.vi.localeCompare(b.unitName.vi, 'vi'))
      .slice(0, options.rows)
      .map((item) => ({ id: item.id, unitName: item.unitName, state: item.state, daysLate: item.daysLate }));
    return {
      template: current[0]!.template,
      title: current[0]!.templateTitle,
      period,
      dueDate: current[0]!.dueDate,
      total: current.length,
      submitted: current.filter((item) => IN.has(item.state)).length,
      approved: current.filter((item) => item.state === 'approved' || item.state === 'published').length,
      late: current.filter((item) => !IN.has(item.state) && item.daysLate > 0).length,
      rows,
    };
  });
  return { templates };
}

/**
 * A unit's line in the palette of meanings: approved or published is met; past its due date and
 * not handed in is an alarm (the period's rule is the deadline); anything else is not judged yet.
 */
export function submissionMeaning(state: string, daysLate: number): Meaning {
  if (state === 'approved' || state === 'published') return 'met';
  if (daysLate > 0 && state !== 'submitted') return 'alarm';
  return 'neutral';
}
