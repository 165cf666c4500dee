/**
 * The exports against the real app with the shipped dashboards and simulated data: the briefing
 * pack's text read back with pdfjs (Vietnamese diacritics right), a widget's .xlsx read back with
 * exceljs and its .csv parsed, equal to the topics the screen reads; the same audience rule as the
 * screen (an internal dashboard is not found by anonymous callers, a public one exports public data
 * only, never a reporter's name or phone); `?at=` through an injected past source.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { startTestApp, type TestApp } from '../../test-support/test-app';
import { loadConfig, loadWidgetManifests } from '../../config/load-config';
import { pdfPagePng, pdfText } from '../../test-support/pdf';
import { liveTopics, type TopicsAt } from '../../export/topic-source';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCREENSHOTS = path.join(ROOT, 'docs/screenshots');
const T0 = Date.UTC(2026, 11, 4, 1, 30, 0); // 08:30 on Friday 4 December 2026 in Lạng Sơn
const SECRET_NAME = 'Nguyễn Thị Bí Mật';
const SECRET_PHONE = '0912345678';
const EXCEPTION_LABEL = {
  vi: 'Phản ánh tiếp nhận hôm nay vượt mức thường lệ',
  en: "Today's reports above their usual level",
};

let app: TestApp;
let leader: { cookie: string };
let pastAsked: Array<{ at: number; audience: string }> = [];

async function get(url: string, cookie?: string) {
  const response = await fetch(`${app.url}${url}`, { headers: cookie ? { cookie } : {} });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    disposition: response.headers.get('content-disposition'),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

beforeAll(async () => {
  const config = await loadConfig(undefined, await loadWidgetManifests());
  config.app.security.anonymousReadsPerMinute = 100_000;
  config.app.security.loginAttemptsPerMinute = 1000;
  // The replay's side, as it will be given: the topics at a moment (here: today's live state plus
  // the exceptions topic, which proves the pack reads it when it exists).
  const past: TopicsAt = async (at, audience) => {
    pastAsked.push({ at, audience });
    const live = await liveTopics(app.ioc.hub, () => at)(at, audience);
    const exceptions = {
      items: [
        {
          id: 'r',
          rule: 'r',
          severity: 'alarm',
          basis: 'baseline',
          label: EXCEPTION_LABEL,
          topic: 'reports.summary',
          field: 'receivedToday',
          unit: 'Phường Tam Thanh',
          unitKey: '05986',
          value: 147,
          reference: 25,
          ratio: 5.88,
          measure: null,
          since: at - 3_600_000,
        },
      ],
    };
    return { ...live, past: true, data: { ...live.data, 'exceptions.now': exceptions } as typeof live.data };
  };
  app = await startTestApp({
    config,
    now: () => T0,
    simulator: true,
    simulatorOptions: { seedDays: 2, seed: 7 },
    topicsAt: past,
  });
  await app.ioc.simulator!.seed();
  const created = await app.post([
    {
      domain: 'reports',
      kind: 'report.created',
      id: 'export-secret',
      data: {
        reportId: 'export-secret',
        category: 'waste',
        title: '=HYPERLINK("http://evil.example","bấm")',
        description: `Gọi ${SECRET_NAME} ${SECRET_PHONE}`,
        lat: 21.85537,
        lon: 106.74912,
        reporter: { name: SECRET_NAME, phone: SECRET_PHONE },
      },
    },
  ]);
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  leader = await app.signIn('leader');
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await app?.dispose();
});

describe('briefing pack (PDF)', () => {
  it('draws main as real text with Vietnamese diacritics, the moment in city time and the source', async () => {
    const response = await get('/api/v1/export/main.pdf', leader.cookie);
    expect(response.status).toBe(200);
    expect(response.type).toBe('application/pdf');
    expect(response.disposition).toContain('main-20261204-0830.pdf');
    const { text, pages } = await pdfText(response.bytes);
    expect(pages).toBeGreaterThanOrEqual(2);
    for (const words of [
      'Tổng quan điều hành đô thị',
      'Tiếp nhận hôm nay',
      'Phường Tam Thanh',
      'Bảng số liệu',
      'Thu ngân sách lũy kế',
      'Nguồn / Source',
      'reports.summary',
      '04/12/2026',
      '08:30:00',
      'trực tiếp',
    ])
      expect(text).toContain(words);
    // What needs attention now, from the exceptions stage's own topic.
    expect(app.ioc.hub.has('exceptions.now')).toBe(true);
    expect(text).toContain('Cần chú ý ngay');
    // The received-today figure the tile shows is the hub's own.
    const received = app.ioc.hub.snapshot('reports.summary').data.receivedToday;
    expect(text).toContain(`Tiếp nhận hôm nay`);
    expect(text).toMatch(new RegExp(`\\b${received}\\b`));
    writeFileSync(path.join(SCREENSHOTS, 'export-briefing-main.png'), pdfPagePng(response.bytes, 1, 80));
  }, 60_000);

  it('marks today, still running, in the 14-day chart as the screen does: dashed, "so far", the method named', async () => {
    const response = await get('/api/v1/export/main.pdf', leader.cookie);
    const { text } = await pdfText(response.bytes);
    // On the picture (the chart) and in the chart's table, where today's row says it is not over.
    expect(text).toContain('Nét đứt: kỳ đang diễn ra / Dashed: in progress');
    expect(text.split('Bảng số liệu')[0]).toContain('đến hiện tại / so far');
    expect(text).toMatch(/04\/12[^\n]*\(đến hiện tại \/ so far\)/);
  }, 60_000);

  it('reads a moment in the past through the given source, with what needs attention then', async () => {
    pastAsked = [];
    const response = await get('/api/v1/export/main.pdf?at=2026-12-03T20:00:00%2B07:00', leader.cookie);
    expect(response.status).toBe(200);
    expect(pastAsked).toEqual([{ at: Date.parse('2026-12-03T13:00:00Z'), audience: 'internal' }]);
    const { text } = await pdfText(response.bytes);
    expect(text).toContain('Cần chú ý ngay');
    expect(text).toContain(EXCEPTION_LABEL.vi);
    expect(text).toContain('20:00:00');
    expect(text).toContain('xem lại quá khứ');
    writeFileSync(path.join(SCREENSHOTS, 'export-briefing-attention.png'), pdfPagePng(response.bytes, 2, 80));
  }, 60_000);

  it('refuses a bad or future moment, naming the field', async () => {
    for (const at of ['hôm-qua', '2027-01-01T00:00']) {
      const response = await get(`/api/v1/export/main.pdf?at=${encodeURIComponent(at)}`, leader.cookie);
      expect(response.status).toBe(400);
      const body = JSON.parse(response.bytes.toString()) as { field: string; messageVi: string };
      expect(body.field).toBe('at');
      expect(body.messageVi).toMatch(/thời điểm/);
    }
  });

  it('does not export an internal dashboard to the public, and a public one holds no personal data', async () => {
    expect((await get('/api/v1/export/main.pdf')).status).toBe(404);
    expect((await get('/api/v1/export/main/reports-daily.csv')).status).toBe(404);
    expect((await get('/api/v1/export/main/reports-daily.xlsx')).status).toBe(404);
    const publicPdf = await get('/api/v1/export/public-led.pdf');
    expect(publicPdf.status).toBe(200);
    const { text } = await pdfText(publicPdf.bytes);
    expect(text).toContain('Phản ánh hôm nay');
    for (const secret of [SECRET_NAME, SECRET_PHONE, 'HYPERLINK']) expect(text).not.toContain(secret);
    const config = app.ioc.config();
    for (const dashboard of config.dashboards.values()) {
      if (dashboard.audience !== 'public') continue;
      for (const widget of dashboard.widgets) {
        const csv = await get(`/api/v1/export/${dashboard.id}/${widget.id}.csv`);
        expect([200, 404]).toContain(csv.status);
        for (const secret of [SECRET_NAME, SECRET_PHONE]) expect(csv.bytes.toString('utf8')).not.toContain(secret);
      }
    }
  }, 60_000);
});

describe('widget data (.xlsx, .csv)', () => {
  it('gives the chart of main as .xlsx, read back equal to the topic', async () => {
    const response = await get('/api/v1/export/main/reports-daily.xlsx', leader.cookie);
    expect(response.status).toBe(200);
    expect(response.type).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    const cells = rows.map((row) => row.slice(1));
    expect(cells[0]).toEqual(['Bảng / Table', 'Tiếp nhận và xử lý 14 ngày / Received and resolved, 14 days']);
    const header = cells.findIndex((row) => row[0] === 'Nhãn / Label');
    expect(cells[header]).toEqual(['Nhãn / Label', 'Tiếp nhận / Received', 'Đã xử lý / Resolved']);
    const days = app.ioc.hub.snapshot('reports.daily').data.days;
    const body = cells.slice(header + 1);
    expect(body.map((row) => row[1])).toEqual(days.map((day) => day.received));
    expect(body.map((row) => row[2])).toEqual(days.map((day) => day.resolved));
    expect(body.at(-1)![0]).toBe('04/12');
  });

  it('gives a KPI tile as .csv: UTF-8 with a BOM, numbers as numbers, labels in both languages', async () => {
    const response = await get('/api/v1/export/main/kpi-budget.csv', leader.cookie);
    expect(response.status).toBe(200);
    expect(response.type).toBe('text/csv; charset=utf-8');
    expect([...response.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = response.bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'Bảng / Table,Thu ngân sách lũy kế / Budget revenue, year to date'.replace(
        /,(.*)$/,
        (_, rest: string) => `,"${rest}"`,
      ),
    );
    const kpi = app.ioc.hub.snapshot('kpi.values').data.find((item) => item.id === 'budget-revenue')!;
    const header = lines.findIndex((line) => line.startsWith('Chỉ số,'));
    expect(lines[header]!.split(',').slice(0, 3)).toEqual(['Chỉ số', 'Indicator (EN)', 'Giá trị / Value']);
    const values = lines[header + 1]!.split(',');
    expect(values[0]).toBe(kpi.name.vi);
    expect(Number(values[2])).toBe(kpi.value);
  });

  it('escapes a cell that a spreadsheet would run as a formula', async () => {
    const response = await get('/api/v1/export/reports/latest.csv', leader.cookie);
    expect(response.status).toBe(200);
    const csv = response.bytes.toString('utf8');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""bấm"")"`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('names what is missing: an unknown widget or one with no figures', async () => {
    const unknown = await get('/api/v1/export/main/khong-co.csv', leader.cookie);
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.bytes.toString())).toMatchObject({ field: 'file' });
    expect((await get('/api/v1/export/led-384-qr/qr.csv')).status).toBe(404);
    expect((await get('/api/v1/export/main/ticker.pdf', leader.cookie)).status).toBe(400);
  });
});
