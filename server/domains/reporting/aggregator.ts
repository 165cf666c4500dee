/**
 * Periodic reporting: keeps every unit's report per template and period (its state, its figures
 * and its whole history) and publishes who has submitted what and how late (`reporting.status`).
 * Published figures reach the wall's KPIs as `kpi.value` events the routes ingest beside them
 * (see `kpi-link.ts`), so the KPI domain stays the one owner of `kpi.values`.
 */
import { closureSnapshot, refill } from '../snapshot-codec';
import type { Aggregator, DomainContext, StateConflict, StoredEvent, TopicWriter } from '../domain';
import type { LocalizedText, ReportingStatusItem } from '../../protocol/topics';
import type { ReportingTemplate } from '../../../config/schema/reporting';
import { dayKey } from '../calendar';
import { daysLate, dueDate, lastClosedPeriod, templatePeriodProblem } from './periods';
import { figureProblems, valueProblem, type FigureValues } from './figures-check';
import { isReportingKind, move, type LiveState, type ReportingKind } from './lifecycle';
import type { FiguresCorrected, FiguresReturned, FiguresSubmitted, Which } from './schema';
import { unitNameOf } from './unit-names';

/** One step of a report's history, as the history route and the form show it. */
export interface HistoryEntry {
  kind: ReportingKind;
  at: number;
  /** Who did it: the event's source, `user:<name>`. */
  by: string;
  templateVersion: number;
  values?: FigureValues;
  via?: string;
  reason?: string;
  indicator?: string;
  oldValue?: number | null;
  newValue?: number | null;
}

export interface Submission {
  template: string;
  period: string;
  unit: string;
  state: LiveState;
  /** The figures as they stand: the draft, the submitted ones, or the published ones with their corrections. */
  values: FigureValues;
  submittedAt: number | null;
  /** Why it was last returned, while it is. */
  returnedReason: string | null;
  corrections: number;
  history: HistoryEntry[];
  updatedAt: number;
}

export const submissionKey = (template: string, period: string, unit: string) => `${template}|${period}|${unit}`;

/** What the routes read: the reports as they stand. */
export interface ReportingReadModel {
  get(template: string, period: string, unit: string): Submission | undefined;
  all(): IterableIterator<Submission>;
  /** Published figures of every unit of a template for a period. */
  published(template: string, period: string): Map<string, FigureValues>;
  templates(): readonly ReportingTemplate[];
  /** Who has submitted what, as `reporting.status` shows it now. */
  status(): ReportingStatusItem[];
  /** A reporting unit's name, from `config/units.yaml`. */
  unitName(unit: string): LocalizedText;
  /** The city's time zone (config), in which the days and times of reports are read. */
  timeZone(): string;
}

export interface ReportingAggregator extends Aggregator {
  readModel: ReportingReadModel;
}

export function isReportingAggregator(aggregator: Aggregator | undefined): aggregator is ReportingAggregator {
  return (
    aggregator !== undefined &&
    'readModel' in aggregator &&
    (aggregator as ReportingAggregator).readModel?.published !== undefined
  );
}

/** Periods shown per template: the one due now and those before it that have reports. */
const PERIODS_SHOWN = 3;

