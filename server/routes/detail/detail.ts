/**
 * `GET /api/v1/detail`: what the `/view` detail panel shows for what a leader selected — history,
 * breakdown, the items behind the number, the plan, and a comparison. Access: anybody, decided in
 * the handler exactly as `GET /api/v1/topics/:name` decides: an internal topic needs a person whose
 * role reads internal topics (or a screen showing it); a public topic answers anybody, and then
 * with public data only (no items). A public dashboard's panel (`dashboard=`) gets public data
 * only, whoever asks.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errorBody } from '../../http/error-handler';
import { can, type Identity } from '../../access/identity';
import { refuseAnonymous } from '../../http/auth-plugin';
import { errors, READ_BY_ANYONE } from '../../http/route-docs';
import { DetailAnswer, DetailQuery } from '../../protocol/detail';
import type { KpiValue } from '../../protocol/topics';
import { reportsReadModel } from '../../domains/reports/aggregator';
import { isReportingAggregator } from '../../domains/reporting/aggregator';
import { currentUnits } from '../../units/admin-units';
import { reportDetail } from '../../detail/report-detail';
import { kpiDetail } from '../../detail/kpi-detail';

/** The topics a panel can open, and the answer's audience rule. */
const DETAIL_TOPICS = ['reports.summary', 'kpi.values'] as const;

const detail: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { hub, screens, runtime } = app;

  /** May this identity read an internal topic? A person by role; a screen only its own topics. */
  const mayReadInternal = (identity: Identity, topic: string): boolean => {
    if (can(identity, 'topics.internal')) return true;
    if (identity.kind !== 'screen') return false;
    const screen = screens.get(identity.screenId);
    return screen?.audience === 'internal' && screens.topicsOf(screen.id).has(topic);
  };

  app.get(
    '/api/v1/detail',
    {
      schema: {
        summary:
          "A selected indicator's history, breakdown, items and plan, compared with last year, the previous period or the plan",
        tags: ['topics'],
        security: READ_BY_ANYONE,
        querystring: DetailQuery,
        response: { 200: DetailAnswer, ...errors(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const bad = (field: string, en: string, vi: string) => reply.code(400).send(errorBody(400, en, vi, field));
      const topic = query.topic;
      if (!(DETAIL_TOPICS as readonly string[]).includes(topic) || !hub.has(topic))
        return bad('topic', `no detail for topic ${topic}`, `không có chi tiết cho chủ đề ${topic}`);
      const config = app.config.current();
      let publicPage = false;
      if (query.dashboard !== undefined) {
        const dashboard = config.dashboards.get(query.dashboard);
        if (!dashboard) return bad('dashboard', `no dashboard ${query.dashboard}`, `không có bảng ${query.dashboard}`);
        publicPage = dashboard.audience === 'public';
      }
      const definition = hub.definition(topic)!;
      const internal = !publicPage && mayReadInternal(request.identity, topic);
      if (definition.audience !== 'public' && !internal) {
        if (request.identity.kind === 'anonymous') return refuseAnonymous(reply);
        return reply
          .code(403)
          .send(errorBody(403, `topic ${topic} is internal only`, `chủ đề ${topic} chỉ dành cho nội bộ`, 'topic'));
      }
      const now = app.now();
      const { timeZone } = app.domainContext;
      const { units } = config;
      const unit = query.unit ?? null;
      if (unit !== null && !currentUnits(units.units, now, timeZone).some((candidate) => candidate.code === unit))
        return bad('unit', `no administrative unit ${unit} today`, `không có đơn vị hành chính ${unit} hiện nay`);
      const department = query.department ?? null;
      if (department !== null && !units.departments.some((candidate) => candidate.id === department))
        return bad('department', `no department ${department}`, `không có phòng ban ${department}`);
      const compare = query.compare ?? 'year';
      const audience: 'internal' | 'public' = internal ? 'internal' : 'public';

      if (topic === 'reports.summary') {
        const reports = reportsReadModel(runtime);
        if (!reports) return bad('topic', `no detail for topic ${topic}`, `không có chi tiết cho chủ đề ${topic}`);
        const answer = reportDetail({
          reports: reports.all(),
          fixtures: app.domainContext.fixtures,
          now,
          timeZone,
          field: query.field,
          unit,
          department,
          compare,
          internal,
        });
        if ('unknownField' in answer)
          return bad(
            'field',
            `reports.summary has no indicator ${query.field}`,
            `reports.summary không có chỉ tiêu ${query.field}`,
          );
        return { ...answer, topic, audience };
      }

      if (department !== null)
        return bad('department', 'a KPI is not broken down by department', 'chỉ tiêu KT-XH không chia theo phòng ban');
      const reporting = runtime.aggregator('reporting');
      const answer = kpiDetail({
        kpis: (hub.snapshot(topic).data as KpiValue[] | null) ?? [],
        reporting: isReportingAggregator(reporting) ? reporting.readModel : null,
        units,
        code: query.field,
        unit,
        compare,
      });
      if ('unknownField' in answer)
        return bad(
          'field',
          `kpi.values has no indicator ${query.field}`,
          `kpi.values không có chỉ tiêu ${query.field}`,
        );
      // A KPI has no items behind it: it is a figure reported by a department.
      return { ...answer, topic, audience, items: internal ? [] : null, itemsTotal: internal ? 0 : null };
    },
  );
};

export default detail;
