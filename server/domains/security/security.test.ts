import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
import { securityDomain } from './index';
import { createSecurityAggregator } from './aggregator';
import { publishableRows } from './suppression';
import { KIND_KEYS, type KindRateFixture, type PlaceFixture } from './schema';
import { domainHarness, RecordingWriter, TIME_ZONE } from '../../test-support/domain-harness';
import { loadFixtures } from '../../fixtures/fixtures';
import type { DomainContext } from '../domain';
import { startTestApp, type TestApp } from '../../test-support/test-app';
import type { BreakdownRow, MapPoint, PublicSecuritySummary, SecuritySummary } from '../../protocol/topics';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// 10:00 on 28/11/2026 in Hà Nội.
const T0 = Date.UTC(2026, 10, 28, 3, 0, 0);
/** Noon of a local day, as epoch ms. */
const localNoon = (day: string) => Date.parse(`${day}T05:00:00Z`);

/** An incident at Đông Kinh market; a field given as `undefined` is left out, as JSON would. */
const incident = (id: string, occurredAt: number, extra: Record<string, unknown> = {}) =>
  Object.fromEntries(
    Object.entries({
      incidentId: id,
      kind: 'theft',
      lon: 106.766,
      lat: 21.847,
      place: 'Khu vực chợ Đông Kinh',
      occurredAt,
      severity: 'minor',
      ...extra,
    }).filter(([, value]) => value !== undefined),
  );

/** Like the domain harness, with the aggregator itself at hand (its door check and what it retains). */
function harness(start = T0) {
  let now = start;
  const context: DomainContext = { fixtures: loadFixtures(), timeZone: TIME_ZONE, now: () => now };
  const aggregator = createSecurityAggregator(context);
  const out = new RecordingWriter();
  const validators = new Map(Object.entries(securityDomain.events).map(([kind, schema]) => [kind, Compile(schema)]));
  let seq = 0;
  const h = {
    context,
    out,
    aggregator,
    setNow: (ms: number) => void (now = ms),
    apply(kind: string, data: Record<string, unknown>, time = now) {
      if (!validators.get(kind)!.Check(data))
        throw new Error(`invalid ${kind}: ${JSON.stringify(validators.get(kind)!.Errors(data)[0])}`);
      aggregator.apply(
        { seq: ++seq, domain: 'security', kind, time, source: 'test', simulated: false, idempotencyKey: null, data },
        out,
      );
    },
    flush: () => aggregator.flush(out),
    tick(ms = now) {
      now = ms;
      aggregator.tick(ms, out);
    },
  };
  const add = (
    id: string,
    occurredAt: number,
    extra: Record<string, unknown> = {},
    time = Math.max(occurredAt, start),
  ) => h.apply('security.incident', incident(id, occurredAt, extra), time);
  const stats = (day: string, counts: Array<[string, string, number]>) =>
    h.apply(
      'security.daily-stats',
      { day, counts: counts.map(([kind, ward, count]) => ({ kind, ward, count })) },
      localNoon(day) + DAY,
    );
  const summary = () => h.out.get('security.summary') as SecuritySummary;
  const publicSummary = () => h.out.get('security.public-summary') as PublicSecuritySummary;
  const points = () => (h.out.get('security.incidents') ?? []) as MapPoint[];
  const row = (rows: BreakdownRow[], key: string) => rows.find((r) => r.key === key)?.value;
  return { h, add, stats, summary, publicSummary, points, row };
}

