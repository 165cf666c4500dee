/**
 * Assembles the options of the report-handling routes from the app's parts, so that `app.ts`
 * keeps one `register` line per plugin. When `server/access/scopes.ts` and the units config land,
 * this is the one place that swaps the interim scope source and departments for them.
 */
import type { Fixtures } from '../../fixtures/fixtures';
import type { IngestService } from '../../ingest/ingest-service';
import type { AccessStore } from '../../access/access-store';
import { loadDepartments, UNLOCATED, type ReportsReadModel } from '../../domains/reports/aggregator';
import type { ReportsHandlingOptions } from './handling-support';
import { canActFor, requireScope } from '../../access/scopes';

export function reportsHandlingOptions(parts: {
  ingest: IngestService;
  security: AccessStore;
  reports: () => ReportsReadModel;
  fixtures: Fixtures;
  now: () => number;
  timeZone: () => string;
}): ReportsHandlingOptions {
  const departments = loadDepartments({ fixtures: parts.fixtures });
  // A report given by its address only sits in the bucket "place not yet known", not in a ward.
  const wardName = (code: string) =>
    code === UNLOCATED.code
      ? `${UNLOCATED.name.vi} / ${UNLOCATED.name.en}`
      : parts.fixtures.wardByCode.get(code)?.fullName;
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
