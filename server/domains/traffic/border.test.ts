import { describe, expect, it } from 'vitest';
import { trafficDomain } from './index';
import { domainHarness } from '../../test-support/domain-harness';
import type { TrafficBorder } from '../../protocol/topics';

const T0 = Date.UTC(2026, 10, 28, 8, 0, 0); // 15:00 in Lạng Sơn
const count = (extra: Record<string, unknown> = {}) => ({
  gate: 'huu-nghi',
  trucksWaiting: 180,
  queueKm: 3.24,
  clearedLastHour: 72,
  ...extra,
});

describe('traffic.border-queue: where the trucks wait and how long', () => {
  it('publishes each gate’s queue in km and the expected wait in hours, named, the others null', () => {
    const h = domainHarness(trafficDomain, T0);
    h.apply('traffic.border-queue', count());
    h.flush();
    const border = h.out.get('traffic.border') as TrafficBorder;
    expect(border.byGate.huuNghi).toEqual({
      gate: 'huu-nghi',
      name: { vi: 'Cửa khẩu Hữu Nghị', en: 'Hữu Nghị border gate' },
      trucksWaiting: 180,
      queueKm: 3.2,
      // 180 trucks at 72 an hour: two and a half hours.
      waitHours: 2.5,
      observedAt: T0,
    });
    expect(border.byGate.tanThanh).toBeNull();
  });

  it('says no wait rather than an endless one when no truck was cleared, and keeps the newer count', () => {
    const h = domainHarness(trafficDomain, T0);
    h.apply('traffic.border-queue', count({ clearedLastHour: 0, trucksWaiting: 40 }), T0);
    h.apply('traffic.border-queue', count({ trucksWaiting: 999 }), T0 - 60_000);
    h.flush();
    expect((h.out.get('traffic.border') as TrafficBorder).byGate.huuNghi).toMatchObject({
      trucksWaiting: 40,
      waitHours: null,
    });
  });

  it('refuses an unknown gate (409, naming the field) and counts out of range (400)', () => {
    const h = domainHarness(trafficDomain, T0);
    expect(h.aggregator.check!([{ kind: 'traffic.border-queue', data: count({ gate: 'mong-cai' }) }])).toMatchObject({
      field: 'gate',
      vi: expect.stringContaining('không có cửa khẩu "mong-cai"'),
    });
    expect(h.aggregator.check!([{ kind: 'traffic.border-queue', data: count() }])).toBeNull();
    expect(h.errors('traffic.border-queue', count({ queueKm: -1 }))).not.toEqual([]);
    expect(h.errors('traffic.border-queue', count({ driver: 'Nguyễn Văn A' }))).not.toEqual([]);
  });
});
