import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { educationDomain } from './index';
import { domainHarness, RecordingWriter, TIME_ZONE } from '../../test-support/domain-harness';
import { startTestApp, type TestApp } from '../../test-support/test-app';
import { loadFixtures } from '../../fixtures/fixtures';
import { seededRandom } from '../../feeds/simulator/random';
import { dayKey, weekdayOf } from '../calendar';
import { hasClasses, loadSchoolCalendar } from './school-calendar';
import type { DomainContext, IngestEvent } from '../domain';
import type { SchoolsFixture } from './schema';
import type { MapPoint, TopicName } from '../../protocol/topics';

// Monday 30/11/2026, 09:00 in Hà Nội.
const MONDAY_9 = Date.UTC(2026, 10, 30, 2, 0, 0);
const fixture = loadFixtures().readJson<SchoolsFixture>('education/schools.json');
const school = (id: string) => fixture.schools.find((s) => s.id === id)!;

const attendance = (schoolId: string, present: number, absent: number, excused: number, date?: string) => ({
  schoolId,
  present,
  absent,
  excused,
  ...(date ? { date } : {}),
});

function started(now = MONDAY_9) {
  const h = domainHarness(educationDomain, now);
  h.tick();
  const summary = () => h.out.get('education.summary');
  const point = (id: string) => h.out.get('education.schools').find((p) => p.id === id)!;
  return { h, summary, point };
}

/** The domain's own state check, as ingest runs it before storing. */
function checker(now = MONDAY_9) {
  const context: DomainContext = { fixtures: loadFixtures(), timeZone: TIME_ZONE, now: () => now };
  const aggregator = educationDomain.createAggregator(context);
  return (kind: string, data: Record<string, unknown>) => aggregator.check!([{ kind, data }]);
}

describe('education: schemas', () => {
  it('accepts a day’s attendance and school updates, and names the bad field', () => {
    const h = domainHarness(educationDomain, MONDAY_9);
    expect(h.errors('education.attendance', attendance('th-chi-lang', 1500, 12, 50))).toEqual([]);
    expect(h.errors('education.attendance', attendance('th-chi-lang', 1500, 12, 50, '2026-11-30'))).toEqual([]);
    expect(h.errors('education.attendance', attendance('th-chi-lang', -1, 12, 50))).toEqual(['/present must be >= 0']);
    expect(h.errors('education.attendance', attendance('th-chi-lang', 1.5, 12, 50))[0]).toMatch(/^\/present /);
    expect(h.errors('education.attendance', attendance('th-chi-lang', 20_000, 0, 0))).toEqual([
      '/present must be <= 10000',
    ]);
    expect(h.errors('education.attendance', attendance('th-chi-lang', 1, 0, 0, '2026-13-01'))[0]).toMatch(/^\/date /);
    expect(h.errors('education.attendance', attendance('th-chi-lang', 1, 0, 0, '30/11/2026'))[0]).toMatch(/^\/date /);
    expect(h.errors('education.attendance', attendance('TH Chi Lăng', 1, 0, 0))[0]).toMatch(/^\/schoolId /);
    expect(h.errors('education.attendance', { present: 1, absent: 0, excused: 0 }).join()).toMatch(/schoolId/);
    // Never a pupil's name: the schema has no place for one.
    expect(
      h
        .errors('education.attendance', { ...attendance('th-chi-lang', 1, 0, 0), absentPupils: ['Nguyễn Văn A'] })
        .join(),
    ).toMatch(/additional/);

    expect(h.errors('education.school-updated', { schoolId: 'th-chi-lang', pupils: 1570 })).toEqual([]);
    expect(
      h.errors('education.school-updated', { schoolId: 'th-chi-lang', standard: 'level-2', teachers: 64, classes: 41 }),
    ).toEqual([]);
    expect(h.errors('education.school-updated', { schoolId: 'th-chi-lang', standard: 'gold' })[0]).toMatch(
      /^\/standard /,
    );
    expect(h.errors('education.school-updated', { schoolId: 'th-chi-lang', teachers: -2 })).toEqual([
      '/teachers must be >= 0',
    ]);
    expect(h.errors('education.school-updated', { schoolId: 'th-chi-lang' })[0]).toMatch(/fewer than 2 properties/);
  });

  it('refuses what the schools and the calendar make impossible, naming the field', () => {
    const check = checker();
    expect(check('education.attendance', attendance('th-chi-lang', 1500, 12, 50))).toBeNull();
    expect(check('education.attendance', attendance('truong-ma', 1, 0, 0))).toMatchObject({
      index: 0,
      field: 'schoolId',
    });
    expect(check('education.school-updated', { schoolId: 'truong-ma', pupils: 3 })).toMatchObject({
      field: 'schoolId',
    });
    expect(check('education.attendance', attendance('th-chi-lang', 1, 0, 0, '2026-02-30'))).toMatchObject({
      field: 'date',
      en: expect.stringContaining('not a day'),
    });
    expect(check('education.attendance', attendance('th-chi-lang', 1, 0, 0, '2026-12-01'))).toMatchObject({
      field: 'date',
      en: expect.stringContaining('future'),
    });
    expect(check('education.attendance', attendance('th-chi-lang', 0, 0, 0))).toMatchObject({ field: 'present' });
  });
});

