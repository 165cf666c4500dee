/**
 * `GET /api/v1/detail`: what the `/view` detail panel shows for what a leader selected — history,
 * breakdown, the items behind the number, the plan, and a comparison. Access: anybody, decided in
 * the handler exactly as `GET /api/v1/topics/:name` decides: an internal topic needs a person whose
 * role reads internal topics (or a screen showing it); a public topic answers anybody, and then
 * with public data only (no items). A public dashboard's panel (`dashboard=`) gets public data
 * only, whoever asks. Besides an indicator: a row of a ranking's Breakdown (`row=`), and an
 * exception of "Needs attention" (`topic=exceptions.now&exception=<id>`) with the indicator behind it.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errorBody } from '../../http/error-handler';
import { can, type Identity } from '../../access/identity';
import { refuseAnonymous } from '../../http/auth-plugin';
import { errors, READ_BY_ANYONE } from '../../http/route-docs';
import { DetailAnswer, DetailQuery, type CompareBasis } from '../../protocol/detail';
import type { KpiValue } from '../../protocol/topics';
import type { ExceptionList } from '../../protocol/topics/exceptions';
import { reportsReadModel } from '../../domains/reports/aggregator';
import { isReportingAggregator } from '../../domains/reporting/aggregator';
import { currentUnits } from '../../units/admin-units';
import type { Department } from '../../../config/schema/units';
import { reportDetail } from '../../detail/report-detail';
import { kpiDetail } from '../../detail/kpi-detail';
import { breakdownDetail } from '../../detail/breakdown-detail';
import { exceptionOnlyDetail, indicatorOf, type IndicatorTarget } from '../../detail/exception-detail';
import { dayKey } from '../../domains/calendar';
import { readPath } from '../../exceptions/read-field';
import { isBreakdown } from '../../../widgets/shapes';

/** The indicators a panel counts again (any topic's ranking row and an exception open too). */
const DETAIL_TOPICS = ['reports.summary', 'kpi.values'] as const;
const EXCEPTIONS_TOPIC = 'exceptions.now';

/**
 * A department's id from its id or its Vietnamese name (`reports.summary` keys its department rows
 * by name); undefined when there is no such department.
 */
function departmentId(departments: readonly Department[], key: string): string | undefined {
  return departments.find((candidate) => candidate.id === key || candidate.name === key)?.id;
}

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

  /** An indicator the panel counts again: citizen reports from their read model, a KPI from its topic. */
  const indicatorDetail = (
    target: IndicatorTarget & { compare: CompareBasis; internal: boolean; now: number; timeZone: string },
  ) => {
    const { units } = app.config.current();
    if (target.topic === 'reports.summary') {
      const reports = reportsReadModel(runtime);
      if (!reports) return null;
      return reportDetail({
        reports: reports.all(),
        fixtures: app.domainContext.fixtures,
        now: target.now,
        timeZone: target.timeZone,
        field: target.field,
        unit: target.unit,
        department: target.department,
        compare: target.compare,
        internal: target.internal,
      });
    }
    const reporting = runtime.aggregator('reporting');
    const answer = kpiDetail({
      kpis: (hub.snapshot('kpi.values').data as KpiValue[] | null) ?? [],
      reporting: isReportingAggregator(reporting) ? reporting.readModel : null,
      units,
      code: target.field,
      unit: target.unit,
      compare: target.compare,
    });
    if ('unknownField' in answer) return answer;
    // A KPI has no items behind it: it is a figure reported by a department.
    return { ...answer, items: target.internal ? [] : null, itemsTotal: target.internal ? 0 : null };
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
        response: { 200: DetailAnswer, ...errors(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const bad = (field: string, en: string, vi: string) => reply.code(400).send(errorBody(400, en, vi, field));
      const topic = query.topic;
      if (!hub.has(topic)) return bad('topic', `no detail for topic ${topic}`, `không có chi tiết cho chủ đề ${topic}`);
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
      const compare = query.compare ?? 'year';
      const audience: 'internal' | 'public' = internal ? 'internal' : 'public';
      const today = dayKey(now, timeZone);

      if (topic === EXCEPTIONS_TOPIC) {
        if (query.exception === undefined)
          return bad('exception', 'name the exception (its id)', 'hãy nêu mục cần chú ý (mã của nó)');
        const list = hub.snapshot(EXCEPTIONS_TOPIC).data as ExceptionList | null;
        const item = list?.items.find((candidate) => candidate.id === query.exception);
        if (!item)
          return reply
            .code(404)
            .send(
              errorBody(
                404,
                `exception ${query.exception} no longer needs attention`,
                `mục ${query.exception} không còn cần chú ý`,
                'exception',
              ),
            );
        const rule = config.exceptions.find((candidate) => candidate.id === item.rule);
        const indicator = indicatorOf(item, config.exceptions);
        const department = indicator?.department ? departmentId(units.departments, indicator.department) : null;
        const behind =
          indicator && department !== undefined
            ? indicatorDetail({ ...indicator, department, compare, internal, now, timeZone })
            : null;
        if (behind !== null && !('unknownField' in behind))
          return { ...behind, topic: indicator!.topic, audience, exception: item, historyMissing: null };
        return { ...exceptionOnlyDetail(item, rule, today, compare, internal), topic: item.topic, audience };
      }

      if (query.row !== undefined) {
        const breakdown = readPath(hub.snapshot(topic).data, query.field);
        if (!isBreakdown(breakdown))
          return bad(
            'field',
            `${topic} has no ranking at ${query.field}`,
            `${topic} không có bảng xếp hạng tại ${query.field}`,
          );
        const answer = breakdownDetail({
          breakdown,
          field: query.field,
          row: query.row,
          title: definition.title,
          period: today,
          compare,
          internal,
          topic,
        });
        if ('unknownRow' in answer)
          return bad(
            'row',
            `${topic} ${query.field} has no row ${query.row}`,
            `${topic} ${query.field} không có dòng ${query.row}`,
          );
        return { ...answer, topic, audience };
      }

      if (!(DETAIL_TOPICS as readonly string[]).includes(topic))
        return bad('topic', `no detail for topic ${topic}`, `không có chi tiết cho chủ đề ${topic}`);
      const unit = query.unit ?? null;
      if (unit !== null && !currentUnits(units.units, now, timeZone).some((candidate) => candidate.code === unit))
        return bad('unit', `no administrative unit ${unit} today`, `không có đơn vị hành chính ${unit} hiện nay`);
      const department = query.department === undefined ? null : departmentId(units.departments, query.department);
      if (department === undefined)
        return bad('department', `no department ${query.department}`, `không có phòng ban ${query.department}`);
      if (topic === 'kpi.values' && department !== null)
        return bad('department', 'a KPI is not broken down by department', 'chỉ tiêu KT-XH không chia theo phòng ban');
      const answer = indicatorDetail({
        topic: topic as IndicatorTarget['topic'],
        field: query.field,
        unit,
        department,
        compare,
        internal,
        now,
        timeZone,
      });
      if (answer === null) return bad('topic', `no detail for topic ${topic}`, `không có chi tiết cho chủ đề ${topic}`);
      if ('unknownField' in answer)
        return bad('field', `${topic} has no indicator ${query.field}`, `${topic} không có chỉ tiêu ${query.field}`);
      return { ...answer, topic, audience, exception: null, historyMissing: null };
    },
  );
};

export default detail;
