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
});
