/**
 * Handling citizen reports over HTTP, with real accounts and scopes: operators dispatch and
 * moderate; a department's handler works its own inbox and is refused (403 naming the unit) in
 * another's; a ward officer sees the ward and adds field notes; illegal moves get a 409 naming
 * the field; the moderation queue's undo window runs on the injected clock; and nothing of the
 * handling that is not public reaches a public socket or a public HTTP path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test-support/test-app';
import { waitUntil } from '../../test-support/wait-until';
import type { Role } from '../../access/roles';
import type { UserScope as UnitScope } from '../../protocol/rest';
import type { HandlingList, ModerationQueue, MyReportUnits, Timeline } from '../../protocol/reports-handling';
import type { TopicName } from '../../protocol/topics';

const URBAN = 'phong-kinh-te';
const ENVIRONMENT = 'moi-truong-do-thi';
/** Phường Tam Thanh (today's code) and a point inside it. */
const TAM_THANH = '05986';
const IN_TAM_THANH = { lat: 21.855, lon: 106.749 };
const IN_DONG_KINH = { lat: 21.846, lon: 106.768 };
const UNDO_MS = 10_000;

let app: TestApp;
let clock = Date.now();
type Session = { cookie: string; csrfToken: string; username: string };
let operator: Session;
let urbanHandler: Session;
let environmentHandler: Session;
let wardOfficer: Session;
let nobody: Session;

