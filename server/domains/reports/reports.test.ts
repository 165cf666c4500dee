import { describe, expect, it } from 'vitest';
import { reportsDomain } from './index';
import { domainHarness, TIME_ZONE } from '../../test-support/domain-harness';
import { canMove, isHandled, isOpen } from './lifecycle';
import { deadlineOf, isDueSoon, isReportsAggregator, type Report } from './aggregator';
import { RECENT_LIMIT } from './recent-window';
import { loadFixtures } from '../../fixtures/fixtures';
import { seededRandom } from '../../feeds/simulator/random';
import { dayKey } from '../calendar';
import type { CollectionTopicName, DomainContext, IngestEvent, ItemOf, TopicWriter, ValueTopicName } from '../domain';
import type { Identified, TopicName, TopicPayloads } from '../../protocol/topics';

const HOUR = 3_600_000;
// 10:00 on 28/11/2026 in Hà Nội.
const T0 = Date.UTC(2026, 10, 28, 3, 0, 0);
// Points inside the schematic wards (fixtures/geodata/langson-wards-2025-schematic.geojson).
const TAM_THANH = { lat: 21.855, lon: 106.749 };
const DONG_KINH = { lat: 21.846, lon: 106.768 };

function report(
  h: ReturnType<typeof domainHarness>,
  id: string,
  place = TAM_THANH,
  category = 'waste',
  extra: Record<string, unknown> = {},
) {
  h.apply('report.created', {
    reportId: id,
    category,
    title: `Phản ánh ${id}`,
    description: 'Mô tả chi tiết',
    ...place,
    ...extra,
  });
}
function move(h: ReturnType<typeof domainHarness>, id: string, ...statuses: string[]) {
  for (const status of statuses) h.apply('report.status', { reportId: id, status });
}