describe('education: aggregation', () => {
  it('starts from the fixture: schools, pupils, classes, teachers, levels, national standard', () => {
    const { summary, h } = started();
    const s = summary();
    const sum = (f: (x: (typeof fixture.schools)[number]) => number) => fixture.schools.reduce((a, x) => a + f(x), 0);
    expect(s.schools).toBe(fixture.schools.length);
    expect(s.pupils).toBe(sum((x) => x.pupils));
    expect(s.classes).toBe(sum((x) => x.classes));
    expect(s.teachers).toBe(sum((x) => x.teachers));
    const standard = fixture.schools.filter((x) => x.standard !== 'none').length;
    expect(s.standardSchools).toBe(standard);
    expect(s.standardShare).toBeCloseTo(standard / fixture.schools.length, 10);
    expect(s.byLevel.rows.map((row) => row.key)).toEqual([
      'preschool',
      'primary',
      'lower-secondary',
      'upper-secondary',
    ]);
    expect(s.byLevel.rows.reduce((a, row) => a + row.value, 0)).toBe(s.pupils);
    expect(s.byLevel.rows.find((row) => row.key === 'upper-secondary')).toMatchObject({
      value: sum((x) => (x.level === 'upper-secondary' ? x.pupils : 0)),
      detail: 4,
    });
    // Nothing reported yet this morning.
    expect(s).toMatchObject({
      attendanceRateToday: null,
      schoolsReportedToday: 0,
      presentToday: 0,
      awayToday: 0,
      latestSchoolDay: null,
    });
    expect(s.attendanceByWard.rows).toEqual([]);
    expect(h.out.get('education.schools')).toHaveLength(fixture.schools.length);
    expect(h.out.get('education.schools').every((p) => p.tone === 'neutral')).toBe(true);
  });

  it('computes today’s attendance over the schools that reported, per ward and on each school’s point', () => {
    const { h, summary, point } = started();
    h.apply('education.attendance', attendance('th-chi-lang', 1530, 8, 24)); // 1562 on the roll, ward 05983 (Lương Văn Tri)
    h.apply('education.attendance', attendance('thcs-chi-lang', 1240, 10, 33)); // 1283, ward 05983
    h.apply('education.attendance', attendance('mn-hoa-sen', 350, 20, 53)); // 423, ward 05977 (Đông Kinh, was 05980)
    h.flush();
    const s = summary();
    expect(s.schoolsReportedToday).toBe(3);
    expect(s.presentToday).toBe(1530 + 1240 + 350);
    expect(s.awayToday).toBe(8 + 24 + 10 + 33 + 20 + 53);
    expect(s.attendanceRateToday).toBeCloseTo(3120 / (1562 + 1283 + 423), 12);
    expect(s.latestSchoolDay).toBe('2026-11-30');
    expect(s.attendanceRateLatest).toBe(s.attendanceRateToday);
    expect(s.attendanceByWard.format).toBe('percent');
    expect(s.attendanceByWard.rows).toEqual([
      {
        key: '05983',
        label: { vi: 'Phường Lương Văn Tri', en: expect.any(String) },
        value: (1530 + 1240) / (1562 + 1283),
        detail: 2845,
      },
      { key: '05977', label: { vi: 'Phường Đông Kinh', en: expect.any(String) }, value: 350 / 423, detail: 423 },
    ]);
    // Today is the latest school day once schools report.
    expect(s.attendanceByWardLatest.rows).toEqual(s.attendanceByWard.rows);
    expect(s.attendanceByWardLatest.unit.vi).toBe('học sinh có mặt ngày 30/11');
    // 1530 / 1562 = 97.95 %: above the primary threshold (96 %).
    expect(point('th-chi-lang')).toMatchObject({
      kind: 'school-primary',
      kindName: { vi: 'Trường tiểu học' },
      tone: 'good',
      value: 1562,
      lon: school('th-chi-lang').lon,
      lat: school('th-chi-lang').lat,
      label: { vi: 'Trường Tiểu học Chi Lăng', en: 'Chi Lăng Primary School' },
      detail: { vi: '1.562 học sinh · 98,0 % có mặt', en: '1.562 pupils · 98,0 % present' },
    });
    // 350 / 423 = 82.7 %: fair for a preschool (82–90 %).
    expect(point('mn-hoa-sen')).toMatchObject({ tone: 'fair', detail: { vi: '423 học sinh · 82,7 % có mặt' } });
    expect(point('thpt-viet-bac')).toMatchObject({
      tone: 'neutral',
      detail: { vi: '1.452 học sinh · chưa có sĩ số hôm nay' },
    });
  });

  it('replaces a school’s report of the same day instead of adding to it', () => {
    const { h, summary, point } = started();
    h.apply('education.attendance', attendance('thpt-viet-bac', 1400, 20, 32));
    h.apply('education.attendance', attendance('thpt-viet-bac', 1300, 100, 52)); // corrected: a class on a field trip was counted present
    h.flush();
    expect(summary()).toMatchObject({ schoolsReportedToday: 1, presentToday: 1300, awayToday: 152 });
    expect(point('thpt-viet-bac').tone).toBe('bad'); // 89.5 %
  });

  it('puts a report without a date on the city day of its time: 16:59:59Z is the 30th, 17:00:00Z the 1st', () => {
    const h = domainHarness(educationDomain, Date.UTC(2026, 10, 30, 16, 59, 59));
    h.apply('education.attendance', attendance('thpt-viet-bac', 1400, 20, 32));
    h.tick(Date.UTC(2026, 10, 30, 16, 59, 59));
    expect(h.out.get('education.summary')).toMatchObject({ schoolsReportedToday: 1, latestSchoolDay: '2026-11-30' });
    expect(h.out.get('education.schools').find((p) => p.id === 'thpt-viet-bac')!.tone).toBe('good');

    // Midnight in Hà Nội: "today" starts again with no report, the points turn grey.
    h.tick(Date.UTC(2026, 10, 30, 17, 0, 0));
    expect(h.out.get('education.summary')).toMatchObject({
      attendanceRateToday: null,
      schoolsReportedToday: 0,
      presentToday: 0,
      latestSchoolDay: '2026-11-30',
      attendanceByWard: { rows: [] },
    });
    // The latest school day's figures stay on show, named by their day.
    expect(h.out.get('education.summary').attendanceByWardLatest).toMatchObject({
      unit: { vi: 'học sinh có mặt ngày 30/11', en: 'pupils present on 30/11' },
      rows: [{ value: 1400 / 1452, detail: 1452 }],
    });
    expect(h.out.get('education.summary').attendanceRateLatest).toBeCloseTo(1400 / 1452, 12);
    expect(h.out.get('education.schools').find((p) => p.id === 'thpt-viet-bac')!.tone).toBe('neutral');

    // The same report sent at 17:00:00Z belongs to the 1st of December.
    h.apply('education.attendance', attendance('thpt-hoang-van-thu', 1150, 10, 24), Date.UTC(2026, 10, 30, 17, 0, 0));
    h.flush();
    expect(h.out.get('education.summary')).toMatchObject({
      schoolsReportedToday: 1,
      presentToday: 1150,
      latestSchoolDay: '2026-12-01',
    });
    expect(h.out.get('education.summary').attendanceDaily.x).toEqual(['2026-11-30', '2026-12-01']);
  });

  it('charts the last 30 school days: days with reports only, weekends left out, oldest first', () => {
    const h = domainHarness(educationDomain, MONDAY_9);
    const days: string[] = [];
    // Six weeks of weekdays, each with two schools; the rate falls by 0.1 point a day.
    for (let back = 42; back >= 0; back--) {
      const day = dayKey(MONDAY_9 - back * 86_400_000, TIME_ZONE);
      if (weekdayOf(day) === 0 || weekdayOf(day) === 6) continue;
      days.push(day);
      h.apply('education.attendance', attendance('thcs-tam-thanh', 1000 - days.length, days.length, 0, day));
      h.apply('education.attendance', attendance('thcs-vinh-trai', 500, 0, 0, day));
    }
    h.tick();
    const series = h.out.get('education.summary').attendanceDaily;
    expect(days.length).toBeGreaterThan(30);
    expect(series).toMatchObject({ xKind: 'day', format: 'percent' });
    expect(series.x).toEqual(days.slice(-30));
    expect(series.x.some((day) => weekdayOf(day) === 0 || weekdayOf(day) === 6)).toBe(false);
    const n = days.length;
    expect(series.lines[0]!.values.at(-1)).toBeCloseTo((1000 - n + 500) / 1500, 12);
    expect(series.lines[0]!.values[0]).toBeCloseTo((1000 - (n - 29) + 500) / 1500, 12);
  });

  it('follows enrolment, classes, teachers and a national-standard recognition', () => {
    const { h, summary, point } = started();
    const before = summary();
    h.apply('education.school-updated', {
      schoolId: 'thcs-quang-lac',
      pupils: 270,
      classes: 9,
      teachers: 19,
      standard: 'level-1',
    });
    h.flush();
    const after = summary();
    expect(after.pupils - before.pupils).toBe(270 - school('thcs-quang-lac').pupils);
    expect(after.classes - before.classes).toBe(1);
    expect(after.teachers - before.teachers).toBe(1);
    expect(after.standardSchools).toBe(before.standardSchools + 1);
    expect(after.standardShare).toBeCloseTo(after.standardSchools / after.schools, 12);
    expect(point('thcs-quang-lac')).toMatchObject({ value: 270 });
  });

  it('hides a rate that fewer than 5 pupils stand behind', () => {
    const { h, summary, point } = started();
    h.apply('education.attendance', attendance('mn-quang-lac', 3, 1, 0));
    h.flush();
    expect(summary()).toMatchObject({
      schoolsReportedToday: 1,
      attendanceRateToday: null,
      attendanceByWard: { rows: [] },
    });
    expect(point('mn-quang-lac').tone).toBe('neutral');
  });

  it('places every school inside its ward on the schematic boundaries, marked approximate', () => {
    const fixtures = loadFixtures();
    expect(fixture.schools.length).toBeGreaterThanOrEqual(20);
    for (const s of fixture.schools) {
      expect(fixtures.wardAt(s.lon, s.lat)?.code, s.name).toBe(s.ward);
      expect(s.approximate, s.name).toBe(true);
      expect(s.note).toMatch(/gần đúng|approximate/i);
      expect(s.classes).toBeGreaterThan(0);
      expect(s.pupils / s.classes, s.name).toBeGreaterThan(15);
      expect(s.pupils / s.classes, s.name).toBeLessThan(45);
    }
    expect(new Set(fixture.schools.map((s) => s.id)).size).toBe(fixture.schools.length);
    expect(new Set(fixture.schools.map((s) => s.ward)).size).toBe(4); // today's four wards
  });
});