describe('security: schemas', () => {
  const h = domainHarness(securityDomain, T0);
  const errors = (extra: Record<string, unknown>) => h.errors('security.incident', incident('a', T0, extra));

  it('takes an incident placed by coordinates, by ward, or both', () => {
    expect(errors({})).toEqual([]);
    expect(errors({ lon: undefined, lat: undefined, place: undefined, ward: '05980' })).toEqual([]);
    expect(errors({ ward: '05980', status: 'handling', occurredAt: '2026-11-28T09:30:00+07:00' })).toEqual([]);
  });

  it('refuses bad incidents, naming the field', () => {
    expect(errors({ lon: undefined, lat: undefined })).toContain(' must have required properties ward');
    expect(errors({ lat: undefined })[0]).toBe(' must have properties lat when property lon is present');
    expect(errors({ kind: 'treason' })[0]).toMatch(/^\/kind /);
    expect(errors({ severity: 'apocalyptic' })[0]).toMatch(/^\/severity /);
    expect(errors({ status: 'reopened' })[0]).toMatch(/^\/status /);
    expect(errors({ ward: '5980' })[0]).toMatch(/^\/ward /);
    expect(errors({ lat: 91 })).toContain('/lat must be <= 90');
    expect(errors({ occurredAt: 'tối qua' })[0]).toMatch(/^\/occurredAt /);
    expect(errors({ place: 'x'.repeat(201) })[0]).toMatch(/^\/place /);
    expect(errors({ suspect: 'Nguyễn Văn A' }).join()).toMatch(/additional/);
  });

  it('takes only forward statuses in an update, and well-formed daily statistics', () => {
    expect(h.errors('security.incident-updated', { incidentId: 'a', status: 'closed' })).toEqual([]);
    expect(h.errors('security.incident-updated', { incidentId: 'a', status: 'reported' })[0]).toMatch(/^\/status /);
    expect(h.errors('security.incident-updated', { incidentId: '', status: 'closed' })[0]).toMatch(/^\/incidentId /);
    const stats = (extra: Record<string, unknown>) =>
      h.errors('security.daily-stats', {
        day: '2025-11-03',
        counts: [{ kind: 'theft', ward: '05971', count: 3 }],
        ...extra,
      });
    expect(stats({})).toEqual([]);
    expect(stats({ day: '2025-13-01' })[0]).toMatch(/^\/day /);
    expect(stats({ counts: [{ kind: 'theft', ward: '05971', count: -1 }] })).toEqual(['/counts/0/count must be >= 0']);
    expect(stats({ counts: [{ kind: 'piracy', ward: '05971', count: 1 }] })[0]).toMatch(/^\/counts\/0\/kind /);
    expect(stats({ counts: [{ kind: 'theft', ward: '05971', count: 1, name: 'A' }] }).join()).toMatch(/additional/);
  });
});