export function createReportingAggregator(context: DomainContext): ReportingAggregator {
  const templates = () => context.reportingTemplates?.() ?? [];
  const submissions = new Map<string, Submission>();
  let dirty = true;

  const readModel: ReportingReadModel = {
    unitName: (unit) => unitNameOf(context.fixtures.units, unit),
    timeZone: () => context.timeZone,
    get: (template, period, unit) => submissions.get(submissionKey(template, period, unit)),
    all: () => submissions.values(),
    published(template, period) {
      const result = new Map<string, FigureValues>();
      for (const submission of submissions.values()) {
        if (submission.template === template && submission.period === period && submission.state === 'published')
          result.set(submission.unit, submission.values);
      }
      return result;
    },
    templates,
    status: () => statusItems(context.now()),
  };

  /** Why an event cannot apply given the template and the state before it (`states` has this request's earlier moves). */
  function conflict(
    kind: ReportingKind,
    data: Which & Record<string, unknown>,
    states: Map<string, LiveState>,
  ): { field: string; vi: string; en: string } | null {
    const template = templates().find((t) => t.id === data.template);
    if (!template)
      return {
        field: 'template',
        vi: `không có mẫu báo cáo "${data.template}"`,
        en: `no report template "${data.template}"`,
      };
    if (data.templateVersion !== template.templateVersion) {
      return {
        field: 'templateVersion',
        vi: `mẫu "${template.id}" đang ở phiên bản ${template.templateVersion}, số liệu theo phiên bản ${data.templateVersion}: hãy tải lại mẫu`,
        en: `template "${template.id}" is at version ${template.templateVersion}, the figures are for version ${data.templateVersion}: download the template again`,
      };
    }
    if (!template.units.includes(data.unit)) {
      const name = unitNameOf(context.fixtures.units, data.unit);
      return {
        field: 'unit',
        vi: `${name.vi} không báo cáo theo mẫu này`,
        en: `${name.en} does not report on this template`,
      };
    }
    const periodProblem = templatePeriodProblem(template, data.period);
    if (periodProblem) return { field: 'period', ...periodProblem };
    const key = submissionKey(data.template, data.period, data.unit);
    const current = states.has(key) ? states.get(key)! : (submissions.get(key)?.state ?? null);
    const moved = move(current, kind);
    if (!('to' in moved)) return { field: 'kind', ...moved };
    if (kind === 'figures.saved' || kind === 'figures.submitted') {
      const problems = figureProblems(
        template,
        (data as unknown as FiguresSubmitted).values,
        kind === 'figures.submitted',
      );
      const first = problems[0];
      if (first) return { field: `values.${first.indicator}`, vi: first.vi, en: first.en };
    }
    if (kind === 'figures.corrected') {
      const correction = data as unknown as FiguresCorrected;
      const indicator = template.indicators.find((i) => i.id === correction.indicator);
      if (!indicator)
        return {
          field: 'indicator',
          vi: `chỉ tiêu "${correction.indicator}" không có trong mẫu`,
          en: `indicator "${correction.indicator}" is not in the template`,
        };
      const problem = valueProblem(indicator, correction.newValue, true);
      if (problem) return { field: 'newValue', ...problem };
      // Nothing is overwritten silently: a correction names the value it replaces, and it must be the one published.
      const standing = submissions.get(key)?.values[correction.indicator] ?? null;
      if (standing !== correction.oldValue) {
        return {
          field: 'oldValue',
          vi: `giá trị đang công bố là ${standing ?? 'trống'}, không phải ${correction.oldValue ?? 'trống'}`,
          en: `the published value is ${standing ?? 'blank'}, not ${correction.oldValue ?? 'blank'}`,
        };
      }
    }
    states.set(key, moved.to);
    return null;
  }

  function statusItems(now: number): ReportingStatusItem[] {
    const today = dayKey(now, context.timeZone);
    const items: ReportingStatusItem[] = [];
    for (const template of templates()) {
      const periods = new Set([lastClosedPeriod(template, today)]);
      for (const submission of submissions.values())
        if (submission.template === template.id) periods.add(submission.period);
      const shown = [...periods].sort().reverse().slice(0, PERIODS_SHOWN).reverse();
      for (const period of shown) {
        const due = dueDate(template, period);
        for (const unit of template.units) {
          const submission = submissions.get(submissionKey(template.id, period, unit));
          const lateOn = submission?.submittedAt != null ? dayKey(submission.submittedAt, context.timeZone) : today;
          items.push({
            id: submissionKey(template.id, period, unit),
            template: template.id,
            templateTitle: template.title,
            period,
            unit,
            unitName: unitNameOf(context.fixtures.units, unit),
            state: submission?.state ?? 'missing',
            dueDate: due,
            daysLate: daysLate(due, lateOn),
            submittedAt: submission?.submittedAt ?? null,
            corrections: submission?.corrections ?? 0,
            updatedAt: submission?.updatedAt ?? 0,
          });
        }
      }
    }
    return items;
  }

  function flush(out: TopicWriter): void {
    if (!dirty) return;
    dirty = false;
    out.replace('reporting.status', statusItems(context.now()));
  }

  let lastDay = '';
  const snapshot = closureSnapshot(
    1,
    () => ({ submissions, dirty, lastDay }),
    (state) => {
      refill(submissions, state.submissions);
      ({ dirty, lastDay } = state);
    },
  );

  return {
    readModel,
    snapshot,
    check(events): StateConflict | null {
      const states = new Map<string, LiveState>();
      for (const [index, event] of events.entries()) {
        if (!isReportingKind(event.kind)) continue;
        const found = conflict(event.kind, event.data as Which & Record<string, unknown>, states);
        if (found) return { index, ...found };
      }
      return null;
    },
    apply(event: StoredEvent) {
      if (!isReportingKind(event.kind)) return;
      const data = event.data as Which & Record<string, unknown>;
      const key = submissionKey(data.template, data.period, data.unit);
      const existing = submissions.get(key);
      const moved = move(existing?.state ?? null, event.kind);
      // Stored events were checked when they came in; one that no longer fits (a template changed since) is kept in the store, not applied.
      if (!('to' in moved)) return;
      const submission: Submission = existing ?? {
        template: data.template,
        period: data.period,
        unit: data.unit,
        state: moved.to,
        values: {},
        submittedAt: null,
        returnedReason: null,
        corrections: 0,
        history: [],
        updatedAt: event.time,
      };
      const entry: HistoryEntry = {
        kind: event.kind,
        at: event.time,
        by: event.source,
        templateVersion: data.templateVersion,
      };
      switch (event.kind) {
        case 'figures.saved':
        case 'figures.submitted': {
          const { values, via } = data as unknown as FiguresSubmitted;
          submission.values = { ...values };
          entry.values = { ...values };
          if (via) entry.via = via;
          if (event.kind === 'figures.submitted') submission.submittedAt = event.time;
          submission.returnedReason = null;
          break;
        }
        case 'figures.returned':
          submission.returnedReason = entry.reason = (data as unknown as FiguresReturned).reason;
          break;
        case 'figures.corrected': {
          const correction = data as unknown as FiguresCorrected;
          Object.assign(entry, {
            indicator: correction.indicator,
            oldValue: correction.oldValue,
            newValue: correction.newValue,
            reason: correction.reason,
          });
          submission.values = { ...submission.values, [correction.indicator]: correction.newValue };
          submission.corrections++;
          break;
        }
        default:
          break;
      }
      submission.state = moved.to;
      submission.updatedAt = event.time;
      submission.history.push(entry);
      submissions.set(key, submission);
      dirty = true;
    },
    flush,
    tick(now: number, out: TopicWriter) {
      // Lateness counts in days: recompute when the city's day changes.
      const day = dayKey(now, context.timeZone);
      if (day !== lastDay) {
        lastDay = day;
        dirty = true;
      }
      flush(out);
    },
  };
}
