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

  it('bounds every field of its schemas', () => {
    const h = domainHarness(announcementsDomain, T0);
    expect(h.errors('announcement.published', publish('a', 'high', { validFrom: '2026-12-01T08:00:00+07:00', validTo: T0 + HOUR }))).toEqual([]);
    expect(h.errors('announcement.published', publish('a', 'normal', { validTo: 'next week' }))[0]).toMatch(/^\/validTo/);
    expect(h.errors('announcement.published', { ...publish('a'), text: { vi: 'x'.repeat(501), en: 'x' } })[0]).toMatch(/^\/text\/vi /);
    expect(h.errors('announcement.published', { ...publish('a'), colour: 'red' }).join()).toMatch(/additional/);
    expect(h.errors('announcement.withdrawn', { announcementId: '' })[0]).toMatch(/^\/announcementId /);
  });

  it('is an alert topic for the public, never coalesced, and the ticker is public too', () => {
    const alert = announcementsDomain.topics.find((topic) => topic.name === 'alerts.emergency')!;
    expect(alert).toMatchObject({ audience: 'public', kind: 'alert', shape: 'value', expectedIntervalMs: 0 });
    expect(announcementsDomain.topics.find((topic) => topic.name === 'ticker.items')).toMatchObject({ audience: 'public', shape: 'collection' });
  });

  it('shows the newest valid emergency; withdrawing it brings back the older one; high priority stays off the alert lane', () => {
    const h = domainHarness(announcementsDomain, T0);
    h.tick();
    h.apply('announcement.published', publish('storm', 'emergency', { validFrom: T0 - HOUR, validTo: T0 + 5 * HOUR }));
    h.apply('announcement.published', publish('flood', 'emergency', { validFrom: T0 - 10 * 60_000 }));
    h.apply('announcement.published', publish('cold', 'high'));
    expect(h.out.get('alerts.emergency').active).toMatchObject({ id: 'flood', priority: 'emergency', validFrom: T0 - 10 * 60_000, validTo: null });
    h.apply('announcement.withdrawn', { announcementId: 'flood' });
    expect(h.out.get('alerts.emergency').active?.id).toBe('storm');
    h.apply('announcement.withdrawn', { announcementId: 'nothing-like-it' }); // unknown: ignored
    expect(h.out.get('ticker.items').map((item) => item.id).sort()).toEqual(['cold', 'storm']);
    h.tick(T0 + 5 * HOUR); // validTo is the first instant it is no longer valid
    expect(h.out.get('alerts.emergency')).toEqual({ active: null });
    expect(h.out.get('ticker.items').map((item) => item.id)).toEqual(['cold']);
  });

  it('brings a scheduled emergency on at its start, from the clock, with ISO times', () => {
    const h = domainHarness(announcementsDomain, T0);
    h.tick();
    const start = T0 + 30 * 60_000;
    h.apply('announcement.published', publish('drill', 'emergency', { validFrom: new Date(start).toISOString(), validTo: new Date(start + HOUR).toISOString() }));
    expect(h.out.get('alerts.emergency')).toEqual({ active: null });
    expect(h.out.get('ticker.items')).toBeUndefined();
    h.tick(start - 1);
    expect(h.out.get('alerts.emergency').active).toBeNull();
    h.tick(start);
    expect(h.out.get('alerts.emergency').active).toMatchObject({ id: 'drill', validFrom: start, validTo: start + HOUR });
    expect(h.out.get('ticker.items').map((item) => item.id)).toEqual(['drill']);
  });
});
