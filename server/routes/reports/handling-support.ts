/**
 * What the report-handling routes share: the report as the people handling it see it (with its
 * SLA clock), the departments and ward names, and `act`, which sends one action through the one
 * ingest path as the person who took it, audits it, and turns a refusal into a 4xx naming the
 * request's own field.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { ReportStatus } from '../../protocol/topics/reports';
import type { IngestService } from '../../ingest/ingest-service';
import { InputError } from '../../ingest/ingest-error';
import type { AccessStore } from '../../access/access-store';
import { actorOf } from '../../access/identity';
import type { IngestEvent } from '../../domains/domain';
import { deadlineOf, isDueSoon, type Report, type ReportsReadModel } from '../../domains/reports/aggregator';
import { departmentFor, type Department } from '../../domains/reports/departments';
import { attributeAnswers } from '../../domains/reports/attributes';
import { handlingRefusal, isOpen, STATUS_NAMES, type HandlingKind } from '../../domains/reports/lifecycle';
import type { DepartmentChoice, HandlingItem } from '../../protocol/reports-handling';
import { errorBody } from '../../http/error-handler';
import type { canActFor, requireScope } from '../../access/scopes';

/** A stored photo as staff read it (full size, signed in): `server/routes/photos/`. */
const staffPhotoUrl = (id: string) => `/api/v1/photos/${id}`;

/** Everything the report-handling routes are given (typed options of each plugin). */
export interface ReportsHandlingOptions {
  ingest: IngestService;
  security: AccessStore;
  reports: () => ReportsReadModel;
  departments: () => readonly Department[];
  /** Ward (and commune) names by code. */
  wardName: (code: string) => string | undefined;
  wardCodes: () => readonly string[];
  canActFor: typeof canActFor;
  requireScope: typeof requireScope;
  now: () => number;
  timeZone: () => string;
}

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

/** A handling action's answer: done, and the report's status now. */
export const Acted = Type.Object({ ok: Type.Boolean(), status: ReportStatus });

export function departmentChoice(department: Department): DepartmentChoice {
  return { id: department.id, name: department.name, nameEn: department.nameEn };
}

/** The SLA clock of a report at `now`, as the inbox shows it. */
function slaOf(report: Report, now: number): HandlingItem['sla'] {
  if (!isOpen(report.status)) return 'done';
  if (now > deadlineOf(report)) return 'overdue';
  return isDueSoon(report, now) ? 'due-soon' : 'ok';
}

export function handlingItem(
  report: Report,
  options: Pick<ReportsHandlingOptions, 'departments' | 'wardName'>,
  now: number,
): HandlingItem {
  const departments = options.departments();
  const department = report.department === null ? undefined : departments.find((d) => d.id === report.department);
  return {
    id: report.id,
    title: report.title,
    description: report.description,
    category: report.category.code,
    categoryName: report.category.name,
    ward: report.ward,
    wardName: options.wardName(report.ward) ?? report.ward,
    status: report.status,
    statusName: STATUS_NAMES[report.status],
    lat: report.lat,
    lon: report.lon,
    address: report.address,
    photoUrl: report.photoUrl,
    photos: report.photos.map(staffPhotoUrl),
    attributes: attributeAnswers(report),
    createdAt: report.createdAt,
    dueAt: deadlineOf(report),
    sla: slaOf(report, now),
    department: report.department,
    departmentName: department?.name ?? report.department,
    suggestedDepartment: departmentFor(departments, report.category.code)?.id ?? null,
    extensionRequest: report.extensionRequest,
    response: report.response && { ...report.response, photos: report.response.photos.map(staffPhotoUrl) },
    publication: report.publication,
    publicTitle: report.publicTitle,
    hidePhoto: report.hidePhoto,
    private: report.private,
  };
}

export function notFound(reply: FastifyReply, id: string) {
  return reply.code(404).send(errorBody(404, `no report ${id}`, `không có phản ánh ${id}`, 'id'));
}

/** `events[0].data.department` → `department`: the refusal names the field of this request's body. */
function ownField(field: string | null): string | null {
  return field === null ? null : field.replace(/^events\[\d+\]\.data\./, '');
}

/**
 * Takes one handling action on a report: the lifecycle first (409 naming `status`), then the
 * ingest path (validated, stored, applied, on the wall), as the signed-in person, then the audit.
 */
export async function act(
  options: Pick<ReportsHandlingOptions, 'ingest' | 'security' | 'reports'>,
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  kind: HandlingKind,
  data: Record<string, unknown>,
): Promise<{ ok: true; status: Report['status'] } | ReturnType<FastifyReply['send']>> {
  const report = options.reports().get(id);
  if (!report) return notFound(reply, id);
  const refusal = handlingRefusal(kind, report.status);
  if (refusal) return reply.code(409).send(errorBody(409, `status: ${refusal.en}`, `status: ${refusal.vi}`, 'status'));
  const actor = actorOf(request.identity);
  const event: IngestEvent = { domain: 'reports', kind, data: { reportId: id, ...data } };
  try {
    await options.ingest.ingest([event], { source: actor, caller: request.identity });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const field = ownField(error.field);
    const en = error.message.replace(/^events\[\d+\]\.data\./, '');
    const vi = error.messageVi.replace(/^events\[\d+\]\.data\./, '');
    return reply.code(error.statusCode).send(errorBody(error.statusCode, en, vi, field));
  }
  options.security.audit({ actor, ip: request.ip }, kind, id, data);
  return { ok: true as const, status: options.reports().get(id)!.status };
}