describe('security: aggregation', () => {
  it('splits days at midnight in Hà Nội (16:59:59Z is the 28th, 17:00:00Z the 29th) and months on the 1st', () => {
    const { h, add, summary } = harness(Date.UTC(2026, 10, 28, 17, 0, 30));
    add('evening', Date.UTC(2026, 10, 28, 16, 59, 59));
    add('midnight', Date.UTC(2026, 10, 28, 17, 0, 0));
    h.tick();
    const s = summary();
    expect(s.today).toBe(1);
    expect(s.daily.x.slice(-2)).toEqual(['2026-11-28', '2026-11-29']);
    expect(s.daily.lines[0]!.values.slice(-2)).toEqual([1, 1]);
    expect(s.daily.x).toHaveLength(30);
    expect(s.monthToDate).toBe(2);

    const m = harness(Date.UTC(2026, 10, 30, 17, 10, 0)); // 00:10 on 1/12
    m.add('last-of-november', Date.UTC(2026, 10, 30, 16, 59, 59));
    m.add('first-of-december', Date.UTC(2026, 10, 30, 17, 0, 0));
    m.h.tick();
    expect(m.summary()).toMatchObject({ today: 1, monthToDate: 1 });
    expect(m.summary().monthly.x.slice(-2)).toEqual(['2026-11', '2026-12']);
    expect(m.summary().monthly.lines[0]!.values.slice(-2)).toEqual([1, 1]);
  });

  it('compares the month so far with the same days of the month last year, the old wards rolled up to today’s', () => {
    const { h, add, stats, summary, row } = harness();
    // Last year's figures came by the pre-2025 wards (05971 Hoàng Văn Thụ, 05980 Đông Kinh, 05974 Tam Thanh);
    // this year an old feed still sends 05971 for some: all count under today's wards.
    stats('2025-10-31', [['theft', '05971', 50]]); // the month before: not counted
    stats('2025-11-01', [
      ['theft', '05971', 2],
      ['drugs', '05980', 1],
    ]);
    stats('2025-11-28', [['urban-order', '05974', 4]]); // the same day of the month: counted
    stats('2025-11-29', [['theft', '05971', 100]]); // after it: not counted
    for (let i = 0; i < 14; i++)
      add(`i${i}`, T0 - i * HOUR, i % 2 === 0 ? {} : { kind: 'drugs', lon: undefined, lat: undefined, ward: '05971' });
    h.tick();
    const s = summary();
    expect(s.monthToDate).toBe(14);
    expect(s.monthPrevYearSameDays).toBe(7);
    expect(s.changeVsLastYear).toBe(1);
    expect(row(s.byKind.rows, 'theft')).toBe(7);
    expect(row(s.byKind.rows, 'drugs')).toBe(7);
    expect(s.byKind.rows).toHaveLength(9);
    expect(s.byWard.rows.map((r) => r.key).sort()).toEqual(['05977', '05983', '05986', '06187']);
    expect(row(s.byWard.rows, '05977')).toBe(7); // Đông Kinh market, by its place
    expect(row(s.byWard.rows, '06187')).toBe(7); // sent as 05971 (Hoàng Văn Thụ): Kỳ Lừa today
    expect(s.byWard.rows.find((r) => r.key === '06187')!.label).toEqual({ vi: 'Phường Kỳ Lừa', en: 'Ky Lua Ward' });
    expect(s.byWard.higherIsBetter).toBe(false);
    expect(s.monthly.x).toHaveLength(12);
    expect(s.monthly.x[0]).toBe('2025-12');
    expect(s.monthly.lines[0]!.values.at(-1)).toBe(14);
  });

  it('has no change against a last year without incidents, and caps the same days at the end of a shorter month (29 Feb)', () => {
    const { h, add, summary } = harness();
    add('a', T0);
    h.tick();
    expect(summary()).toMatchObject({ monthToDate: 1, monthPrevYearSameDays: 0, changeVsLastYear: null });

    const leap = harness(Date.UTC(2028, 1, 29, 3, 0, 0));
    leap.stats('2027-02-28', [['theft', '05971', 5]]);
    leap.stats('2027-03-01', [['theft', '05971', 9]]);
    leap.add('b', Date.UTC(2028, 1, 29, 2, 0, 0));
    leap.add('c', Date.UTC(2028, 1, 10, 2, 0, 0));
    leap.h.tick();
    expect(leap.summary()).toMatchObject({ monthToDate: 2, monthPrevYearSameDays: 5, changeVsLastYear: -0.6 });
  });

  it('replaces a day of statistics sent again instead of adding it twice', () => {
    const { h, stats, summary } = harness();
    stats('2026-11-03', [['theft', '05971', 4]]);
    stats('2026-11-03', [
      ['theft', '05971', 1],
      ['fire', '05983', 1],
    ]);
    h.tick();
    expect(summary().monthToDate).toBe(2);
    expect(summary().byKind.rows.find((r) => r.key === 'theft')!.value).toBe(1);
  });

  it('counts open incidents and moves them through their lifecycle on the map', () => {
    const { h, add, summary, points } = harness();
    add('a', T0 - HOUR, { severity: 'serious' });
    h.flush();
    expect(summary().open).toBe(1);
    expect(points()).toEqual([
      {
        id: 'a',
        lon: 106.766,
        lat: 21.847,
        kind: 'theft',
        tone: 'bad',
        value: 2,
        label: { vi: 'Trộm cắp tài sản – Khu vực chợ Đông Kinh', en: 'Theft – Khu vực chợ Đông Kinh' },
        kindName: { vi: 'Trộm cắp tài sản', en: 'Theft' },
        detail: {
          vi: 'Phường Đông Kinh · 09:00 28/11 · Nghiêm trọng · Mới tiếp nhận',
          en: 'Dong Kinh Ward · 09:00 28/11 · Serious · Reported',
        },
      },
    ]);
    h.apply('security.incident-updated', { incidentId: 'a', status: 'handling' });
    h.flush();
    expect(summary().open).toBe(1);
    h.apply('security.incident-updated', { incidentId: 'a', status: 'handled' });
    h.flush();
    expect(summary().open).toBe(0);
    expect(points()[0]).toMatchObject({ tone: 'good', detail: { vi: expect.stringContaining('Đã xử lý') } });
    const closedAt = T0 + 2 * HOUR;
    h.apply('security.incident-updated', { incidentId: 'a', status: 'closed' }, closedAt);
    // A closed incident stays on the map for a day, then leaves it; it is still counted.
    h.tick(closedAt + DAY);
    expect(points().map((p) => p.id)).toEqual(['a']);
    h.tick(closedAt + DAY + 1000);
    expect(points()).toEqual([]);
    expect(summary().monthToDate).toBe(1);
  });

  it('takes incidents older than a week off the map, open or not, and never shows an old one', () => {
    const { h, add, summary, points } = harness();
    add('week-old', T0 - 7 * DAY + HOUR);
    add('too-old', T0 - 8 * DAY);
    h.tick();
    expect(points().map((p) => p.id)).toEqual(['week-old']);
    h.tick(T0 + HOUR + 1000);
    expect(points()).toEqual([]);
    expect(summary().open).toBe(2);
  });

  it('places an incident given by ward alone near the ward centre, inside it, marked approximate', () => {
    const { h, add, points } = harness();
    add('w', T0, { lon: undefined, lat: undefined, place: undefined, ward: '05977' });
    const point = points()[0]!;
    expect(h.context.fixtures.wardAt(point.lon, point.lat)?.code).toBe('05977');
    expect(point.detail).toEqual({
      vi: expect.stringMatching(/^Phường Đông Kinh · .* · vị trí gần đúng$/),
      en: expect.stringMatching(/approximate place$/),
    });
    expect(point.label).toEqual({ vi: 'Trộm cắp tài sản', en: 'Theft' });
  });

  it('keeps every ward-only point inside its ward', () => {
    const { h, add, points } = harness();
    for (const ward of h.context.fixtures.wards) {
      for (let i = 0; i < 25; i++)
        add(`${ward.code}-${i}`, T0, { lon: undefined, lat: undefined, place: undefined, ward: ward.code });
    }
    expect(points()).toHaveLength(h.context.fixtures.wards.length * 25);
    for (const point of points())
      expect(h.context.fixtures.wardAt(point.lon, point.lat)?.code, point.id).toBe(point.id.slice(0, 5));
  });

  it('keeps at most 200 points, the newest', () => {
    const { h, add, points } = harness();
    for (let i = 0; i < 205; i++) add(`n${i}`, T0 - DAY + i * MINUTE);
    add('older-still', T0 - 2 * DAY);
    h.flush();
    const ids = points().map((p) => p.id);
    expect(ids).toHaveLength(200);
    expect(ids).not.toContain('n4');
    expect(ids).toContain('n5');
    expect(ids).not.toContain('older-still');
  });

  it('counts an incident reported again once, on its corrected day, kind and ward', () => {
    const { h, add, summary, row } = harness();
    add('a', T0 - 2 * DAY);
    add('a', T0, { kind: 'assault', lon: undefined, lat: undefined, ward: '05983' });
    h.tick();
    const s = summary();
    expect(s).toMatchObject({ today: 1, monthToDate: 1, open: 1 });
    expect(row(s.byKind.rows, 'theft')).toBe(0);
    expect(row(s.byWard.rows, '05983')).toBe(1);
  });

  it('refuses at the door: unknown wards, places outside the city, the future, statuses going back, unknown incidents', () => {
    const { h, add } = harness();
    const check = (events: Array<{ kind: string; data: unknown }>) => h.aggregator.check!(events);
    expect(check([{ kind: 'security.incident', data: incident('x', T0, { ward: '99999' }) }])).toMatchObject({
      field: 'ward',
    });
    expect(check([{ kind: 'security.incident', data: incident('x', T0, { lon: 105.8, lat: 21.03 }) }])).toMatchObject({
      field: 'lon',
    });
    expect(
      check([{ kind: 'security.incident', data: incident('x', T0, { lon: 0, lat: 0, ward: '05971' }) }]),
    ).toMatchObject({ field: 'lon' });
    expect(check([{ kind: 'security.incident', data: incident('x', T0, { lon: 106.7, lat: 21.8 }) }])).toBeNull(); // just outside the schematic wards
    expect(check([{ kind: 'security.incident', data: incident('x', T0 + 9 * MINUTE) }])).toBeNull(); // a source clock a little ahead
    expect(check([{ kind: 'security.incident', data: incident('x', T0 + HOUR) }])).toMatchObject({
      field: 'occurredAt',
    });
    expect(
      check([{ kind: 'security.incident-updated', data: { incidentId: 'ghost', status: 'closed' } }]),
    ).toMatchObject({ field: 'incidentId' });
    expect(
      check([
        { kind: 'security.incident', data: incident('y', T0) },
        { kind: 'security.incident-updated', data: { incidentId: 'y', status: 'handled' } },
        { kind: 'security.incident-updated', data: { incidentId: 'y', status: 'handling' } },
      ]),
    ).toMatchObject({ index: 2, field: 'status' });
    expect(check([{ kind: 'security.daily-stats', data: { day: '2026-11-29', counts: [] } }])).toMatchObject({
      field: 'day',
    });
    expect(check([{ kind: 'security.daily-stats', data: { day: '2026-02-30', counts: [] } }])).toMatchObject({
      field: 'day',
    });
    expect(
      check([
        {
          kind: 'security.daily-stats',
          data: {
            day: '2026-11-27',
            counts: [
              { kind: 'theft', ward: '05971', count: 1 },
              { kind: 'theft', ward: '00000', count: 1 },
            ],
          },
        },
      ]),
    ).toMatchObject({ field: 'counts[1].ward' });
    // Against the state: a closed incident is not reopened by a report sent again.
    add('z', T0, { status: 'closed' });
    expect(check([{ kind: 'security.incident', data: incident('z', T0, { status: 'reported' }) }])).toMatchObject({
      field: 'status',
    });
    expect(check([{ kind: 'security.incident', data: incident('z', T0) }])).toBeNull(); // no status: it keeps its own
    expect(check([{ kind: 'security.incident-updated', data: { incidentId: 'z', status: 'closed' } }])).toMatchObject({
      field: 'status',
    });
  });

  it('forgets incidents and statistics older than 14 months once a month has passed', () => {
    const { h, add, stats, summary } = harness();
    add('old', Date.UTC(2025, 9, 15, 3, 0, 0)); // 15/10/2025: the oldest month kept in November 2026
    add('older', Date.UTC(2025, 8, 30, 3, 0, 0)); // September 2025: not kept at all
    stats('2025-10-16', [['theft', '05971', 3]]);
    stats('2026-11-02', [['theft', '05971', 3]]);
    h.tick();
    const update = [{ kind: 'security.incident-updated', data: { incidentId: 'old', status: 'closed' } }];
    expect(h.aggregator.check!(update)).toBeNull();
    expect(h.aggregator.check!([{ ...update[0]!, data: { incidentId: 'older', status: 'closed' } }])).toMatchObject({
      field: 'incidentId',
    });
    expect(h.aggregator.retained()).toEqual({ incidents: 1, days: 3, months: 2, statsDays: 2 });
    h.tick(Date.UTC(2026, 10, 30, 17, 0, 5)); // 00:00:05 on 1/12/2026: October 2025 leaves
    expect(h.aggregator.check!(update)).toMatchObject({ field: 'incidentId' });
    expect(h.aggregator.retained()).toEqual({ incidents: 0, days: 1, months: 1, statsDays: 1 });
    expect(summary().open).toBe(0);
  });
});