async function signInAs(username: string, role: Role, unitScopes: UnitScope[] = []): Promise<Session> {
  const password = `mật khẩu đủ dài của ${username}`;
  const { user } = await app.ioc.security.createUser({ username, role, password }, { actor: 'test' });
  for (const scope of unitScopes) app.ioc.security.addScope(user.id, scope, { actor: 'test' });
  const response = await fetch(`${app.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await response.json()) as { csrfToken: string };
  return { cookie: (response.headers.get('set-cookie') ?? '').split(';')[0]!, csrfToken: body.csrfToken, username };
}

beforeAll(async () => {
  app = await startTestApp({ now: () => clock, moderationUndoMs: UNDO_MS });
  operator = await signInAs('dieu-phoi', 'operator');
  urbanHandler = await signInAs('qldt', 'entry', [{ role: 'handler', unit: URBAN }]);
  environmentHandler = await signInAs('moi-truong', 'entry', [{ role: 'handler', unit: ENVIRONMENT }]);
  wardOfficer = await signInAs('tam-thanh', 'entry', [{ role: 'entry', unit: TAM_THANH }]);
  nobody = await signInAs('khong-pham-vi', 'entry');
});
afterAll(async () => {
  await app.dispose();
});

async function call<T = Record<string, unknown>>(
  who: Session | null,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
) {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: {
      ...(who ? { cookie: who.cookie, 'x-csrf-token': who.csrfToken } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

let reports = 0;
async function newReport(
  category = 'road-damage',
  place = IN_TAM_THANH,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const id = `h-${++reports}`;
  const response = await app.post({
    domain: 'reports',
    kind: 'report.created',
    data: { reportId: id, category, title: `Ổ gà ${id}`, description: 'Mô tả', ...place, ...extra },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return id;
}

describe('dispatch, inbox and timeline over HTTP', () => {
  it('a report goes new → assigned → accepted → responded → closed, each step on its timeline with who took it', async () => {
    const id = await newReport('road-damage', IN_TAM_THANH, { photoUrl: 'https://anh.example/o-ga.jpg' });
    const board = await call<HandlingList>(operator, 'GET', '/api/v1/reports/dispatch');
    expect(board.status).toBe(200);
    const onBoard = board.body.items.find((item) => item.id === id)!;
    expect(onBoard).toMatchObject({
      status: 'new',
      suggestedDepartment: URBAN,
      photoUrl: 'https://anh.example/o-ga.jpg',
      sla: 'ok',
      wardName: expect.stringContaining('Tam Thanh'),
    });
    expect(board.body.departments.map((d) => d.id)).toContain(URBAN);

    // Assigned to the suggested department when none is named.
    expect(await call(operator, 'POST', `/api/v1/reports/${id}/assign`, {})).toMatchObject({
      status: 200,
      body: { ok: true, status: 'assigned' },
    });
    const inbox = await call<HandlingList>(urbanHandler, 'GET', `/api/v1/reports/inbox/${URBAN}`);
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((item) => item.id)).toContain(id);
    expect(
      (await call<HandlingList>(operator, 'GET', '/api/v1/reports/dispatch')).body.items.map((item) => item.id),
    ).not.toContain(id);

    expect((await call(urbanHandler, 'POST', `/api/v1/reports/${id}/accept`, {})).body).toMatchObject({
      ok: true,
      status: 'in_progress',
    });
    expect(
      (
        await call(urbanHandler, 'POST', `/api/v1/reports/${id}/respond`, {
          text: 'Đã vá ổ gà',
          photoUrls: ['https://anh.example/da-va.jpg'],
        })
      ).body,
    ).toMatchObject({ status: 'resolved' });
    expect((await call(urbanHandler, 'POST', `/api/v1/reports/${id}/close`, {})).body).toMatchObject({
      status: 'closed',
    });

    const timeline = await call<Timeline>(urbanHandler, 'GET', `/api/v1/reports/${id}/timeline`);
    expect(timeline.status).toBe(200);
    expect(timeline.body.entries.map((entry) => [entry.kind, entry.status, entry.actor])).toEqual([
      ['report.created', 'new', 'key:test-feed'],
      ['report.assigned', 'assigned', 'user:dieu-phoi'],
      ['report.accepted', 'in_progress', 'user:qldt'],
      ['report.responded', 'resolved', 'user:qldt'],
      ['report.closed', 'closed', 'user:qldt'],
    ]);
    expect(timeline.body.entries[3]).toMatchObject({
      text: 'Đã vá ổ gà',
      photoUrls: ['https://anh.example/da-va.jpg'],
    });
    // Every action is audited, by the person.
    const audit = (await app.ioc.security.auditLog(50)).map(
      (entry) => `${entry.actor} ${entry.action} ${entry.target}`,
    );
    expect(audit).toEqual(
      expect.arrayContaining([
        `user:dieu-phoi report.assigned ${id}`,
        `user:qldt report.accepted ${id}`,
        `user:qldt report.closed ${id}`,
      ]),
    );
  });

  it('a handler of another department is refused with 403 naming the unit; an account without scope sees no inbox', async () => {
    const id = await newReport('drainage');
    await call(operator, 'POST', `/api/v1/reports/${id}/assign`, { department: URBAN });
    const accept = await call(environmentHandler, 'POST', `/api/v1/reports/${id}/accept`, {});
    expect(accept.status).toBe(403);
    expect(accept.body).toMatchObject({
      error: 'forbidden',
      field: 'unit',
      unit: URBAN,
      messageVi: 'Bạn không có quyền xử lý phản ánh của Phòng Kinh tế, Hạ tầng và Đô thị',
      message: 'You may not handle reports for Economy, Infrastructure and Urban Affairs Division',
    });
    const inbox = await call(environmentHandler, 'GET', `/api/v1/reports/inbox/${URBAN}`);
    expect(inbox).toMatchObject({ status: 403, body: { unit: URBAN, field: 'unit' } });
    expect((await call(nobody, 'GET', `/api/v1/reports/inbox/${ENVIRONMENT}`)).body).toMatchObject({
      unit: ENVIRONMENT,
      messageVi: expect.stringContaining('Công ty Môi trường đô thị'),
    });
    expect((await call(environmentHandler, 'GET', `/api/v1/reports/${id}/timeline`)).status).toBe(403);
    // Dispatch is the operators': a handler may not assign.
    expect((await call(urbanHandler, 'POST', `/api/v1/reports/${id}/assign`, { department: ENVIRONMENT })).status).toBe(
      403,
    );
    expect((await call(null, 'GET', `/api/v1/reports/inbox/${URBAN}`)).status).toBe(401);
    // What each may act for, for the page's picker.
    expect((await call<MyReportUnits>(urbanHandler, 'GET', '/api/v1/reports/my-units')).body).toEqual({
      departments: [expect.objectContaining({ id: URBAN })],
      wards: [],
      dispatch: false,
      timeZone: 'Asia/Ho_Chi_Minh',
    });
    const mine = (await call<MyReportUnits>(operator, 'GET', '/api/v1/reports/my-units')).body;
    expect(mine.dispatch).toBe(true);
    expect(mine.departments.length).toBeGreaterThan(3);
  });

  it('transfer with a reason moves the report to the other inbox, which must accept it; extension request and grant move the SLA deadline', async () => {
    const id = await newReport('waste');
    await call(operator, 'POST', `/api/v1/reports/${id}/assign`, { department: URBAN });
    expect(
      (
        await call(urbanHandler, 'POST', `/api/v1/reports/${id}/transfer`, {
          department: ENVIRONMENT,
          reason: 'Rác do công ty môi trường thu gom',
        })
      ).body,
    ).toMatchObject({ status: 'assigned' });
    expect(
      (await call<HandlingList>(urbanHandler, 'GET', `/api/v1/reports/inbox/${URBAN}`)).body.items.map(
        (item) => item.id,
      ),
    ).not.toContain(id);
    expect((await call(urbanHandler, 'POST', `/api/v1/reports/${id}/accept`, {})).status).toBe(403);
    expect((await call(environmentHandler, 'POST', `/api/v1/reports/${id}/accept`, {})).body).toMatchObject({
      status: 'in_progress',
    });
    const before = (
      await call<HandlingList>(environmentHandler, 'GET', `/api/v1/reports/inbox/${ENVIRONMENT}`)
    ).body.items.find((item) => item.id === id)!;
    const newDueAt = before.dueAt + 24 * 3_600_000;
    expect(
      (
        await call(environmentHandler, 'POST', `/api/v1/reports/${id}/extension-request`, {
          newDueAt,
          reason: 'Chờ xe ép rác',
        })
      ).status,
    ).toBe(200);
    const asked = (
      await call<HandlingList>(environmentHandler, 'GET', `/api/v1/reports/inbox/${ENVIRONMENT}`)
    ).body.items.find((item) => item.id === id)!;
    expect(asked).toMatchObject({ dueAt: before.dueAt, extensionRequest: { newDueAt, reason: 'Chờ xe ép rác' } });
    // Granting is the operator's.
    expect((await call(environmentHandler, 'POST', `/api/v1/reports/${id}/extension`, { newDueAt })).status).toBe(403);
    expect((await call(operator, 'POST', `/api/v1/reports/${id}/extension`, { newDueAt })).status).toBe(200);
    const granted = (
      await call<HandlingList>(environmentHandler, 'GET', `/api/v1/reports/inbox/${ENVIRONMENT}`)
    ).body.items.find((item) => item.id === id)!;
    expect(granted).toMatchObject({ dueAt: newDueAt, extensionRequest: null });
  });

  it("the SLA clock says due soon and overdue against the injected clock, by the category's deadline", async () => {
    // Waste has 24 hours: received 20 h ago is due soon, 25 h ago overdue (the clock is not moved:
    // sessions run on it too).
    const ago = async (hours: number) => {
      const id = `sla-${++reports}`;
      const response = await app.post({
        domain: 'reports',
        kind: 'report.created',
        time: clock - hours * 3_600_000,
        data: { reportId: id, category: 'waste', title: id, description: '', ...IN_TAM_THANH },
      });
      expect(response.status).toBe(200);
      await call(operator, 'POST', `/api/v1/reports/${id}/assign`, {});
      return id;
    };
    const fresh = await ago(1);
    const soon = await ago(20);
    const late = await ago(25);
    const items = (await call<HandlingList>(environmentHandler, 'GET', `/api/v1/reports/inbox/${ENVIRONMENT}`)).body
      .items;
    const sla = (id: string) => items.find((item) => item.id === id)!.sla;
    expect([sla(fresh), sla(soon), sla(late)]).toEqual(['ok', 'due-soon', 'overdue']);
    // Most urgent first.
    expect(items.findIndex((item) => item.id === late)).toBeLessThan(items.findIndex((item) => item.id === fresh));
  });

  it('refuses illegal moves and bad input with a 4xx naming the field, in Vietnamese and English, storing nothing', async () => {
    const id = await newReport('road-damage');
    const accept = await call(operator, 'POST', `/api/v1/reports/${id}/accept`, {});
    expect(accept).toMatchObject({
      status: 409,
      body: {
        field: 'status',
        messageVi: expect.stringContaining('không thể tiếp nhận'),
        message: expect.stringContaining('cannot accept'),
      },
    });
    const unknown = await call(operator, 'POST', `/api/v1/reports/${id}/assign`, { department: 'phong-khong-ton-tai' });
    expect(unknown).toMatchObject({
      status: 409,
      body: { field: 'department', messageVi: expect.stringContaining('không có đơn vị') },
    });
    const noReason = await call(operator, 'POST', `/api/v1/reports/${id}/not-responsible`, {});
    expect(noReason.status).toBe(400);
    expect(String(noReason.body.field)).toContain('reason');
    const self = await call(operator, 'POST', `/api/v1/reports/${id}/merge`, { duplicateOf: id });
    expect(self).toMatchObject({ status: 409, body: { field: 'duplicateOf' } });
    expect((await call(operator, 'POST', '/api/v1/reports/khong-co/assign', {})).status).toBe(404);
    const timeline = await call<Timeline>(operator, 'GET', `/api/v1/reports/${id}/timeline`);
    expect(timeline.body.entries.map((entry) => entry.kind)).toEqual(['report.created']);
    // Merge and not-the-city's-business close a report from the board.
    const original = await newReport('road-damage');
    expect((await call(operator, 'POST', `/api/v1/reports/${id}/merge`, { duplicateOf: original })).body).toMatchObject(
      { status: 'duplicate' },
    );
    const elsewhere = await newReport('road-damage');
    expect(
      (
        await call(operator, 'POST', `/api/v1/reports/${elsewhere}/not-responsible`, {
          reason: 'Quốc lộ 1A do Cục Đường bộ quản lý',
        })
      ).body,
    ).toMatchObject({ status: 'not_responsible' });
  });

  it("a ward officer sees the ward's reports and adds field notes there, and only there", async () => {
    const here = await newReport('road-damage', IN_TAM_THANH);
    const there = await newReport('road-damage', IN_DONG_KINH);
    const ward = await call<HandlingList>(wardOfficer, 'GET', `/api/v1/reports/ward/${TAM_THANH}`);
    expect(ward.status).toBe(200);
    const ids = ward.body.items.map((item) => item.id);
    expect(ids).toContain(here);
    expect(ids).not.toContain(there);
    expect(
      (await call(wardOfficer, 'POST', `/api/v1/reports/${here}/field-note`, { text: 'Đã kiểm tra, ổ gà sâu 20 cm' }))
        .status,
    ).toBe(200);
    const refused = await call(wardOfficer, 'POST', `/api/v1/reports/${there}/field-note`, { text: 'x' });
    expect(refused).toMatchObject({
      status: 403,
      body: { field: 'unit', unit: '05977', messageVi: expect.stringContaining('ghi chú hiện trường') },
    });
    expect((await call(wardOfficer, 'POST', `/api/v1/reports/${here}/accept`, {})).status).toBe(403);
    const timeline = await call<Timeline>(wardOfficer, 'GET', `/api/v1/reports/${here}/timeline`);
    expect(timeline.body.entries.at(-1)).toMatchObject({
      kind: 'report.field-note',
      actor: 'user:tam-thanh',
      text: 'Đã kiểm tra, ổ gà sâu 20 cm',
    });
    expect((await call<MyReportUnits>(wardOfficer, 'GET', '/api/v1/reports/my-units')).body.wards).toEqual([
      { code: TAM_THANH, name: expect.stringContaining('Tam Thanh') },
    ]);
  });
});

/** Everything public: a public socket's snapshots and deltas of the public topics, and the public HTTP paths. */
const PUBLIC_TOPICS: TopicName[] = ['reports.public-summary', 'reports.public-recent'];
async function publicSocketView() {
  const socket = await app.connect();
  const seen: string[] = [];
  socket.on('topic:delta', (message) => seen.push(JSON.stringify(message)));
  for (const topic of PUBLIC_TOPICS) seen.push(JSON.stringify(await app.subscribe(socket, { topic })));
  return { text: () => seen.join('\n'), socket };
}
async function publicHttpText(): Promise<string> {
  const paths = [
    '/api/v1/topics/reports.public-recent',
    '/open311/v2/requests.json?extensions=true',
    '/open311/v2/requests.xml?extensions=true',
    '/open311/v2/servicerequestupdates.json',
  ];
  return (await Promise.all(paths.map(async (path) => (await fetch(`${app.url}${path}`)).text()))).join('\n');
}

describe('the moderation queue', () => {
  it('shows waiting reports first; an approval waits out its undo window, can be undone in it, and is stored after it', async () => {
    const a = await newReport('trees');
    const b = await newReport('trees');
    const queue = await call<ModerationQueue>(operator, 'GET', '/api/v1/reports/moderation-queue');
    expect(queue.body.undoWindowMs).toBe(UNDO_MS);
    const waitingIds = queue.body.items.filter((item) => item.publication === 'waiting').map((item) => item.id);
    expect(waitingIds).toEqual(expect.arrayContaining([a, b]));
    const firstDecided = queue.body.items.findIndex((item) => item.publication !== 'waiting');
    expect(firstDecided === -1 || firstDecided >= waitingIds.length).toBe(true);

    const view = await publicSocketView();
    const held = await call(operator, 'POST', `/api/v1/reports/${a}/decision`, { decision: 'approve' });
    expect(held).toMatchObject({ status: 200, body: { reportId: a, decision: 'approve', commitsAt: clock + UNDO_MS } });
    expect((await call(operator, 'POST', `/api/v1/reports/${a}/decision`, { decision: 'reject' })).body).toMatchObject({
      field: 'decision',
    });
    // Undone within the window: nothing is stored, even when the clock later passes the window.
    expect((await call(operator, 'DELETE', `/api/v1/reports/${a}/decision`)).status).toBe(200);
    clock += UNDO_MS + 1;
    expect(
      (await call<ModerationQueue>(operator, 'GET', '/api/v1/reports/moderation-queue')).body.items.find(
        (item) => item.id === a,
      ),
    ).toMatchObject({ publication: 'waiting', status: 'new' });
    expect(view.text()).not.toContain(`"${a}"`);

    // Decided again and left alone: stored once the injected clock passes the window.
    await call(operator, 'POST', `/api/v1/reports/${a}/decision`, { decision: 'approve' });
    expect((await call<ModerationQueue>(operator, 'GET', '/api/v1/reports/moderation-queue')).body.pending).toEqual([
      expect.objectContaining({ reportId: a }),
    ]);
    expect((await call<Timeline>(operator, 'GET', `/api/v1/reports/${a}/timeline`)).body.status).toBe('new');
    clock += UNDO_MS;
    await waitUntil(
      async () => (await call<Timeline>(operator, 'GET', `/api/v1/reports/${a}/timeline`)).body.status === 'approved',
      'the approval is stored after the window',
    );
    await waitUntil(() => view.text().includes(`"${a}"`), 'the approved report reaches the public socket');
    expect((await call(operator, 'DELETE', `/api/v1/reports/${a}/decision`)).body).toMatchObject({ field: 'decision' });

    // A report already dispatched is approved for publication without moving its handling status.
    await call(operator, 'POST', `/api/v1/reports/${b}/assign`, {});
    await call(operator, 'POST', `/api/v1/reports/${b}/decision`, { decision: 'reject' });
    clock += UNDO_MS;
    await waitUntil(
      async () =>
        (await call<ModerationQueue>(operator, 'GET', '/api/v1/reports/moderation-queue')).body.items.find(
          (item) => item.id === b,
        )?.publication === 'rejected',
      'the rejection is stored',
    );
    expect((await call<Timeline>(operator, 'GET', `/api/v1/reports/${b}/timeline`)).body.status).toBe('assigned');
    // Only moderators.
    expect((await call(urbanHandler, 'GET', '/api/v1/reports/moderation-queue')).status).toBe(403);
    expect((await call(urbanHandler, 'POST', `/api/v1/reports/${b}/decision`, { decision: 'approve' })).status).toBe(
      403,
    );
    view.socket.disconnect();
  });
});

describe('privacy of the handling on public paths', () => {
  it('a public socket and the public HTTP paths carry the masked official response of an approved report and nothing else of its handling', async () => {
    const view = await publicSocketView();
    const open = await newReport('road-damage', IN_TAM_THANH, {
      reporter: { name: 'MARK-REPORTER', phone: '0987 654 321' },
    });
    const closedDoor = await newReport('road-damage', IN_TAM_THANH);
    for (const id of [open, closedDoor]) {
      await call(operator, 'POST', `/api/v1/reports/${id}/assign`, { note: 'MARK-ASSIGN-NOTE' });
      await call(wardOfficer, 'POST', `/api/v1/reports/${id}/field-note`, {
        text: 'MARK-FIELD-NOTE ông Ba 0911 222 333',
        photoUrls: ['https://anh.example/MARK-FIELD-PHOTO.jpg'],
      });
      await call(urbanHandler, 'POST', `/api/v1/reports/${id}/transfer`, {
        department: ENVIRONMENT,
        reason: 'MARK-TRANSFER-REASON',
      });
      await call(environmentHandler, 'POST', `/api/v1/reports/${id}/accept`, {});
      await call(environmentHandler, 'POST', `/api/v1/reports/${id}/extension-request`, {
        newDueAt: clock + 30 * 86_400_000,
        reason: 'MARK-EXTENSION-REASON',
      });
      const responded = await call(environmentHandler, 'POST', `/api/v1/reports/${id}/respond`, {
        text: `Đã xử lý ${id}, gọi 0912 345 678 nếu cần`,
        photoUrls: ['https://anh.example/MARK-RESPONSE-PHOTO.jpg'],
      });
      expect(responded.status, JSON.stringify(responded.body)).toBe(200);
    }
    // Only `open` is approved for publication.
    await call(operator, 'POST', `/api/v1/reports/${open}/decision`, { decision: 'approve' });
    clock += UNDO_MS;
    await waitUntil(
      () => view.text().includes(`Đã xử lý ${open}`),
      'the approved report and its response reach the public socket',
    );
    const socketText = view.text();
    const httpText = await publicHttpText();
    for (const [where, text] of [
      ['socket', socketText],
      ['http', httpText],
    ] as const) {
      expect(text, where).toContain(`Đã xử lý ${open}, gọi [đã ẩn số điện thoại] nếu cần`);
      for (const marker of ['MARK-', '0912 345 678', '0911 222 333', '0987 654 321', `Đã xử lý ${closedDoor}`])
        expect(text, `${where}: ${marker}`).not.toContain(marker);
    }
    view.socket.disconnect();
  });
});
