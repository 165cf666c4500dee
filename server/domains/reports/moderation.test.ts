/**
 * Publishing to the public is a person's decision: only an account with the moderation permission
 * approves, rejects or moderates a report (never a feed key); a report rejected or made private
 * after approval leaves every public view at once; the public text is masked, and the moderator
 * sees exactly that text before it goes out; Open311 tokens do not tell what exists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestSocket } from '../../test-support/test-app';
import type { TopicDeltaMessage } from '../../protocol/index';
import type { PublicReportItem } from '../../protocol/topics';
import { waitUntil } from '../../test-support/wait-until';

let app: TestApp;
let operator: { cookie: string; csrfToken: string };
let citizenAppKey: string;

beforeAll(async () => {
  app = await startTestApp();
  operator = await app.signIn('operator');
  citizenAppKey = (await app.ioc.security.createApiKey('citizen-app', ['reports'], { actor: 'test' })).key;
});
afterAll(async () => {
  await app.dispose();
});

let reports = 0;
/** A new report posted by the citizen app's feed key; returns its id. */
async function newReport(title = 'Rác tồn đọng cạnh chợ'): Promise<string> {
  const id = `mod-${++reports}`;
  const response = await app.post(
    {
      domain: 'reports',
      kind: 'report.created',
      data: { reportId: id, category: 'waste', title, description: 'Mô tả', lat: 21.85537, lon: 106.74912 },
    },
    { authorization: `Bearer ${citizenAppKey}` },
  );
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return id;
}