describe('security: fixtures', () => {
  it('has a rate for every kind, and every named place inside its ward, marked approximate', () => {
    const fixtures = loadFixtures();
    const kinds = fixtures.readJson<{ kinds: KindRateFixture[] }>('security/kinds.json').kinds;
    expect(kinds.map((k) => k.kind).sort()).toEqual([...KIND_KEYS].sort());
    for (const k of kinds)
      expect(
        Object.values(k.severity).reduce((a, b) => a + b, 0),
        k.kind,
      ).toBeCloseTo(1);
    const places = fixtures.readJson<{ places: PlaceFixture[] }>('security/places.json').places;
    expect(places.length).toBeGreaterThanOrEqual(15);
    for (const place of places) {
      expect(fixtures.wardAt(place.lon, place.lat)?.code, place.name).toBe(place.ward);
      expect(place.approximate).toBe(true);
    }
    expect(new Set(places.map((place) => place.ward)).size).toBe(4); // today's four wards
  });
});

describe('security: the public summary', () => {
  it('counts whole days up to yesterday, the same days last year, and moves only after midnight', () => {
    const { h, add, stats, publicSummary } = harness();
    stats('2026-11-01', [
      ['theft', '05971', 12],
      ['drugs', '05980', 3],
      ['fraud', '05983', 7],
    ]);
    stats('2025-11-27', [['theft', '05971', 10]]);
    stats('2025-11-28', [['theft', '05971', 100]]);
    add('yesterday', T0 - DAY, { kind: 'fire' });
    add('today', T0 - HOUR);
    h.tick();
    const p = publicSummary();
    expect(p).toMatchObject({
      throughDay: '2026-11-27',
      monthToDate: 23,
      monthPrevYearSameDays: 10,
      changeVsLastYear: 1.3,
    });
    // Drugs (3) and fire (1) are under 5; with them alone the total would give their sum away, so fraud (7) goes too.
    expect(p.byKind.rows.map((r) => [r.key, r.value])).toEqual([['theft', 12]]);
    expect(p.monthly.x).toHaveLength(12);
    expect(p.monthly.x.at(-1)).toBe('2026-11');
    expect(p.monthly.lines[0]!.values.at(-1)).toBe(23);

    const published = () => h.out.changes.filter((change) => change.topic === 'security.public-summary').length;
    expect(published()).toBe(1);
    add('later-today', T0 + HOUR, {}, T0 + HOUR);
    h.flush();
    h.tick(T0 + 2 * HOUR);
    expect(published()).toBe(1);
    h.tick(Date.UTC(2026, 10, 28, 17, 0, 1)); // midnight: the 28th is now a whole day
    expect(published()).toBe(2);
    expect(publicSummary()).toMatchObject({ throughDay: '2026-11-28', monthToDate: 25, monthPrevYearSameDays: 110 });
  });

  it('takes in figures of earlier days when they arrive (statistics, a late report), and today’s only after midnight', () => {
    const { h, add, stats, publicSummary } = harness();
    h.tick();
    expect(publicSummary().monthToDate).toBe(0);
    stats('2026-11-10', [['theft', '05971', 6]]);
    h.flush();
    expect(publicSummary().monthToDate).toBe(6);
    add('late', T0 - 3 * DAY, {}, T0);
    h.flush();
    expect(publicSummary().monthToDate).toBe(7);
    add('now', T0, {}, T0);
    h.flush();
    expect(publicSummary().monthToDate).toBe(7);
  });

  it('carries no ward, no place, no coordinates, no incident and no time of one', () => {
    const { h, add, publicSummary } = harness();
    for (let i = 0; i < 12; i++) add(`secret-${i}`, T0 - DAY - i * HOUR, { place: 'Ngõ 12 đường Bà Triệu' });
    h.tick();
    const json = JSON.stringify(publicSummary());
    expect(Object.keys(publicSummary()).sort()).toEqual([
      'byKind',
      'changeVsLastYear',
      'monthPrevYearSameDays',
      'monthToDate',
      'monthly',
      'throughDay',
    ]);
    for (const secret of ['secret-', 'Bà Triệu', 'ward', '"lat"', '"lon"', '0597', '0598', 'Phường', '21.8', '106.7'])
      expect(json).not.toContain(secret);
    expect(publicSummary().monthToDate).toBe(12);
  });

  it('hides small cells: under 5, and more until what is hidden is 5 or more', () => {
    const rows = (values: Record<string, number>): BreakdownRow[] =>
      Object.entries(values).map(([key, value]) => ({ key, label: { vi: key, en: key }, value }));
    const keys = (values: Record<string, number>) => publishableRows(rows(values)).map((r) => r.key);
    expect(keys({ theft: 12, drugs: 6 })).toEqual(['theft', 'drugs']);
    expect(keys({ theft: 12, drugs: 3, fire: 0, fraud: 7 })).toEqual(['theft']);
    expect(keys({ theft: 12, drugs: 2, fire: 3, fraud: 7 })).toEqual(['theft', 'fraud']);
    expect(keys({ drugs: 3 })).toEqual([]);
    expect(keys({ theft: 5, drugs: 0 })).toEqual(['theft']);
    expect(keys({ theft: 4, drugs: 4, fire: 40 })).toEqual(['fire']);
    expect(keys({ a: 1, b: 5, c: 5 })).toEqual(['c']); // ties: the first by key goes
  });
});

