import { describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
import { adminDomain } from './index';
import { domainHarness, RecordingWriter, TIME_ZONE } from '../../test-support/domain-harness';
import { seededRandom } from '../../feeds/simulator/random';
import { loadFixtures } from '../../fixtures/fixtures';
import { dayKey } from '../calendar';
import { createOfficeCalendar } from '../office-calendar';
import type { DomainContext, IngestEvent, StoredEvent } from '../domain';
import type { Agency, Procedure } from './schema';
import { OVERDUE_LIST_LIMIT } from './aggregator';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// 10:00 on Monday 30/11/2026 in Hà Nội.
const T0 = Date.UTC(2026, 10, 30, 3, 0, 0);

type Harness = ReturnType<typeof domainHarness>;

const dossierData = (id: string, extra: Record<string, unknown> = {}) => ({
  dossierId: id,
  procedure: 'gpxd-nha-o',
  agency: 'qldt',
  ward: '05974',
  level: 'partial',
  channel: 'direct',
  feeVnd: 75_000,
  paidOnline: false,
  receivedAt: T0,
  dueAt: T0 + 15 * DAY,
  ...extra,
});
const receive = (h: Harness, id: string, extra: Record<string, unknown> = {}) =>
  h.apply('admin.dossier-received', dossierData(id, extra));
const resolve = (h: Harness, id: string, at: number) =>
  h.apply('admin.dossier-resolved', { dossierId: id, resolvedAt: at }, at);
const row = (rows: Array<{ key: string }>, key: string) => rows.find((r) => r.key === key);

/** An aggregator driven directly, for its state checks (the harness applies without checking). */
function checker(start = T0) {
  let now = start;
  const context: DomainContext = { fixtures: loadFixtures(), timeZone: TIME_ZONE, now: () => now };
  const aggregator = adminDomain.createAggregator(context);
  const out = new RecordingWriter();
  let seq = 0;
  return {
    setNow: (ms: number) => void (now = ms),
    apply(kind: string, data: Record<string, unknown>) {
      const event: StoredEvent = {
        seq: ++seq,
        domain: 'admin',
        kind,
        time: now,
        source: 'test',
        simulated: false,
        idempotencyKey: null,
        data,
      };
      aggregator.apply(event, out);
    },
    check: (events: Array<{ kind: string; data: Record<string, unknown> }>) => aggregator.check!(events),
  };
}

describe('admin domain', () => {
  it('checks its input schemas and names the bad field', () => {
    const h = domainHarness(adminDomain, T0);
    expect(h.errors('admin.dossier-received', dossierData('a'))).toEqual([]);
    expect(
      h.errors(
        'admin.dossier-received',
        dossierData('a', {
          receivedAt: '2026-11-30T10:00:00+07:00',
          dueAt: '2026-12-21T17:00:00+07:00',
          procedureName: 'Cấp phép',
          ward: undefined,
        }),
      ),
    ).toEqual([]);
    expect(h.errors('admin.dossier-received', dossierData('a', { level: 'complete' }))[0]).toMatch(/^\/level /);
    expect(h.errors('admin.dossier-received', dossierData('a', { channel: 'fax' }))[0]).toMatch(/^\/channel /);
    expect(h.errors('admin.dossier-received', dossierData('a', { feeVnd: -1 }))).toEqual(['/feeVnd must be >= 0']);
    expect(h.errors('admin.dossier-received', dossierData('a', { feeVnd: 1.5 }))[0]).toMatch(/^\/feeVnd /);
    expect(h.errors('admin.dossier-received', dossierData('a', { paidOnline: 'yes' }))[0]).toMatch(/^\/paidOnline /);
    expect(h.errors('admin.dossier-received', dossierData('a', { ward: '5974' }))[0]).toMatch(/^\/ward /);
    expect(h.errors('admin.dossier-received', dossierData('a', { agency: 'Phòng QLĐT' }))[0]).toMatch(/^\/agency /);
    expect(h.errors('admin.dossier-received', dossierData('a', { procedure: '' }))[0]).toMatch(/^\/procedure /);
    expect(h.errors('admin.dossier-received', dossierData('a', { procedureName: 'x'.repeat(301) }))[0]).toMatch(
      /^\/procedureName /,
    );
    expect(h.errors('admin.dossier-received', dossierData('', {}))[0]).toMatch(/^\/dossierId /);
    expect(h.errors('admin.dossier-received', dossierData('a', { receivedAt: 'hôm qua' }))[0]).toMatch(
      /^\/receivedAt /,
    );
    expect(h.errors('admin.dossier-received', dossierData('a', { dueAt: 12 }))[0]).toMatch(/^\/dueAt /);
    const { dueAt: _dueAt, ...withoutDue } = dossierData('a');
    expect(h.errors('admin.dossier-received', withoutDue).join()).toMatch(/dueAt/);
    // No applicant on any event: a feed that sends one is refused, nothing of it stored.
    expect(h.errors('admin.dossier-received', dossierData('a', { applicantName: 'Nguyễn Văn A' })).join()).toMatch(
      /additional/,
    );
    expect(h.errors('admin.dossier-resolved', { dossierId: 'a', resolvedAt: T0 })).toEqual([]);
    expect(h.errors('admin.dossier-resolved', { dossierId: 'a' }).join()).toMatch(/resolvedAt/);
    expect(h.errors('admin.dossier-returned', { dossierId: 'a', returnedAt: T0, reason: 'withdrawn' })).toEqual([]);
    expect(h.errors('admin.dossier-returned', { dossierId: 'a', returnedAt: T0, reason: 'lost' })[0]).toMatch(
      /^\/reason /,
    );
    const report = { month: '2026-10', received: 100, receivedOnline: 40, resolved: 90, resolvedOnTime: 85 };
    expect(h.errors('admin.month-report', report)).toEqual([]);
    expect(h.errors('admin.month-report', { ...report, month: '2026-13' })[0]).toMatch(/^\/month /);
    expect(h.errors('admin.month-report', { ...report, received: -1 })).toEqual(['/received must be >= 0']);
    expect(h.errors('admin.month-report', { ...report, resolved: 2.5 })[0]).toMatch(/^\/resolved /);
  });

  it("computes the month's on-time, online and online-payment rates, per agency and ward", () => {
    const h = domainHarness(adminDomain, T0);
    receive(h, 'a', { channel: 'online', paidOnline: true });
    receive(h, 'b', { dueAt: T0 + 2 * HOUR });
    // A source that still writes the pre-2025 code 05971 (Phường Hoàng Văn Thụ): today that is Kỳ Lừa.
    receive(h, 'c', {
      procedure: 'khai-sinh',
      agency: 'ubnd-06187',
      ward: '05971',
      level: 'full',
      channel: 'online',
      feeVnd: 0,
      dueAt: T0 + 7 * HOUR,
    });
    receive(h, 'd', { channel: 'postal', paidOnline: true });
    receive(h, 'e');
    receive(h, 'f', { dueAt: T0 + 2 * HOUR });
    h.setNow(T0 + 30 * MINUTE);
    resolve(h, 'c', T0 + 30 * MINUTE);
    resolve(h, 'a', T0 + HOUR);
    resolve(h, 'f', T0 + 2 * HOUR); // at the deadline: on time
    resolve(h, 'b', T0 + 2 * HOUR + 1); // a millisecond late
    h.apply('admin.dossier-returned', { dossierId: 'e', returnedAt: T0 + 3 * HOUR, reason: 'withdrawn' });
    h.tick(T0 + 4 * HOUR);
    const summary = h.out.get('admin.summary');
    expect(summary).toMatchObject({
      receivedToday: 6,
      resolvedToday: 4,
      pending: 1,
      overdue: 0,
      receivedMonth: 6,
      resolvedMonth: 4,
      onlineShareMonth: 2 / 6, // a and c
      onlinePaymentShareMonth: 2 / 5, // a and d paid online, of a, b, d, e, f with a fee
      onTimeRateMonth: 3 / 4, // the returned one counts in neither part
    });
    expect(summary.byAgency).toMatchObject({ format: 'percent', higherIsBetter: true });
    expect(summary.byAgency.rows).toHaveLength(2);
    expect(row(summary.byAgency.rows, 'qldt')).toEqual({
      key: 'qldt',
      label: { vi: 'Phòng Quản lý đô thị', en: 'Urban Management' },
      value: 2 / 3,
      detail: 3,
    });
    expect(row(summary.byAgency.rows, 'ubnd-06187')).toMatchObject({
      value: 1,
      detail: 1,
      label: { vi: 'Phường Kỳ Lừa' },
    });
    // The other dossiers came as 05974 (Phường Tam Thanh before 2025): Phường Tam Thanh (05986) today.
    expect(row(summary.byWard.rows, '05986')).toEqual({
      key: '05986',
      label: { vi: 'Phường Tam Thanh', en: 'Tam Thanh Ward' },
      value: 2 / 3,
      detail: 3,
    });
    expect(row(summary.byWard.rows, '06187')).toEqual({
      key: '06187',
      label: { vi: 'Phường Kỳ Lừa', en: 'Ky Lua Ward' },
      value: 1,
      detail: 1,
    });
    expect(summary.byWard.rows.map((r) => r.key).sort()).toEqual(['05986', '06187']); // no old code left

    expect(row(summary.overdueByAgency.rows, 'qldt')).toMatchObject({ value: 0, detail: 1 });
    // Every agency of the city has its row, so a ranking of overdue shows the ones with none.
    expect(summary.overdueByAgency.rows).toHaveLength(13);
    expect(summary.overdueByAgency).toMatchObject({ format: 'number', higherIsBetter: false });
  });

  it('flags a dossier overdue after its deadline without any event, and lists the most overdue first', () => {
    const h = domainHarness(adminDomain, T0);
    receive(h, 'x', { dueAt: T0 + HOUR });
    receive(h, 'y', { dueAt: T0 + 2 * HOUR, procedure: 'dat-chuyen-muc-dich', agency: 'tn-mt', ward: '05980' });
    receive(h, 'z', { dueAt: T0 + 3 * DAY });
    h.tick(T0 + HOUR); // at the deadline: not late yet
    expect(h.out.get('admin.summary').overdue).toBe(0);
    expect(h.out.get('admin.overdue') ?? []).toEqual([]);
    h.tick(T0 + HOUR + 1);
    expect(h.out.get('admin.summary').overdue).toBe(1);
    h.tick(T0 + 2 * HOUR + 1);
    let list = h.out.get('admin.overdue');
    expect(list.map((item) => item.id)).toEqual(['x', 'y']);
    expect(list[0]).toEqual({
      id: 'x',
      time: T0 + HOUR,
      title: 'Cấp giấy phép xây dựng nhà ở riêng lẻ',
      tone: 'fair',
      meta: {
        vi: 'Phòng Quản lý đô thị · Phường Tam Thanh · quá hạn dưới 1 ngày',
        en: 'Urban Management · Tam Thanh Ward · overdue by less than a day',
      },
    });
    expect(row(h.out.get('admin.summary').overdueByAgency.rows, 'tn-mt')).toMatchObject({ value: 1, detail: 1 });
    // Two days on, with no event: the days overdue grow.
    h.tick(T0 + HOUR + 1 + 2 * DAY);
    list = h.out.get('admin.overdue');
    expect(list[0]!.meta).toEqual({
      vi: 'Phòng Quản lý đô thị · Phường Tam Thanh · quá hạn 2 ngày',
      en: 'Urban Management · Tam Thanh Ward · overdue by 2 days',
    });
    expect(list[0]!.tone).toBe('bad');
    expect(list[1]!.meta!.vi).toBe('Phòng TN&MT · Phường Đông Kinh · quá hạn 1 ngày');
    h.setNow(T0 + 2 * DAY + 2 * HOUR);
    resolve(h, 'x', T0 + 2 * DAY + 2 * HOUR);
    h.flush();
    expect(h.out.get('admin.overdue').map((item) => item.id)).toEqual(['y']);
    expect(h.out.get('admin.summary')).toMatchObject({ overdue: 1, pending: 2, onTimeRateMonth: 0 }); // December: x, late
    h.tick(T0 + 3 * DAY + 1);
    expect(h.out.get('admin.overdue').map((item) => item.id)).toEqual(['y', 'z']);
  });

  it(`keeps the ${OVERDUE_LIST_LIMIT} most overdue dossiers on the list, in order`, () => {
    const h = domainHarness(adminDomain, T0 - 30 * DAY);
    // Due one hour apart, given in a shuffled order.
    const order = Array.from({ length: 60 }, (_, i) => (i * 37) % 60);
    for (const i of order) receive(h, `d${i}`, { receivedAt: T0 - 30 * DAY, dueAt: T0 - 10 * DAY + i * HOUR });
    h.tick(T0);
    const list = h.out.get('admin.overdue');
    expect(list.map((item) => item.id)).toEqual(Array.from({ length: OVERDUE_LIST_LIMIT }, (_, i) => `d${i}`));
    expect(h.out.get('admin.summary').overdue).toBe(60);
  });

  it('counts "today" by the day in Hà Nội: 16:59:59Z is the 28th, 17:00:00Z the 29th', () => {
    const morning = Date.UTC(2026, 10, 28, 3, 0, 0);
    const beforeMidnight = Date.UTC(2026, 10, 28, 16, 59, 59);
    const afterMidnight = Date.UTC(2026, 10, 28, 17, 0, 0);
    const h = domainHarness(adminDomain, morning);
    receive(h, 'm1', { receivedAt: morning });
    receive(h, 'm2', { receivedAt: morning });
    h.setNow(beforeMidnight);
    receive(h, 'late', { receivedAt: beforeMidnight, channel: 'online' });
    resolve(h, 'm1', beforeMidnight);
    h.setNow(afterMidnight);
    receive(h, 'night', { receivedAt: afterMidnight, channel: 'online' });
    resolve(h, 'm2', afterMidnight);
    h.tick(afterMidnight + 1000);
    const summary = h.out.get('admin.summary');
    expect(summary).toMatchObject({ receivedToday: 1, resolvedToday: 1, pending: 2 });
    expect(summary.daily.x).toHaveLength(30);
    expect(summary.daily.x[0]).toBe('2026-10-31');
    expect(summary.daily.x.slice(-2)).toEqual(['2026-11-28', '2026-11-29']);
    expect(summary.daily.lines.map((line) => [line.key, line.values.slice(-2)])).toEqual([
      ['received', [3, 1]],
      ['resolved', [1, 1]],
    ]);
    expect(summary.daily.lines[0]!.values.slice(0, -2).every((value) => value === 0)).toBe(true);
    // The next midnight, with no event at all: "today" is empty again and the days move on.
    h.tick(Date.UTC(2026, 10, 29, 17, 0, 0));
    const next = h.out.get('admin.summary');
    expect(next).toMatchObject({ receivedToday: 0, resolvedToday: 0 });
    expect(next.daily.x.at(-1)).toBe('2026-11-30');
  });

  it('turns the month at midnight in Hà Nội: 30/11 16:59:59Z is November, 17:00:00Z December', () => {
    const early = Date.UTC(2026, 10, 20, 3, 0, 0);
    const beforeMidnight = Date.UTC(2026, 10, 30, 16, 59, 59);
    const afterMidnight = Date.UTC(2026, 10, 30, 17, 0, 0);
    const h = domainHarness(adminDomain, early);
    receive(h, 'p', { receivedAt: early, dueAt: early + DAY });
    receive(h, 'q', {
      receivedAt: early,
      dueAt: Date.UTC(2026, 11, 10, 10, 0, 0),
      agency: 'tc-kh',
      procedure: 'hkd-thanh-lap',
      ward: '05980',
    });
    h.setNow(beforeMidnight);
    receive(h, 'n1', { receivedAt: beforeMidnight, channel: 'online' });
    resolve(h, 'p', beforeMidnight); // late
    h.tick(beforeMidnight);
    let summary = h.out.get('admin.summary');
    expect(summary).toMatchObject({ receivedMonth: 3, resolvedMonth: 1, onTimeRateMonth: 0 });
    expect(summary.onlineShareMonth).toBeCloseTo(1 / 3, 12);
    expect(summary.byAgency.rows.map((r) => r.key)).toEqual(['qldt']);

    h.setNow(afterMidnight);
    receive(h, 'n2', { receivedAt: afterMidnight });
    resolve(h, 'q', afterMidnight); // on time
    h.tick(afterMidnight + 1000);
    summary = h.out.get('admin.summary');
    expect(summary).toMatchObject({
      receivedToday: 1,
      resolvedToday: 1,
      receivedMonth: 1,
      resolvedMonth: 1,
      onTimeRateMonth: 1,
      onlineShareMonth: 0,
    });
    expect(summary.byAgency.rows).toEqual([
      { key: 'tc-kh', label: { vi: 'Phòng Tài chính – Kế hoạch', en: 'Finance and Planning' }, value: 1, detail: 1 },
    ]);
    expect(summary.byWard.rows.map((r) => r.key)).toEqual(['05977']); // sent as 05980, Đông Kinh today
    expect(summary.monthly.x).toHaveLength(12);
    expect(summary.monthly.x.slice(-2)).toEqual(['2026-11', '2026-12']);
    const [onTime, online] = summary.monthly.lines;
    expect(onTime!.values.slice(-2)).toEqual([0, 1]);
    expect(online!.values[10]).toBeCloseTo(1 / 3, 12);
    expect(online!.values[11]).toBe(0);
    expect(onTime!.values.slice(0, 10).every((value) => value === null)).toBe(true);
  });

  it('takes a closed month from its monthly report, the latest report of a month winning', () => {
    const h = domainHarness(adminDomain, Date.UTC(2026, 9, 10, 3, 0, 0));
    receive(h, 'oct', { receivedAt: Date.UTC(2026, 9, 10, 3, 0, 0), dueAt: Date.UTC(2026, 9, 11, 3, 0, 0) });
    resolve(h, 'oct', Date.UTC(2026, 9, 20, 3, 0, 0)); // late: the dossier-level October would be 0 %
    h.setNow(T0);
    h.apply('admin.month-report', {
      month: '2026-10',
      received: 1000,
      receivedOnline: 450,
      resolved: 990,
      resolvedOnTime: 900,
    });
    h.apply('admin.month-report', {
      month: '2026-09',
      received: 900,
      receivedOnline: 300,
      resolved: 800,
      resolvedOnTime: 784,
    });
    h.apply('admin.month-report', {
      month: '2026-09',
      received: 900,
      receivedOnline: 360,
      resolved: 800,
      resolvedOnTime: 760,
    }); // corrected
    h.tick(T0);
    const monthly = h.out.get('admin.summary').monthly;
    expect(monthly).toMatchObject({ xKind: 'month', format: 'percent' });
    expect(monthly.x[0]).toBe('2025-12');
    const at = (month: string) => monthly.x.indexOf(month);
    expect(monthly.lines[0]!.values[at('2026-10')]).toBeCloseTo(900 / 990, 12);
    expect(monthly.lines[1]!.values[at('2026-10')]).toBe(0.45);
    expect(monthly.lines[0]!.values[at('2026-09')]).toBe(0.95);
    expect(monthly.lines[1]!.values[at('2026-09')]).toBe(0.4);
    expect(monthly.lines[0]!.values[at('2026-08')]).toBeNull();
    // The public series shows the same reported months (thousands of dossiers behind each).
    expect(h.out.get('admin.public-summary').monthly.lines[0]!.values[at('2026-09')]).toBe(0.95);
  });

  it('gives the public aggregates only, hiding the rates of fewer than 5 dossiers', () => {
    const h = domainHarness(adminDomain, T0);
    for (let i = 0; i < 4; i++) receive(h, `q${i}`, { ward: '05980' });
    for (let i = 0; i < 5; i++)
      receive(h, `t${i}`, { agency: 'tc-kh', procedure: 'hkd-thanh-lap', channel: 'online', paidOnline: true });
    h.setNow(T0 + HOUR);
    for (let i = 0; i < 4; i++) resolve(h, `q${i}`, T0 + HOUR);
    h.tick(T0 + HOUR);
    let publicSummary = h.out.get('admin.public-summary');
    expect(publicSummary).toMatchObject({
      receivedToday: 9,
      resolvedToday: 4,
      pending: 5,
      onTimeRateMonth: null,
      onlineShareMonth: 5 / 9,
      onlinePaymentShareMonth: 5 / 9,
    });
    expect(publicSummary.byAgency.rows).toEqual([]);
    expect(publicSummary.byWard.rows).toEqual([]);
    expect(h.out.get('admin.summary').byAgency.rows.map((r) => r.key)).toEqual(['qldt']);
    for (let i = 0; i < 5; i++) resolve(h, `t${i}`, T0 + HOUR);
    h.tick(T0 + HOUR);
    publicSummary = h.out.get('admin.public-summary');
    expect(publicSummary.onTimeRateMonth).toBe(1);
    expect(publicSummary.byAgency.rows).toEqual([
      { key: 'tc-kh', label: { vi: 'Phòng Tài chính – Kế hoạch', en: 'Finance and Planning' }, value: 1, detail: 5 },
    ]);
    expect(publicSummary.byWard.rows.map((r) => [r.key, r.detail])).toEqual([['05986', 5]]); // 05977 has 4
    expect(Object.keys(publicSummary).sort()).toEqual([
      'byAgency',
      'byWard',
      'monthly',
      'onTimeRateMonth',
      'onlinePaymentShareMonth',
      'onlineShareMonth',
      'overdue',
      'pending',
      'receivedMonth',
      'receivedToday',
      'resolvedMonth',
      'resolvedToday',
    ]);
    const json = JSON.stringify(publicSummary);
    for (const secret of ['q0', 't0', 'giấy phép', 'hộ kinh doanh']) expect(json).not.toContain(secret);
  });

  it('ignores events for unknown or finished dossiers, and a repeated "received"', () => {
    const h = domainHarness(adminDomain, T0);
    h.apply('admin.dossier-resolved', { dossierId: 'ghost', resolvedAt: T0 });
    h.apply('admin.dossier-returned', { dossierId: 'ghost', returnedAt: T0, reason: 'ineligible' });
    expect(h.out.changes).toEqual([]);
    receive(h, 'a');
    receive(h, 'a', { agency: 'tc-kh', channel: 'online' });
    resolve(h, 'a', T0);
    resolve(h, 'a', T0 + DAY * 30);
    h.tick(T0);
    expect(h.out.get('admin.summary')).toMatchObject({
      receivedToday: 1,
      resolvedToday: 1,
      pending: 0,
      onTimeRateMonth: 1,
      onlineShareMonth: 0,
    });
    expect(h.out.get('admin.summary').byAgency.rows.map((r) => r.key)).toEqual(['qldt']);
  });

  it('refuses impossible events, naming the field', () => {
    const c = checker();
    c.apply('admin.dossier-received', dossierData('known'));
    c.apply('admin.dossier-received', dossierData('done'));
    c.apply('admin.dossier-resolved', { dossierId: 'done', resolvedAt: T0 + HOUR });
    c.setNow(T0 + 2 * HOUR);
    const received = (id: string, extra: Record<string, unknown> = {}) => ({
      kind: 'admin.dossier-received',
      data: dossierData(id, extra),
    });
    const resolved = (id: string, at = T0 + HOUR) => ({
      kind: 'admin.dossier-resolved',
      data: { dossierId: id, resolvedAt: at },
    });
    expect(c.check([resolved('known'), received('new'), resolved('new')])).toBeNull();
    expect(c.check([resolved('ghost')])).toMatchObject({ index: 0, field: 'dossierId', en: 'no dossier ghost' });
    expect(c.check([resolved('done')])).toMatchObject({ field: 'dossierId', en: 'dossier done is resolved already' });
    expect(
      c.check([
        resolved('known'),
        { kind: 'admin.dossier-returned', data: { dossierId: 'known', returnedAt: T0 + HOUR, reason: 'withdrawn' } },
      ]),
    ).toMatchObject({ index: 1, field: 'dossierId', en: 'dossier known is resolved already' });
    expect(c.check([resolved('known', T0 - 1)])).toMatchObject({
      field: 'resolvedAt',
      en: 'is before the dossier was received',
    });
    expect(c.check([resolved('known', T0 + 5 * HOUR)])).toMatchObject({ field: 'resolvedAt', en: 'is in the future' });
    expect(c.check([received('b', { dueAt: T0 })])).toMatchObject({ field: 'dueAt' });
    expect(c.check([received('b', { receivedAt: T0 + DAY, dueAt: T0 + 2 * DAY })])).toMatchObject({
      field: 'receivedAt',
    });
    expect(c.check([received('b', { feeVnd: 0, paidOnline: true })])).toMatchObject({ field: 'paidOnline' });
    const report = (month: string, extra: Record<string, unknown> = {}) => ({
      kind: 'admin.month-report',
      data: { month, received: 10, receivedOnline: 5, resolved: 10, resolvedOnTime: 9, ...extra },
    });
    expect(c.check([report('2026-10')])).toBeNull();
    expect(c.check([report('2026-11')])).toMatchObject({ field: 'month' });
    expect(c.check([report('2027-01')])).toMatchObject({ field: 'month' });
    expect(c.check([report('2026-10', { receivedOnline: 11 })])).toMatchObject({ field: 'receivedOnline' });
    expect(c.check([report('2026-10', { resolvedOnTime: 11 })])).toMatchObject({ field: 'resolvedOnTime' });
    // The month turns in city time: at 00:00 on 1/12 in Hà Nội, November is closed.
    c.setNow(Date.UTC(2026, 10, 30, 17, 0, 0));
    expect(c.check([report('2026-11')])).toBeNull();
  });

  it('has the agencies and procedures of the city', () => {
    const fixtures = loadFixtures();
    const { agencies } = fixtures.readJson<{ agencies: Agency[] }>('admin/agencies.json');
    const { procedures } = fixtures.readJson<{ procedures: Procedure[] }>('admin/procedures.json');
    expect(agencies.filter((a) => a.kind !== 'ward').map((a) => a.name.vi)).toEqual([
      'Văn phòng Hội đồng nhân dân và Ủy ban nhân dân thành phố',
      'Phòng Tài chính – Kế hoạch',
      'Phòng Quản lý đô thị',
      'Phòng Tài nguyên và Môi trường',
      'Phòng Văn hóa – Thông tin',
      'Phòng Lao động – Thương binh và Xã hội',
      'Phòng Tư pháp',
      'Phòng Nội vụ',
      'Công an thành phố Lạng Sơn',
    ]);
    // One People's Committee per ward and commune, named after it; on the wall by the ward's own
    // name ("Phường Tam Thanh"): "UBND phường …" four times is cut to the same "UBND phườn…".
    for (const ward of fixtures.wards) {
      const committee = agencies.find((a) => a.ward === ward.code);
      expect(committee?.code).toBe(`ubnd-${ward.code}`);
      expect(committee?.short.vi).toBe(ward.fullName);
    }
    const codes = new Set(agencies.map((a) => a.code));
    expect(new Set(procedures.map((p) => p.code)).size).toBe(procedures.length);
    const validate = Compile(adminDomain.events['admin.dossier-received']!);
    for (const procedure of procedures) {
      expect(procedure.agency === 'ward' || codes.has(procedure.agency), procedure.code).toBe(true);
      expect(procedure.workingDays).toBeGreaterThanOrEqual(0);
      expect(procedure.workingDays).toBeLessThanOrEqual(30);
      expect(procedure.weight).toBeGreaterThan(0);
      expect(procedure.basis.length).toBeGreaterThan(5);
      expect(
        validate.Check(
          dossierData('x', { procedure: procedure.code, level: procedure.online, feeVnd: procedure.feeVnd }),
        ),
      ).toBe(true);
    }
    // Every agency has procedures of its own.
    expect(new Set(procedures.map((p) => p.agency))).toEqual(
      new Set(['tc-kh', 'qldt', 'tn-mt', 'vh-tt', 'ld-tbxh', 'tu-phap', 'noi-vu', 'vp-hdnd-ubnd', 'cong-an', 'ward']),
    );
  });
});

// Whole simulated months: slower than a unit test (the config's 20 s does not reach the projects).
describe('admin simulator', { timeout: 20_000 }, () => {
  /** Seeds at `start`, then steps each second for `seconds`, checking and applying as ingest would. */
  function run(start: number, seconds: number, prngSeed = 4) {
    let now = start;
    const context: DomainContext = { fixtures: loadFixtures(), timeZone: TIME_ZONE, now: () => now };
    const simulator = adminDomain.createSimulator(context, seededRandom(prngSeed));
    const aggregator = adminDomain.createAggregator(context);
    const validators = new Map(Object.entries(adminDomain.events).map(([kind, schema]) => [kind, Compile(schema)]));
    const out = new RecordingWriter();
    let seq = 0;
    const ingest = (events: IngestEvent[]) => {
      const conflict = aggregator.check!(events.map((event) => ({ kind: event.kind, data: event.data })));
      if (conflict) throw new Error(`refused ${JSON.stringify(events[conflict.index])}: ${conflict.en}`);
      for (const event of events) {
        if (!validators.get(event.kind)!.Check(event.data)) throw new Error(`invalid ${JSON.stringify(event)}`);
        aggregator.apply(
          {
            seq: ++seq,
            domain: 'admin',
            kind: event.kind,
            time: event.time as number,
            source: 'simulator',
            simulated: true,
            idempotencyKey: event.id!,
            data: event.data,
          },
          out,
        );
      }
    };
    const seed = simulator.seed(now).sort((a, b) => (a.time as number) - (b.time as number));
    ingest(seed);
    aggregator.tick(now, out);
    const live: IngestEvent[] = [];
    // Steps of 5 s, as a slow feed would take them: the simulator scales by the elapsed time.
    for (let second = 5; second <= seconds; second += 5) {
      now += 5000;
      const events = simulator.step(now, 5000, 1);
      ingest(events);
      live.push(...events);
      aggregator.flush(out);
      aggregator.tick(now, out);
    }
    return { seed, live, out };
  }

  it('seeds 32 days of dossiers at a working-day pace and 11 closed months, then works in office hours', () => {
    const { seed, live, out } = run(T0, 1800); // Monday 10:00–10:30
    const calendar = createOfficeCalendar(TIME_ZONE);
    const received = seed.filter((event) => event.kind === 'admin.dossier-received');
    const perDay = new Map<string, number>();
    for (const event of received)
      perDay.set(
        dayKey(event.time as number, TIME_ZONE),
        (perDay.get(dayKey(event.time as number, TIME_ZONE)) ?? 0) + 1,
      );
    expect(perDay.size).toBeGreaterThanOrEqual(32);
    for (const [day, count] of perDay) {
      if (day === dayKey(T0, TIME_ZONE) || day === dayKey(T0 - 32 * DAY, TIME_ZONE)) continue; // partial days
      const working = calendar.isWorkingDay(Date.parse(`${day}T05:00:00Z`));
      if (working) expect(count, day).toBeGreaterThanOrEqual(100);
      if (working) expect(count, day).toBeLessThanOrEqual(180);
      else expect(count, day).toBeGreaterThanOrEqual(15);
      if (!working) expect(count, day).toBeLessThanOrEqual(60);
    }
    // Counter dossiers come in office hours; out of them only online ones.
    for (const event of received) {
      const data = event.data as { channel: string; receivedAt: number };
      if (!calendar.isOfficeHours(data.receivedAt)) expect(data.channel).toBe('online');
    }
    const reports = seed
      .filter((event) => event.kind === 'admin.month-report')
      .map((event) => (event.data as { month: string }).month);
    expect(reports).toEqual([
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
    ]);

    // Half an hour of a working morning: a dossier every few minutes, results coming out.
    const liveReceived = live.filter((event) => event.kind === 'admin.dossier-received').length;
    expect(liveReceived).toBeGreaterThanOrEqual(4);
    expect(liveReceived).toBeLessThanOrEqual(14);
    expect(live.filter((event) => event.kind === 'admin.dossier-resolved').length).toBeGreaterThanOrEqual(3);

    const summary = out.get('admin.summary');
    expect(summary.overdue).toBeGreaterThan(0);
    expect(summary.pending).toBeGreaterThan(summary.overdue);
    expect(summary.onTimeRateMonth).toBeGreaterThan(0.9);
    expect(summary.onTimeRateMonth).toBeLessThan(0.995);
    expect(summary.onlineShareMonth).toBeGreaterThan(0.3);
    expect(summary.onlineShareMonth).toBeLessThan(0.7);
    expect(summary.onlinePaymentShareMonth).toBeGreaterThan(0.2);
    expect(summary.byAgency.rows.length).toBe(13);
    expect(summary.byWard.rows.length).toBe(4); // today's four wards
    expect(summary.monthly.lines.every((line) => line.values.every((value) => value !== null))).toBe(true);
    expect(summary.daily.lines[0]!.values.every((value) => value !== null && value > 0)).toBe(true);
    expect(out.get('admin.overdue').length).toBe(Math.min(summary.overdue, OVERDUE_LIST_LIMIT));
    // Every public rate stands on at least 5 dossiers.
    const publicSummary = out.get('admin.public-summary');
    expect([...publicSummary.byAgency.rows, ...publicSummary.byWard.rows].every((r) => (r.detail ?? 0) >= 5)).toBe(
      true,
    );
  });

  it('keeps quiet at night: online dossiers only, no results', () => {
    // 22:00–23:00 on Monday 30/11 in Hà Nội.
    const { live } = run(Date.UTC(2026, 10, 30, 15, 0, 0), 3600, 8);
    expect(
      live.every(
        (event) => event.kind === 'admin.dossier-received' && (event.data as { channel: string }).channel === 'online',
      ),
    ).toBe(true);
    expect(live.length).toBeGreaterThanOrEqual(1);
    expect(live.length).toBeLessThanOrEqual(4);
  });
});
