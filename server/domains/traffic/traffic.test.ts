import { describe, expect, it } from 'vitest';
import { trafficDomain } from './index';
import { domainHarness } from '../../test-support/domain-harness';
import { sameDateLastYear, SMALLEST_PUBLIC_CELL } from './crash-history';

const T0 = Date.UTC(2026, 10, 28, 3, 0, 0);
const crash = (id: string, extra: Record<string, unknown> = {}) => ({
  incidentId: id,
  kind: 'crash',
  severity: 'serious',
  lat: 21.856,
  lon: 106.76,
  place: 'Ngã tư Hùng Vương – Lê Lợi',
  injuries: 2,
  deaths: 0,
  ...extra,
});

describe('traffic domain', () => {
  it('validates incidents', () => {
    const h = domainHarness(trafficDomain, T0);
    expect(h.errors('traffic.incident', crash('a'))).toEqual([]);
    expect(h.errors('traffic.incident', crash('a', { kind: 'meteor' }))[0]).toMatch(/^\/kind/);
    expect(h.errors('traffic.incident', crash('a', { injuries: -1 }))).toEqual(['/injuries must be >= 0']);
  });

  it('keeps the active incidents and today’s crash figures, updates without double counting', () => {
    const h = domainHarness(trafficDomain, T0);
    h.apply('traffic.incident', crash('a'));
    h.apply('traffic.incident', crash('a', { injuries: 3, deaths: 1, severity: 'fatal' })); // an update of the same crash
    h.apply('traffic.incident', crash('b', { kind: 'congestion', injuries: 0 }));
    h.flush();
    expect(h.out.get('traffic.summary')).toMatchObject({
      activeIncidents: 2,
      crashesToday: 1,
      injuriesToday: 3,
      deathsToday: 1,
    });
    expect(h.out.get('traffic.incidents').find((i) => i.id === 'a')).toMatchObject({
      severity: 'fatal',
      ward: '06187',
      kindName: { vi: 'Va chạm giao thông' },
    });
    h.apply('traffic.cleared', { incidentId: 'b' });
    h.flush();
    expect(h.out.get('traffic.incidents').map((i) => i.id)).toEqual(['a']);
    expect(h.out.get('traffic.summary').activeIncidents).toBe(1);
  });

  it('starts "today" again at midnight in Hà Nội', () => {
    const h = domainHarness(trafficDomain, Date.UTC(2026, 10, 28, 16, 0, 0));
    h.apply('traffic.incident', crash('late'));
    h.tick(Date.UTC(2026, 10, 28, 16, 59, 59));
    expect(h.out.get('traffic.summary').crashesToday).toBe(1);
    h.tick(Date.UTC(2026, 10, 28, 17, 0, 1));
    expect(h.out.get('traffic.summary').crashesToday).toBe(0);
  });

  it('bounds every field of its schemas', () => {
    const h = domainHarness(trafficDomain, T0);
    expect(h.errors('traffic.incident', crash('a', { severity: 'apocalyptic' }))[0]).toMatch(/^\/severity/);
    expect(h.errors('traffic.incident', crash('a', { place: 'x'.repeat(201) }))[0]).toMatch(/^\/place /);
    expect(h.errors('traffic.incident', crash('a', { lat: 91 }))).toEqual(['/lat must be <= 90']);
    expect(h.errors('traffic.incident', crash('a', { lon: -181 }))).toEqual(['/lon must be >= -180']);
    expect(h.errors('traffic.incident', crash('a', { deaths: 0.5 }))[0]).toMatch(/^\/deaths /);
    expect(h.errors('traffic.incident', crash('a', { driver: 'Nguyễn Văn A' })).join()).toMatch(/additional/);
    expect(h.errors('traffic.cleared', { incidentId: 'a' })).toEqual([]);
    expect(h.errors('traffic.cleared', {}).join()).toMatch(/incidentId/);
  });

  it('counts a crash reported again after it was cleared once, and drops one re-classified as congestion', () => {
    const h = domainHarness(trafficDomain, T0);
    h.apply('traffic.incident', crash('a', { injuries: 1 }));
    h.apply('traffic.cleared', { incidentId: 'a' });
    h.apply('traffic.incident', crash('a', { injuries: 2 })); // the same crash, figures corrected
    h.apply('traffic.incident', crash('b', { injuries: 4, deaths: 1, severity: 'fatal' }));
    h.flush();
    expect(h.out.get('traffic.summary')).toMatchObject({
      activeIncidents: 2,
      crashesToday: 2,
      injuriesToday: 6,
      deathsToday: 1,
    });
    h.apply('traffic.incident', crash('b', { kind: 'congestion', injuries: 0, deaths: 0, severity: 'minor' }));
    h.apply('traffic.cleared', { incidentId: 'ghost' }); // unknown: ignored
    h.flush();
    expect(h.out.get('traffic.summary')).toMatchObject({
      activeIncidents: 2,
      crashesToday: 1,
      injuriesToday: 2,
      deathsToday: 0,
    });
  });

  it('puts a crash on the local day it was reported: 16:59:59Z is the 28th, 17:00:00Z the 29th', () => {
    const h = domainHarness(trafficDomain, Date.UTC(2026, 10, 28, 16, 59, 59));
    h.apply('traffic.incident', crash('evening', { injuries: 1 }));
    h.setNow(Date.UTC(2026, 10, 28, 17, 0, 0));
    h.apply('traffic.incident', crash('midnight', { injuries: 3 }));
    // An update after midnight of the evening crash stays on the 28th.
    h.apply('traffic.incident', crash('evening', { injuries: 2 }));
    h.tick(Date.UTC(2026, 10, 28, 17, 0, 1));
    expect(h.out.get('traffic.summary')).toMatchObject({
      activeIncidents: 2,
      crashesToday: 1,
      injuriesToday: 3,
      deathsToday: 0,
    });
  });

  it('places every named place of the fixture inside its ward on the schematic boundaries', () => {
    const h = domainHarness(trafficDomain, T0);
    const places = h.context.fixtures.readJson<{
      places: Array<{ name: string; lon: number; lat: number; ward: string; approximate: boolean }>;
    }>('traffic/places.json').places;
    expect(places.length).toBeGreaterThanOrEqual(12);
    for (const place of places) {
      expect(h.context.fixtures.wardAt(place.lon, place.lat)?.code, place.name).toBe(place.ward);
      expect(place.approximate).toBe(true);
    }
    // Each urban ward and commune has at least one.
    expect(new Set(places.map((place) => place.ward)).size).toBe(4); // today's four wards
  });

  it('takes incidents nobody clears off the live map (minor after 2 h, serious after 6 h) and keeps their counts', () => {
    const h = domainHarness(trafficDomain, T0);
    h.apply('traffic.incident', crash('minor', { severity: 'minor', injuries: 1 }));
    h.apply('traffic.incident', crash('serious', { injuries: 2 }));
    h.apply('traffic.incident', crash('stalled', { kind: 'breakdown', severity: 'minor', injuries: 0 }));
    h.setNow(T0 + 90 * 60_000);
    h.apply('traffic.incident', crash('stalled', { kind: 'breakdown', severity: 'minor', injuries: 0 })); // news: its clock restarts
    h.tick(T0 + 2 * 3_600_000);
    expect(
      h.out
        .get('traffic.incidents')
        .map((i) => i.id)
        .sort(),
    ).toEqual(['minor', 'serious', 'stalled']);
    h.tick(T0 + 2 * 3_600_000 + 1);
    expect(
      h.out
        .get('traffic.incidents')
        .map((i) => i.id)
        .sort(),
    ).toEqual(['serious', 'stalled']);
    h.tick(T0 + 90 * 60_000 + 2 * 3_600_000 + 1);
    expect(h.out.get('traffic.incidents').map((i) => i.id)).toEqual(['serious']);
    h.tick(T0 + 6 * 3_600_000 + 1);
    expect(h.out.get('traffic.incidents')).toEqual([]);
    expect(h.out.get('traffic.summary')).toMatchObject({ activeIncidents: 0, crashesToday: 2, injuriesToday: 3 });
    // A clearing that comes after the expiry changes nothing.
    h.apply('traffic.cleared', { incidentId: 'serious' });
    h.flush();
    expect(h.out.get('traffic.summary')).toMatchObject({ activeIncidents: 0, crashesToday: 2 });
  });

  it('compares this month and this year with the same days last year, at local midnights', () => {
    // Today: 28/11/2026 in Hà Nội (10:00).
    const h = domainHarness(trafficDomain, T0);
    const at = (id: string, time: number, injuries = 1, deaths = 0) =>
      h.apply('traffic.incident', crash(id, { injuries, deaths, severity: deaths > 0 ? 'fatal' : 'serious' }), time);
    at('oct-31-late', Date.UTC(2026, 9, 31, 16, 59, 59)); // 23:59:59 on 31/10: October
    at('nov-1', Date.UTC(2026, 9, 31, 17, 0, 0)); // 00:00 on 1/11
    at('nov-28', T0, 2, 1);
    at('ly-oct-31-late', Date.UTC(2025, 9, 31, 16, 59, 59));
    at('ly-nov-1', Date.UTC(2025, 9, 31, 17, 0, 0));
    at('ly-nov-28-late', Date.UTC(2025, 10, 28, 16, 59, 59), 3); // 23:59:59 on 28/11/2025: the same days
    at('ly-nov-29', Date.UTC(2025, 10, 28, 17, 0, 0), 5); // 29/11/2025: after them
    at('ly-jan-1', Date.UTC(2024, 11, 31, 17, 0, 0)); // 00:00 on 1/1/2025
    at('ly2-dec-31', Date.UTC(2024, 11, 31, 16, 59, 59)); // 2024: before last year
    at('jan-1', Date.UTC(2025, 11, 31, 17, 0, 0), 0, 1);
    h.tick(T0);
    expect(h.out.get('traffic.summary')).toMatchObject({
      crashesToday: 1,
      injuriesToday: 2,
      deathsToday: 1,
      monthToDate: { crashes: 2, injuries: 3, deaths: 1 },
      monthToDateLastYear: { crashes: 2, injuries: 4, deaths: 0 },
      monthChange: { crashes: 0, injuries: -1, deaths: 1 },
      yearToDate: { crashes: 4, injuries: 4, deaths: 2 },
      yearToDateLastYear: { crashes: 4, injuries: 6, deaths: 0 },
      yearChange: { crashes: 0, injuries: -2, deaths: 2 },
    });
    // One second before midnight of 30/11 local the month still holds; at midnight of 1/12 it starts again.
    h.tick(Date.UTC(2026, 10, 30, 16, 59, 59));
    expect(h.out.get('traffic.summary').monthToDate.crashes).toBe(2);
    expect(h.out.get('traffic.summary').monthToDateLastYear.crashes).toBe(3); // 1–30/11/2025 now
    h.tick(Date.UTC(2026, 10, 30, 17, 0, 0));
    expect(h.out.get('traffic.summary')).toMatchObject({
      monthToDate: { crashes: 0 },
      monthToDateLastYear: { crashes: 0 },
      yearToDate: { crashes: 4 },
    });
  });

  it('takes the same date last year, 29 February becoming the 28th', () => {
    expect(sameDateLastYear('2026-11-28')).toBe('2025-11-28');
    expect(sameDateLastYear('2028-02-29')).toBe('2027-02-28');
    expect(sameDateLastYear('2027-03-01')).toBe('2026-03-01');
    expect(sameDateLastYear('2026-01-01')).toBe('2025-01-01');
  });

  it('forgets the years before last year at the new year, keeping last year for the comparison', () => {
    const h = domainHarness(trafficDomain, Date.UTC(2026, 11, 31, 3, 0, 0));
    h.apply('traffic.incident', crash('2025', {}), Date.UTC(2025, 5, 1, 3, 0, 0));
    h.apply('traffic.incident', crash('2026', {}), Date.UTC(2026, 5, 1, 3, 0, 0));
    h.tick();
    expect(h.out.get('traffic.summary')).toMatchObject({
      yearToDate: { crashes: 1 },
      yearToDateLastYear: { crashes: 1 },
    });
    h.tick(Date.UTC(2026, 11, 31, 17, 0, 0)); // 1/1/2027: 2026 is last year, 2025 goes
    expect(h.out.get('traffic.summary')).toMatchObject({
      yearToDate: { crashes: 0 },
      yearToDateLastYear: { crashes: 0 },
    });
    expect(h.out.get('traffic.safety').monthly.lines.find((l) => l.key === 'lastYear')!.values[5]).toBe(1);
  });

  it('publishes charts of road safety: 30 days, months against last year, incidents by kind, crashes by ward', () => {
    const h = domainHarness(trafficDomain, T0);
    const day = 86_400_000;
    // Tam Thanh (05986, was 05974): 6 crashes over the year; Đông Kinh (05977): 4, too few to publish.
    for (let i = 0; i < 6; i++)
      h.apply('traffic.incident', crash(`tt-${i}`, { lat: 21.855, lon: 106.749 }), T0 - i * 40 * day);
    for (let i = 0; i < 4; i++)
      h.apply('traffic.incident', crash(`dk-${i}`, { lat: 21.844, lon: 106.77 }), T0 - i * day);
    h.apply('traffic.incident', crash('old', { lat: 21.844, lon: 106.77 }), T0 - 366 * day); // outside the 12 months
    h.apply('traffic.incident', crash('jam', { kind: 'congestion', injuries: 0 }), T0 - 2 * day);
    h.apply('traffic.incident', crash('jam', { kind: 'congestion', injuries: 0 }), T0 - 2 * day); // an update: counted once
    h.tick();
    const safety = h.out.get('traffic.safety');
    expect(safety.daily.x).toHaveLength(30);
    expect(safety.daily.x.at(-1)).toBe('2026-11-28');
    expect(safety.daily.xKind).toBe('day');
    const crashes = safety.daily.lines.find((line) => line.key === 'crashes')!.values;
    expect(crashes.at(-1)).toBe(2); // tt-0 and dk-0 today
    expect(crashes.reduce((a, b) => (a ?? 0) + (b ?? 0), 0)).toBe(5); // tt-0 + dk-0..3
    expect(safety.byKind.rows.find((row) => row.key === 'crash')!.value).toBe(5);
    expect(safety.byKind.rows.find((row) => row.key === 'congestion')!.value).toBe(1);
    expect(safety.byKind.rows.map((row) => row.key)).toEqual([
      'crash',
      'congestion',
      'breakdown',
      'flooding',
      'roadworks',
    ]);
    expect(safety.byWard).toMatchObject({ format: 'number', higherIsBetter: false, unit: { vi: 'vụ va chạm' } });
    expect(safety.byWard.rows).toEqual([
      { key: '05986', label: { vi: 'Phường Tam Thanh', en: 'Tam Thanh Ward' }, value: 6 },
    ]);
    expect(SMALLEST_PUBLIC_CELL).toBe(5);
    expect(safety.monthly.x).toEqual(Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`));
    const thisYear = safety.monthly.lines.find((line) => line.key === 'thisYear')!.values;
    expect(thisYear[11]).toBeNull(); // December has not come
    expect(thisYear[10]).toBe(5); // November: tt-0, dk-0..3
    expect(safety.monthly.lines.find((line) => line.key === 'lastYear')!.values[10]).toBe(1); // 'old', 27/11/2025
  });
});