describe('security: over Socket.IO and HTTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.dispose();
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 80));
  const event = (data: Record<string, unknown>, kind = 'security.incident') => ({ domain: 'security', kind, data });

  it('refuses bad incidents naming the field: 400 for the shape, 409 for what the city does not know', async () => {
    const now = Date.now();
    for (const [body, status, field] of [
      [event(incident('e1', now, { lon: undefined, lat: undefined })), 400, 'events[0].data.ward'],
      [event(incident('e2', now, { lat: undefined })), 400, 'events[0].data.lat'],
      [event(incident('e3', now, { kind: 'treason' })), 400, 'events[0].data.kind'],
      [event(incident('e4', now, { place: 'Chợ \u202eĐông Kinh' })), 400, 'events[0].data.place'],
      [event(incident('e5', now, { suspect: 'Nguyễn Văn A' })), 400, 'events[0].data.suspect'],
      [event(incident('e6', now, { ward: '99999' })), 409, 'events[0].data.ward'],
      [event(incident('e7', now, { lon: 105.85, lat: 21.03 })), 409, 'events[0].data.lon'],
      [event(incident('e8', now + 3 * HOUR)), 409, 'events[0].data.occurredAt'],
      [event({ incidentId: 'ghost', status: 'closed' }, 'security.incident-updated'), 409, 'events[0].data.incidentId'],
      [
        event({ day: '2026-01-05', counts: [{ kind: 'theft', ward: '1234x', count: 1 }] }, 'security.daily-stats'),
        400,
        'events[0].data.counts[0].ward',
      ],
    ] as const) {
      const response = await app.post(body);
      expect(response.status, field).toBe(status);
      expect(response.body.field).toBe(field);
    }
  });

  it('gives an internal client the map and the summary; a public one only city-wide trends', async () => {
    const now = Date.now();
    const marker = 'Ngõ 7 ZqSecurityMarker';
    expect(
      (await app.post(event(incident('sock-1', now - HOUR, { place: marker, lon: 106.7612, lat: 21.8433 })))).status,
    ).toBe(200);
    await settle();

    const ops = await app.connect({ role: 'operator' });
    const map = await app.subscribe(ops, { topic: 'security.incidents' });
    if (!map.ok || map.mode !== 'snapshot') throw new Error('expected a snapshot');
    expect((map.snapshot.data as MapPoint[]).find((p) => p.id === 'sock-1')).toMatchObject({
      lon: 106.7612,
      lat: 21.8433,
      kind: 'theft',
    });
    const summary = await app.subscribe(ops, { topic: 'security.summary' });
    if (!summary.ok || summary.mode !== 'snapshot') throw new Error('expected a snapshot');
    expect((summary.snapshot.data as SecuritySummary).byWard.rows).toHaveLength(4);
    expect(
      (summary.snapshot.data as SecuritySummary).today + (summary.snapshot.data as SecuritySummary).monthToDate,
    ).toBeGreaterThan(0);

    const anonymous = await app.connect();
    const seen: string[] = [];
    anonymous.on('topic:delta', (message) => seen.push(JSON.stringify(message)));
    for (const topic of ['security.incidents', 'security.summary'] as const) {
      expect(await app.subscribe(anonymous, { topic })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const trends = await app.subscribe(anonymous, { topic: 'security.public-summary' });
    if (!trends.ok || trends.mode !== 'snapshot') throw new Error('expected a snapshot');
    seen.push(JSON.stringify(trends));
    expect(Object.keys(trends.snapshot.data as object).sort()).toEqual([
      'byKind',
      'changeVsLastYear',
      'monthPrevYearSameDays',
      'monthToDate',
      'monthly',
      'throughDay',
    ]);

    // Another incident now: nothing reaches the public socket (the public figures move after midnight).
    expect(
      (await app.post(event(incident('sock-2', Date.now() - MINUTE, { place: marker, kind: 'assault' })))).status,
    ).toBe(200);
    await app.post(event({ incidentId: 'sock-1', status: 'handled' }, 'security.incident-updated'));
    await settle();
    const text = seen.join('\n');
    for (const secret of [
      'ZqSecurityMarker',
      'sock-1',
      'sock-2',
      '"ward"',
      '"lat"',
      '"lon"',
      '0598',
      'security.incidents',
      'security.summary"',
    ])
      expect(text).not.toContain(secret);
    expect(seen).toHaveLength(1);

    expect((await fetch(`${app.url}/api/v1/topics/security.public-summary`)).status).toBe(200);
    expect((await fetch(`${app.url}/api/v1/topics/security.summary`)).status).toBe(401);
    expect((await fetch(`${app.url}/api/v1/topics/security.incidents`)).status).toBe(401);
  });
});
