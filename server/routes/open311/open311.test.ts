/**
 * Open311 GeoReport v2 against a real server: every endpoint in JSON and XML, its errors, feed
 * keys, and the privacy rule that no GET ever carries a contact or an unapproved report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startTestApp, type TestApp } from '../../test-support/test-app';

let app: TestApp;
let reportsKey: string;
let kpiKey: string;

beforeAll(async () => {
  app = await startTestApp();
  reportsKey = (await app.ioc.security.createApiKey('citizen-app', ['reports'], { actor: 'test' })).key;
  kpiKey = (await app.ioc.security.createApiKey('kpi-feed', ['kpi'], { actor: 'test' })).key;
});
afterAll(async () => {
  await app.dispose();
});

const INSIDE = { lat: '21.85537', long: '106.74912' }; // Tam Thanh

async function get(path: string) {
  const response = await fetch(`${app.url}/open311/v2/${path}`);
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

async function submit(fields: Record<string, string>, format: 'json' | 'xml' = 'json') {
  const response = await fetch(`${app.url}/open311/v2/requests.${format}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, text: await response.text() };
}

async function create(fields: Record<string, string> = {}): Promise<string> {
  const response = await submit({
    api_key: reportsKey,
    service_code: 'waste',
    description: 'Rác tồn đọng cạnh chợ',
    ...INSIDE,
    ...fields,
  });
  expect(response.status, response.text).toBe(201);
  return (JSON.parse(response.text) as Array<{ service_request_id: string }>)[0]!.service_request_id;
}

/** A moderator's approval (a feed key may not approve: see `reports/moderation.test.ts`). */
async function approve(id: string) {
  const response = await app.postAsModerator({
    domain: 'reports',
    kind: 'report.status',
    data: { reportId: id, status: 'approved' },
  });
  expect(response.status).toBe(200);
}

describe('Open311 discovery and services', () => {
  it('describes itself and its services in JSON and XML', async () => {
    const discovery = await get('discovery.json');
    expect(discovery.status).toBe(200);
    expect(JSON.parse(discovery.text)).toMatchObject({
      endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', formats: ['application/json', 'text/xml'] }],
    });
    expect((await get('discovery.xml')).text).toContain('<discovery>');

    const services = JSON.parse((await get('services.json')).text) as Array<{
      service_code: string;
      service_name: string;
      metadata: boolean;
    }>;
    expect(services.map((s) => s.service_code)).toEqual(
      expect.arrayContaining([
        'road-damage',
        'street-lighting',
        'waste',
        'drainage',
        'encroachment',
        'noise',
        'water-supply',
      ]),
    );
    expect(services.find((s) => s.service_code === 'waste')).toMatchObject({
      service_name: 'Rác thải, vệ sinh môi trường',
      metadata: false,
    });
    const xml = await get('services.xml');
    expect(xml.type).toContain('text/xml');
    expect(xml.text).toMatch(/<services>\s*<service>\s*<service_code>road-damage<\/service_code>/);

    expect(JSON.parse((await get('services/waste.json')).text)).toEqual({ service_code: 'waste', attributes: [] });
    expect((await get('services/waste.xml')).text).toContain('<service_definition>');
  });

  it('answers errors as [{code, description}] in both formats', async () => {
    const missing = await get('services/teleport.json');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toEqual([{ code: 404, description: 'service_code: no service teleport' }]);
    const xml = await get('services/teleport.xml');
    expect(xml.status).toBe(404);
    expect(xml.text).toMatch(
      /<errors>\s*<error>\s*<code>404<\/code>\s*<description>service_code: no service teleport<\/description>/,
    );
    expect((await get('services.yaml')).status).toBe(404);
  });
});

