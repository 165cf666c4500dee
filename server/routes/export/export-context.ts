/**
 * What every export route does first: find the dashboard, decide the caller's audience exactly as
 * the screen does, read the topics (live, or at `?at=` through the replay's `topicsAt`) and make
 * the dashboard's tables. A refusal is an answer the route sends as it is.
 */
import type { FastifyInstance } from 'fastify';
import type { Identity } from '../../access/identity';
import type { Dashboard } from '../../../config/schema/dashboard';
import type { LocalizedText, TopicName } from '../../protocol/topics';
import type { WidgetManifest } from '../../../widgets/widget';
import { errorBody, type ErrorBody } from '../../http/error-handler';
import { dashboardTables, exportAudience, momentText, sourceText } from '../../export/dashboard-export';
import type { TopicMoment, TopicsAt } from '../../export/topic-source';
import type { ExportTable } from '../../export/widget-table';

export interface ExportSources {
  live: TopicsAt;
  /** The replay's reading of the past; absent: `?at=` is refused. */
  past?: TopicsAt;
}

export interface DashboardExport {
  dashboard: Dashboard;
  moment: TopicMoment;
  tables: ExportTable[];
  momentText: LocalizedText;
  /** The source topics of the tables, named. */
  source: (topics: readonly string[]) => LocalizedText;
  timeZone: string;
}

export type Refusal = { status: 400 | 404; body: ErrorBody };

/** `?at=`: an ISO date-time, not in the future. */
function parseAt(at: string | undefined, now: number): number | Refusal | null {
  if (at === undefined) return null;
  const ms = Date.parse(at);
  if (!Number.isFinite(ms) || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(at))
    return {
      status: 400,
      body: errorBody(400, 'at: not an ISO 8601 date-time', 'at: không phải thời điểm ISO 8601', 'at'),
    };
  if (ms > now)
    return { status: 400, body: errorBody(400, 'at: a moment in the future', 'at: thời điểm trong tương lai', 'at') };
  return ms;
}

/**
 * The dashboard's export for this caller, or a refusal. A dashboard the caller may not see is "not
 * found" (as `/api/v1/dashboards` does not list it), so an export reveals nothing of it.
 */
export async function loadExport(
  app: FastifyInstance,
  manifests: ReadonlyMap<string, WidgetManifest>,
  sources: ExportSources,
  request: { identity: Identity; dashboardId: string; at: string | undefined },
): Promise<DashboardExport | Refusal> {
  const current = app.config.current();
  const dashboard = current.dashboards.get(request.dashboardId);
  const audience = dashboard ? exportAudience(request.identity, dashboard) : null;
  if (!dashboard || audience === null)
    return {
      status: 404,
      body: errorBody(
        404,
        `no dashboard ${request.dashboardId}`,
        `không có bảng điều hành ${request.dashboardId}`,
        'dashboard',
      ),
    };
  const at = parseAt(request.at, app.now());
  if (at !== null && typeof at === 'object') return at;
  if (at !== null && !sources.past)
    return {
      status: 400,
      body: errorBody(
        400,
        'at: replay of the past is not available on this server',
        'at: máy chủ này chưa xem lại được quá khứ',
        'at',
      ),
    };
  const moment = at === null ? await sources.live(app.now(), audience) : await sources.past!(at, audience);
  const timeZone = current.app.city.timeZone;
  const wards = app.domainContext.fixtures.wards.map((ward) => ({
    code: ward.code,
    name: { vi: ward.fullName, en: ward.nameEn },
  }));
  const tables = dashboardTables(dashboard, manifests, moment, { timeZone, wards });
  const titles = new Map(app.hub.list().map((info) => [info.name, info.title]));
  return {
    dashboard,
    moment,
    tables,
    momentText: momentText(moment.at, timeZone, moment.past),
    source: (topics) => sourceText(topics, (name) => titles.get(name as TopicName)),
    timeZone,
  };
}

export const isRefusal = (value: DashboardExport | Refusal): value is Refusal => 'status' in value && 'body' in value;
