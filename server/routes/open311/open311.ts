/**
 * Open311 GeoReport v2 (`/open311/v2/…`), so that existing citizen apps and portals can post and
 * read reports. Posting needs a feed key scoped to `reports` (`api_key`, the same keys as
 * `/api/v1/events`). Reading is public, so it shows only what a public screen may: approved,
 * non-sensitive reports, their approved title, a place rounded to about 100 m, never a contact.
 */
import formbody from '@fastify/formbody';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { InputError } from '../../ingest/ingest-error';
import {
  deadlineOf,
  isPublicReport,
  loadCategories,
  loadDepartments,
  reportsReadModel,
  roundPlace,
  type Report,
} from '../../domains/reports/aggregator';
import { isHandled } from '../../domains/reports/lifecycle';
import { maskPersonalData, publicTextOf } from '../../domains/reports/public-text';
import { errorsXml, open311Time, toXml, type Open311Error, type Open311Format } from './open311-format';
import { ShortCache } from '../../http/short-cache';
import Type from 'typebox';
import { LIST_QUERY, open311Doc, SUBMISSION, UPDATES_QUERY } from './open311-docs';

/** How long a list answer is reused for the same query (it is public; a new report shows this much later). */
const LIST_CACHE_MS = 2000;

/** A serialised answer, ready to send again. */
interface CachedAnswer {
  contentType: string;
  payload: string;
}

const DAY = 86_400_000;
const MAX_RANGE_DAYS = 90;
const DEFAULT_LIMIT = 1000;
const STATUS_LABELS: Record<Report['status'], string> = {
  new: 'Mới tiếp nhận / Received',
  approved: 'Đã duyệt / Approved',
  assigned: 'Đã chuyển xử lý / Assigned',
  in_progress: 'Đang xử lý / In progress',
  resolved: 'Đã xử lý / Resolved',
  rated: 'Đã đánh giá / Rated',
  closed: 'Đã đóng / Closed',
  rejected: 'Từ chối / Rejected',
  duplicate: 'Trùng lặp / Duplicate',
  not_responsible: 'Không thuộc thẩm quyền / Not responsible',
};

function send(
  reply: FastifyReply,
  format: Open311Format,
  status: number,
  root: string,
  item: string | null,
  body: unknown,
) {
  reply.code(status);
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(toXml(root, item, blankNulls(body)));
  return reply.type('application/json; charset=utf-8').send(body);
}

function fail(reply: FastifyReply, format: Open311Format, status: number, description: string) {
  const errors: Open311Error[] = [{ code: status, description }];
  reply.code(status);
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(errorsXml(errors));
  return reply.send(errors);
}

/** XML has no null: an empty element says "not known". */
function blankNulls(value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(blankNulls);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, blankNulls(v)]));
  return value;
}

function formatOf(raw: string): Open311Format | null {
  return raw === 'json' || raw === 'xml' ? raw : null;
}

const isPublic = isPublicReport;

