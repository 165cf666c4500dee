/**
 * Citizen reports: one report in full (`console.use`), moderation (`reports.moderate`), and
 * handling — dispatch, departments' inboxes, ward field notes (scoped to units, `server/access/scopes.ts`). Each file says its access once, at its top. Without the reports domain
 * (a test's own list of domains) there is nothing to serve.
 */
import type { FastifyPluginAsync } from 'fastify';
import { reportsReadModel } from '../../domains/reports/aggregator';
import detail from './detail';
import moderation from './moderation';
import dispatch from './dispatch';
import inbox from './inbox';
import moderationQueue from './moderation-queue';
import { reportsHandlingOptions } from './handling-options';
import { PgModerationHolds, SqliteModerationHolds } from './moderation-holds';

const reportsArea: FastifyPluginAsync<{ moderationUndoMs?: number }> = async (app, { moderationUndoMs }) => {
  const reports = reportsReadModel(app.runtime);
  if (!reports) return;
  await app.register(detail);
  await app.register(moderation);
  // Dispatch, the departments' inboxes and the moderation queue: each route names the unit it acts for.
  const handling = reportsHandlingOptions({
    ingest: app.ingest,
    security: app.access,
    reports: () => reports,
    fixtures: app.domainContext.fixtures,
    now: app.now,
    timeZone: () => app.config.current().app.city.timeZone,
  });
  await app.register(dispatch, handling);
  await app.register(inbox, handling);
  await app.register(moderationQueue, {
    ...handling,
    undoWindowMs: moderationUndoMs ?? 10_000,
    // Several processes: one set of holds, stored by the one that aggregates (its reports are current).
    holds: app.shared ? new PgModerationHolds(app.shared.pool) : new SqliteModerationHolds(app.db),
    commits: () => app.scaleout?.aggregating() ?? true,
  });
};

export default reportsArea;
