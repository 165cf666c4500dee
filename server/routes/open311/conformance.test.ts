/**
 * Open311 GeoReport v2 conformance, walked as a client walks it: discovery → services → service
 * definitions → POST (with and without `api_key`) → token / request id → requests/{id} → the
 * requests list with its filters → servicerequestupdates, in XML and in JSON, and every refusal in
 * both formats. XML is parsed with fast-xml-parser and checked for the spec's shapes. Each test
 * quotes the sentence of the specification (wiki.open311.org/GeoReport_v2, mySociety's
 * servicerequestupdates extension) that it checks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { startTestApp, testConfig, type TestApp } from '../../test-support/test-app';
import type { HandlingList } from '../../protocol/reports-handling';

type Format = 'xml' | 'json';
const FORMATS: Format[] = ['xml', 'json'];
/** Every element that may repeat is read as a list, as a client must (one item is still a list). */
const LISTS = new Set([
  'endpoint',
  'format',
  'service',
  'attribute',
  'value',
  'request',
  'request_update',
  'error',
  'note',
]);
const parser = new XMLParser({ isArray: (name) => LISTS.has(name), parseTagValue: false });

let app: TestApp;
let key: string;

beforeAll(async () => {
  app = await startTestApp();
  key = (await app.ioc.security.createApiKey('citizen-app', ['reports'], { actor: 'test' })).key;
});
afterAll(async () => {
  await app.dispose();
});

const INSIDE = { lat: '21.85537', long: '106.74912' }; // Tam Thanh

interface Answer {
  status: number;
  type: string;
  headers: Headers;
  /** The body as a client reads it: JSON parsed, or XML parsed to objects. */
  body: Record<string, unknown> | unknown[];
  text: string;
}

async function read(response: Response, format: Format): Promise<Answer> {
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  expect(type, text).toContain(format === 'xml' ? 'text/xml' : 'application/json');
  if (format === 'xml') expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>'), text).toBe(true);
  const body = format === 'xml' ? (parser.parse(text) as Record<string, unknown>) : (JSON.parse(text) as unknown[]);
  return { status: response.status, type, headers: response.headers, body, text };
}

async function get(path: string, format: Format): Promise<Answer> {
  return read(await fetch(`${app.url}/open311/v2/${path}`), format);
}

