import { beforeAll, describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
import { loadConfig } from '../../config/load-config';
import type { ReportingTemplate } from '../../../config/schema/reporting';
import { RecordingWriter, TIME_ZONE } from '../../test-support/domain-harness';
import { loadFixtures } from '../../fixtures/fixtures';
import type { DomainContext, StoredEvent } from '../domain';
import { reportingDomain } from './index';
import { createReportingAggregator, type ReportingAggregator } from './aggregator';
import { daysLate, dueDate, lastClosedPeriod, templatePeriodProblem } from './periods';
import { kpiEventsFor } from './kpi-link';
import { figureProblems } from './figures-check';

// 3 December 2026, 10:00 in Lạng Sơn: November's figures are due on the 5th.
const T0 = Date.UTC(2026, 11, 3, 3, 0, 0);
const DAY = 86_400_000;
let templates: ReportingTemplate[];

beforeAll(async () => {
  templates = [...(await loadConfig()).reporting.values()];
});

const ward = () => templates.find((t) => t.id === 'phuong-xa-thang')!;
const goodValues = {
  'thu-ngan-sach-luy-ke': 281.4,
  'ho-so-tthc-tiep-nhan': 1204,
  'ho-so-tthc-dung-han': 97.5,
  'ho-ngheo': 12,
  'lao-dong-viec-lam-moi': null,
};
const which = { template: 'phuong-xa-thang', templateVersion: 1, unit: '05986', period: '2026-11' };

function started() {
  let now = T0;
  const context: DomainContext = {
    fixtures: loadFixtures(),
    timeZone: TIME_ZONE,
    now: () => now,
    reportingTemplates: () => templates,
  };
  const aggregator = createReportingAggregator(context) as ReportingAggregator;
  const out = new RecordingWriter();
  const validators = new Map(Object.entries(reportingDomain.events).map(([kind, schema]) => [kind, Compile(schema)]));
  let seq = 0;
  /** What ingest does: validate, check against the state, then apply. Returns the conflict, if any. */
  const act = (kind: string, data: Record<string, unknown>, by = 'user:can-bo-tam-thanh') => {
    const validator = validators.get(kind)!;
    if (!validator.Check(data))
      return { field: validator.Errors(data)[0]!.instancePath, vi: 'schema', en: 'schema', index: 0 };
    const conflict = aggregator.check!([{ kind, data }]);
    if (conflict) return conflict;
    const event: StoredEvent = {
      seq: ++seq,
      domain: 'reporting',
      kind,
      time: now,
      source: by,
      simulated: false,
      idempotencyKey: null,
      data,
    };
    aggregator.apply(event, out);
    return null;
  };
  const status = (id = 'phuong-xa-thang|2026-11|05986') => {
    aggregator.flush(out);
    return out.get('reporting.status').find((item) => item.id === id)!;
  };
  return { aggregator, out, act, status, setNow: (ms: number) => (now = ms), tick: () => aggregator.tick(now, out) };
}

describe('reporting periods', () => {
  it('knows the period due now, its due date and lateness in days', () => {
    expect(lastClosedPeriod(ward(), '2026-12-03')).toBe('2026-11');
    expect(lastClosedPeriod(ward(), '2026-01-03')).toBe('2025-12');
    expect(lastClosedPeriod({ ...ward(), period: 'quarter' }, '2026-02-10')).toBe('2025-Q4');
    expect(lastClosedPeriod({ ...ward(), period: 'custom', customStartDay: 15 }, '2026-12-03')).toBe(
      '2026-10-15/2026-11-14',
    );
    expect(dueDate(ward(), '2026-11')).toBe('2026-12-05');
    expect(dueDate(ward(), '2026-12')).toBe('2027-01-05');
    expect(daysLate('2026-12-05', '2026-12-03')).toBe(0);
    expect(daysLate('2026-12-05', '2026-12-09')).toBe(4);
    expect(templatePeriodProblem(ward(), '2026-11')).toBeNull();
    expect(templatePeriodProblem(ward(), '2026-Q4')?.vi).toMatch(/không phải kỳ tháng/);
    expect(templatePeriodProblem(ward(), '2026-13')).not.toBeNull();
  });
});

describe('figures against the indicator definitions', () => {
  it('checks range, decimals, required and unknown indicators, in Vietnamese and English', () => {
    expect(figureProblems(ward(), goodValues, true)).toEqual([]);
    const problems = figureProblems(
      ward(),
      {
        ...goodValues,
        'thu-ngan-sach-luy-ke': -1,
        'ho-so-tthc-tiep-nhan': 12.5,
        'ho-so-tthc-dung-han': 97.55,
        'khong-co': 1,
      },
      true,
    );
    expect(problems.map((p) => [p.indicator, p.vi])).toEqual([
      ['khong-co', 'chỉ tiêu "khong-co" không có trong mẫu'],
      ['thu-ngan-sach-luy-ke', 'không được nhỏ hơn 0'],
      ['ho-so-tthc-tiep-nhan', 'phải là số nguyên'],
      ['ho-so-tthc-dung-han', 'tối đa 1 chữ số thập phân'],
    ]);
    // A draft may leave required figures blank; a submission may not.
    expect(figureProblems(ward(), { 'ho-ngheo': 3 }, false)).toEqual([]);
    expect(figureProblems(ward(), { 'ho-ngheo': 3 }, true).map((p) => p.indicator)).toEqual([
      'thu-ngan-sach-luy-ke',
      'ho-so-tthc-tiep-nhan',
      'ho-so-tthc-dung-han',
    ]);
  });
});

describe('reporting lifecycle', () => {
  it('goes draft → submitted → returned with a reason → submitted → approved → published, and the status follows', () => {
    const { act, status, tick, aggregator } = started();
    tick();
    expect(status()).toMatchObject({
      state: 'missing',
      dueDate: '2026-12-05',
      daysLate: 0,
      unitName: { vi: 'Phường Tam Thanh' },
    });
    expect(act('figures.saved', { ...which, values: { 'ho-ngheo': 12 } })).toBeNull();
    expect(status().state).toBe('draft');
    expect(act('figures.submitted', { ...which, values: goodValues })).toBeNull();
    expect(status()).toMatchObject({ state: 'submitted', submittedAt: T0, daysLate: 0 });
    // A return needs a reason (the schema), and an approver cannot return what is not submitted.
    expect(act('figures.returned', { ...which })).not.toBeNull();
    expect(
      act(
        'figures.returned',
        { ...which, reason: 'Số hồ sơ tiếp nhận chưa khớp với sổ theo dõi', templateVersion: 1 },
        'user:chu-tich',
      ),
    ).toBeNull();
    expect(status().state).toBe('returned');
    expect(aggregator.readModel.get('phuong-xa-thang', '2026-11', '05986')!.returnedReason).toMatch(/chưa khớp/);
    expect(act('figures.approved', which)).toMatchObject({
      field: 'kind',
      vi: 'không thể duyệt báo cáo đang ở trạng thái "bị trả lại"',
    });
    expect(act('figures.submitted', { ...which, values: { ...goodValues, 'ho-so-tthc-tiep-nhan': 1210 } })).toBeNull();
    expect(act('figures.published', which)).toMatchObject({ field: 'kind' }); // not approved yet
    expect(act('figures.approved', which, 'user:chu-tich')).toBeNull();
    expect(act('figures.saved', { ...which, values: goodValues })).toMatchObject({ field: 'kind' }); // approved figures are not edited
    expect(act('figures.published', which, 'user:chu-tich')).toBeNull();
    expect(status().state).toBe('published');
    const history = aggregator.readModel.get('phuong-xa-thang', '2026-11', '05986')!.history;
    expect(history.map((h) => [h.kind, h.by])).toEqual([
      ['figures.saved', 'user:can-bo-tam-thanh'],
      ['figures.submitted', 'user:can-bo-tam-thanh'],
      ['figures.returned', 'user:chu-tich'],
      ['figures.submitted', 'user:can-bo-tam-thanh'],
      ['figures.approved', 'user:chu-tich'],
      ['figures.published', 'user:chu-tich'],
    ]);
  });

  it('refuses figures that break the definitions, a wrong template version, a unit or period not of the template', () => {
    const { act } = started();
    expect(act('figures.submitted', { ...which, values: { ...goodValues, 'ho-so-tthc-dung-han': 120 } })).toMatchObject(
      { field: 'values.ho-so-tthc-dung-han', vi: 'không được lớn hơn 100' },
    );
    expect(act('figures.submitted', { ...which, values: { 'ho-ngheo': 1 } })).toMatchObject({
      field: 'values.thu-ngan-sach-luy-ke',
      vi: 'bắt buộc nhập',
    });
    expect(act('figures.submitted', { ...which, templateVersion: 2, values: goodValues })).toMatchObject({
      field: 'templateVersion',
    });
    expect(act('figures.submitted', { ...which, unit: 'phong-kinh-te', values: goodValues })).toMatchObject({
      field: 'unit',
      vi: 'Phòng Kinh tế, Hạ tầng và Đô thị không báo cáo theo mẫu này',
    });
    expect(act('figures.submitted', { ...which, period: '2026-Q4', values: goodValues })).toMatchObject({
      field: 'period',
    });
  });

  it('counts lateness from the due date: of the submission once submitted, of today while missing', () => {
    const { act, status, setNow, tick } = started();
    setNow(T0 + 6 * DAY); // 9 December: four days past the 5th
    tick();
    expect(status()).toMatchObject({ state: 'missing', daysLate: 4 });
    expect(status('phuong-xa-thang|2026-11|05977')).toMatchObject({ state: 'missing', daysLate: 4 });
    act('figures.submitted', { ...which, values: goodValues });
    setNow(T0 + 20 * DAY);
    tick();
    expect(status()).toMatchObject({ state: 'submitted', daysLate: 4 });
    // A new month is due: December shows up beside November.
    setNow(Date.UTC(2027, 0, 2, 3));
    tick();
    expect(status('phuong-xa-thang|2026-12|05986')).toMatchObject({ state: 'missing', dueDate: '2027-01-05' });
  });
});

describe('corrections after publication', () => {
  function published() {
    const s = started();
    s.act('figures.submitted', { ...which, values: goodValues });
    s.act('figures.approved', which, 'user:chu-tich');
    s.act('figures.published', which, 'user:chu-tich');
    return s;
  }

  it('keeps who, when, the old and new value and the reason; never overwrites silently', () => {
    const { act, aggregator, status, setNow } = published();
    const later = T0 + 2 * DAY;
    setNow(later);
    const correction = {
      ...which,
      indicator: 'thu-ngan-sach-luy-ke',
      oldValue: 281.4,
      newValue: 283.1,
      reason: 'Bổ sung khoản thu phí chợ Đông Kinh',
    };
    expect(act('figures.corrected', correction, 'user:chu-tich')).toBeNull();
    // A correction that does not name the value it replaces (someone else corrected meanwhile) is refused.
    expect(act('figures.corrected', { ...correction, oldValue: 281.4, newValue: 290 })).toMatchObject({
      field: 'oldValue',
      vi: 'giá trị đang công bố là 283.1, không phải 281.4',
    });
    expect(act('figures.corrected', { ...correction, oldValue: 283.1, reason: '' })).not.toBeNull();
    const submission = aggregator.readModel.get('phuong-xa-thang', '2026-11', '05986')!;
    expect(submission.values['thu-ngan-sach-luy-ke']).toBe(283.1);
    expect(submission.history.at(-1)).toEqual({
      kind: 'figures.corrected',
      at: later,
      by: 'user:chu-tich',
      templateVersion: 1,
      indicator: 'thu-ngan-sach-luy-ke',
      oldValue: 281.4,
      newValue: 283.1,
      reason: 'Bổ sung khoản thu phí chợ Đông Kinh',
    });
    // The published figures before the correction are still in the history.
    expect(submission.history.find((h) => h.kind === 'figures.submitted')!.values!['thu-ngan-sach-luy-ke']).toBe(281.4);
    expect(status()).toMatchObject({ state: 'published', corrections: 1 });
  });

  it('cannot correct what is not published', () => {
    const { act } = started();
    act('figures.submitted', { ...which, values: goodValues });
    expect(
      act('figures.corrected', { ...which, indicator: 'ho-ngheo', oldValue: 12, newValue: 11, reason: 'sai sót' }),
    ).toMatchObject({ field: 'kind' });
  });
});

describe('published figures feed the wall KPIs', () => {
  it('sums a ward indicator only once every ward has published it; a department figure is the KPI itself', () => {
    const values = (budget: number) => ({ 'thu-ngan-sach-luy-ke': budget });
    const three = new Map([
      ['05986', values(281.4)],
      ['05983', values(300.2)],
      ['06187', values(250.05)],
    ]);
    expect(kpiEventsFor(ward(), '2026-11', three)).toEqual([]);
    const all = new Map([...three, ['05977', values(400.1)]]);
    expect(kpiEventsFor(ward(), '2026-11', all)).toEqual([
      { domain: 'kpi', kind: 'kpi.value', data: { code: 'budget-revenue', period: '2026-11', value: 1231.8 } },
    ]);
    const finance = templates.find((t) => t.id === 'tai-chinh-ke-hoach-thang')!;
    expect(
      kpiEventsFor(
        finance,
        '2026-11',
        new Map([['phong-tai-chinh-ke-hoach', { 'tang-truong-grdp': 7.62, 'giai-ngan-dau-tu-cong': 81.5 }]]),
      ),
    ).toEqual([
      { domain: 'kpi', kind: 'kpi.value', data: { code: 'grdp-growth', period: '2026-11', value: 7.62 } },
      {
        domain: 'kpi',
        kind: 'kpi.value',
        data: { code: 'public-investment-disbursement', period: '2026-11', value: 81.5 },
      },
    ]);
  });
});
