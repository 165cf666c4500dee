/**
 * Open311 GeoReport v2 (`/open311/v2/…`), so that existing citizen apps and portals can post and
 * read reports. Posting needs a feed key scoped to `reports` (`api_key`, the same keys as
 * `/api/v1/events`). Reading is public and open to pages of any origin (CORS), so it shows only
 * what a public screen may (see `open311-views.ts`). Every answer under `/open311/`, refusals of
 * the framework included (404, 413, 415, 429, 503), is in Open311's error format and in the
 * format the URL asks for. Registered under the prefix `/open311` (its own 404 handler).
 */
import formbody from '@fastify/formbody';
import type { FastifyError, FastifyPluginAsync, FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { InputError } from '../../ingest/ingest-error';
import {
  isPublicReport,
  loadCategories,
  loadDepartments,
  reportsReadModel,
  type Report,
} from '../../domains/reports/aggregator';
import { reportFinder } from '../../domains/reports/settled-reports';
import { checkAttributes } from '../../domains/reports/attributes';
import type { ReportCategory } from '../../domains/reports/schema';
import {
  errorsXml,
  formatOfUrl,
  parseOpen311Date,
  toXml,
  type Open311Error,
  type Open311Format,
} from './open311-format';
import { ShortCache } from '../../http/short-cache';
import Type from 'typebox';
import { LIST_QUERY, open311Doc, SUBMISSION, UPDATES_QUERY } from './open311-docs';
import { requestView, updatesOf, type ViewContext } from './open311-views';

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
const DESCRIPTION_MAX = 4000;
const TITLE_MAX = 120;
const CHANGESET = '2026-12-04T00:00:00+07:00';
const WRONG_FORMAT = 'format: dùng .json hoặc .xml / use .json or .xml';
/** Ids of the requests posted here: a random UUID after it, so knowing one means having posted it. */
const OWN_ID_PREFIX = 'o311-';

/**
 * Whether a report may be answered by its id. A public one, always. One not (yet) public only
 * when it was posted through Open311: its id is an unguessable capability handed to the client
 * that posted it, which must be able to follow it at once (a realtime service). Reports of other
 * channels that are not public are answered exactly like unknown ids: nobody learns what exists.
 */
const followable = (report: Report) => isPublicReport(report) || report.id.startsWith(OWN_ID_PREFIX);

function send(
  reply: FastifyReply,
  format: Open311Format,
  status: number,
  root: string,
  item: string | null,
  body: unknown,
) {
  reply.code(status);
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(toXml(root, item, body));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(body));
}

function fail(reply: FastifyReply, format: Open311Format, status: number, description: string) {
  const errors: Open311Error[] = [{ code: status, description }];
  reply.code(status);
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(errorsXml(errors));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(errors));
}

function formatOf(raw: string): Open311Format | null {
  return raw === 'json' || raw === 'xml' ? raw : null;
}

/** An optional parameter: an empty one is as if not given (`service_code=` means every service). */
function given(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value.trim() === '' ? undefined : value;
}

/** What the framework's refusals mean to an Open311 client, in both languages. */
function describeFrameworkError(error: FastifyError, status: number): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'body: quá lớn / too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'content-type: dùng application/x-www-form-urlencoded (hoặc application/json) / use application/x-www-form-urlencoded (or application/json)';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'body: JSON không hợp lệ / not valid JSON';
    default:
      break;
  }
  if (status === 429) return 'Quá nhiều yêu cầu, vui lòng thử lại sau / Too many requests, retry later';
  if (status === 503) return 'Hệ thống đang quá tải, vui lòng thử lại sau / Overloaded, retry later';
  if (status >= 500) return 'Lỗi hệ thống / Internal error';
  return error.message;
}

/** The fields of a form or JSON body as lists of strings (a repeated field, `a[]`, has several). */
function fieldsOf(body: unknown): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fields;
  for (const [name, value] of Object.entries(body)) {
    const values = (Array.isArray(value) ? value : [value]).filter(
      (entry): entry is string => typeof entry === 'string',
    );
    if (values.length > 0) fields.set(name, values);
  }
  return fields;
}

/** `attribute[code]=v` and `attribute[code][]=v` (a multivaluelist), as the spec writes them. */
function attributesOf(fields: ReadonlyMap<string, string[]>): Map<string, string[]> {
  const answers = new Map<string, string[]>();
  for (const [name, values] of fields) {
    const match = /^attribute\[([^\]]{1,64})\](\[\])?$/.exec(name);
    if (!match) continue;
    answers.set(match[1]!, [...(answers.get(match[1]!) ?? []), ...values]);
  }
  return answers;
}