async function post(fields: Record<string, string>, format: Format, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(`${app.url}/open311/v2/requests.${format}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: new URLSearchParams(fields).toString(),
    ...init,
  });
  return read(response, format);
}

/** The items of a list answer: `[…]` in JSON, `<root><item>…` in XML. */
function items(answer: Answer, root: string, item: string): Array<Record<string, unknown>> {
  if (Array.isArray(answer.body)) return answer.body as Array<Record<string, unknown>>;
  const top = answer.body[root];
  expect(top, `<${root}> in ${answer.text.slice(0, 200)}`).toBeDefined();
  if (top === '') return []; // an empty list: `<root></root>`
  return ((top as Record<string, unknown>)[item] ?? []) as Array<Record<string, unknown>>;
}

/** The one error of an error answer, in either format: `<errors><error><code/><description/>` or `[{code, description}]`. */
function error(answer: Answer): { code: string; description: string } {
  const [first, ...rest] = items(answer, 'errors', 'error');
  expect(rest).toEqual([]);
  expect(first, answer.text).toMatchObject({ code: expect.anything(), description: expect.any(String) });
  return { code: String(first!.code), description: String(first!.description) };
}

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));

async function approve(id: string) {
  const response = await app.postAsModerator({
    domain: 'reports',
    kind: 'report.status',
    data: { reportId: id, status: 'approved' },
  });
  expect(response.status).toBe(200);
}

describe.each(FORMATS)('GeoReport v2 in %s', (format) => {
  it('discovery: "endpoints ⇊ endpoint ↴ … formats ⇊ format", and a url a client can append `/services.xml` to', async () => {
    const discovery = await get(`discovery.${format}`, format);
    expect(discovery.status).toBe(200);
    const root = (format === 'xml' ? (discovery.body as Record<string, unknown>).discovery : discovery.body) as Record<
      string,
      unknown
    >;
    expect(root).toMatchObject({ changeset: expect.any(String), contact: expect.any(String) });
    const endpoints =
      format === 'xml'
        ? ((root.endpoints as Record<string, unknown>).endpoint as Array<Record<string, unknown>>)
        : (root.endpoints as Array<Record<string, unknown>>);
    expect(endpoints).toHaveLength(1);
    const [endpoint] = endpoints;
    expect(endpoint).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', type: 'production' });
    const formats = format === 'xml' ? (endpoint!.formats as { format: string[] }).format : endpoint!.formats;
    expect(formats).toEqual(['application/json', 'text/xml']);
    const url = String(endpoint!.url);
    expect(url.endsWith('/')).toBe(false);
    // A client appends the resource to the url: no `//`.
    expect((await fetch(`${url}/services.${format}`)).status).toBe(200);
  });

  it('services: "metadata — true: This service request type requires additional metadata"; type realtime', async () => {
    const services = items(await get(`services.${format}`, format), 'services', 'service');
    const byCode = new Map(services.map((service) => [String(service.service_code), service]));
    for (const service of services)
      expect(service).toMatchObject({ service_name: expect.any(String), type: 'realtime', group: expect.any(String) });
    expect(text(byCode.get('street-lighting')!.metadata)).toBe('true');
    expect(text(byCode.get('road-damage')!.metadata)).toBe('true');
    expect(text(byCode.get('waste')!.metadata)).toBe('false');
  });

  it('service definition: "service_definition ↴ service_code, attributes ⇊ attribute ↴ variable, code, datatype, required, …, values"', async () => {
    const answer = await get(`services/street-lighting.${format}`, format);
    expect(answer.status).toBe(200);
    const definition = (
      format === 'xml' ? (answer.body as Record<string, unknown>).service_definition : answer.body
    ) as Record<string, unknown>;
    expect(definition.service_code).toBe('street-lighting');
    const attributes =
      format === 'xml'
        ? (definition.attributes as { attribute: Array<Record<string, unknown>> }).attribute
        : (definition.attributes as Array<Record<string, unknown>>);
    const pole = attributes.find((attribute) => attribute.code === 'pole_number')!;
    expect(pole).toMatchObject({ datatype: 'string', description: expect.stringContaining('Số hiệu cột đèn') });
    expect(text(pole.required)).toBe('false');
    expect(text(pole.variable)).toBe('true');
    const fault = attributes.find((attribute) => attribute.code === 'fault')!;
    const values = format === 'xml' ? (fault.values as { value: Array<Record<string, unknown>> }).value : fault.values;
    expect(values).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'off' })]));

    // A service without questions still has its (empty) `attributes` element.
    const waste = await get(`services/waste.${format}`, format);
    if (format === 'xml') expect(waste.text).toMatch(/<attributes><\/attributes>|<attributes\/>/);
    else expect(waste.body).toMatchObject({ service_code: 'waste', attributes: [] });
  });

  it('POST: "Requires API Key: Yes"; then the "service_request_id … returned immediately" can be followed at once', async () => {
    const fields = { service_code: 'street-lighting', description: 'Đèn tắt cả tuần', ...INSIDE };
    const refused = await post(fields, format);
    expect(refused.status).toBe(403);
    expect(error(refused).description).toContain('api_key');

    const created = await post(
      { ...fields, api_key: key, 'attribute[pole_number]': 'TT-042', 'attribute[fault]': 'off', email: 'a@b.vn' },
      format,
    );
    expect(created.status, created.text).toBe(201);
    const [request] = items(created, 'service_requests', 'request');
    const id = String(request!.service_request_id);
    expect(id).toMatch(/^o311-/);
    expect(request).not.toHaveProperty('token'); // "This should not be returned if service_request_id is returned"

    // A token is the id itself.
    const token = items(await get(`tokens/${id}.${format}`, format), 'service_requests', 'request');
    expect(token[0]).toMatchObject({ service_request_id: id, token: id });

    // Followed at once: status, service, dates, place; no text or media before moderation.
    const one = items(await get(`requests/${id}.${format}`, format), 'service_requests', 'request');
    expect(one).toHaveLength(1);
    expect(one[0]).toMatchObject({
      service_request_id: id,
      status: 'open',
      service_code: 'street-lighting',
      requested_datetime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/),
      updated_datetime: expect.stringMatching(/\+07:00$/),
    });
    expect(text(one[0]!.description)).toBe('');
    expect(text(one[0]!.media_url)).toBe('');
    expect(Number(one[0]!.lat)).toBeCloseTo(21.855, 3);
    expect(Number(one[0]!.long)).toBeCloseTo(106.749, 3);

    // Once approved, the public text shows; never the contact; the answers reach the department.
    await approve(id);
    const approved = await get(`requests/${id}.${format}`, format);
    expect(items(approved, 'service_requests', 'request')[0]!.description).toBe('Đèn tắt cả tuần');
    expect(approved.text).not.toContain('a@b.vn');
    const operator = await app.signIn('operator');
    const board = (await (
      await fetch(`${app.url}/api/v1/reports/dispatch`, { headers: { cookie: operator.cookie } })
    ).json()) as HandlingList;
    expect(board.items.find((item) => item.id === id)?.attributes).toEqual([
      {
        code: 'pole_number',
        question: { vi: 'Số hiệu cột đèn', en: 'Pole number' },
        answer: 'TT-042',
        answerName: { vi: 'TT-042', en: 'TT-042' },
      },
      {
        code: 'fault',
        question: { vi: 'Hiện tượng', en: 'What is wrong' },
        answer: 'off',
        answerName: { vi: 'Đèn không sáng', en: 'Light out' },
      },
    ]);
  });

  it('POST location: "One of lat & long or address_string or address_id"; "lat & long both need to be sent"', async () => {
    const base = { api_key: key, service_code: 'waste', description: 'Rác' };
    const byAddress = await post({ ...base, address_string: 'Chợ Đông Kinh, cổng số 2' }, format);
    expect(byAddress.status, byAddress.text).toBe(201);
    const id = String(items(byAddress, 'service_requests', 'request')[0]!.service_request_id);
    const one = items(await get(`requests/${id}.${format}`, format), 'service_requests', 'request')[0]!;
    expect(text(one.lat)).toBe('');
    expect(text(one.address)).toContain('Chưa xác định vị trí'); // the citizen's own words stay internal
    expect((await post({ ...base, address_id: 'LS-00017' }, format)).status).toBe(201);

    for (const fields of [base, { ...base, lat: INSIDE.lat }, { ...base, long: INSIDE.long }]) {
      const refused = await post(fields, format);
      expect(refused.status).toBe(400);
      expect(error(refused).description).toMatch(/lat|address/);
    }
  });

  it('POST description: optional, "free form text limited to 4,000 characters"; unknown service_code → "404 - service_code … was not found"', async () => {
    const base = { api_key: key, service_code: 'waste', ...INSIDE };
    expect((await post(base, format)).status).toBe(201);
    expect((await post({ ...base, description: 'đ'.repeat(4000) }, format)).status).toBe(201);
    const long = await post({ ...base, description: 'đ'.repeat(4001) }, format);
    expect(long.status).toBe(400);
    expect(error(long).description).toContain('description');
    const unknown = await post({ ...base, service_code: 'teleport' }, format);
    expect(unknown.status).toBe(404);
    expect(error(unknown)).toMatchObject({ code: '404', description: expect.stringContaining('service_code') });
  });

  it('POST attributes: "attribute[code]=value … only required if the service_code requires a service definition with required fields"', async () => {
    const base = { api_key: key, service_code: 'road-damage', description: 'Ổ gà', ...INSIDE };
    const cases: Array<[Record<string, string>, string]> = [
      [base, 'attribute[size]'], // required
      [{ ...base, 'attribute[size]': 'enormous' }, 'attribute[size]'], // not one of the values
      [{ ...base, 'attribute[size]': 'small', 'attribute[colour]': 'red' }, 'attribute[colour]'], // not asked
    ];
    for (const [fields, named] of cases) {
      const refused = await post(fields, format);
      expect(refused.status, named).toBe(400);
      expect(error(refused).description, named).toContain(named);
    }
    const created = await post({ ...base, 'attribute[size]': 'large' }, format);
    expect(created.status).toBe(201);
  });

  it('requests list: "service_request_id … This overrides all other arguments"; empty parameters are as if not given', async () => {
    const created = await post({ api_key: key, service_code: 'trees', description: 'Cây nghiêng', ...INSIDE }, format);
    const id = String(items(created, 'service_requests', 'request')[0]!.service_request_id);
    await approve(id);
    const ids = async (query: string) =>
      items(await get(`requests.${format}?${query}`, format), 'service_requests', 'request').map((request) =>
        String(request.service_request_id),
      );
    // "service_code … This defaults to all service codes when not declared": `service_code=` is not declared.
    expect(await ids('service_code=&status=&start_date=&end_date=&page=&page_size=')).toContain(id);
    expect(await ids('service_code=trees')).toContain(id);
    expect(await ids('service_code=waste')).not.toContain(id);
    // Overrides: other arguments, even ones that would be refused, do not narrow or refuse it.
    expect(
      await ids(`service_request_id=${id}&service_code=waste&status=closed&start_date=2020-01-01T00:00:00Z`),
    ).toEqual([id]);
    expect(await ids(`service_request_id=${id}&status=maybe`)).toEqual([id]);
    // "Must use w3 format": an unencoded `+07:00` arrives as ` 07:00` and is read as meant.
    const today = new Date(Date.now() - 3_600_000).toISOString().slice(0, 19);
    expect(await ids(`start_date=${today}+00:00`)).toContain(id);
    expect(await ids('end_date=2020-01-01T00:00:00+07:00')).not.toContain(id);
    // Extensions nest their lists too: `<notes><note>`.
    const extended = items(
      await get(`requests.${format}?service_request_id=${id}&extensions=true`, format),
      'service_requests',
      'request',
    )[0]!;
    const notes = (extended.extended_attributes as Record<string, unknown>).notes;
    const list = format === 'xml' ? (notes as { note: unknown[] }).note : notes;
    expect(list).toEqual([expect.objectContaining({ status: 'new' }), expect.objectContaining({ status: 'approved' })]);
    const bad = await get(`requests.${format}?start_date=yesterday`, format);
    expect(bad.status).toBe(400);
    expect(error(bad).description).toContain('start_date');
  });

  it('servicerequestupdates: "<service_request_updates><request_update>" with update_id, service_request_id, status, updated_datetime, description, media_url', async () => {
    const created = await post({ api_key: key, service_code: 'drainage', description: 'Cống tắc', ...INSIDE }, format);
    const id = String(items(created, 'service_requests', 'request')[0]!.service_request_id);
    await approve(id);
    await app.post({ domain: 'reports', kind: 'report.status', data: { reportId: id, status: 'assigned' } });
    await app.post({ domain: 'reports', kind: 'report.status', data: { reportId: id, status: 'resolved' } });
    const answer = await get(`servicerequestupdates.${format}`, format);
    expect(answer.status).toBe(200);
    const updates = items(answer, 'service_request_updates', 'request_update').filter(
      (update) => update.service_request_id === id,
    );
    expect(updates.map((update) => update.status)).toEqual(['OPEN', 'INVESTIGATING', 'FIXED']);
    const statuses = new Set([
      'OPEN',
      'INVESTIGATING',
      'IN_PROGRESS',
      'ACTION_SCHEDULED',
      'FIXED',
      'CLOSED',
      'DUPLICATE',
      'NOT_COUNCILS_RESPONSIBILITY',
      'NO_FURTHER_ACTION',
      'INTERNAL_REFERRAL',
    ]);
    for (const update of updates) {
      expect(update).toMatchObject({
        update_id: expect.any(String),
        updated_datetime: expect.stringMatching(/\+07:00$/),
        description: expect.any(String),
      });
      expect(update).toHaveProperty('media_url');
      expect(statuses.has(String(update.status))).toBe(true);
      expect(String(update.description)).not.toContain('Cống tắc'); // public text only: the status, not the citizen's words
    }
    // start_date / end_date filter by the update's time.
    const none = await get(
      `servicerequestupdates.${format}?end_date=2020-01-02T00:00:00Z&start_date=2020-01-01T00:00:00Z`,
      format,
    );
    expect(items(none, 'service_request_updates', 'request_update')).toEqual([]);
  });

  it('CORS: public GETs readable from any origin; the POST (with its api_key) is not', async () => {
    const read = await fetch(`${app.url}/open311/v2/services.${format}`, {
      headers: { origin: 'https://portal.example' },
    });
    expect(read.headers.get('access-control-allow-origin')).toBe('*');
    const missing = await fetch(`${app.url}/open311/v2/requests/nope.${format}`, {
      headers: { origin: 'https://x.example' },
    });
    expect(missing.headers.get('access-control-allow-origin')).toBe('*');
    const posted = await fetch(`${app.url}/open311/v2/requests.${format}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://portal.example' },
      body: new URLSearchParams({ api_key: key, service_code: 'waste', ...INSIDE }).toString(),
    });
    expect(posted.status).toBe(201);
    expect(posted.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('errors: every refusal under /open311/ is "errors ⇊ error ↴ code, description", in the format the URL asks for', async () => {
    const cases: Array<[string, Promise<Response>, number]> = [
      ['unknown resource', fetch(`${app.url}/open311/v2/nothing.${format}`), 404],
      ['unknown version', fetch(`${app.url}/open311/v9/services.${format}`), 404],
      ['unknown service', fetch(`${app.url}/open311/v2/services/teleport.${format}`), 404],
      ['unknown request', fetch(`${app.url}/open311/v2/requests/nope.${format}`), 404],
      ['unknown token', fetch(`${app.url}/open311/v2/tokens/nope.${format}`), 404],
      ['bad date', fetch(`${app.url}/open311/v2/requests.${format}?end_date=soon`), 400],
      ['bad method', fetch(`${app.url}/open311/v2/services.${format}`, { method: 'DELETE' }), 404],
      [
        'body too large',
        fetch(`${app.url}/open311/v2/requests.${format}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `api_key=${key}&description=${'x'.repeat(100_000)}`,
        }),
        413,
      ],
      [
        'unsupported media type',
        fetch(`${app.url}/open311/v2/requests.${format}`, {
          method: 'POST',
          headers: { 'content-type': 'application/xml' },
          body: '<service_code>waste</service_code>',
        }),
        415,
      ],
    ];
    for (const [name, pending, status] of cases) {
      const answer = await read(await pending, format);
      expect(answer.status, name).toBe(status);
      expect(error(answer).code, name).toBe(String(status));
    }
  });
});

describe('GeoReport v2 when a client posts too fast', () => {
  it.each(FORMATS)('answers 429 in Open311 error format (%s), with Retry-After', async (format) => {
    const config = testConfig();
    config.app.ingest.open311PerMinute = 1;
    const slow = await startTestApp({ config });
    try {
      const keyed = (await slow.ioc.security.createApiKey('app', ['reports'], { actor: 'test' })).key;
      const body = new URLSearchParams({ api_key: keyed, service_code: 'waste', ...INSIDE }).toString();
      const send = () =>
        fetch(`${slow.url}/open311/v2/requests.${format}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body,
        });
      expect((await send()).status).toBe(201);
      const limited = await read(await send(), format);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(error(limited).code).toBe('429');
    } finally {
      await slow.dispose();
    }
  });
});
