/**
 * What the entry routes (form, Excel, CSV) do with a unit's report: find the template, period and
 * unit of the URL, check figures against the indicator definitions, and record each action as
 * events through the one ingest path, audited, with the KPI events a publication brings.
 */
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { Problem, type ReportParams, type ReportView } from '../../protocol/entry';
import type { IngestService } from '../../ingest/ingest-service';
import type { AccessStore } from '../../access/access-store';
import { actorOf } from '../../access/identity';
import type { IngestEvent } from '../../domains/domain';
import type { ReportingTemplate } from '../../../config/schema/reporting';
import type { ReportingReadModel } from '../../domains/reporting/aggregator';
import { submissionKey } from '../../domains/reporting/aggregator';
import { InputError } from '../../ingest/ingest-error';
import { templatePeriodProblem, dueDate } from '../../domains/reporting/periods';
import { figureProblems, type FigureProblem, type FigureValues } from '../../domains/reporting/figures-check';
import { kpiEventsFor } from '../../domains/reporting/kpi-link';
import type { ReportingKind } from '../../domains/reporting/lifecycle';

export { HistoryEntrySchema, Problem, ReportParams, ReportView } from '../../protocol/entry';

export interface EntryRouteOptions {
  ingest: IngestService;
  security: AccessStore;
  reporting: () => ReportingReadModel;
}

/** The template, period and unit of a URL, or a 404/400 naming what is wrong. */
export function resolveReport(reporting: ReportingReadModel, params: ReportParams): ReportingTemplate {
  const template = reporting.templates().find((t) => t.id === params.template);
  if (!template)
    throw new InputError({
      field: 'template',
      en: `no report template "${params.template}"`,
      vi: `không có mẫu báo cáo "${params.template}"`,
      statusCode: 404,
    });
  if (!template.units.includes(params.unit)) {
    const name = reporting.unitName(params.unit);
    throw new InputError({
      field: 'unit',
      en: `${name.en} does not report on this template`,
      vi: `${name.vi} không báo cáo theo mẫu này`,
      statusCode: 404,
    });
  }
  const problem = templatePeriodProblem(template, params.period);
  if (problem) throw new InputError({ field: 'period', ...problem });
  return template;
}

export function reportView(
  reporting: ReportingReadModel,
  template: ReportingTemplate,
  period: string,
  unit: string,
): ReportView {
  const submission = reporting.get(template.id, period, unit);
  return {
    template: template.id,
    templateVersion: template.templateVersion,
    templateTitle: template.title,
    period,
    unit,
    unitName: reporting.unitName(unit),
    state: submission?.state ?? 'missing',
    values: submission?.values ?? {},
    returnedReason: submission?.returnedReason ?? null,
    submittedAt: submission?.submittedAt ?? null,
    corrections: submission?.corrections ?? 0,
    dueDate: dueDate(template, period),
    approvedBy: template.approvedBy,
    history: submission?.history ?? [],
    timeZone: reporting.timeZone(),
    indicators: template.indicators.map(({ kpi: _kpi, ...rest }) => rest),
  };
}

/** A refusal listing every problem (form fields, Excel cells, CSV lines); nothing is stored. */
/** The answer to refused figures: every bad figure, cell or line, in Vietnamese and English. */
export const FiguresRefusedBody = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    message: Type.String(),
    messageVi: Type.String(),
    field: Type.Union([Type.String(), Type.Null()]),
    problems: Type.Array(Problem),
  },
  { description: 'Refused: every bad figure, cell or line, in Vietnamese and English; nothing stored' },
);

export class FiguresRefused extends Error {
  constructor(
    readonly problems: Problem[],
    readonly en: string,
    readonly vi: string,
  ) {
    super(en);
  }
}

export function refusedBody(error: FiguresRefused) {
  return {
    statusCode: 400,
    error: 'Bad Request',
    message: error.en,
    messageVi: error.vi,
    field: 'values',
    problems: error.problems,
  };
}

export function checkValues(template: ReportingTemplate, values: FigureValues, complete: boolean): void {
  const problems: FigureProblem[] = figureProblems(template, values, complete);
  if (problems.length > 0) {
    throw new FiguresRefused(
      problems,
      `${problems.length} figure(s) refused: nothing was saved`,
      `${problems.length} số liệu không hợp lệ: chưa lưu gì`,
    );
  }
}

/**
 * Records one action (and, for a publication or correction, the KPI values it changes) in one
 * all-or-nothing ingest, then audits it.
 */
export async function record(
  options: EntryRouteOptions,
  request: FastifyRequest,
  template: ReportingTemplate,
  params: ReportParams,
  kind: ReportingKind,
  extra: Record<string, unknown> = {},
  then: ReportingKind[] = [],
): Promise<void> {
  const which = {
    template: template.id,
    templateVersion: template.templateVersion,
    unit: params.unit,
    period: params.period,
  };
  const events: IngestEvent[] = [kind, ...then].map((k, index) => ({
    domain: 'reporting',
    kind: k,
    data: index === 0 ? { ...which, ...extra } : which,
  }));
  const publishes = kind === 'figures.corrected' || [kind, ...then].includes('figures.published');
  if (publishes) {
    // The unit's figures as they will stand once this is stored, beside the other units' published ones.
    const reporting = options.reporting();
    const published = new Map(reporting.published(template.id, params.period));
    const standing = { ...(reporting.get(template.id, params.period, params.unit)?.values ?? {}) };
    if (kind === 'figures.corrected') standing[extra.indicator as string] = extra.newValue as number | null;
    published.set(params.unit, standing);
    events.push(...kpiEventsFor(template, params.period, published));
  }
  const actor = actorOf(request.identity);
  // The scope was checked by the route's guard: the server records what this person did, in their name.
  await options.ingest.ingest(events, { source: actor, caller: { kind: 'system', name: 'entry' } });
  options.security.audit({ actor, ip: request.ip }, kind, submissionKey(template.id, params.period, params.unit), {
    ...extra,
    then,
  });
}