/** A service definition: the category's questions as GeoReport attributes. */
function definitionOf(category: ReportCategory) {
  return {
    service_code: category.code,
    attributes: (category.attributes ?? []).map((attribute, index) => ({
      variable: true,
      code: attribute.code,
      datatype: attribute.datatype,
      required: attribute.required,
      datatype_description: attribute.values ? 'Chọn trong danh sách / Pick from the list' : '',
      order: index + 1,
      description: `${attribute.description.vi} / ${attribute.description.en}`,
      values: (attribute.values ?? []).map((value) => ({
        key: value.key,
        name: `${value.name.vi} / ${value.name.en}`,
      })),
    })),
  };
}

const open311Routes: FastifyPluginAsync = async (app) => {
  const { ingest, access: security, domainContext } = app;
  const { fixtures } = domainContext;
  const categories = loadCategories(domainContext);
  const reports = reportsReadModel(app.runtime)!;
  // A request by id answers for a settled report too (folded from the store); the lists read the held ones.
  const finder = reportFinder(reports, app.wholeLog);
  /** Submissions per minute per address. */
  const perMinute = app.config.current().app.ingest.open311PerMinute;
  const byCode = new Map(categories.map((category) => [category.code, category]));
  const departments = new Map(loadDepartments(domainContext).map((department) => [department.id, department]));
  const viewContext = (): ViewContext => ({
    timeZone: app.config.current().app.city.timeZone,
    wardName: (code) => fixtures.wardByCode.get(code)?.fullName ?? null,
    departmentName: (id) => departments.get(id)?.name,
  });

  // Every refusal under /open311/ in Open311's format, in the format the URL asks for: a client
  // parses `<errors>` whatever went wrong (the API's own error body would crash it).
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status =
      typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600
        ? error.statusCode
        : 500;
    if (status >= 500 && status !== 503) request.log.error({ err: error }, 'open311 request failed');
    if (status === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', '5');
    return fail(reply, formatOfUrl(request.url), status, describeFrameworkError(error, status));
  });
  app.setNotFoundHandler((request, reply) =>
    fail(
      reply,
      formatOfUrl(request.url),
      404,
      `${request.method} ${request.url.split('?')[0]!.slice(0, 200)}: không có / no such resource (GeoReport v2: /open311/v2/discovery.xml)`,
    ),
  );
  // Public reads may be used by a page of any origin (a citizen portal, a newsroom's map); the
  // POST needs a feed key and is for servers and apps, not for other origins' pages.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method === 'GET' || request.method === 'HEAD') {
      reply.header('access-control-allow-origin', '*');
      reply.header('cross-origin-resource-policy', 'cross-origin');
    }
    return payload;
  });

  await app.register(formbody, { bodyLimit: 64 * 1024 });

  app.get<{ Params: { format: string } }>(
    '/v2/discovery.:format',
    open311Doc({
      summary: 'GeoReport v2 discovery: where and how to use this endpoint',
      params: {},
      ok: { status: 200, description: 'The discovery document' },
      refusals: [404],
    }),
    async (request, reply) => {
      const format = formatOf(request.params.format);
      if (!format) return fail(reply, 'json', 404, WRONG_FORMAT);
      // No trailing slash: clients append `/services.xml` themselves.
      const base = `${request.protocol}://${request.headers.host ?? 'localhost'}/open311/v2`;
      return send(reply, format, 200, 'discovery', null, {
        changeset: CHANGESET,
        contact: `${fixtures.units.operatingBody.name} (IOC) — đường dây nóng 1022`,
        key_service: 'Liên hệ IOC để được cấp khóa API / Ask the IOC for an API key',
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: base,
            changeset: CHANGESET,
            type: 'production',
            formats: ['application/json', 'text/xml'],
          },
        ],
      });
    },
  );

  app.get<{ Params: { format: string } }>(
    '/v2/services.:format',
    open311Doc({
      summary: 'The services (report categories) a citizen can report',
      params: {},
      ok: { status: 200, description: 'The services' },
      refusals: [404],
    }),
    async (request, reply) => {
      const format = formatOf(request.params.format);
      if (!format) return fail(reply, 'json', 404, WRONG_FORMAT);
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
          metadata: (category.attributes ?? []).length > 0,
          type: 'realtime',
          keywords: category.name.en.toLowerCase(),
          group: category.department.vi,
        })),
      );
    },
  );

  app.get<{ Params: { code: string; format: string } }>(
    '/v2/services/:code.:format',
    open311Doc({
      summary: "A service definition: the category's questions (attributes), e.g. a street light's pole number",
      params: { code: Type.String({ description: 'A service code' }) },
      ok: { status: 200, description: 'The definition' },
      refusals: [404],
    }),
    async (request, reply) => {
      const format = formatOf(request.params.format);
      if (!format) return fail(reply, 'json', 404, WRONG_FORMAT);
      const category = byCode.get(request.params.code);
      if (!category) return fail(reply, format, 404, `service_code: no service ${request.params.code.slice(0, 100)}`);
      return send(reply, format, 200, 'service_definition', null, definitionOf(category));
    },
  );

  // Citizen apps post by hand, not in bulk: a few a second per address is plenty.
  // The key is a form field (`api_key`), as GeoReport v2 has it.
  const submission = open311Doc({
    summary:
      'Submit a citizen report with a feed key scoped to `reports` in `api_key`; its id can be followed at once, its text is public once a moderator approves it',
    params: {},
    body: SUBMISSION,
    ok: { status: 201, description: 'Received: its `service_request_id`' },
    refusals: [400, 403, 404, 413, 415, 429],
  });
  app.post<{ Params: { format: string }; Body: unknown }>(
    '/v2/requests.:format',
    {
      schema: submission.schema,
      config: { rateLimit: { max: perMinute, timeWindow: 60_000 }, ...submission.config },
    },
    async (request, reply) => {
      const format = formatOf(request.params.format);
      if (!format) return fail(reply, 'json', 404, WRONG_FORMAT);
      const fields = fieldsOf(request.body);
      const field = (name: string): string | undefined => given(fields.get(name)?.[0]);
      const key = security.apiKey(field('api_key'));
      if (!key) return fail(reply, format, 403, 'api_key: thiếu hoặc không hợp lệ / missing or not valid');
      if (!key.scopes.includes('reports'))
        return fail(reply, format, 403, 'api_key: khóa này không được gửi phản ánh / this key may not post reports');
      const code = field('service_code');
      if (code === undefined)
        return fail(reply, format, 400, `service_code: bắt buộc / required, one of ${[...byCode.keys()].join(', ')}`);
      const category = byCode.get(code);
      if (!category)
        return fail(
          reply,
          format,
          404,
          `service_code: không có dịch vụ / no service ${code.slice(0, 100)} (one of ${[...byCode.keys()].join(', ')})`,
        );

      // "A full location parameter must be submitted": lat & long, or address_string, or address_id.
      const rawLat = field('lat');
      const rawLong = field('long');
      const address = field('address_string')?.trim();
      const addressId = field('address_id')?.trim();
      let point: { lat: number; lon: number } | null = null;
      if (rawLat !== undefined || rawLong !== undefined) {
        const lat = Number(rawLat);
        const lon = Number(rawLong);
        if (rawLat === undefined || rawLong === undefined || !Number.isFinite(lat) || !Number.isFinite(lon))
          return fail(reply, format, 400, 'lat, long: cả hai, là số / both, as numbers');
        if (!fixtures.wardAt(lon, lat))
          return fail(
            reply,
            format,
            400,
            `lat, long: ngoài địa bàn / outside the wards served (${fixtures.wards.map((ward) => ward.fullName).join(', ')})`,
          );
        point = { lat, lon };
      } else if (address === undefined && addressId === undefined) {
        return fail(
          reply,
          format,
          400,
          'lat, long, address_string, address_id: cần vị trí (tọa độ hoặc địa chỉ) / a location is required: lat & long, address_string or address_id',
        );
      }
      // This city keeps no master address list: an address id is kept as the address the citizen gave.
      const place = address ?? (addressId === undefined ? undefined : `Mã địa chỉ / Address id: ${addressId}`);

      const description = (field('description') ?? '').trim();
      if (description.length > DESCRIPTION_MAX)
        return fail(reply, format, 400, `description: tối đa / at most ${DESCRIPTION_MAX} characters`);
      const checked = checkAttributes(category, attributesOf(fields));
      if ('refusal' in checked) {
        const { refusal } = checked;
        return fail(reply, format, 400, `${refusal.field}: ${refusal.vi} / ${refusal.en}`);
      }
      const attributes = checked.answers;

      const id = `${OWN_ID_PREFIX}${randomUUID()}`;
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
      // GeoReport has no title: the first words of the description stand for it until a moderator
      // edits it, or the service's name when there is no description ("description" is optional).
      const title =
        description.length === 0
          ? category.name.vi
          : description.length > TITLE_MAX
            ? `${description.slice(0, TITLE_MAX - 3)}…`
            : description;
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
                title,
                description,
                ...(point ?? {}),
                ...(place === undefined ? {} : { address: place }),
                ...(field('media_url') ? { photoUrl: field('media_url') } : {}),
                ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
                ...(Object.keys(reporter).length > 0 ? { reporter } : {}),
              },
            },
          ],
          { source: `key:${key.name}/open311`, caller: { kind: 'key', key } },
        );
      } catch (error) {
        if (error instanceof InputError) {
          const fieldName = (error.field ?? '')
            .replace('events[0].data.', '')
            .replace('reporter.', '')
            .replace(/^address$/, 'address_string')
            .replace(/^photoUrl$/, 'media_url')
            .replace(/^lon$/, 'long');
          return fail(reply, format, 400, `${fieldName}: ${error.message.split(': ').slice(1).join(': ')}`);
        }
        throw error;
      }
      return send(reply, format, 201, 'service_requests', 'request', [
        {
          service_request_id: id,
          service_notice:
            'Đã tiếp nhận; theo dõi bằng mã này; nội dung công khai sau khi được duyệt / Received; follow it by this id; its text becomes public once approved',
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

  app.get<{ Params: { format: string }; Querystring: Record<string, unknown> }>(
    '/v2/requests.:format',
    open311Doc({
      summary:
        'Public (approved, non-sensitive) reports, newest first; places rounded to about 100 m. With `service_request_id`, those requests whatever their state (details withheld until approved)',
      params: {},
      querystring: LIST_QUERY,
      ok: { status: 200, description: 'The requests' },
      refusals: [400, 404, 429],
    }),
    async (request, reply) => {
      const format = formatOf(request.params.format);
      if (!format) return fail(reply, 'json', 404, WRONG_FORMAT);
      const query = Object.fromEntries(
        Object.entries(request.query)
          .map(([name, value]) => [name, given(Array.isArray(value) ? value.join(',') : value)] as const)
          .filter((entry): entry is readonly [string, string] => entry[1] !== undefined),
      ) as Record<string, string | undefined>;
      const cacheKey = `${reports.version()}:${format}?${new URLSearchParams(
        Object.entries(query)
          .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
          .sort(),
      ).toString()}`;
      const cached = listCache.get(cacheKey);
      if (cached) return reply.header('x-ioc-cache', 'hit').type(cached.contentType).send(cached.payload);
      const context = viewContext();
      const extensions = query.extensions === 'true';
      const ids = query.service_request_id
        ?.split(',')
        .map((id) => id.trim())
        .filter(Boolean)
        .slice(0, DEFAULT_LIMIT);

      let body: Array<ReturnType<typeof requestView>>;
      if (ids) {
        // "This overrides all other arguments": the requests asked for, in the order asked.
        const found = await Promise.all([...new Set(ids)].map((id) => finder.get(id)));
        body = found.flatMap((report) =>
          report && followable(report) ? [requestView(report, extensions, context)] : [],
        );
      } else {
        const now = app.now();
        const dateOf = (name: string): number | null | 'bad' => {
          const raw = query[name];
          if (raw === undefined) return null;
          return parseOpen311Date(raw) ?? 'bad';
        };
        const start = dateOf('start_date');
        const end = dateOf('end_date');
        if (start === 'bad')
          return fail(reply, format, 400, 'start_date: ngày giờ ISO 8601 / must be a w3 (ISO 8601) date');
        if (end === 'bad')
          return fail(reply, format, 400, 'end_date: ngày giờ ISO 8601 / must be a w3 (ISO 8601) date');
        const until = end ?? (start === null ? now : start + MAX_RANGE_DAYS * DAY);
        const from = start ?? until - MAX_RANGE_DAYS * DAY;
        if (until - from > MAX_RANGE_DAYS * DAY)
          return fail(reply, format, 400, `start_date, end_date: tối đa / at most ${MAX_RANGE_DAYS} days apart`);
        const statuses = query.status?.split(',').map((status) => status.trim());
        if (statuses?.some((status) => status !== 'open' && status !== 'closed'))
          return fail(reply, format, 400, 'status: open hoặc/or closed');
        const pageSize = query.page_size === undefined ? DEFAULT_LIMIT : Number(query.page_size);
        const page = query.page === undefined ? 1 : Number(query.page);
        if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > DEFAULT_LIMIT)
          return fail(reply, format, 400, `page_size: 1 – ${DEFAULT_LIMIT}`);
        if (!Number.isInteger(page) || page < 1)
          return fail(reply, format, 400, 'page: số nguyên từ 1 / a whole number from 1');
        const codes = query.service_code?.split(',').map((code) => code.trim());
        const matching: Array<ReturnType<typeof requestView>> = [];
        for (const report of reports.all()) {
          if (!isPublicReport(report)) continue;
          if (report.createdAt < from || report.createdAt > until) continue;
          if (codes && !codes.includes(report.category.code)) continue;
          const view = requestView(report, extensions, context);
          if (statuses && !statuses.includes(view.status)) continue;
          matching.push(view);
        }
        matching.sort((a, b) => (a.requested_datetime < b.requested_datetime ? 1 : -1));
        body = matching.slice((page - 1) * pageSize, page * pageSize);
      }
      const answer: CachedAnswer =
        format === 'xml'
          ? { contentType: 'text/xml; charset=utf-8', payload: toXml('service_requests', 'request', body) }
          : { contentType: 'application/json; charset=utf-8', payload: JSON.stringify(body) };
      listCache.set(cacheKey, answer);
      return reply.header('x-ioc-cache', 'miss').type(answer.contentType).send(answer.payload);
    },
  );

  app.get<{ Params: { id: string; format: string } }>(
    '/v2/requests/:id.:format',
    open311Doc({
      summary:
        'One request, from the moment it is posted (a realtime service): description and media once a moderator has approved them',
      params: { id: Type.String({ description: 'service_request_id' }) },
      ok: { status: 200, description: 'The request' },
      refusals: [404, 429],
    }),
    async (request, reply) => {
      const format = formatOf(request.params.format);
      if (!format) return fail(reply, 'json', 404, WRONG_FORMAT);
      const report = await finder.get(request.params.id);
      if (!report || !followable(report))
        return fail(reply, format, 404, `service_request_id: không có / no request ${request.params.id.slice(0, 100)}`);
      return send(reply, format, 200, 'service_requests', 'request', [requestView(report, false, viewContext())]);
    },
  );

  app.get<{ Params: { token: string; format: string } }>(
    '/v2/tokens/:token.:format',
    open311Doc({
      summary: 'The request id of a token (requests get their id at once: the token is the id)',
      params: { token: Type.String() },
      ok: { status: 200, description: 'The request id' },
      refusals: [404, 429],
    }),
    async (request, reply) => {
      const format = formatOf(request.params.format);
      if (!format) return fail(reply, 'json', 404, WRONG_FORMAT);
      // Answered without echoing the token: an unknown one and one not followable look the same.
      const report = await finder.get(request.params.token);
      if (!report || !followable(report)) return fail(reply, format, 404, 'token: không có / no such token');
      return send(reply, format, 200, 'service_requests', 'request', [
        { service_request_id: request.params.token, token: request.params.token },
      ]);
    },
  );

  app.get<{ Params: { format: string }; Querystring: Record<string, unknown> }>(
    '/v2/servicerequestupdates.:format',
    open311Doc({
      summary:
        "Updates of public reports in a period (mySociety's extension, as FixMyStreet reads it): status, time and public text",
      params: {},
      querystring: UPDATES_QUERY,
      ok: { status: 200, description: 'The updates' },
      refusals: [400, 404, 429],
    }),
    async (request, reply) => {
      const format = formatOf(request.params.format);
      if (!format) return fail(reply, 'json', 404, WRONG_FORMAT);
      const rawStart = given(request.query.start_date);
      const rawEnd = given(request.query.end_date);
      const start = rawStart === undefined ? null : parseOpen311Date(rawStart);
      const end = rawEnd === undefined ? null : parseOpen311Date(rawEnd);
      if (rawStart !== undefined && start === null)
        return fail(reply, format, 400, 'start_date: ngày giờ ISO 8601 / must be a w3 (ISO 8601) date');
      if (rawEnd !== undefined && end === null)
        return fail(reply, format, 400, 'end_date: ngày giờ ISO 8601 / must be a w3 (ISO 8601) date');
      const until = end ?? app.now();
      const from = start ?? until - DAY;
      if (until - from > MAX_RANGE_DAYS * DAY)
        return fail(reply, format, 400, `start_date, end_date: tối đa / at most ${MAX_RANGE_DAYS} days apart`);
      const timeZone = viewContext().timeZone;
      const updates: Array<Record<string, unknown>> = [];
      for (const report of reports.all()) {
        if (isPublicReport(report)) updates.push(...updatesOf(report, from, until, timeZone));
      }
      updates.sort((a, b) => (String(a.updated_datetime) < String(b.updated_datetime) ? -1 : 1));
      return send(reply, format, 200, 'service_request_updates', 'request_update', updates.slice(0, DEFAULT_LIMIT));
    },
  );
};

export default open311Routes;