describe('reports domain', () => {
  it('checks its input schemas and names the bad field', () => {
    const h = domainHarness(reportsDomain, T0);
    expect(
      h.errors('report.created', { reportId: 'r', category: 'waste', title: 'x', description: '', lat: 91, lon: 106 }),
    ).toEqual(['/lat must be <= 90']);
    expect(h.errors('report.status', { reportId: 'r', status: 'teleported' })[0]).toMatch(/^\/status/);
    expect(h.errors('report.rated', { reportId: 'r', satisfied: true, score: 6 })).toEqual(['/score must be <= 5']);
    expect(
      h.errors('report.created', {
        reportId: 'r',
        category: 'waste',
        title: 'x',
        description: '',
        lat: 21,
        lon: 106,
        reporter: { ssn: '1' },
      }),
    ).not.toEqual([]);
  });

  it('assigns each report to its ward on the real (schematic) boundaries', () => {
    const h = domainHarness(reportsDomain, T0);
    report(h, 'a', TAM_THANH);
    report(h, 'b', DONG_KINH);
    report(h, 'c', { lat: 21.83, lon: 106.72 }); // Quảng Lạc before 2025, Lương Văn Tri today
    report(h, 'far', { lat: 21.0, lon: 105.8 }); // Hà Nội: outside the city, nearest ward
    const wards = Object.fromEntries(h.out.get('reports.recent').map((item) => [item.id, item.ward]));
    expect(wards).toMatchObject({ a: '05986', b: '05977', c: '05983' });
    expect(['05986', '05983', '06187', '05977']).toContain(wards.far);
    // A leader can still see the same reports by the pre-2025 units: by place, on the old areas.
    h.tick(T0 + 1000);
    const summary = h.out.get('reports.summary');
    const historical = Object.fromEntries(
      summary.byWardHistorical.map((ward) => [ward.ward, [ward.name, ward.received]]),
    );
    expect(historical).toMatchObject({
      '05974': ['Phường Tam Thanh', 1],
      '05980': ['Phường Đông Kinh', 1],
      '05989': ['Xã Quảng Lạc', 2],
    }); // c, and far (nearest)
    expect(summary.byWardHistorical).toHaveLength(8);
    expect(summary.byWardHistorical.reduce((sum, ward) => sum + ward.received, 0)).toBe(4);
    expect(summary.byWard.map((ward) => ward.name)).toEqual([
      'Phường Tam Thanh',
      'Phường Lương Văn Tri',
      'Phường Kỳ Lừa',
      'Phường Đông Kinh',
    ]);
  });

  it('follows the lifecycle and refuses impossible moves', () => {
    expect(canMove('new', 'approved')).toBe(true);
    expect(canMove('new', 'resolved')).toBe(false);
    expect(canMove('rated', 'in_progress')).toBe(true);
    expect(canMove('closed', 'in_progress')).toBe(false);
    const h = domainHarness(reportsDomain, T0);
    report(h, 'a');
    move(h, 'a', 'resolved'); // not allowed from new: ignored
    expect(h.out.get('reports.recent')[0]!.status).toBe('new');
    move(h, 'a', 'approved', 'assigned');
    expect(h.out.get('reports.recent')[0]!.status).toBe('assigned');
    move(h, 'ghost', 'approved'); // unknown report: ignored, no throw
  });

  it('computes on-time rate, satisfaction, overdue and handling time against the SLA', () => {
    const h = domainHarness(reportsDomain, T0);
    // waste: SLA 24 h. a: handled in 10 h (on time); b: handled in 30 h (late); c: still open after 25 h (overdue).
    report(h, 'a');
    report(h, 'b');
    report(h, 'c');
    h.setNow(T0 + 10 * HOUR);
    move(h, 'a', 'approved', 'assigned', 'in_progress', 'resolved');
    h.setNow(T0 + 30 * HOUR);
    move(h, 'b', 'approved', 'assigned', 'in_progress', 'resolved');
    h.apply('report.rated', { reportId: 'a', satisfied: true, score: 5 });
    h.apply('report.rated', { reportId: 'b', satisfied: false, score: 2 });
    h.tick(T0 + 30 * HOUR);
    const summary = h.out.get('reports.summary');
    expect(summary.onTimeRate).toBe(0.5);
    expect(summary.satisfactionRate).toBe(0.5);
    expect(summary.overdue).toBe(1);
    expect(summary.open).toBe(1);
    expect(summary.averageHandlingHours).toBe(20);
    expect(h.out.get('reports.recent').find((item) => item.id === 'c')!.overdue).toBe(true);
    expect(summary.byWard.find((ward) => ward.ward === '05986')).toMatchObject({
      received: 3,
      open: 1,
      overdue: 1,
      onTimeRate: 0.5,
    });
    expect(summary.byCategory).toEqual([
      {
        category: 'waste',
        name: { vi: 'Rác thải, vệ sinh môi trường', en: 'Waste and sanitation' },
        count: 3,
        open: 1,
        overdue: 1,
        onTimeRate: 0.5,
      },
    ]);
    expect(summary.byDepartment).toEqual([
      {
        department: 'Công ty Môi trường đô thị',
        name: { vi: 'Công ty Môi trường đô thị', en: 'Urban Environment Company' },
        received: 3,
        open: 1,
        overdue: 1,
        onTimeRate: 0.5,
      },
    ]);
  });

  it('flags due-soon reports and counts late-with-extension apart from on time', () => {
    const h = domainHarness(reportsDomain, T0);
    report(h, 'soon'); // waste: SLA 24 h
    report(h, 'ext');
    h.tick(T0 + 20 * HOUR); // 4 h left of 24: the last fifth
    expect(h.out.get('reports.recent').find((item) => item.id === 'soon')).toMatchObject({
      dueSoon: true,
      overdue: false,
    });
    expect(h.out.get('reports.summary').dueSoon).toBe(2);

    h.apply('report.extended', { reportId: 'ext', newDueAt: T0 + 48 * HOUR, note: 'Chờ vật tư' });
    h.setNow(T0 + 30 * HOUR);
    move(h, 'ext', 'approved', 'assigned', 'in_progress', 'resolved'); // late by the SLA, within the extension
    h.tick(T0 + 30 * HOUR);
    const summary = h.out.get('reports.summary');
    expect(summary).toMatchObject({ onTimeRate: 0, lateWithExtension: 1, overdue: 1 });
    expect(h.out.get('reports.recent').find((item) => item.id === 'ext')).toMatchObject({
      extendedDueAt: T0 + 48 * HOUR,
      overdue: false,
    });
  });

  it('counts "today" by the day in Hà Nội, not in UTC', () => {
    const h = domainHarness(reportsDomain, T0);
    const beforeMidnight = Date.UTC(2026, 10, 28, 16, 59, 59); // 23:59:59 on the 28th in Hà Nội
    const afterMidnight = Date.UTC(2026, 10, 28, 17, 0, 0); // 00:00:00 on the 29th
    h.setNow(beforeMidnight);
    report(h, 'late-evening');
    h.setNow(afterMidnight);
    report(h, 'after-midnight');
    h.tick(afterMidnight + 1000);
    expect(h.out.get('reports.summary').receivedToday).toBe(1);
    const days = h.out.get('reports.daily').days;
    expect(days.slice(-2)).toEqual([
      { date: '2026-11-28', received: 1, resolved: 0 },
      { date: '2026-11-29', received: 1, resolved: 0 },
    ]);
  });

  it('gives the public aggregates only: no text, no coordinates, small cells and sensitive categories hidden', () => {
    const h = domainHarness(reportsDomain, T0);
    for (let i = 0; i < 6; i++)
      report(h, `t${i}`, TAM_THANH, 'waste', { reporter: { name: 'Nguyễn Văn A', phone: '0912345678' } });
    for (let i = 0; i < 3; i++) report(h, `d${i}`, DONG_KINH);
    report(h, 's1', TAM_THANH, 'security');
    h.tick(T0 + 1000);
    const publicSummary = h.out.get('reports.public-summary');
    const json = JSON.stringify(publicSummary);
    for (const secret of ['Phản ánh', 'Mô tả', 'Nguyễn', '0912345678', '21.855', '106.749'])
      expect(json).not.toContain(secret);
    expect(publicSummary.byWard.find((ward) => ward.ward === '05986')!.received).toBe(6); // the security report is not counted
    expect(publicSummary.byWard.find((ward) => ward.ward === '05977')!.received).toBeNull(); // 3 < 5
    expect(publicSummary.receivedToday).toBe(9);
    // The internal topics never carry the reporter either.
    expect(JSON.stringify(h.out.get('reports.recent'))).not.toContain('0912345678');
  });

  it('bounds every field of its schemas', () => {
    const h = domainHarness(reportsDomain, T0);
    const valid = { reportId: 'r', category: 'waste', title: 'Rác', description: 'Mô tả', lat: 21.85, lon: 106.76 };
    expect(h.errors('report.created', valid)).toEqual([]);
    expect(
      h.errors('report.created', {
        ...valid,
        address: 'Số 5 Lê Lợi',
        photoUrl: 'https://example.vn/a.jpg',
        reporter: { name: 'A', phone: '0912', email: 'a@b.vn' },
      }),
    ).toEqual([]);
    expect(h.errors('report.created', { ...valid, title: 'x'.repeat(121) })).toEqual([
      '/title must not have more than 120 characters',
    ]);
    expect(h.errors('report.created', { ...valid, description: 'x'.repeat(4001) })[0]).toMatch(/^\/description /);
    expect(h.errors('report.created', { ...valid, lon: 180.5 })).toEqual(['/lon must be <= 180']);
    expect(h.errors('report.created', { ...valid, lat: -90.1 })).toEqual(['/lat must be >= -90']);
    expect(h.errors('report.created', { ...valid, photoUrl: 'javascript:alert(1)' })[0]).toMatch(/^\/photoUrl /);
    expect(h.errors('report.created', { ...valid, reporter: { name: 'x'.repeat(201) } })[0]).toMatch(
      /^\/reporter\/name /,
    );
    expect(h.errors('report.created', { ...valid, secret: 1 }).join()).toMatch(/additional/);
    const { title: _title, ...withoutTitle } = valid;
    expect(h.errors('report.created', withoutTitle).join()).toMatch(/title/);
    expect(
      h.errors('report.status', { reportId: 'r', status: 'approved', department: 'Phòng QLĐT', note: 'ok' }),
    ).toEqual([]);
    expect(h.errors('report.status', { reportId: '', status: 'approved' })[0]).toMatch(/^\/reportId /);
    expect(h.errors('report.rated', { reportId: 'r', satisfied: 'yes', score: 4 })[0]).toMatch(/^\/satisfied /);
    expect(h.errors('report.rated', { reportId: 'r', satisfied: true, score: 0 })).toEqual(['/score must be >= 1']);
    expect(h.errors('report.rated', { reportId: 'r', satisfied: true, score: 4.5 })[0]).toMatch(/^\/score /);
  });

  it('ignores events for unknown reports without throwing or publishing', () => {
    const h = domainHarness(reportsDomain, T0);
    h.apply('report.status', { reportId: 'ghost', status: 'approved' });
    h.apply('report.rated', { reportId: 'ghost', satisfied: true, score: 5 });
    h.apply('report.extended', { reportId: 'ghost', newDueAt: T0 + 99 * HOUR });
    h.apply('report.moderated', { reportId: 'ghost', publicTitle: 'x' });
    expect(h.out.changes).toEqual([]);
    h.tick();
    expect(h.out.get('reports.summary')).toMatchObject({
      total: 0,
      open: 0,
      onTimeRate: null,
      satisfactionRate: null,
      averageHandlingHours: null,
    });
  });

  it('assigns every ward centre to its own ward', () => {
    const h = domainHarness(reportsDomain, T0);
    for (const ward of h.context.fixtures.wards)
      report(h, `c-${ward.code}`, { lon: ward.centre[0], lat: ward.centre[1] });
    for (const item of h.out.get('reports.recent')) expect(item.ward).toBe(item.id.slice(2));
    expect(h.out.get('reports.recent')).toHaveLength(4);
    // And every old unit's centre lies in the ward the crosswalk sends it to.
    for (const old of h.context.fixtures.historicalWards) {
      expect(h.context.fixtures.wardAt(old.centre[0], old.centre[1])?.code, old.fullName).toBe(
        h.context.fixtures.currentWard(old.code, '2025-06-30')?.code,
      );
    }
  });

  it('a reopened report is no longer handled; handled again, it counts once, by its last handling', () => {
    const h = domainHarness(reportsDomain, T0);
    report(h, 'a'); // waste: 24 h
    h.setNow(T0 + 5 * HOUR);
    move(h, 'a', 'approved', 'assigned', 'in_progress', 'resolved');
    h.apply('report.rated', { reportId: 'a', satisfied: false, score: 1 });
    h.tick(T0 + 5 * HOUR);
    expect(h.out.get('reports.summary')).toMatchObject({
      open: 0,
      onTimeRate: 1,
      satisfactionRate: 0,
      averageHandlingHours: 5,
      byStatus: { rated: 1 },
    });
    h.setNow(T0 + 6 * HOUR);
    move(h, 'a', 'in_progress');
    h.tick(T0 + 6 * HOUR);
    expect(h.out.get('reports.summary')).toMatchObject({
      open: 1,
      onTimeRate: null,
      averageHandlingHours: null,
      byStatus: { in_progress: 1 },
    });
    h.setNow(T0 + 26 * HOUR); // past the 24 h deadline
    move(h, 'a', 'resolved');
    h.tick(T0 + 26 * HOUR);
    const summary = h.out.get('reports.summary');
    expect(summary).toMatchObject({
      total: 1,
      open: 0,
      overdue: 0,
      onTimeRate: 0,
      averageHandlingHours: 26,
      satisfactionRate: 0,
      byStatus: { resolved: 1 },
    });
    expect(summary.byStatus).toEqual({ resolved: 1 });
  });

  it('an extension ends an overdue flag at once, and the new deadline brings it back', () => {
    const h = domainHarness(reportsDomain, T0);
    report(h, 'a'); // waste: 24 h
    h.tick(T0 + 25 * HOUR);
    expect(h.out.get('reports.summary').overdue).toBe(1);
    h.apply('report.extended', { reportId: 'a', newDueAt: new Date(T0 + 40 * HOUR).toISOString() });
    expect(h.out.get('reports.recent')[0]).toMatchObject({
      overdue: false,
      dueSoon: false,
      extendedDueAt: T0 + 40 * HOUR,
    });
    h.flush();
    expect(h.out.get('reports.summary')).toMatchObject({ overdue: 0, dueSoon: 0 });
    h.tick(T0 + 37 * HOUR); // within the last fifth (8 h) of its 40 h
    expect(h.out.get('reports.summary')).toMatchObject({ overdue: 0, dueSoon: 1 });
    h.tick(T0 + 40 * HOUR); // at the deadline: not yet late
    expect(h.out.get('reports.summary').overdue).toBe(0);
    h.tick(T0 + 40 * HOUR + 1);
    expect(h.out.get('reports.summary')).toMatchObject({ overdue: 1, dueSoon: 0 });
    expect(h.out.get('reports.recent')[0]).toMatchObject({ overdue: true, dueSoon: false });
  });

  it('resolvedToday and the daily series follow local midnight, and the series holds exactly 14 days', () => {
    const h = domainHarness(reportsDomain, Date.UTC(2026, 10, 20, 1, 0, 0));
    report(h, 'old'); // 20/11: inside the 14 days 16/11–29/11 that the series shows
    h.setNow(Date.UTC(2026, 10, 1, 1, 0, 0));
    report(h, 'ancient'); // 01/11: outside the series, still in the totals
    h.setNow(Date.UTC(2026, 10, 28, 16, 59, 59)); // 23:59:59 on 28/11
    move(h, 'old', 'approved', 'assigned', 'resolved');
    h.setNow(Date.UTC(2026, 10, 28, 17, 0, 0)); // 00:00:00 on 29/11
    move(h, 'ancient', 'approved', 'assigned', 'resolved');
    h.tick(Date.UTC(2026, 10, 28, 17, 0, 0));
    expect(h.out.get('reports.summary')).toMatchObject({ total: 2, resolvedToday: 1, receivedToday: 0 });
    const days = h.out.get('reports.daily').days;
    expect(days).toHaveLength(14);
    expect(days[0]!.date).toBe('2026-11-16');
    expect(days.at(-1)!.date).toBe('2026-11-29');
    expect(days.find((day) => day.date === '2026-11-20')).toEqual({ date: '2026-11-20', received: 1, resolved: 0 });
    expect(days.find((day) => day.date === '2026-11-28')).toEqual({ date: '2026-11-28', received: 0, resolved: 1 });
    expect(days.at(-1)).toEqual({ date: '2026-11-29', received: 0, resolved: 1 });
    expect(days.reduce((sum, day) => sum + day.received, 0)).toBe(1);
    // The next midnight, without any event: "today" is empty again.
    h.tick(Date.UTC(2026, 10, 29, 17, 0, 0));
    expect(h.out.get('reports.summary').resolvedToday).toBe(0);
    expect(h.out.get('reports.daily').days.at(-1)).toEqual({ date: '2026-11-30', received: 0, resolved: 0 });
  });

  it('updates a report in place on reports.recent when its status changes', () => {
    const h = domainHarness(reportsDomain, T0);
    report(h, 'a');
    report(h, 'b');
    report(h, 'c');
    expect(h.out.get('reports.recent').map((item) => item.id)).toEqual(['c', 'b', 'a']);
    move(h, 'a', 'approved');
    expect(h.out.get('reports.recent').map((item) => [item.id, item.status])).toEqual([
      ['c', 'new'],
      ['b', 'new'],
      ['a', 'approved'],
    ]);
  });

  it('shows public rates only from 5 handled reports, and a ward from 5 reports', () => {
    const h = domainHarness(reportsDomain, T0);
    for (let i = 0; i < 5; i++) report(h, `t${i}`);
    for (let i = 0; i < 5; i++) report(h, `s${i}`, TAM_THANH, 'health'); // sensitive: never public
    h.setNow(T0 + HOUR);
    for (let i = 0; i < 4; i++) move(h, `t${i}`, 'approved', 'assigned', 'resolved');
    for (let i = 0; i < 5; i++) move(h, `s${i}`, 'approved', 'assigned', 'resolved');
    h.tick(T0 + HOUR);
    let publicSummary = h.out.get('reports.public-summary');
    expect(publicSummary).toMatchObject({
      receivedToday: 5,
      resolvedToday: 4,
      open: 1,
      onTimeRate: null,
      satisfactionRate: null,
    });
    expect(publicSummary.byWard.find((ward) => ward.ward === '05986')).toEqual({
      ward: '05986',
      name: 'Phường Tam Thanh',
      received: 5,
      onTimeRate: null,
    });
    expect(h.out.get('reports.summary')).toMatchObject({ receivedToday: 10, resolvedToday: 9, onTimeRate: 1 });
    move(h, 't4', 'approved', 'assigned', 'resolved');
    h.tick(T0 + HOUR);
    publicSummary = h.out.get('reports.public-summary');
    expect(publicSummary.onTimeRate).toBe(1);
    expect(publicSummary.byWard.find((ward) => ward.ward === '05986')!.onTimeRate).toBe(1);
    expect(publicSummary.byWard.filter((ward) => ward.received !== null)).toHaveLength(1);
    expect(Object.keys(publicSummary).sort()).toEqual([
      'byWard',
      'onTimeRate',
      'open',
      'receivedToday',
      'resolvedToday',
      'satisfactionRate',
    ]);
  });

  it('keeps its running counts equal to a recount of every report, through a long simulated stream', () => {
    let now = T0;
    // The recount reads every report's record: none may settle out of memory here (settlement.test.ts).
    const context: DomainContext = {
      fixtures: loadFixtures(),
      timeZone: TIME_ZONE,
      now: () => now,
      reportsSettleAfterDays: 3650,
    };
    const aggregator = reportsDomain.createAggregator(context);
    if (!isReportsAggregator(aggregator)) throw new Error('expected the reports aggregator');
    const simulator = reportsDomain.createSimulator(context, seededRandom(9));
    // Keyed by id, unordered: the shared recording writer keeps order at O(n) per change, too slow for thousands of reports.
    const state = new Map<TopicName, unknown>();
    const collections = new Map<TopicName, Map<string, Identified>>();
    const collection = (topic: TopicName) => collections.get(topic) ?? collections.set(topic, new Map()).get(topic)!;
    const out: TopicWriter & { get<N extends TopicName>(topic: N): TopicPayloads[N] } = {
      set<N extends ValueTopicName>(topic: N, value: TopicPayloads[N]) {
        state.set(topic, value);
      },
      upsert<N extends CollectionTopicName>(topic: N, items: ItemOf<N>[]) {
        for (const item of items as Identified[]) collection(topic).set(item.id, item);
      },
      remove<N extends CollectionTopicName>(topic: N, ids: string[]) {
        for (const id of ids) collection(topic).delete(id);
      },
      replace<N extends CollectionTopicName>(topic: N, items: ItemOf<N>[]) {
        collection(topic).clear();
        for (const item of items as Identified[]) collection(topic).set(item.id, item);
      },
      get<N extends TopicName>(topic: N) {
        return (state.get(topic) ?? [...collection(topic).values()]) as TopicPayloads[N];
      },
    };
    let seq = 0;
    const random = seededRandom(10);
    const apply = (events: IngestEvent[]) => {
      for (const event of events) {
        aggregator.apply(
          {
            seq: ++seq,
            domain: 'reports',
            kind: event.kind,
            time: event.time as number,
            source: 's',
            simulated: true,
            idempotencyKey: null,
            data: event.data,
          },
          out,
        );
        // Now and then an extension, so late-with-extension and moved deadlines are exercised too.
        if (event.kind === 'report.created' && random() < 0.15) {
          const id = (event.data as { reportId: string }).reportId;
          aggregator.apply(
            {
              seq: ++seq,
              domain: 'reports',
              kind: 'report.extended',
              time: now,
              source: 's',
              simulated: true,
              idempotencyKey: null,
              data: { reportId: id, newDueAt: (event.time as number) + 60 * HOUR },
            },
            out,
          );
        }
      }
    };
    apply(simulator.seed(now).sort((a, b) => (a.time as number) - (b.time as number)));
    const recount = (at: number) => {
      const reports: Report[] = [...aggregator.readModel.all()];
      const handled = reports.filter((r) => r.handledAt !== null);
      const today = dayKey(at, TIME_ZONE);
      return {
        total: reports.length,
        open: reports.filter((r) => isOpen(r.status)).length,
        overdue: reports.filter((r) => isOpen(r.status) && at > deadlineOf(r)).length,
        dueSoon: reports.filter((r) => isDueSoon(r, at)).length,
        receivedToday: reports.filter((r) => dayKey(r.createdAt, TIME_ZONE) === today).length,
        resolvedToday: handled.filter((r) => dayKey(r.handledAt!, TIME_ZONE) === today).length,
        onTime: handled.filter((r) => r.handledAt! <= r.dueAt).length / handled.length,
        lateWithExtension: handled.filter(
          (r) => r.handledAt! > r.dueAt && r.extendedDueAt !== null && r.handledAt! <= r.extendedDueAt,
        ).length,
        satisfaction: reports.filter((r) => r.rating?.satisfied).length / reports.filter((r) => r.rating).length,
        handledCount: reports.filter((r) => isHandled(r.status)).length,
      };
    };
    const checkAt = (at: number) => {
      aggregator.tick(at, out);
      const summary = out.get('reports.summary');
      const expected = recount(at);
      expect(summary).toMatchObject({
        total: expected.total,
        open: expected.open,
        overdue: expected.overdue,
        dueSoon: expected.dueSoon,
        receivedToday: expected.receivedToday,
        resolvedToday: expected.resolvedToday,
        lateWithExtension: expected.lateWithExtension,
      });
      expect(summary.onTimeRate).toBeCloseTo(expected.onTime, 12);
      expect(summary.satisfactionRate).toBeCloseTo(expected.satisfaction, 12);
      expect(Object.values(summary.byStatus).reduce((a, b) => a + b, 0)).toBe(expected.total);
      expect(summary.byWard.reduce((sum, ward) => sum + ward.overdue, 0)).toBe(expected.overdue);
      expect(summary.byCategory.reduce((sum, category) => sum + category.open, 0)).toBe(expected.open);
      // The list shows the newest reports (`recent-window.ts`), each with the flags its report has now.
      const recent = out.get('reports.recent');
      const newest = [...aggregator.readModel.all()]
        .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
        .slice(0, RECENT_LIMIT);
      expect(new Set(recent.map((item) => item.id))).toEqual(new Set(newest.map((r) => r.id)));
      for (const item of recent) {
        const report = aggregator.readModel.get(item.id)!;
        expect(item.overdue, item.id).toBe(isOpen(report.status) && at > deadlineOf(report));
      }
      return expected;
    };
    checkAt(now);
    // Three weeks a step a minute (the simulator's ≈25 reports a day), every third hour at ten
    // times the rate (transitions then come due up to 9 hours early).
    for (let minute = 1; minute <= 21 * 24 * 60; minute++) {
      now += 60_000;
      apply(simulator.step(now, 60_000, Math.floor(minute / 60) % 3 === 2 ? 10 : 1));
      if (minute % 360 === 0) checkAt(now);
    }
    // Across two local midnights and beyond most deadlines, with no event at all.
    for (let hours = 6; hours <= 60; hours += 6) {
      const expected = checkAt(now + hours * HOUR);
      expect(expected.total).toBeGreaterThan(1000);
      expect(expected.lateWithExtension).toBeGreaterThan(0);
    }
  });

  it('has the categories of the city, sensitive ones included, each with samples that pass the schema', () => {
    const h = domainHarness(reportsDomain, T0);
    const { categories } = h.context.fixtures.readJson<{
      categories: Array<{
        code: string;
        name: { vi: string; en: string };
        slaHours: number;
        department: { vi: string; en: string };
        sensitive: boolean;
      }>;
    }>('reports/categories.json');
    const { samples } = h.context.fixtures.readJson<{
      samples: Record<string, Array<{ title: string; description: string }>>;
    }>('reports/samples.json');
    expect(categories.map((category) => category.code)).toEqual(
      expect.arrayContaining([
        'road-damage',
        'street-lighting',
        'waste',
        'drainage',
        'encroachment',
        'noise',
        'water-supply',
        'trees',
        'traffic-signals',
        'security',
        'health',
      ]),
    );
    expect(categories.filter((category) => category.sensitive).map((category) => category.code)).toEqual([
      'security',
      'health',
    ]);
    const text = JSON.stringify(samples);
    for (const street of [
      'Lê Lợi',
      'Trần Đăng Ninh',
      'Bà Triệu',
      'Lý Thái Tổ',
      'Hùng Vương',
      'Phai Vệ',
      'Tam Thanh',
      'Ngô Quyền',
      'Bắc Sơn',
      'Chi Lăng',
      'Văn Vỉ',
    ])
      expect(text).toContain(street);
    for (const category of categories) {
      expect(category.slaHours).toBeGreaterThan(0);
      expect(category.name.vi && category.name.en && category.department.vi && category.department.en).toBeTruthy();
      expect(samples[category.code]?.length, category.code).toBeGreaterThanOrEqual(3);
      for (const sample of samples[category.code]!) {
        expect(
          h.errors('report.created', { reportId: 'x', category: category.code, ...sample, lat: 21.85, lon: 106.76 }),
        ).toEqual([]);
      }
    }
  });
});