async function asOperator(method: 'POST' | 'GET', path: string, body?: unknown) {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: {
      cookie: operator.cookie,
      'x-csrf-token': operator.csrfToken,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const moderate = (id: string, decision: Record<string, unknown>) =>
  asOperator('POST', `/api/v1/reports/${id}/moderation`, decision);

const until = waitUntil;

/** A public socket on `reports.public-recent` that keeps the list as its deltas say. */
async function publicList(): Promise<{
  ids: () => Set<string>;
  items: () => PublicReportItem[];
  removals: string[];
  socket: TestSocket;
}> {
  const socket = await app.connect();
  let items: PublicReportItem[] = [];
  const removals: string[] = [];
  socket.on('topic:delta', (message: TopicDeltaMessage) => {
    if (message.topic !== 'reports.public-recent') return;
    const delta = message.delta as { upsert?: PublicReportItem[]; remove?: string[] };
    removals.push(...(delta.remove ?? []));
    const gone = new Set([...(delta.remove ?? []), ...(delta.upsert ?? []).map((item) => item.id)]);
    items = [...(delta.upsert ?? []), ...items.filter((item) => !gone.has(item.id))];
  });
  const ack = await app.subscribe(socket, { topic: 'reports.public-recent' });
  if (!ack.ok || ack.mode !== 'snapshot') throw new Error('expected a snapshot');
  items = ack.snapshot.data as PublicReportItem[];
  return { ids: () => new Set(items.map((item) => item.id)), items: () => items, removals, socket };
}

/** Every public HTTP view of reports, as one text. */
async function publicHttp(id: string): Promise<{ text: string; detailStatus: number }> {
  const paths = [
    '/api/v1/topics/reports.public-recent',
    '/open311/v2/requests.json',
    '/open311/v2/requests.xml?extensions=true',
    '/open311/v2/servicerequestupdates.json',
  ];
  const texts = await Promise.all(paths.map(async (path) => (await fetch(`${app.url}${path}`)).text()));
  const detail = await fetch(`${app.url}/open311/v2/requests/${id}.json`);
  return { text: texts.join('\n') + (await detail.text()), detailStatus: detail.status };
}

async function freshSnapshotIds(): Promise<Set<string>> {
  const ack = await app.subscribe(await app.connect(), { topic: 'reports.public-recent' });
  if (!ack.ok || ack.mode !== 'snapshot') throw new Error('expected a snapshot');
  return new Set((ack.snapshot.data as PublicReportItem[]).map((item) => item.id));
}

describe('moderation and publication come from people with the moderation permission, never from a feed key', () => {
  it('refuses a feed key’s approval with 403 naming the field, single and in a batch, storing nothing', async () => {
    const id = await newReport();
    const before = app.ioc.store.count();
    for (const key of [citizenAppKey, app.apiKey]) {
      const single = await app.post(
        { domain: 'reports', kind: 'report.status', data: { reportId: id, status: 'approved' } },
        { authorization: `Bearer ${key}` },
      );
      expect(single.status).toBe(403);
      expect(single.body).toMatchObject({
        error: 'Forbidden',
        field: 'events[0].data.status',
        message: expect.stringContaining('moderat'),
        messageVi: expect.stringContaining('kiểm duyệt'),
      });
    }
    // A batch that creates and approves at once: refused whole, the report is not even created.
    const batch = await app.post([
      {
        domain: 'reports',
        kind: 'report.created',
        data: { reportId: 'mod-batch', category: 'waste', title: 'Rác', description: '', lat: 21.85, lon: 106.76 },
      },
      { domain: 'reports', kind: 'report.status', data: { reportId: 'mod-batch', status: 'approved' } },
    ]);
    expect(batch.status).toBe(403);
    expect(batch.body.field).toBe('events[1].data.status');
    expect(app.ioc.store.count()).toBe(before);
    expect(app.ioc.runtime.aggregator('reports')).toBeDefined();
    expect((await fetch(`${app.url}/api/v1/reports/mod-batch`, { headers: { cookie: operator.cookie } })).status).toBe(
      404,
    );
    expect((await freshSnapshotIds()).has(id)).toBe(false);
  });

  it('refuses a feed key’s rejection and every moderation decision (public title, photo, private)', async () => {
    const id = await newReport();
    const before = app.ioc.store.count();
    const rejected = await app.post({
      domain: 'reports',
      kind: 'report.status',
      data: { reportId: id, status: 'rejected' },
    });
    expect(rejected).toMatchObject({ status: 403, body: { field: 'events[0].data.status' } });
    for (const decision of [{ publicTitle: 'Tiêu đề' }, { hidePhoto: true }, { private: false }]) {
      const response = await app.post({
        domain: 'reports',
        kind: 'report.moderated',
        data: { reportId: id, ...decision },
      });
      expect(response.status, JSON.stringify(decision)).toBe(403);
      expect(response.body).toMatchObject({ field: 'events[0].kind', messageVi: expect.any(String) });
    }
    expect(app.ioc.store.count()).toBe(before);
  });

  it('lets a feed carry the rest of the lifecycle once a person has approved', async () => {
    const id = await newReport();
    expect((await moderate(id, { approve: true })).status).toBe(200);
    expect(
      (await app.post({ domain: 'reports', kind: 'report.status', data: { reportId: id, status: 'assigned' } })).status,
    ).toBe(200);
    expect(
      (await app.post({ domain: 'reports', kind: 'report.status', data: { reportId: id, status: 'resolved' } })).status,
    ).toBe(200);
  });

  it('takes approvals from a signed-in account with the permission on the events API', async () => {
    const id = await newReport();
    expect(
      (
        await app.postAsModerator({
          domain: 'reports',
          kind: 'report.status',
          data: { reportId: id, status: 'approved' },
        })
      ).status,
    ).toBe(200);
    expect((await freshSnapshotIds()).has(id)).toBe(true);
  });
});

describe('a report rejected or made private after approval leaves every public view at once', () => {
  it.each([
    ['rejected', { reject: true }],
    ['made private', { private: true }],
  ])('%s: gone from the public socket by a delta, from a fresh snapshot and from Open311', async (_label, decision) => {
    const id = await newReport('Cống thoát nước bị tắc');
    const list = await publicList();
    expect((await moderate(id, { approve: true })).status).toBe(200);
    await until(() => list.ids().has(id), 'the approved report reaches the public socket');
    const shown = await publicHttp(id);
    expect(shown.detailStatus).toBe(200);
    expect(shown.text.split(id).length - 1).toBeGreaterThanOrEqual(5); // on every public HTTP view

    expect((await moderate(id, decision)).status).toBe(200);
    await until(() => list.removals.includes(id), 'a delta removes it from the subscribed public socket');
    expect(list.ids().has(id)).toBe(false);
    expect((await freshSnapshotIds()).has(id)).toBe(false);
    const gone = await publicHttp(id);
    expect(gone.detailStatus).toBe(404);
    expect(gone.text).not.toContain(`"${id}"`);
    expect(gone.text).not.toContain(`>${id}<`);
    list.socket.disconnect();
  });
});

describe('the moderator sees the exact public text, with personal data masked and flagged', () => {
  const TITLE = 'Cống tắc, gọi tôi 0912 345 678 hoặc an.nguyen@gmail.com';
  const MASKED = 'Cống tắc, gọi tôi [đã ẩn số điện thoại] hoặc [đã ẩn email]';

  it('previews the public text for a moderator only', async () => {
    const id = await newReport(TITLE);
    const preview = await asOperator('POST', `/api/v1/reports/${id}/public-preview`, {});
    expect(preview).toEqual({
      status: 200,
      body: {
        id,
        publicText: MASKED,
        public: false,
        flags: [
          { kind: 'email', count: 1, label: { vi: 'địa chỉ email', en: 'e-mail address' } },
          { kind: 'phone', count: 1, label: { vi: 'số điện thoại', en: 'phone number' } },
        ],
      },
    });
    // A title the moderator is about to set is previewed the same way.
    const proposed = await asOperator('POST', `/api/v1/reports/${id}/public-preview`, {
      publicTitle: 'Cống tắc, CCCD 001089012345',
    });
    expect(proposed.body).toMatchObject({
      publicText: 'Cống tắc, CCCD [đã ẩn số giấy tờ]',
      flags: [{ kind: 'id-number' }],
    });

    expect((await asOperator('POST', '/api/v1/reports/nobody/public-preview', {})).status).toBe(404);
    const call = (headers: Record<string, string>) =>
      fetch(`${app.url}/api/v1/reports/${id}/public-preview`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{}',
      }).then((r) => r.status);
    expect(await call({})).toBe(401);
    expect(await call({ authorization: `Bearer ${app.apiKey}` })).toBe(403);
    const leader = await app.signIn('leader');
    expect(await call({ cookie: leader.cookie, 'x-csrf-token': leader.csrfToken })).toBe(403);
    expect(await call({ cookie: operator.cookie })).toBe(403); // no CSRF token
  });

  it('approving without a public title publishes the previewed text, returns it, and no view shows the number', async () => {
    const id = await newReport(TITLE);
    const list = await publicList();
    const approved = await moderate(id, { approve: true });
    expect(approved).toMatchObject({
      status: 200,
      body: { ok: true, publicText: MASKED, flags: [{ kind: 'email' }, { kind: 'phone' }] },
    });
    await until(() => list.ids().has(id), 'the approved report reaches the public socket');
    expect(list.items().find((item) => item.id === id)!.title).toBe(MASKED);
    const detail = (await asOperator('GET', `/api/v1/reports/${id}`)).body;
    expect(detail).toMatchObject({ title: TITLE, publicTitle: MASKED }); // what was approved is kept with the report
    const views = await publicHttp(id);
    expect(views.text).toContain('[đã ẩn số điện thoại]');
    for (const secret of ['0912 345 678', 'an.nguyen@gmail.com', 'gmail']) expect(views.text).not.toContain(secret);
    list.socket.disconnect();
  });

  it('masks every public projection, also of an approval posted on the events API and of a moderator’s own title', async () => {
    const id = await newReport('Đèn hỏng, SĐT 0987654321');
    expect(
      (
        await app.postAsModerator({
          domain: 'reports',
          kind: 'report.status',
          data: { reportId: id, status: 'approved' },
        })
      ).status,
    ).toBe(200);
    let views = await publicHttp(id);
    expect(views.text).toContain('Đèn hỏng, SĐT [đã ẩn số điện thoại]');
    expect(views.text).not.toContain('0987654321');
    expect((await moderate(id, { publicTitle: 'Đèn hỏng, báo ông Bình 0912.345.678' })).body).toMatchObject({
      publicText: 'Đèn hỏng, báo ông Bình [đã ẩn số điện thoại]',
    });
    views = await publicHttp(id);
    expect(views.text).not.toContain('0912.345.678');
    expect(views.text).toContain('Đèn hỏng, báo ông Bình [đã ẩn số điện thoại]');
  });
});

describe('Open311 tokens/{id}', () => {
  it('answers the same for an unknown id and for an id not yet public', async () => {
    const id = await newReport();
    const unknown = id.replace('mod-', 'xyz-'); // as long as the real one: only existence may differ
    for (const format of ['json', 'xml']) {
      const [a, b] = await Promise.all(
        [id, unknown].map(async (token) => {
          const response = await fetch(`${app.url}/open311/v2/tokens/${token}.${format}`);
          return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
        }),
      );
      expect(a, format).toEqual(b);
      expect(a!.status).toBe(404);
    }
    expect((await moderate(id, { approve: true })).status).toBe(200);
    const known = await fetch(`${app.url}/open311/v2/tokens/${id}.json`);
    expect(known.status).toBe(200);
    expect(await known.json()).toEqual([{ service_request_id: id, token: id }]);
  });
});