const open311Routes: FastifyPluginAsync = async (app) => {
  const { ingest, access: security, domainContext } = app;
  const { fixtures } = domainContext;
  const categories = loadCategories(domainContext);
  const reports = reportsReadModel(app.runtime)!;
  const timeZone = () => app.config.current().app.city.timeZone;
  /** Submissions per minute per address. */
  const perMinute = app.config.current().app.ingest.open311PerMinute;
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  const byCode = new Map(categories.map((category) => [category.code, category]));
  const departments = new Map(loadDepartments(domainContext).map((department) => [department.id, department]));

  const requestView = (report: Report, extensions: boolean) => {
    const handled = isHandled(report.status) || ['rejected', 'duplicate', 'not_responsible'].includes(report.status);
    const last = report.history[report.history.length - 1]!;
    return {
      service_request_id: report.id,
      status: handled ? 'closed' : 'open',
      // The richer lifecycle state lives here, as GeoReport suggests.
      status_notes: STATUS_LABELS[report.status],
      service_name: report.category.name.vi,
      service_code: report.category.code,
      description: publicTextOf(report).text,
      // The department handling it once dispatched, else the one in charge of the category.
      agency_responsible:
        (report.department === null ? undefined : departments.get(report.department)?.name) ??
        report.category.department.vi,
      service_notice: null,
      requested_datetime: open311Time(report.createdAt, timeZone()),
      updated_datetime: open311Time(last.at, timeZone()),
      expected_datetime: open311Time(deadlineOf(report), timeZone()),
      address: fixtures.wardByCode.get(report.ward)?.fullName ?? null,
      address_id: null,
      zipcode: null,
      lat: roundPlace(report.lat),
      long: roundPlace(report.lon),
      media_url: report.photoUrl && !report.hidePhoto ? report.photoUrl : null,
      ...(extensions
        ? {
            extended_attributes: {
              ward: report.ward,
              status_detail: report.status,
              notes: report.history.map((entry) => ({
                status: entry.status,
                datetime: open311Time(entry.at, timeZone()),
              })),
              // The official response, masked as every public text (the citizens' channel reads it here).
              response: report.response === null ? null : maskPersonalData(report.response.text, 2000).text,
            },
          }
        : {}),
    };
  };

  app.get<{ Params: { format: string } }>(
    '/open311/v2/discovery.:format',
    open311Doc({
      summary: 'GeoReport v2 discovery: where and how to use this endpoint',
      params: {},
      ok: { status: 200, description: 'The discovery document' },
      refusals: [404],
    }),
    async (request, reply) => {
      const format = formatOf(request.params.format);
      if (!format) return fail(reply, 'json', 404, 'format: use .json or .xml');
      const base = `${request.protocol}://${request.headers.host ?? 'localhost'}/open311/v2/`;
      return send(reply, format, 200, 'discovery', null, {
        changeset: '2026-11-28T00:00:00+07:00',
        contact: `${fixtures.units.operatingBody.name} (IOC) — đường dây nóng 1022`,
        key_service: 'Liên hệ IOC để được cấp khóa API / Ask the IOC for an API key',
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: base,
            changeset: '2026-11-28T00:00:00+07:00',
            type: 'production',
            formats: ['application/json', 'text/xml'],
          },
        ],
      });
    },
  );

  app.get<{ Params: { format: string } }>(
    '/open311/v2/services.:format',
    open311Doc({
      summary: 'The services (report categories) a citizen can report',
      params: {},
      ok: { status: 200, description: 'The services' },
      refusals: [404],
    }),
    async (request, reply) => {
      const format = formatOf(request.params.format);
      if (!format) return fail(reply, 'json', 404, 'format: use .json or .xml');
      return send(
        reply,
        format,
        200,
        'services',
        'service',
        categories.map((category) => ({
          service_code: category.code,
          service_name: category.name.vi,
          description: `${category.name.vi} / ${category.name.en} — ${category.department.vi}`,
          metadata: false,
          type: 'realtime',
          keywords: category.name.en.toLowerCase(),
          group: category.department.vi,
        })),
      );
    },
  );

  app.get<{ Params: { code: string; format: string } }>(
    '/open311/v2/services/:code.:format',
    open311Doc({
      summary: 'A service definition (no extra attributes)',
      params: { code: Type.String({ description: 'A service code' }) },
      ok: { status: 200, description: 'The definition' },
      refusals: [404],
    }),
    async (request, reply) => {
      const format = formatOf(request.params.format);
      if (!format) return fail(reply, 'json', 404, 'format: use .json or .xml');
      if (!byCode.has(request.params.code))
        return fail(reply, format, 404, `service_code: no service ${request.params.code}`);
      return send(reply, format, 200, 'service_definition', null, {
        service_code: request.params.code,
        attributes: [],
      });
    },
  );

  // Citizen apps post by hand, not in bulk: a few a second per address is plenty.
  // The key is a form field (`api_key`), as GeoReport v2 has it.
  const submission = open311Doc({
    summary:
      'Submit a citizen report with a feed key scoped to `reports` in `api_key` (public once a moderator approves it)',
    params: {},
    body: SUBMISSION,
    ok: { status: 201, description: 'Received: its `service_request_id`' },
    refusals: [400, 403, 404, 429],
  });
  app.post<{ Params: { format: string }; Body: Record<string, unknown> }>(
    '/open311/v2/requests.:format',
    {
      schema: submission.schema,
      config: { rateLimit: { max: perMinute, timeWindow: 60_000 }, ...submission.config },
    },
    async (request, reply) => {
      const format = formatOf(request.params.format);
      if (!format) return fail(reply, 'json', 404, 'format: use .json or .xml');
      const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
        string,
        unknown
      >;
      const field = (name: string): string | undefined =>
        typeof body[name] === 'string' ? (body[name] as string) : undefined;
      const key = security.apiKey(field('api_key'));
      if (!key) return fail(reply, format, 403, 'api_key: missing or not valid');
      if (!key.scopes.includes('reports')) return fail(reply, format, 403, 'api_key: this key may not post reports');
      const category = byCode.get(field('service_code') ?? '');
      if (!category) return fail(reply, format, 400, `service_code: required, one of ${[...byCode.keys()].join(', ')}`);
      const lat = Number(field('lat'));
      const lon = Number(field('long'));
      if (field('lat') === undefined || field('long') === undefined || !Number.isFinite(lat) || !Number.isFinite(lon)) {
        return fail(reply, format, 400, 'lat, long: required numbers (this city resolves places by coordinates)');
      }
      if (!fixtures.wardAt(lon, lat))
        return fail(
          reply,
          format,
          400,
          `lat, long: outside the wards served (${fixtures.wards.map((ward) => ward.fullName).join(', ')})`,
        );
      const description = (field('description') ?? '').trim();
      if (description.length === 0) return fail(reply, format, 400, 'description: required');
      const id = `o311-${randomUUID()}`;
      const name = [field('first_name'), field('last_name')].filter(Boolean).join(' ');
      const reporter = Object.fromEntries(
        Object.entries({
          name: name || undefined,
          phone: field('phone'),
          email: field('email'),
          deviceId: field('device_id'),
          accountId: field('account_id'),
        }).filter(([, value]) => value !== undefined),
      );
      try {
        await ingest.ingest(
          [
            {
              domain: 'reports',
              kind: 'report.created',
              id: `${id}-created`,
              data: {
                reportId: id,
                category: category.code,
                // GeoReport has no title: the first words of the description stand for it until a moderator edits it.
                title: description.length > 120 ? `${description.slice(0, 117)}…` : description,
                description,
                lat,
                lon,
                ...(field('address_string') ? { address: field('address_string') } : {}),
                ...(field('media_url') ? { photoUrl: field('media_url') } : {}),
                ...(Object.keys(reporter).length > 0 ? { reporter } : {}),
              },
            },
          ],
          { source: `key:${key.name}/open311`, caller: { kind: 'key', key } },
        );
      } catch (error) {
        if (error instanceof InputError) {
          const fieldName = (error.field ?? '').replace('events[0].data.', '').replace('reporter.', '');
          return fail(reply, format, 400, `${fieldName}: ${error.message.split(': ').slice(1).join(': ')}`);
        }
        throw error;
      }
      return send(reply, format, 201, 'service_requests', 'request', [
        {
          service_request_id: id,
          service_notice:
            'Đã tiếp nhận; phản ánh sẽ công khai sau khi được duyệt / Received; it becomes public once approved',
          account_id: field('account_id') ?? null,
        },
      ]);
    },
  );

  // A citizen portal polls this list, and with extensions it is the most expensive public answer:
  // compute it once per query for a short while, whoever asks (it shows public reports only).
  // The key carries the reports' version, so a report rejected or made private leaves the list at
  // once instead of staying in a cached answer.
  const listCache = new ShortCache<CachedAnswer>({ ttlMs: LIST_CACHE_MS, maxEntries: 200, now: app.now });

  app.get<{ Params: { format: string }; Querystring: Record<string, string | undefined> }>(
    '/open311/v2/requests.:format',
    open311Doc({
      summary: 'Public (approved, non-sensitive) reports, newest first; places rounded to about 100 m',
      params: {},
      querystring: LIST_QUERY,
      ok: { status: 200, description: 'The requests' },
      refusals: [400, 404, 429],
    }),
    async (request, reply) => {
      const format = formatOf(request.params.format);
      if (!format) return fail(reply, 'json', 404, 'format: use .json or .xml');
      const query = request.query;
      const cacheKey = `${reports.version()}:${format}?${new URLSearchParams(
        Object.entries(query)
          .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
          .sort(),
      ).toString()}`;
      const cached = listCache.get(cacheKey);
      if (cached) return reply.header('x-ioc-cache', 'hit').type(cached.contentType).send(cached.payload);
      const now = Date.now();
      const parseDate = (name: string): number | null | 'bad' => {
        const raw = query[name];
        if (raw === undefined) return null;
        const ms = Date.parse(raw);
        return Number.isFinite(ms) ? ms : 'bad';
      };
      const start = parseDate('start_date');
      const end = parseDate('end_date');
      if (start === 'bad') return fail(reply, format, 400, 'start_date: must be an ISO 8601 date');
      if (end === 'bad') return fail(reply, format, 400, 'end_date: must be an ISO 8601 date');
      const until = end ?? now;
      const from = start ?? until - MAX_RANGE_DAYS * DAY;
      if (until - from > MAX_RANGE_DAYS * DAY)
        return fail(reply, format, 400, `start_date, end_date: at most ${MAX_RANGE_DAYS} days apart`);
      if (query.status !== undefined && query.status.split(',').some((s) => s !== 'open' && s !== 'closed')) {
        return fail(reply, format, 400, 'status: open or closed');
      }
      const pageSize = query.page_size === undefined ? DEFAULT_LIMIT : Number(query.page_size);
      const page = query.page === undefined ? 1 : Number(query.page);
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > DEFAULT_LIMIT)
        return fail(reply, format, 400, `page_size: 1 to ${DEFAULT_LIMIT}`);
      if (!Number.isInteger(page) || page < 1) return fail(reply, format, 400, 'page: a whole number from 1');
      const ids = query.service_request_id?.split(',');
      const codes = query.service_code?.split(',');
      const statuses = query.status?.split(',');
      const extensions = query.extensions === 'true';

      const matching: ReturnType<typeof requestView>[] = [];
      for (const report of reports.all()) {
        if (!isPublic(report)) continue;
        if (ids && !ids.includes(report.id)) continue;
        if (!ids && (report.createdAt < from || report.createdAt > until)) continue;
        if (codes && !codes.includes(report.category.code)) continue;
        const view = requestView(report, extensions);
        if (statuses && !statuses.includes(view.status)) continue;
        matching.push(view);
      }
      matching.sort((a, b) => (a.requested_datetime < b.requested_datetime ? 1 : -1));
      const body = matching.slice((page - 1) * pageSize, page * pageSize);
      const answer: CachedAnswer =
        format === 'xml'
          ? { contentType: 'text/xml; charset=utf-8', payload: toXml('service_requests', 'request', blankNulls(body)) }
          : { contentType: 'application/json; charset=utf-8', payload: JSON.stringify(body) };
      listCache.set(cacheKey, answer);
      return reply.header('x-ioc-cache', 'miss').type(answer.contentType).send(answer.payload);
    },
  );

  app.get<{ Params: { id: string; format: string } }>(
    '/open311/v2/requests/:id.:format',
    open311Doc({
      summary: 'One public report',
      params: { id: Type.String({ description: 'service_request_id' }) },
      ok: { status: 200, description: 'The request' },
      refusals: [404, 429],
    }),
    async (request, reply) => {
      const format = formatOf(request.params.format);
      if (!format) return fail(reply, 'json', 404, 'format: use .json or .xml');
      const report = reports.get(request.params.id);
      // Unapproved and sensitive reports are answered exactly like unknown ones: no existence leak.
      if (!report || !isPublic(report))
        return fail(reply, format, 404, `service_request_id: no public request ${request.params.id.slice(0, 100)}`);
      return send(reply, format, 200, 'service_requests', 'request', [requestView(report, false)]);
    },
  );

  app.get<{ Params: { token: string; format: string } }>(
    '/open311/v2/tokens/:token.:format',
    open311Doc({
      summary: 'The request id of a token (the same id here)',
      params: { token: Type.String() },
      ok: { status: 200, description: 'The request id' },
      refusals: [404, 429],
    }),
    async (request, reply) => {
      const format = formatOf(request.params.format);
      if (!format) return fail(reply, 'json', 404, 'format: use .json or .xml');
      // Requests get their id at once, so the token is the id itself. A report not (yet) public is
      // answered exactly like an unknown token, without echoing it: nobody learns what exists.
      const report = reports.get(request.params.token);
      if (!report || !isPublic(report))
        return fail(reply, format, 404, 'token: no public request for this token (yet)');
      return send(reply, format, 200, 'service_requests', 'request', [
        { service_request_id: request.params.token, token: request.params.token },
      ]);
    },
  );

  app.get<{ Params: { format: string }; Querystring: Record<string, string | undefined> }>(
    '/open311/v2/servicerequestupdates.:format',
    open311Doc({
      summary: 'Status changes of public reports in a period (at most 90 days)',
      params: {},
      querystring: UPDATES_QUERY,
      ok: { status: 200, description: 'The updates' },
      refusals: [400, 404, 429],
    }),
    async (request, reply) => {
      const format = formatOf(request.params.format);
      if (!format) return fail(reply, 'json', 404, 'format: use .json or .xml');
      const until = request.query.end_date ? Date.parse(request.query.end_date) : Date.now();
      const from = request.query.start_date ? Date.parse(request.query.start_date) : until - DAY;
      if (!Number.isFinite(from) || !Number.isFinite(until))
        return fail(reply, format, 400, 'start_date, end_date: must be ISO 8601 dates');
      if (until - from > MAX_RANGE_DAYS * DAY)
        return fail(reply, format, 400, `start_date, end_date: at most ${MAX_RANGE_DAYS} days apart`);
      const updates: Array<Record<string, unknown>> = [];
      for (const report of reports.all()) {
        if (!isPublic(report)) continue;
        report.history.forEach((entry, index) => {
          if (entry.at < from || entry.at > until) return;
          updates.push({
            update_id: `${report.id}-${index}`,
            service_request_id: report.id,
            status: entry.status,
            updated_datetime: open311Time(entry.at, timeZone()),
            description: STATUS_LABELS[entry.status],
          });
        });
      }
      return send(reply, format, 200, 'service_request_updates', 'request_update', updates.slice(0, DEFAULT_LIMIT));
    },
  );
};

export default open311Routes;