/** Seeds, then steps every `stepMs` until `until`, applying every event as ingest would (schema checked by simulators.test). */
function simulate(start: number, until: number, stepMs = 10_000, prngSeed = 5) {
  let now = start;
  const context: DomainContext = { fixtures: loadFixtures(), timeZone: TIME_ZONE, now: () => now };
  const simulator = educationDomain.createSimulator(context, seededRandom(prngSeed));
  const aggregator = educationDomain.createAggregator(context);
  const out = new RecordingWriter();
  let seq = 0;
  const ingest = (events: IngestEvent[]) => {
    expect(aggregator.check!(events.map((e) => ({ kind: e.kind, data: e.data })))).toBeNull();
    for (const e of events)
      aggregator.apply(
        {
          seq: ++seq,
          domain: 'education',
          kind: e.kind,
          time: e.time as number,
          source: 'simulator',
          simulated: true,
          idempotencyKey: e.id ?? null,
          data: e.data,
        },
        out,
      );
  };
  const seed = simulator.seed(now).sort((a, b) => (a.time as number) - (b.time as number));
  ingest(seed);
  aggregator.tick(now, out);
  const live: IngestEvent[] = [];
  while (now < until) {
    now += stepMs;
    const events = simulator.step(now, stepMs, 1);
    live.push(...events);
    ingest(events);
    aggregator.tick(now, out);
  }
  return { seed, live, out };
}