describe('Open311 POST requests', () => {
  it('needs a feed key allowed to post reports', async () => {
    const fields = { service_code: 'waste', description: 'x', ...INSIDE };
    expect(await submit(fields)).toMatchObject({ status: 403 });
    expect((await submit({ ...fields, api_key: 'iock_nope' })).text).toContain('api_key');
    expect(await submit({ ...fields, api_key: kpiKey })).toMatchObject({ status: 403 });
    expect((await submit({ ...fields, api_key: kpiKey }, 'xml')).text).toContain('<code>403</code>');
  });

  it('names the field of each bad request, and stores nothing', async () => {
    const before = app.ioc.store.count();
    const base = { api_key: reportsKey, service_code: 'waste', description: 'Rác', ...INSIDE };
    // Spec, POST errors: "404 - service_code … was not found"; "400 - service_code … was not provided".
    const unknown = await submit({ ...base, service_code: 'teleport' });
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('service_code');
    const cases: Array<[Record<string, string>, string]> = [
      [{ ...base, service_code: '' }, 'service_code'],
      [{ ...base, long: '' }, 'lat, long'],
      [{ ...base, lat: 'north' }, 'lat, long'],
      [
        { ...base, lat: '21.0', long: '105.8' },
        'outside the wards served (Phường Tam Thanh, Phường Lương Văn Tri, Phường Kỳ Lừa, Phường Đông Kinh)',
      ],
      [{ ...base, description: 'x'.repeat(4001) }, 'description'],
      [{ ...base, description: 'Rác\u202Ethải' }, 'description'],
      [{ ...base, email: 'x'.repeat(500) }, 'email'],
    ];
    for (const [fields, named] of cases) {
      const response = await submit(fields);
      expect(response.status, named).toBe(400);
      expect(response.text, named).toContain(named);
    }
    expect(app.ioc.store.count()).toBe(before);
  });

  it('takes a report with contact fields, returns its id and notice, and keeps the contact out of every GET', async () => {
    const response = await submit({
      api_key: reportsKey,
      service_code: 'drainage',
      description: 'Cống tắc <script>alert(1)</script>',
      ...INSIDE,
      address_string: 'Số 12 đường Tam Thanh',
      email: 'nguoidan@example.vn',
      phone: '0912345678',
      first_name: 'Nguyễn',
      last_name: 'Văn An',
      device_id: 'device-123',
      account_id: 'acct-9',
      media_url: 'https://example.vn/anh.jpg',
    });
    expect(response.status).toBe(201);
    const [created] = JSON.parse(response.text) as Array<{
      service_request_id: string;
      service_notice: string;
      account_id: string;
    }>;
    expect(created).toMatchObject({ service_request_id: expect.stringMatching(/^o311-/), account_id: 'acct-9' });
    const id = created!.service_request_id;

    // A realtime service: "The service request ID will be returned immediately after the service
    // request is submitted", so the client can follow it at once; until a moderator approves it,
    // only status, service, dates and the rounded place: no text, no photo, no contact.
    const pending = await get(`requests/${id}.json`);
    expect(pending.status).toBe(200);
    expect(JSON.parse(pending.text)).toEqual([
      expect.objectContaining({
        service_request_id: id,
        status: 'open',
        service_code: 'drainage',
        description: null,
        media_url: null,
        lat: 21.855,
        long: 106.749,
      }),
    ]);
    expect((await get('requests.json')).text).not.toContain(id);
    expect((await get(`tokens/${id}.json`)).status).toBe(200);

    await approve(id);
    const one = await get(`requests/${id}.json`);
    expect(one.status).toBe(200);
    const [view] = JSON.parse(one.text) as Array<Record<string, unknown>>;
    expect(view).toMatchObject({
      service_request_id: id,
      status: 'open',
      service_code: 'drainage',
      lat: 21.855,
      long: 106.749,
      requested_datetime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/),
      expected_datetime: expect.stringMatching(/\+07:00$/),
    });
    const xml = (await get(`requests/${id}.xml`)).text;
    expect(xml).toContain('&lt;script&gt;');
    expect(xml).not.toContain('<script>');
    expect(view!.media_url).toBe('https://example.vn/anh.jpg'); // approved, photo not hidden
    // The moderator hides the photo and shortens the title.
    expect(
      (
        await app.postAsModerator({
          domain: 'reports',
          kind: 'report.moderated',
          data: { reportId: id, hidePhoto: true, publicTitle: 'Cống thoát nước bị tắc' },
        })
      ).status,
    ).toBe(200);
    for (const path of [
      `requests/${id}.json`,
      `requests/${id}.xml`,
      'requests.json?extensions=true',
      'requests.xml',
      'servicerequestupdates.json',
    ]) {
      const text = (await get(path)).text;
      for (const secret of [
        'nguoidan@example.vn',
        '0912345678',
        'Văn An',
        'device-123',
        'acct-9',
        '21.85537',
        '106.74912',
        'Số 12',
        'anh.jpg',
        'alert(1)',
      ]) {
        expect(text, `${path} carries ${secret}`).not.toContain(secret);
      }
    }
    expect(
      (JSON.parse((await get(`requests/${id}.json`)).text) as Array<{ description: string }>)[0]!.description,
    ).toBe('Cống thoát nước bị tắc');
    // Marked private: gone from every list; followed by its id, it shows its status only (no text, no place).
    expect(
      (
        await app.postAsModerator({
          domain: 'reports',
          kind: 'report.moderated',
          data: { reportId: id, private: true },
        })
      ).status,
    ).toBe(200);
    expect(JSON.parse((await get(`requests/${id}.json`)).text)).toEqual([
      expect.objectContaining({ description: null, media_url: null, lat: null, long: null, address: null }),
    ]);
    expect((await get('requests.json')).text).not.toContain(id);
  });
});

