/**
 * A report given by its address only (Open311 allows `address_string` without lat & long): it
 * counts for the city, sits in the bucket "place not yet known" instead of a ward, stays off the
 * maps, and the public sees it without a point.
 */
import { describe, expect, it } from 'vitest';
import { reportsDomain } from './index';
import { domainHarness } from '../../test-support/domain-harness';
import { UNLOCATED } from './aggregator';

const T0 = Date.UTC(2026, 10, 28, 3, 0, 0);
const created = (extra: Record<string, unknown>) => ({
  reportId: 'r',
  category: 'waste',
  title: 'Rác tồn đọng',
  description: '',
  ...extra,
});

describe('reports given by their address only', () => {
  it('needs both coordinates or neither, and then an address', () => {
    const h = domainHarness(reportsDomain, T0);
    const check = (data: Record<string, unknown>) => h.aggregator.check?.([{ kind: 'report.created', data }]) ?? null;
    expect(check(created({ lat: 21.855 }))).toMatchObject({ field: 'lon' });
    expect(check(created({ lon: 106.749 }))).toMatchObject({ field: 'lat' });
    expect(check(created({}))).toMatchObject({ field: 'address' });
    expect(check(created({ address: '   ' }))).toMatchObject({ field: 'address' });
    expect(check(created({ address: 'Chợ Đông Kinh, cổng số 2' }))).toBeNull();
    expect(check(created({ lat: 21.855, lon: 106.749 }))).toBeNull();
  });

  it("counts in the city's totals and in the bucket 'place not yet known', in no ward, and has no point", () => {
    const h = domainHarness(reportsDomain, T0);
    h.apply('report.created', created({ reportId: 'addr', address: 'Chợ Đông Kinh, cổng số 2' }));
    h.apply('report.created', created({ reportId: 'pt', lat: 21.855, lon: 106.749 }));
    h.apply('report.status', { reportId: 'addr', status: 'approved' });
    h.tick(T0 + 1000);
    const summary = h.out.get('reports.summary');
    expect(summary.total).toBe(2);
    expect(summary.placeUnknown).toMatchObject({ ward: UNLOCATED.code, received: 1, open: 1 });
    expect(summary.placeUnknown.name).toContain('Chưa xác định vị trí');
    expect(summary.byWard.reduce((sum, ward) => sum + ward.received, 0)).toBe(1);
    expect(summary.byWardHistorical.reduce((sum, ward) => sum + ward.received, 0)).toBe(1);
    const item = h.out.get('reports.recent').find((report) => report.id === 'addr')!;
    expect(item).toMatchObject({ ward: UNLOCATED.code, lat: null, lon: null, address: 'Chợ Đông Kinh, cổng số 2' });
    const publicItem = h.out.get('reports.public-recent').find((report) => report.id === 'addr')!;
    expect(publicItem).toMatchObject({ lat: null, lon: null, ward: UNLOCATED.code });
    // The public list never carries the citizen's own words about the place.
    expect(JSON.stringify(h.out.get('reports.public-recent'))).not.toContain('cổng số 2');
  });
});
