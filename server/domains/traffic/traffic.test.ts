import { describe, expect, it } from 'vitest';
import { trafficDomain } from './index';
import { domainHarness } from '../../test-support/domain-harness';

const T0 = Date.UTC(2026, 10, 28, 3, 0, 0);
const crash = (id: string, extra: Record<string, unknown> = {}) => ({
  incidentId: id, kind: 'crash', severity: 'serious', lat: 21.856, lon: 106.76, place: 'Ngã tư Hùng Vương – Lê Lợi', injuries: 2, deaths: 0, ...extra,
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
    expect(h.out.get('traffic.summary')).toEqual({ activeIncidents: 2, crashesToday: 1, injuriesToday: 3, deathsToday: 1 });
    expect(h.out.get('traffic.incidents').find((i) => i.id === 'a')).toMatchObject({ severity: 'fatal', ward: '05971', kindName: { vi: 'Va chạm giao thông' } });
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
    expect(h.out.get('traffic.summary')).toEqual({ activeIncidents: 2, crashesToday: 2, injuriesToday: 6, deathsToday: 1 });
    h.apply('traffic.incident', crash('b', { kind: 'congestion', injuries: 0, deaths: 0, severity: 'minor' }));
    h.apply('traffic.cleared', { incidentId: 'ghost' }); // unknown: ignored
    h.flush();
    expect(h.out.get('traffic.summary')).toEqual({ activeIncidents: 2, crashesToday: 1, injuriesToday: 2, deathsToday: 0 });
  });

  it('puts a crash on the local day it was reported: 16:59:59Z is the 28th, 17:00:00Z the 29th', () => {
    const h = domainHarness(trafficDomain, Date.UTC(2026, 10, 28, 16, 59, 59));
    h.apply('traffic.incident', crash('evening', { injuries: 1 }));
    h.setNow(Date.UTC(2026, 10, 28, 17, 0, 0));
    h.apply('traffic.incident', crash('midnight', { injuries: 3 }));
    // An update after midnight of the evening crash stays on the 28th.
    h.apply('traffic.incident', crash('evening', { injuries: 2 }));
    h.tick(Date.UTC(2026, 10, 28, 17, 0, 1));
    expect(h.out.get('traffic.summary')).toEqual({ activeIncidents: 2, crashesToday: 1, injuriesToday: 3, deathsToday: 0 });
  });

  it('places every named place of the fixture inside its ward on the schematic boundaries', () => {
    const h = domainHarness(trafficDomain, T0);
    const places = h.context.fixtures.readJson<{ places: Array<{ name: string; lon: number; lat: number; ward: string; approximate: boolean }> }>('traffic/places.json').places;
    expect(places.length).toBeGreaterThanOrEqual(12);
    for (const place of places) {
      expect(h.context.fixtures.wardAt(place.lon, place.lat)?.code, place.name).toBe(place.ward);
      expect(place.approximate).toBe(true);
    }
    // Each urban ward and commune has at least one.
    expect(new Set(places.map((place) => place.ward)).size).toBe(8);
  });
});