describe('Open311 under hostile input', () => {
  it('answers random form fields and queries with a 4xx or success, never a 5xx, storing nothing it refuses (property)', async () => {
    const value = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.constantFrom('', '<script>', "'; DROP TABLE events; --", '__proto__', '\u0000', '1e999', '-91'),
    );
    const form = fc.dictionary(
      fc.constantFrom(
        'api_key',
        'service_code',
        'lat',
        'long',
        'description',
        'email',
        'phone',
        'media_url',
        '__proto__',
        'constructor',
        'attribute[x]',
      ),
      value,
    );
    await fc.assert(
      fc.asyncProperty(form, fc.boolean(), async (fields, withKey) => {
        const before = app.ioc.store.count();
        const response = await submit(withKey ? { ...fields, api_key: reportsKey } : fields);
        expect([201, 400, 403, 404]).toContain(response.status);
        if (response.status !== 201) {
          expect(app.ioc.store.count()).toBe(before);
          expect(JSON.parse(response.text)).toEqual([{ code: response.status, description: expect.any(String) }]);
        }
      }),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom(
            'start_date',
            'end_date',
            'status',
            'service_code',
            'service_request_id',
            'page',
            'page_size',
            'extensions',
          ),
          value,
        ),
        async (query) => {
          const response = await get(`requests.json?${new URLSearchParams(query).toString()}`);
          expect([200, 400]).toContain(response.status);
        },
      ),
      { numRuns: 150 },
    );
    expect((await fetch(`${app.url}/api/v1/health`)).status).toBe(200);
  });
});

