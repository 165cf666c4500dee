/**
 * The practice space, with the real live app and the real practice app it builds: a trainer opens
 * a session (accounts for the hall; a refused unit leaves nothing behind), a trainee practises on
 * the practice port and the trainer sees it, and **nothing of the practice reaches the live
 * system** — not its store, its topics (HTTP and socket), its Open311, or its records beyond the
 * plan's list of who completed what. A reset brings fresh practice data and keeps the accounts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-support/test-app';
import { waitUntil } from '../test-support/wait-until';
import type { IocApp } from '../app';
import type {
  ExerciseStatusView,
  OpenedSession,
  SessionProgress,
  TrainingOverview,
  MyTraining,
} from '../protocol/training';
import { serverSecret } from '../routes/citizen/server-secret';
import { codeHash, trackingCodeFor } from '../routes/citizen/tracking-code';

let live: TestApp;
let practice: IocApp;
let admin: { cookie: string; csrfToken: string };
const REPORT = 'tap-huan-o-ga-1';

async function call<T>(
  base: string,
  who: { cookie: string; csrfToken: string } | null,
  method: string,
  route: string,
  body?: unknown,
) {
  const response = await fetch(`${base}${route}`, {
    method,
    headers: {
      ...(who ? { cookie: who.cookie, 'x-csrf-token': who.csrfToken } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    headers: response.headers,
    body: (type.includes('json') ? await response.json() : Buffer.from(await response.arrayBuffer())) as T,
  };
}

async function signInAt(base: string, username: string, password: string) {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(response.status, `${username} signs in at ${base}`).toBe(200);
  const body = (await response.json()) as { csrfToken: string };
  return { cookie: (response.headers.get('set-cookie') ?? '').split(';')[0]!, csrfToken: body.csrfToken };
}

let opened: OpenedSession;

beforeAll(async () => {
  live = await startTestApp({ training: { port: 0, host: '127.0.0.1', simulator: false } });
  // A built display of one page, to see the band the server writes into it.
  const dist = path.join(live.dataDir, 'no-dist');
  mkdirSync(dist, { recursive: true });
  writeFileSync(
    path.join(dist, 'index.html'),
    '<!doctype html><html><head></head><body><div id="app"></div></body></html>',
  );
  mkdirSync(path.join(dist, 'citizen'), { recursive: true });
  writeFileSync(
    path.join(dist, 'citizen', 'index.html'),
    '<!doctype html><html><head><meta name="ioc-city" content="" /></head><body><div id="app"></div></body></html>',
  );
  admin = await live.signIn('admin');
});
afterAll(async () => {
  await live.dispose();
});

describe('opening a training session', () => {
  it('refuses a trainee without a unit, or with a unit that does not exist, naming the trainee; nothing is left behind', async () => {
    const before = await call<TrainingOverview>(live.url, admin, 'GET', '/api/v1/training');
    expect(before.body.sessions).toEqual([]);
    const noUnit = await call<{ field: string; messageVi: string }>(
      live.url,
      admin,
      'POST',
      '/api/v1/training/sessions',
      {
        name: 'Đợt 0',
        trainees: [
          { displayName: 'Lãnh đạo', role: 'leader' },
          { displayName: 'Cán bộ', role: 'entry' },
        ],
      },
    );
    expect(noUnit.status).toBe(400);
    expect(noUnit.body.field).toBe('trainees[1].unit');
    expect(noUnit.body.messageVi).toContain('đơn vị');
    const unknown = await call<{ field: string }>(live.url, admin, 'POST', '/api/v1/training/sessions', {
      name: 'Đợt 0',
      trainees: [{ displayName: 'Cán bộ', role: 'handler', unit: 'khong-co-phong-nay' }],
    });
    expect(unknown).toMatchObject({ status: 400, body: { field: 'trainees[0].unit' } });
    expect((await call<TrainingOverview>(live.url, admin, 'GET', '/api/v1/training')).body.sessions).toEqual([]);
  });

  it('is for those who manage accounts only', async () => {
    const operator = await live.signIn('operator');
    const body = { name: 'x', trainees: [{ displayName: 'x', role: 'leader' }] };
    expect((await call(live.url, operator, 'POST', '/api/v1/training/sessions', body)).status).toBe(403);
    expect((await call(live.url, null, 'GET', '/api/v1/training')).status).toBe(401);
  });

  it('makes a practice account per trainee in the practice space, not in the live system', async () => {
    const response = await call<OpenedSession>(live.url, admin, 'POST', '/api/v1/training/sessions', {
      name: 'Tập huấn điều phối, đợt 1',
      trainees: [
        { displayName: 'Nguyễn Thị Hoa', role: 'operator' },
        { displayName: 'Trần Văn Nam', role: 'entry', unit: '05986' },
      ],
    });
    expect(response.status).toBe(201);
    opened = response.body;
    expect(opened.accounts.map((account) => account.username)).toEqual(['tap-huan-1-01', 'tap-huan-1-02']);
    expect(opened.practiceUrl).not.toBe(live.url);
    practice = (await live.ioc.app.training!.space.start())!;
    expect(practice.security.users().map((user) => user.username)).toContain('tap-huan-1-01');
    expect(live.ioc.security.users().map((user) => user.username)).not.toContain('tap-huan-1-01');
    // The practice account does not open the live system.
    const refused = await fetch(`${live.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'tap-huan-1-01', password: opened.accounts[0]!.password }),
    });
    expect(refused.status).toBe(401);
  });
});

describe('practising', () => {
  it('wears the training band on every page of the practice space, and never on the live one', async () => {
    const page = await fetch(`${opened.practiceUrl}/entry/dieu-phoi`);
    expect(await page.text()).toContain('TẬP HUẤN — dữ liệu thực hành');
    const offlineCopy = await fetch(`${opened.practiceUrl}/index.html`);
    expect(await offlineCopy.text()).toContain('data-practice-band');
    // The pages the server writes itself, and the citizens' own app, wear it too.
    for (const address of ['/phan-anh', '/phan-anh/theo-doi', '/thong-bao', '/huong-dan', '/huong-dan/citizen']) {
      const practicePage = await fetch(`${opened.practiceUrl}${address}`);
      expect(practicePage.status, address).toBe(200);
      expect(await practicePage.text(), address).toContain('data-practice-band');
      const livePage = await fetch(`${live.url}${address}`);
      expect(livePage.status, address).toBe(200);
      expect(await livePage.text(), address).not.toContain('data-practice-band');
    }
    expect(await (await fetch(`${live.url}/entry/dieu-phoi`)).text()).not.toContain('data-practice-band');
  });

  it("a trainee's dispatch lands in the practice store and the trainer's page; the live store, topics, sockets and Open311 never see it", async () => {
    const socket = await live.connect({ role: 'admin' });
    const deltas: string[] = [];
    socket.on('topic:delta', (message) => deltas.push(JSON.stringify(message)));
    for (const topic of ['reports.summary', 'reports.recent'] as const)
      expect((await live.subscribe(socket, { topic })).ok).toBe(true);
    const totalBefore = live.ioc.hub.snapshot('reports.summary').data.total;
    const liveEvents = live.ioc.store.lastSeq();

    // A citizen's report in the practice space, then the trainee dispatches it.
    const { key } = await practice.security.createApiKey('practice-feed', ['reports'], { actor: 'test' });
    const created = await fetch(`${opened.practiceUrl}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({
        domain: 'reports',
        kind: 'report.created',
        data: {
          reportId: REPORT,
          category: 'road-damage',
          title: 'Ổ gà trước số 12 Lê Lợi',
          description: 'Sâu',
          lat: 21.855,
          lon: 106.749,
        },
      }),
    });
    expect(created.status).toBe(200);
    const trainee = await signInAt(opened.practiceUrl, 'tap-huan-1-01', opened.accounts[0]!.password);
    const assigned = await call(opened.practiceUrl, trainee, 'POST', `/api/v1/reports/${REPORT}/assign`, {});
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);

    // The trainee sees the exercise done on their page; the trainer sees it on theirs.
    const mine = await call<MyTraining>(opened.practiceUrl, trainee, 'GET', '/api/v1/training/me');
    expect(mine.body.exercises.find((exercise) => exercise.id === 'phan-cong')).toMatchObject({ done: true });
    expect(mine.body.exercises.find((exercise) => exercise.id === 'kiem-duyet')).toMatchObject({ done: false });
    const progress = await call<SessionProgress>(
      live.url,
      admin,
      'GET',
      `/api/v1/training/sessions/${opened.session.id}`,
    );
    const hoa = progress.body.trainees.find((one) => one.username === 'tap-huan-1-01')!;
    expect(hoa.exercises.find((exercise) => exercise.id === 'phan-cong')?.completedAt).toEqual(expect.any(Number));

    // Nothing reached the live system.
    expect(live.ioc.store.lastSeq()).toBe(liveEvents);
    expect(live.ioc.store.findFirst('reports', 'report.created', 'reportId', REPORT)).toBeNull();
    const summary = await call<{ data: { total: number } }>(live.url, admin, 'GET', '/api/v1/topics/reports.summary');
    expect(summary.body.data.total).toBe(totalBefore);
    const recent = await call<unknown>(live.url, admin, 'GET', '/api/v1/topics/reports.recent');
    expect(JSON.stringify(recent.body)).not.toContain(REPORT);
    const open311 = await call<unknown>(live.url, null, 'GET', '/open311/v2/requests.json');
    expect(JSON.stringify(open311.body)).not.toContain('Lê Lợi');
    // The practice hub did publish it (so the socket test above would have seen a leak).
    await waitUntil(
      () => practice.hub.snapshot('reports.summary').data.total === 1,
      'the practice hub counts the report',
    );
    // A tick of the live hub later, its sockets have heard nothing at all.
    live.ioc.hub.flush();
    const roundTrip = await live.subscribe(socket, { topic: 'reports.summary' });
    expect(roundTrip.ok).toBe(true);
    expect(deltas).toEqual([]);
  });

  it('a trainee sends a report as a citizen in the practice space and types its tracking code back; the live system knows no such code', async () => {
    // As the citizens' page stores it: the code's fingerprint with the practice space's own secret.
    const secret = serverSecret(practice.db, 'citizen', Date.now());
    const code = trackingCodeFor(secret, 'dien-thoai-hoc-vien');
    await practice.ingest.ingest(
      [
        {
          domain: 'reports',
          kind: 'report.created',
          data: {
            reportId: 'pa-tap-huan-den-hong',
            category: 'road-damage',
            title: 'Đèn đường hỏng ngõ 5',
            description: 'Tối cả ngõ',
            lat: 21.853,
            lon: 106.76,
            reporter: { trackingCodeHash: codeHash(secret, code) },
          },
        },
      ],
      { source: 'citizen' },
    );
    const trainee = await signInAt(opened.practiceUrl, 'tap-huan-1-01', opened.accounts[0]!.password);
    const answer = (typed: string) =>
      call<ExerciseStatusView>(opened.practiceUrl, trainee, 'POST', '/api/v1/training/me/answers/gui-phan-anh', {
        answer: typed,
      });
    const wrong = await answer('LS-0000-0000');
    expect(wrong.body).toMatchObject({ done: false, answerInput: 'text' });
    expect(wrong.body.missing[0]!.en).toContain('No report has this code');
    // Typed the way people type it: lower case, no dashes.
    const right = await answer(code.toLowerCase().replace(/-/g, ''));
    expect(right.body).toMatchObject({ done: true, completedAt: expect.any(Number) });
    expect(right.body.found[0]!.vi).toContain('pa-tap-huan-den-hong');
    expect((await fetch(`${live.url}/api/citizen/reports/${code}`)).status).toBe(404);
  });

  it("a trainee's account is refused on the trainee page of the live system, and a live account is not a trainee", async () => {
    const liveLeader = await live.signIn('leader');
    expect((await call(live.url, liveLeader, 'GET', '/api/v1/training/me')).status).toBe(404);
    const { password } = await practice.security.createUser(
      { username: 'khong-phai-hoc-vien', role: 'leader', password: 'mật khẩu đủ dài 12345' },
      { actor: 'test' },
    );
    const stranger = await signInAt(opened.practiceUrl, 'khong-phai-hoc-vien', password);
    const refused = await call<{ messageVi: string }>(opened.practiceUrl, stranger, 'GET', '/api/v1/training/me');
    expect(refused.status).toBe(403);
    expect(refused.body.messageVi).toContain('học viên');
  });

  it("exports the session's record: who completed what (.xlsx read back, and CSV with a BOM)", async () => {
    const xlsx = await call<Buffer>(
      live.url,
      admin,
      'GET',
      `/api/v1/training/sessions/${opened.session.id}/record.xlsx`,
    );
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toContain('Họ tên / Name');
    const column = header.indexOf('Chuyển phản ánh cho đơn vị xử lý / Assign a report to the department in charge') + 1;
    expect(column).toBeGreaterThan(0);
    const hoa = sheet.getRow(2);
    expect(hoa.getCell(3).value).toBe('Nguyễn Thị Hoa');
    expect(String(hoa.getCell(column).value)).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    const nam = sheet.getRow(3);
    expect(nam.getCell(6).value).toContain('05986');
    expect(String(nam.getCell(header.length).value)).toBe('0/3');
    const csv = await call<Buffer>(live.url, admin, 'GET', `/api/v1/training/sessions/${opened.session.id}/record.csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = (csv.body as Buffer).toString('utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    expect(text).toContain('Trần Văn Nam');
  });

  it('a reset brings fresh practice data; the accounts and the record of what was completed stay', async () => {
    expect(practice.store.findFirst('reports', 'report.created', 'reportId', REPORT)).not.toBeNull();
    const reset = await call(live.url, admin, 'POST', '/api/v1/training/reset');
    expect(reset.status).toBe(200);
    const fresh = await live.ioc.app.training!.space.start();
    expect(fresh.store.findFirst('reports', 'report.created', 'reportId', REPORT)).toBeNull();
    const url = live.ioc.app.training!.space.url!;
    const again = await signInAt(url, 'tap-huan-1-01', opened.accounts[0]!.password);
    const mine = await call<MyTraining>(url, again, 'GET', '/api/v1/training/me');
    // Nothing done in the fresh space, but the completion recorded before the reset is kept.
    expect(mine.body.exercises.find((exercise) => exercise.id === 'phan-cong')).toMatchObject({
      done: false,
      completedAt: expect.any(Number),
    });
  });
});
