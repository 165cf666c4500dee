/**
 * The entry routes over HTTP on the real app: scopes per unit, the lifecycle through the form,
 * corrections with history, the KPI on the wall, and Excel/CSV imports that refuse clearly and
 * store nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { startTestApp, testConfig, type TestApp } from '../../test-support/test-app';
import { loadConfig } from '../../config/load-config';
import type { Role } from '../../access/roles';
import type { KpiValue } from '../../protocol/topics';
import { MAX_UNPACKED_BYTES } from './zip-bounds';

// 3 December 2026, 10:00 in Lạng Sơn: November's figures are due on the 5th.
const T0 = Date.UTC(2026, 11, 3, 3, 0, 0);
const REPORT = '/api/v1/entry/reports/phuong-xa-thang';
const good = {
  'thu-ngan-sach-luy-ke': 281.4,
  'ho-so-tthc-tiep-nhan': 1204,
  'ho-so-tthc-dung-han': 97.5,
  'ho-ngheo': 12,
  'lao-dong-viec-lam-moi': null,
};

let t: TestApp;
let accounts = 0;

interface Session {
  cookie: string;
  csrfToken: string;
}

/** A person with a base role and scopes written `entry:05986,approver:05986`. */
async function person(role: Role, scope: string | null): Promise<Session> {
  const username = `nguoi-${++accounts}`;
  const password = `mật khẩu đủ dài ${accounts}`;
  const { user } = await t.ioc.security.createUser({ username, role, password }, { actor: 'test' });
  for (const part of (scope ?? '').split(',').filter(Boolean)) {
    const [scopeRole, unit] = part.split(':') as ['entry' | 'approver' | 'handler', string];
    t.ioc.security.addScope(user.id, { role: scopeRole, unit }, { actor: 'test' });
  }
  const response = await fetch(`${t.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await response.json()) as { csrfToken: string };
  return { cookie: (response.headers.get('set-cookie') ?? '').split(';')[0]!, csrfToken: body.csrfToken };
}

async function call(
  as: Session | null,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
) {
  const headers: Record<string, string> = as ? { cookie: as.cookie, 'x-csrf-token': as.csrfToken } : {};
  let payload: BodyInit | undefined;
  if (body instanceof Uint8Array) {
    headers['content-type'] = contentType;
    payload = body as unknown as BodyInit;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fetch(`${t.url}${path}`, { method, headers, body: payload });
  const type = response.headers.get('content-type') ?? '';
  const data = type.includes('json')
    ? ((await response.json()) as Record<string, unknown>)
    : Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    body: data as Record<string, unknown> & { problems?: Array<Record<string, unknown>> },
    type,
    disposition: response.headers.get('content-disposition'),
  };
}

// The aggregators publish what changed on the hub's next tick: flush it now rather than wait for it.
const kpi = (code: string) =>
  (t.ioc.runtime.flush(), t.ioc.hub.snapshot('kpi.values').data as KpiValue[]).find((value) => value.id === code)!;
const reportingEvents = () =>
  (t.ioc.db.prepare("SELECT COUNT(*) AS n FROM events WHERE domain = 'reporting'").get() as { n: number }).n;

let officer: Session; // enters for Tam Thanh
let chair: Session; // approves for Tam Thanh
beforeAll(async () => {
  const { reporting } = await loadConfig();
  t = await startTestApp({ config: { ...testConfig(), reporting }, now: () => T0 });
  officer = await person('entry', 'entry:05986');
  chair = await person('leader', 'approver:05986');
});
afterAll(async () => t?.dispose());

describe('who may act for which unit', () => {
  it('refuses another unit with a 403 naming it, and nobody with a 401', async () => {
    const refused = await call(officer, 'PUT', `${REPORT}/05983/2026-11/draft`, { values: good });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      error: 'forbidden',
      field: 'unit',
      unit: '05983',
      messageVi: 'Bạn không có quyền nhập số liệu cho Phường Lương Văn Tri',
      message: 'You may not enter figures for Luong Van Tri Ward',
    });
    expect((await call(null, 'GET', `${REPORT}/05986/2026-11`)).status).toBe(401);
    // Entering is not approving, and approving is not entering.
    expect((await call(officer, 'POST', `${REPORT}/05986/2026-11/approve`, {})).body).toMatchObject({
      statusCode: 403,
      messageVi: 'Bạn không có quyền duyệt số liệu của Phường Tam Thanh',
    });
    expect((await call(chair, 'POST', `${REPORT}/05986/2026-11/submit`, { values: good })).status).toBe(403);
    // Only a person acts on a report: a feed key cannot post its events.
    const viaFeed = await t.post({
      domain: 'reporting',
      kind: 'figures.approved',
      data: { template: 'phuong-xa-thang', templateVersion: 1, unit: '05986', period: '2026-11' },
    });
    expect(viaFeed.status).toBe(403);
  });

  it("lists my units' reports and my scopes", async () => {
    const tasks = await call(officer, 'GET', '/api/v1/entry/tasks');
    expect(tasks.status).toBe(200);
    expect(tasks.body.scopes).toEqual([
      { role: 'entry', unit: '05986', unitName: { vi: 'Phường Tam Thanh', en: 'Tam Thanh Ward' } },
    ]);
    const reports = tasks.body.reports as Array<Record<string, unknown>>;
    expect(reports.map((r) => r.id)).toEqual(['phuong-xa-thang|2026-11|05986']);
    expect(reports[0]).toMatchObject({ period: '2026-11', dueDate: '2026-12-05', canEnter: true, canApprove: false });
  });
});

describe("the operator's reminder list", () => {
  it('lists who has not submitted, the latest first, to operators only', async () => {
    const operator = await person('operator', null);
    const reminders = await call(operator, 'GET', '/api/v1/entry/reminders');
    expect(reminders.status).toBe(200);
    const list = reminders.body as unknown as Array<{ id: string; state: string; daysLate: number }>;
    // The wards' report is due on the 5th, the finance office's on the 10th.
    expect(list.map((item) => item.id)).toEqual([
      ...['05977', '05983', '05986', '06187'].map((unit) => `phuong-xa-thang|2026-11|${unit}`),
      'tai-chinh-ke-hoach-thang|2026-11|phong-tai-chinh-ke-hoach',
    ]);
    expect(list.every((item) => item.state === 'missing' && item.daysLate === 0)).toBe(true); // due on the 5th, today is the 3rd
    expect((await call(officer, 'GET', '/api/v1/entry/reminders')).status).toBe(403);
  });
});

describe('the lifecycle through the form, over HTTP', () => {
  it('refuses bad figures listing each one and stores nothing; then draft, submit, return, submit, approve and publish', async () => {
    const before = reportingEvents();
    const bad = await call(officer, 'POST', `${REPORT}/05986/2026-11/submit`, {
      values: { ...good, 'ho-so-tthc-dung-han': 120, 'ho-so-tthc-tiep-nhan': null },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.problems!.map((p) => [p.indicator, p.vi])).toEqual([
      ['ho-so-tthc-tiep-nhan', 'bắt buộc nhập'],
      ['ho-so-tthc-dung-han', 'không được lớn hơn 100'],
    ]);
    expect(reportingEvents()).toBe(before);

    const draft = await call(officer, 'PUT', `${REPORT}/05986/2026-11/draft`, { values: { 'ho-ngheo': 12 } });
    expect(draft.body).toMatchObject({ state: 'draft', values: { 'ho-ngheo': 12 } });
    expect((await call(officer, 'POST', `${REPORT}/05986/2026-11/submit`, { values: good })).body).toMatchObject({
      state: 'submitted',
      submittedAt: T0,
    });
    expect((await call(chair, 'POST', `${REPORT}/05986/2026-11/return`, { reason: '' })).status).toBe(400);
    const returned = await call(chair, 'POST', `${REPORT}/05986/2026-11/return`, {
      reason: 'Số hồ sơ chưa khớp sổ theo dõi',
    });
    expect(returned.body).toMatchObject({ state: 'returned', returnedReason: 'Số hồ sơ chưa khớp sổ theo dõi' });
    // Approving a returned report is a conflict, named in both languages.
    const conflict = await call(chair, 'POST', `${REPORT}/05986/2026-11/approve`, {});
    expect(conflict.status).toBe(409);
    expect(conflict.body.messageVi).toMatch(/không thể duyệt báo cáo đang ở trạng thái "bị trả lại"/);
    await call(officer, 'POST', `${REPORT}/05986/2026-11/submit`, { values: good });
    const approved = await call(chair, 'POST', `${REPORT}/05986/2026-11/approve`, {});
    expect(approved.body).toMatchObject({ state: 'published' });
    const history = (await call(officer, 'GET', `${REPORT}/05986/2026-11/history`)).body as unknown as Array<{
      kind: string;
      by: string;
    }>;
    expect(history.map((h) => h.kind)).toEqual([
      'figures.saved',
      'figures.submitted',
      'figures.returned',
      'figures.submitted',
      'figures.approved',
      'figures.published',
    ]);
    expect(history.at(-1)!.by).toMatch(/^user:nguoi-/);
    t.ioc.runtime.flush();
    const status = (t.ioc.hub.snapshot('reporting.status').data as Array<{ id: string; state: string }>).find(
      (s) => s.id === 'phuong-xa-thang|2026-11|05986',
    );
    expect(status?.state).toBe('published');
  });

  it('publishes the budget KPI once all four wards have, and a correction changes it live and keeps the history', async () => {
    const admin = await person('admin', null);
    const before = kpi('budget-revenue');
    const budgets: Record<string, number> = { '05983': 300.2, '06187': 250.1, '05977': 400.1 };
    for (const [unit, budget] of Object.entries(budgets)) {
      expect(
        (
          await call(admin, 'POST', `${REPORT}/${unit}/2026-11/submit`, {
            values: { ...good, 'thu-ngan-sach-luy-ke': budget },
          })
        ).status,
      ).toBe(200);
      if (unit !== '05977')
        expect((await call(admin, 'POST', `${REPORT}/${unit}/2026-11/approve`, {})).body).toMatchObject({
          state: 'published',
        });
      // Three of four: the wall keeps what it had.
      expect(kpi('budget-revenue').period).toBe(before.period);
    }
    await call(admin, 'POST', `${REPORT}/05977/2026-11/approve`, {});
    expect(kpi('budget-revenue')).toMatchObject({ period: '2026-11', value: 1231.8 });

    const correction = {
      indicator: 'thu-ngan-sach-luy-ke',
      oldValue: 281.4,
      newValue: 283.4,
      reason: 'Bổ sung thu phí chợ',
    };
    expect((await call(officer, 'POST', `${REPORT}/05986/2026-11/correct`, correction)).status).toBe(403);
    const corrected = await call(chair, 'POST', `${REPORT}/05986/2026-11/correct`, correction);
    expect(corrected.body).toMatchObject({
      state: 'published',
      corrections: 1,
      values: { 'thu-ngan-sach-luy-ke': 283.4 },
    });
    expect(kpi('budget-revenue')).toMatchObject({ period: '2026-11', value: 1233.8 });
    // A second correction naming the old value again is refused: nothing is overwritten silently.
    const stale = await call(chair, 'POST', `${REPORT}/05986/2026-11/correct`, { ...correction, newValue: 290 });
    expect(stale.status).toBe(409);
    expect(stale.body.messageVi).toMatch(/giá trị đang công bố là 283.4/);
    const history = (await call(officer, 'GET', `${REPORT}/05986/2026-11/history`)).body as unknown as Array<
      Record<string, unknown>
    >;
    expect(history.at(-1)).toMatchObject({
      kind: 'figures.corrected',
      at: T0,
      oldValue: 281.4,
      newValue: 283.4,
      reason: 'Bổ sung thu phí chợ',
    });
    // Audited as the person who did it.
    const audit = t.ioc.db
      .prepare("SELECT actor, action, target FROM audit_log WHERE action = 'figures.corrected'")
      .all() as Array<{ actor: string; target: string }>;
    expect(audit).toHaveLength(1);
    expect(audit[0]!.target).toBe('phuong-xa-thang|2026-11|05986');
  });
});

async function downloaded(unit: string, period = '2026-10'): Promise<ExcelJS.Workbook> {
  const file = await call(officer, 'GET', `${REPORT}/${unit}/${period}/xlsx`);
  expect(file.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file.body as unknown as ArrayBuffer);
  return workbook;
}
const bytes = async (workbook: ExcelJS.Workbook) => new Uint8Array(await workbook.xlsx.writeBuffer());
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const fill = (workbook: ExcelJS.Workbook, values: unknown[]) => {
  const sheet = workbook.getWorksheet('Số liệu')!;
  values.forEach((value, index) => (sheet.getCell(`E${6 + index}`).value = value as ExcelJS.CellValue));
  return sheet;
};

describe('Excel', () => {
  it("downloads the period's template: unit and indicators filled in, structure protected, hidden template id and version", async () => {
    const file = await call(officer, 'GET', `${REPORT}/05986/2026-10/xlsx`);
    expect(file.type).toBe(XLSX);
    expect(file.disposition).toBe('attachment; filename="phuong-xa-thang_05986_2026-10.xlsx"');
    const workbook = await downloaded('05986');
    const sheet = workbook.getWorksheet('Số liệu')!;
    expect(sheet.getCell('A2').value).toBe('Đơn vị / Unit: Phường Tam Thanh (05986)');
    expect(sheet.getCell('B6').value).toBe('thu-ngan-sach-luy-ke');
    expect(sheet.getCell('D6').value).toBe('tỷ đồng');
    expect(sheet.getCell('E6').protection).toMatchObject({ locked: false });
    expect((sheet as unknown as { sheetProtection: unknown }).sheetProtection).toMatchObject({ sheet: true });
    const meta = workbook.getWorksheet('mau')!;
    expect(meta.state).toBe('veryHidden');
    expect([meta.getCell('B1').value, meta.getCell('B2').value]).toEqual(['phuong-xa-thang', 1]);
  });

  it('submits a good file', async () => {
    const workbook = await downloaded('05986');
    fill(workbook, [270.5, 1180, 96.2, '1.234', null]);
    const result = await call(officer, 'POST', `${REPORT}/05986/2026-10/xlsx`, await bytes(workbook), XLSX);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      state: 'submitted',
      values: { 'thu-ngan-sach-luy-ke': 270.5, 'ho-so-tthc-tiep-nhan': 1180, 'ho-ngheo': 1234 },
    });
    expect((result.body.history as Array<{ via?: string }>).at(-1)!.via).toBe('xlsx');
  });

  it('refuses a file with bad cells, listing each (sheet, cell, value, why) and storing nothing', async () => {
    const before = reportingEvents();
    const workbook = await downloaded('05986', '2026-09');
    fill(workbook, [-3, 'mười hai', 96.25, 1.5, null]);
    const result = await call(officer, 'POST', `${REPORT}/05986/2026-09/xlsx`, await bytes(workbook), XLSX);
    expect(result.status).toBe(400);
    expect(result.body.messageVi).toBe('4 ô không hợp lệ: chưa lưu gì');
    expect(result.body.problems).toEqual([
      {
        sheet: 'Số liệu',
        cell: 'E6',
        indicator: 'thu-ngan-sach-luy-ke',
        value: -3,
        vi: 'không được nhỏ hơn 0',
        en: 'must be at least 0',
      },
      {
        sheet: 'Số liệu',
        cell: 'E7',
        indicator: 'ho-so-tthc-tiep-nhan',
        value: 'mười hai',
        vi: 'không phải số',
        en: 'not a number',
      },
      {
        sheet: 'Số liệu',
        cell: 'E8',
        indicator: 'ho-so-tthc-dung-han',
        value: 96.25,
        vi: 'tối đa 1 chữ số thập phân',
        en: 'at most 1 decimal places',
      },
      {
        sheet: 'Số liệu',
        cell: 'E9',
        indicator: 'ho-ngheo',
        value: 1.5,
        vi: 'phải là số nguyên',
        en: 'must be a whole number',
      },
    ]);
    expect(reportingEvents()).toBe(before);
  });

  it('refuses a wrong template version, a formula, a merged cell: clear, and nothing stored', async () => {
    const before = reportingEvents();
    const old = await downloaded('05986', '2026-09');
    fill(old, [270.5, 1180, 96.2, null, null]);
    old.getWorksheet('mau')!.getCell('B2').value = 0;
    const version = await call(officer, 'POST', `${REPORT}/05986/2026-09/xlsx`, await bytes(old), XLSX);
    expect(version.status).toBe(400);
    expect(version.body.problems![0]).toMatchObject({
      sheet: 'mau',
      cell: 'B2',
      value: 0,
      vi: 'mẫu phiên bản cũ (0); phiên bản hiện hành là 1: hãy tải mẫu mới',
    });

    const formula = await downloaded('05986', '2026-09');
    fill(formula, [270.5, 1180, { formula: 'E7/12*100', result: 98.3 }, null, null]);
    const withFormula = await call(officer, 'POST', `${REPORT}/05986/2026-09/xlsx`, await bytes(formula), XLSX);
    expect(withFormula.status).toBe(400);
    expect(withFormula.body.problems).toEqual([
      {
        sheet: 'Số liệu',
        cell: 'E8',
        value: '=E7/12*100',
        vi: 'không được dùng công thức, chỉ nhập số',
        en: 'formulas are not allowed, type the number',
      },
    ]);

    const merged = await downloaded('05986', '2026-09');
    fill(merged, [270.5, 1180, 96.2, null, null]).mergeCells('E9:E10');
    const withMerge = await call(officer, 'POST', `${REPORT}/05986/2026-09/xlsx`, await bytes(merged), XLSX);
    expect(withMerge.status).toBe(400);
    expect(withMerge.body.problems![0]).toMatchObject({
      sheet: 'Số liệu',
      cell: 'E9:E10',
      vi: 'ô gộp không được phép',
    });
    expect(reportingEvents()).toBe(before);
  });

  it('refuses a file over 10 MB with 413 and one that is not Excel with 400', async () => {
    const before = reportingEvents();
    const huge = new Uint8Array(10 * 1024 * 1024 + 1);
    huge.set([0x50, 0x4b, 0x03, 0x04]);
    const tooLarge = await call(officer, 'POST', `${REPORT}/05986/2026-09/xlsx`, huge, XLSX);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({
      field: 'file',
      messageVi: 'tệp: lớn hơn 10 MB; mẫu báo cáo chỉ vài kilobyte, hãy kiểm tra lại tệp',
    });
    const text = await call(
      officer,
      'POST',
      `${REPORT}/05986/2026-09/xlsx`,
      new TextEncoder().encode('Báo cáo tháng 9: thu ngân sách 270,5 tỷ'),
      'text/plain',
    );
    expect(text.status).toBe(400);
    expect(text.body).toMatchObject({ messageVi: 'tệp không phải bảng tính Excel (.xlsx)' });
    // A ZIP that is not a workbook.
    const zip = await call(
      officer,
      'POST',
      `${REPORT}/05986/2026-09/xlsx`,
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]),
      XLSX,
    );
    expect(zip.status).toBe(400);
    expect(zip.body.messageVi).toMatch(/không phải bảng tính Excel/);
    expect(reportingEvents()).toBe(before);
  });

  it('refuses a small workbook that would unpack past the bound (a zip bomb) with 400, storing nothing', async () => {
    const before = reportingEvents();
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Số liệu').getCell('A1').value = '0'.repeat(MAX_UNPACKED_BYTES + 1024);
    const bomb = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const refused = await call(officer, 'POST', `${REPORT}/05986/2026-09/xlsx`, bomb, XLSX);
    expect(refused.status).toBe(400);
    expect(refused.body.messageVi).toMatch(/khi giải nén lớn hơn 32 MB/);
    expect(refused.body.message).toMatch(/unpacks to more than 32 MB/);
    expect(reportingEvents()).toBe(before);
  });
});

describe('CSV', () => {
  it("goes out with the template's lines and comes back in; a bad line is named", async () => {
    const out = await call(officer, 'GET', `${REPORT}/05986/2026-08/csv`);
    expect(out.type).toMatch(/^text\/csv/);
    const text = (out.body as unknown as Buffer).toString('utf8');
    const lines = text
      .replace(/^\ufeff/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('mau,phien_ban,don_vi,ky,ma_chi_tieu,chi_tieu,don_vi_tinh,gia_tri');
    expect(lines[1]).toMatch(/^phuong-xa-thang,1,05986,2026-08,thu-ngan-sach-luy-ke,/);
    const filled = [
      lines[0],
      ...lines.slice(1).map((line, i) => line.replace(/,$/, `,${['250.5', '1100', '95.5', '', ''][i]}`)),
    ].join('\n');
    const bad = filled.replace('95.5', 'chín lăm');
    const refused = await call(
      officer,
      'POST',
      `${REPORT}/05986/2026-08/csv`,
      new TextEncoder().encode(bad),
      'text/csv',
    );
    expect(refused.status).toBe(400);
    expect(refused.body.problems).toEqual([
      {
        line: 4,
        indicator: 'ho-so-tthc-dung-han',
        value: 'chín lăm',
        vi: 'không phải số (dấu thập phân là dấu chấm)',
        en: 'not a number (the decimal separator is the point)',
      },
    ]);
    const accepted = await call(
      officer,
      'POST',
      `${REPORT}/05986/2026-08/csv`,
      new TextEncoder().encode(filled),
      'text/csv',
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      state: 'submitted',
      values: { 'thu-ngan-sach-luy-ke': 250.5, 'ho-so-tthc-tiep-nhan': 1100, 'ho-so-tthc-dung-han': 95.5 },
    });
  });
});
