/**
 * Assembles the options of the report-handling routes from the app's parts, so that `app.ts`
 * keeps one `register` line per plugin. When `server/access/scopes.ts` and the units config land,
 * this is the one place that swaps the interim scope source and departments for them.
 */
import type { Fixtures } from '../../fixtures/fixtures';
import type { IngestService } from '../../ingest/ingest-service';
import type { AccessStore } from '../../access/access-store';
import { loadDepartments, type ReportsReadModel } from '../../domains/reports/aggregator';
import type { ReportsHandlingOptions } from './handling-support';
import { interimScopes, type UnitScope } from './scope-adapter';

export function reportsHandlingOptions(parts: {
  ingest: IngestService;
  security: AccessStore;
  reports: () => ReportsReadModel;
  fixtures: Fixtures;
  /** Until the scopes store lands: a person's scopes by username (none by default). */
  scopesOf?: (username: string) => readonly UnitScope[];
  now: () => number;
  timeZone: () => string;
}): ReportsHandlingOptions {
  const departments = loadDepartments({ fixtures: parts.fixtures });
  const wardName = (code: string) => parts.fixtures.wardByCode.get(code)?.fullName;
  const unitName = (unit: string) => {
    const department = departments.find((d) => d.id === unit);
    if (department) return { vi: department.name, en: department.nameEn };
    const ward = parts.fixtures.wardByCode.get(unit);
    if (ward) return { vi: ward.fullName, en: ward.nameEn };
    return unit === '' ? { vi: 'phản ánh chưa giao đơn vị nào', en: 'a report not yet assigned' } : { vi: unit, en: unit };
  };
  const { canActFor, requireScope } = interimScopes({ scopesOf: parts.scopesOf ?? (() => []), unitName });
  return {
    ingest: parts.ingest,
    security: parts.security,
    reports: parts.reports,
    departments: () => departments,
    wardName,
    wardCodes: () => parts.fixtures.wards.map((ward) => ward.code),
    canActFor,
    requireScope,
    now: parts.now,
    timeZone: parts.timeZone,
  };
}
