import { describe, expect, it } from 'vitest';
import { announcementsDomain } from './index';
import { domainHarness } from '../../test-support/domain-harness';

const T0 = Date.UTC(2026, 11, 1, 1, 0, 0);
const HOUR = 3_600_000;
const publish = (id: string, priority = 'normal', extra: Record<string, unknown> = {}) => ({
  announcementId: id, text: { vi: `Thông báo ${id}`, en: `Notice ${id}` }, priority, ...extra,
});

describe('announcements domain', () => {
  it('validates announcements', () => {
    const h = domainHarness(announcementsDomain, T0);
    expect(h.errors('announcement.published', publish('a'))).toEqual([]);
    expect(h.errors('announcement.published', publish('a', 'urgent'))[0]).toMatch(/^\/priority/);
    expect(h.errors('announcement.published', { ...publish('a'), text: { vi: 'Chỉ tiếng Việt' } })[0]).toMatch(/^\/text/);
  });

  it('shows what is valid now and takes off what expires or is withdrawn', () => {
    const h = domainHarness(announcementsDomain, T0);
    h.apply('announcement.published', publish('now', 'normal', { validTo: T0 + HOUR }));
    h.apply('announcement.published', publish('later', 'normal', { validFrom: T0 + 2 * HOUR }));
    h.apply('announcement.published', publish('gone'));
    h.apply('announcement.withdrawn', { announcementId: 'gone' });
    expect(h.out.get('ticker.items').map((i) => i.id)).toEqual(['now']);
    h.tick(T0 + 2 * HOUR + 1);
    expect(h.out.get('ticker.items').map((i) => i.id)).toEqual(['later']);
  });

  it('puts the newest valid emergency on the alert topic at once and clears it at its end', () => {
    const h = domainHarness(announcementsDomain, T0);
    h.tick();
    expect(h.out.get('alerts.emergency')).toEqual({ active: null });
    h.apply('announcement.published', publish('flood', 'emergency', { validTo: T0 + HOUR }));
    // No tick or flush needed: the alert lane does not wait.
    expect(h.out.get('alerts.emergency').active?.id).toBe('flood');
    h.tick(T0 + HOUR + 1);
    expect(h.out.get('alerts.emergency')).toEqual({ active: null });
  });
});