describe('Open311 GET requests', () => {
  it('filters by id, service, status and dates, and pages', async () => {
    const a = await create({ service_code: 'noise', description: 'Karaoke quá giờ' });
    const b = await create({ service_code: 'trees', description: 'Cây nghiêng' });
    await approve(a);
    await approve(b);
    await app.post({ domain: 'reports', kind: 'report.status', data: { reportId: b, status: 'assigned' } }); // a feed carries the handling
    await app.post({ domain: 'reports', kind: 'report.status', data: { reportId: b, status: 'resolved' } });

    const ids = (path: string) =>
      get(path).then((r) =>
        (JSON.parse(r.text) as Array<{ service_request_id: string }>).map((x) => x.service_request_id),
      );
    expect(await ids(`requests.json?service_request_id=${a},${b}`)).toEqual(expect.arrayContaining([a, b]));
    expect(await ids('requests.json?service_code=noise')).toContain(a);
    expect(await ids('requests.json?service_code=noise')).not.toContain(b);
    expect(await ids('requests.json?status=closed')).toContain(b);
    expect(await ids('requests.json?status=open')).not.toContain(b);
    expect(await ids('requests.json?page_size=1')).toHaveLength(1);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    expect(await ids(`requests.json?start_date=${yesterday}`)).toEqual(expect.arrayContaining([a, b]));
    expect(await ids('requests.json?end_date=2020-01-01T00:00:00Z')).toEqual([]);

    for (const [path, named] of [
      ['requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z', '90 days'],
      ['requests.json?start_date=soon', 'start_date'],
      ['requests.json?status=maybe', 'status'],
      ['requests.json?page_size=5000', 'page_size'],
      ['requests.xml?page=0', 'page'],
    ] as const) {
      const response = await get(path);
      expect(response.status, path).toBe(400);
      expect(response.text, path).toContain(named);
    }

    // Every reading endpoint answers in XML as well, with its GeoReport root element.
    for (const [path, root] of [
      [`requests/${a}.xml`, '<service_requests>'],
      [`tokens/${a}.xml`, '<service_requests>'],
      ['servicerequestupdates.xml', '<service_request_updates>'],
      ['requests.xml?status=closed', '<service_requests>'],
      [`requests/nope.xml`, '<errors>'],
    ] as const) {
      const response = await get(path);
      expect(response.type, path).toContain('text/xml');
      expect(response.text, path).toContain(root);
    }

    const updates = JSON.parse((await get('servicerequestupdates.json')).text) as Array<{
      service_request_id: string;
      status: string;
    }>;
    // mySociety's statuses: approved → OPEN, assigned → INVESTIGATING, resolved → FIXED (creation is no update).
    expect(updates.filter((u) => u.service_request_id === b).map((u) => u.status)).toEqual([
      'OPEN',
      'INVESTIGATING',
      'FIXED',
    ]);
  });

  it('never shows an unapproved or sensitive report, nor any contact, whatever the input (property)', async () => {
    // eslint-disable-next-line no-control-regex -- control characters and bidi overrides: what generated text must lack
    const control = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;
    const text = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0 && !control.test(s));
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          description: text,
          email: text,
          phone: text,
          first_name: text,
          device_id: text,
          service_code: fc.constantFrom('waste', 'noise', 'security', 'health'),
          approve: fc.boolean(),
        }),
        async ({ approve: approved, ...fields }) => {
          const marker = `M${Math.random().toString(36).slice(2, 10)}`;
          const response = await submit({
            api_key: reportsKey,
            ...INSIDE,
            ...fields,
            description: `${marker} ${fields.description}`,
            email: `${marker}@mail.vn`,
            phone: `${marker}-tel`,
            first_name: `${marker}-ten`,
            device_id: `${marker}-dev`,
          });
          expect(response.status, response.text).toBe(201);
          const id = (JSON.parse(response.text) as Array<{ service_request_id: string }>)[0]!.service_request_id;
          if (approved) await approve(id);
          const visible = approved && fields.service_code !== 'security' && fields.service_code !== 'health';
          const all =
            (await get('requests.json')).text +
            (await get('requests.xml')).text +
            (await get(`requests/${id}.json`)).text;
          for (const secret of [`${marker}@mail.vn`, `${marker}-tel`, `${marker}-ten`, `${marker}-dev`])
            expect(all).not.toContain(secret);
          if (!visible) expect(all).not.toContain(marker);
          else expect(all).toContain(marker);
        },
      ),
      { numRuns: 40 },
    );
  });
});