describe('education: simulator', () => {
  const calendar = loadSchoolCalendar({ fixtures: loadFixtures(), timeZone: TIME_ZONE, now: () => 0 });
  const attendanceDays = (events: IngestEvent[]) => {
    const byDay = new Map<string, Set<string>>();
    for (const e of events.filter((x) => x.kind === 'education.attendance')) {
      const data = e.data as { date: string; schoolId: string };
      byDay.set(data.date, (byDay.get(data.date) ?? new Set()).add(data.schoolId));
    }
    return byDay;
  };

  it('seeds 30 school days that follow the school week: no Sunday, Saturdays for the upper secondary schools only', () => {
    const { seed, out } = simulate(MONDAY_9, MONDAY_9);
    const byDay = attendanceDays(seed);
    expect(byDay.size).toBeGreaterThanOrEqual(30);
    for (const [day, schools] of byDay) {
      expect(weekdayOf(day), day).not.toBe(0);
      const expected = fixture.schools
        .filter((s) => hasClasses(calendar, day, s.saturdayClasses))
        .map((s) => s.id)
        .sort();
      // Past days are complete; this morning only the schools whose report time has come.
      if (day < '2026-11-30') expect([...schools].sort(), day).toEqual(expected);
      if (weekdayOf(day) === 6)
        expect(
          [...schools].every((id) => school(id).level === 'upper-secondary'),
          day,
        ).toBe(true);
    }
    const summary = out.get('education.summary');
    expect(summary.attendanceDaily.x).toHaveLength(30);
    for (const rate of summary.attendanceDaily.lines[0]!.values) {
      expect(rate).toBeGreaterThan(0.9);
      expect(rate).toBeLessThan(0.995);
    }
    // One school recognised as meeting the national standard a few weeks ago.
    expect(summary.standardSchools).toBe(fixture.schools.filter((s) => s.standard !== 'none').length + 1);
  });

  it('brings every school’s report in on a Monday morning, and some afternoon corrections', () => {
    const start = Date.UTC(2026, 10, 29, 23, 0, 0); // Monday 06:00
    const { live, out } = simulate(start, start + 10 * 3_600_000, 30_000);
    const reports = live.filter((e) => e.kind === 'education.attendance');
    const morning = reports.filter((e) => !e.id!.endsWith('-pm'));
    expect(new Set(morning.map((e) => (e.data as { schoolId: string }).schoolId)).size).toBe(fixture.schools.length);
    expect(reports.length).toBeGreaterThan(morning.length); // corrections
    // Reports arrive between 07:10 and 09:30, a few minutes apart.
    for (const e of morning) {
      const hour = ((e.time as number) - start) / 3_600_000 + 6;
      expect(hour).toBeGreaterThanOrEqual(7.1);
      expect(hour).toBeLessThan(9.6);
    }
    expect(live.some((e) => e.kind === 'education.school-updated')).toBe(true); // transfers in office hours
    const summary = out.get('education.summary');
    expect(summary.schoolsReportedToday).toBe(fixture.schools.length);
    expect(summary.attendanceRateToday).toBeGreaterThan(0.92);
    expect(summary.attendanceRateToday).toBeLessThan(0.99);
    expect(summary.attendanceByWard.rows).toHaveLength(4);
    expect(out.get('education.schools').every((p: MapPoint) => p.tone !== 'neutral')).toBe(true);
  });

  it('is quiet on a Sunday and in the summer holidays, when the chart still shows the last school days', () => {
    const sunday = Date.UTC(2026, 10, 29, 1, 0, 0); // Sunday 08:00
    expect(simulate(sunday, sunday + 6 * 3_600_000, 60_000).live).toEqual([]);
    const summer = Date.UTC(2026, 6, 15, 2, 0, 0); // Wednesday 15/07/2026
    const { live, out } = simulate(summer, summer + 3 * 3_600_000, 60_000);
    expect(live).toEqual([]);
    const summary = out.get('education.summary');
    expect(summary.attendanceRateToday).toBeNull();
    expect(summary.latestSchoolDay).toBe('2026-05-30'); // Saturday 30 May, upper secondary
    expect(summary.attendanceDaily.x).toHaveLength(30);
    expect(summary.attendanceDaily.x.every((day) => day <= '2026-05-31')).toBe(true);
  });

  it('skips the Lunar New Year break and the public holidays', () => {
    const afterTet = Date.UTC(2026, 2, 2, 5, 0, 0); // Monday 02/03/2026, noon
    const byDay = attendanceDays(simulate(afterTet, afterTet).seed);
    for (const day of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'])
      expect(byDay.has(day), day).toBe(false);
    expect(byDay.has('2026-02-13')).toBe(true);
    expect(byDay.has('2026-02-23')).toBe(true);
  });
});

describe('education: topics over Socket.IO', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ now: () => MONDAY_9 });
  });
  afterAll(async () => {
    await app.dispose();
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 80));
  const snapshot = async (socket: Awaited<ReturnType<TestApp['connect']>>, topic: TopicName) => {
    const ack = await app.subscribe(socket, { topic });
    if (!ack.ok || ack.mode !== 'snapshot') throw new Error(`no snapshot of ${topic}: ${JSON.stringify(ack)}`);
    return ack.snapshot.data as unknown;
  };

  it('refuses bad attendance with 400 or 409 naming the field, and stores nothing', async () => {
    const before = app.ioc.store.count();
    const post = (data: Record<string, unknown>) =>
      app.post({ domain: 'education', kind: 'education.attendance', data });
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [attendance('th-chi-lang', -3, 0, 0), 400, 'events[0].data.present'],
      [{ ...attendance('th-chi-lang', 3, 0, 0), date: '2026-11-31x' }, 400, 'events[0].data.date'],
      [{ ...attendance('th-chi-lang', 3, 0, 0), pupilName: 'Hoàng Thị C' }, 400, 'events[0].data.pupilName'],
      [{ present: 3, absent: 0, excused: 0 }, 400, 'events[0].data.schoolId'],
      [attendance('truong-ma', 3, 0, 0), 409, 'events[0].data.schoolId'],
      [attendance('th-chi-lang', 3, 0, 0, '2026-12-05'), 409, 'events[0].data.date'],
    ];
    for (const [data, status, field] of cases) {
      const response = await post(data);
      expect(response.status, field).toBe(status);
      expect(response.body.field).toBe(field);
      expect(String(response.body.message)).toContain(field);
    }
    const updated = await app.post({
      domain: 'education',
      kind: 'education.school-updated',
      data: { schoolId: 'th-chi-lang' },
    });
    expect(updated.status).toBe(400);
    expect(updated.body.field).toBe('events[0].data');
    expect(app.ioc.store.count()).toBe(before);
  });

  it('gives a public screen the summary and the schools, aggregates only; internal clients get them too', async () => {
    const response = await app.post([
      { domain: 'education', kind: 'education.attendance', data: attendance('th-chi-lang', 1530, 8, 24) },
      { domain: 'education', kind: 'education.attendance', data: attendance('thcs-chi-lang', 1240, 10, 33) },
    ]);
    expect(response.status).toBe(200);
    await settle();
    const panel = await app.connect({ screenId: 'panel' });
    const summary = (await snapshot(panel, 'education.summary')) as {
      schoolsReportedToday: number;
      attendanceRateToday: number;
    };
    expect(summary.schoolsReportedToday).toBe(2);
    expect(summary.attendanceRateToday).toBeCloseTo(2770 / 2845, 12);
    const points = (await snapshot(panel, 'education.schools')) as MapPoint[];
    expect(points).toHaveLength(fixture.schools.length);
    expect(points.find((p) => p.id === 'th-chi-lang')!.detail!.vi).toBe('1.562 học sinh · 98,0 % có mặt');
    // A public screen reads public topics only.
    const refused = await app.subscribe(panel, { topic: 'reports.summary' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const operator = await app.connect({ role: 'operator' });
    expect(
      ((await snapshot(operator, 'education.summary')) as { schoolsReportedToday: number }).schoolsReportedToday,
    ).toBe(2);

    // A later report reaches the subscribed public screen as a delta.
    const deltas: string[] = [];
    panel.on('topic:delta', (message) => deltas.push(JSON.stringify(message)));
    await app.post({ domain: 'education', kind: 'education.attendance', data: attendance('mn-hoa-sen', 400, 3, 20) });
    await settle();
    expect(
      deltas.some((d) => d.includes('"topic":"education.summary"') && d.includes('"schoolsReportedToday":3')),
    ).toBe(true);
    expect(deltas.some((d) => d.includes('"topic":"education.schools"') && d.includes('mn-hoa-sen'))).toBe(true);
  });
});
