import { describe, expect, it } from 'vitest';
import { announcementsDomain } from './index';
import { domainHarness } from '../../test-support/domain-harness';

const T0 = Date.UTC(2026, 11, 1, 1, 0, 0);
const HOUR = 3_600_000;
const publish = (id: string, priority = 'normal', extra: Record<string, unknown> = {}) => ({
  announcementId: id,
  text: { vi: `Thông báo ${id}`, en: `Notice ${id}` },
  priority,
  ...extra,
});

describe('announcements domain', () => {
  it('validates announcements', () => {
    const h = domainHarness(announcementsDomain, T0);
    expect(h.errors('announcement.published', publish('a'))).toEqual([]);
    expect(h.errors('announcement.published', publish('a', 'urgent'))[0]).toMatch(/^\/priority/);
    expect(h.errors('announcement.published', { ...publish('a'), text: { vi: 'Chỉ tiếng Việt' } })[0]).toMatch(
      /^\/text/,
    );
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
    expect(
      h.errors(
        'announcement.published',
        publish('a', 'high', { validFrom: '2026-12-01T08:00:00+07:00', validTo: T0 + HOUR }),
      ),
    ).toEqual([]);
    expect(h.errors('announcement.published', publish('a', 'normal', { validTo: 'next week' }))[0]).toMatch(
      /^\/validTo/,
    );
    expect(h.errors('announcement.published', { ...publish('a'), text: { vi: 'x'.repeat(501), en: 'x' } })[0]).toMatch(
      /^\/text\/vi /,
    );
    expect(h.errors('announcement.published', { ...publish('a'), colour: 'red' }).join()).toMatch(/additional/);
    expect(h.errors('announcement.withdrawn', { announcementId: '' })[0]).toMatch(/^\/announcementId /);
  });

  it('is an alert topic for the public, never coalesced, and the ticker is public too', () => {
    const alert = announcementsDomain.topics.find((topic) => topic.name === 'alerts.emergency')!;
    expect(alert).toMatchObject({ audience: 'public', kind: 'alert', shape: 'value', expectedIntervalMs: 0 });
    expect(announcementsDomain.topics.find((topic) => topic.name === 'ticker.items')).toMatchObject({
      audience: 'public',
      shape: 'collection',
    });
  });

  it('shows the newest valid emergency; withdrawing it brings back the older one; high priority stays off the alert lane', () => {
    const h = domainHarness(announcementsDomain, T0);
    h.tick();
    h.apply('announcement.published', publish('storm', 'emergency', { validFrom: T0 - HOUR, validTo: T0 + 5 * HOUR }));
    h.apply('announcement.published', publish('flood', 'emergency', { validFrom: T0 - 10 * 60_000 }));
    h.apply('announcement.published', publish('cold', 'high'));
    expect(h.out.get('alerts.emergency').active).toMatchObject({
      id: 'flood',
      priority: 'emergency',
      validFrom: T0 - 10 * 60_000,
      validTo: null,
    });
    h.apply('announcement.withdrawn', { announcementId: 'flood' });
    expect(h.out.get('alerts.emergency').active?.id).toBe('storm');
    h.apply('announcement.withdrawn', { announcementId: 'nothing-like-it' }); // unknown: ignored
    expect(
      h.out
        .get('ticker.items')
        .map((item) => item.id)
        .sort(),
    ).toEqual(['cold', 'storm']);
    h.tick(T0 + 5 * HOUR); // validTo is the first instant it is no longer valid
    expect(h.out.get('alerts.emergency')).toEqual({ active: null });
    expect(h.out.get('ticker.items').map((item) => item.id)).toEqual(['cold']);
  });

  it('brings a scheduled emergency on at its start, from the clock, with ISO times', () => {
    const h = domainHarness(announcementsDomain, T0);
    h.tick();
    const start = T0 + 30 * 60_000;
    h.apply(
      'announcement.published',
      publish('drill', 'emergency', {
        validFrom: new Date(start).toISOString(),
        validTo: new Date(start + HOUR).toISOString(),
      }),
    );
    expect(h.out.get('alerts.emergency')).toEqual({ active: null });
    expect(h.out.get('ticker.items')).toBeUndefined();
    h.tick(start - 1);
    expect(h.out.get('alerts.emergency').active).toBeNull();
    h.tick(start);
    expect(h.out.get('alerts.emergency').active).toMatchObject({
      id: 'drill',
      validFrom: start,
      validTo: start + HOUR,
    });
    expect(h.out.get('ticker.items').map((item) => item.id)).toEqual(['drill']);
  });
});

describe('takeovers and targets', () => {
  it('puts every valid emergency on the takeover lane with its targets and severity, at once', () => {
    const h = domainHarness(announcementsDomain, T0);
    h.tick();
    h.apply(
      'announcement.published',
      publish('flood', 'emergency', {
        validTo: T0 + HOUR,
        severity: 'extreme',
        targets: { groups: ['led', 'led'], screens: [] },
      }),
    );
    // No tick: the alert lane does not wait.
    expect(h.out.get('alerts.takeovers')).toEqual([
      {
        id: 'flood',
        text: { vi: 'Thông báo flood', en: 'Notice flood' },
        severity: 'extreme',
        validFrom: T0,
        validTo: T0 + HOUR,
        targets: { screens: [], groups: ['led'] },
      },
    ]);
    // Targeted: not the red strip of every ticker.
    expect(h.out.get('alerts.emergency')).toEqual({ active: null });
    h.apply('announcement.published', publish('fire', 'emergency'));
    expect(h.out.get('alerts.takeovers').map((item) => [item.id, item.severity, item.targets])).toEqual([
      ['fire', 'severe', null],
      ['flood', 'extreme', { screens: [], groups: ['led'] }],
    ]);
    expect(h.out.get('alerts.emergency').active?.id).toBe('fire');
  });

  it('ends a takeover at its expiry (fake clock) or when withdrawn, and starts a scheduled one on time', () => {
    const h = domainHarness(announcementsDomain, T0);
    h.tick();
    h.apply(
      'announcement.published',
      publish('short', 'emergency', { validTo: T0 + 10 * 60_000, targets: { screens: ['main'] } }),
    );
    h.apply(
      'announcement.published',
      publish('later', 'emergency', { validFrom: T0 + 5 * 60_000, validTo: T0 + HOUR }),
    );
    h.apply('announcement.published', publish('cancelled', 'emergency'));
    expect(
      h.out
        .get('alerts.takeovers')
        .map((item) => item.id)
        .sort(),
    ).toEqual(['cancelled', 'short']);
    h.apply('announcement.withdrawn', { announcementId: 'cancelled' });
    expect(h.out.get('alerts.takeovers').map((item) => item.id)).toEqual(['short']);
    h.tick(T0 + 5 * 60_000);
    expect(
      h.out
        .get('alerts.takeovers')
        .map((item) => item.id)
        .sort(),
    ).toEqual(['later', 'short']);
    h.tick(T0 + 10 * 60_000 - 1);
    expect(
      h.out
        .get('alerts.takeovers')
        .map((item) => item.id)
        .sort(),
    ).toEqual(['later', 'short']);
    h.tick(T0 + 10 * 60_000);
    expect(h.out.get('alerts.takeovers').map((item) => item.id)).toEqual(['later']);
    h.tick(T0 + HOUR);
    expect(h.out.get('alerts.takeovers')).toEqual([]);
  });

  it('a corrected emergency text goes out again; an emergency downgraded to high leaves the lane', () => {
    const h = domainHarness(announcementsDomain, T0);
    h.tick();
    h.apply('announcement.published', publish('storm', 'emergency'));
    h.apply('announcement.published', {
      ...publish('storm', 'emergency'),
      text: { vi: 'Bão số 3 — đã sửa', en: 'Typhoon 3 — corrected' },
    });
    expect(h.out.get('alerts.emergency').active?.text.vi).toBe('Bão số 3 — đã sửa');
    expect(h.out.get('alerts.takeovers')[0]!.text.en).toBe('Typhoon 3 — corrected');
    h.apply('announcement.published', publish('storm', 'high'));
    expect(h.out.get('alerts.takeovers')).toEqual([]);
    expect(h.out.get('alerts.emergency')).toEqual({ active: null });
    expect(h.out.get('ticker.items').map((item) => [item.id, item.priority])).toEqual([['storm', 'high']]);
  });

  it('keeps the targets on ticker items and none on untargeted ones', () => {
    const h = domainHarness(announcementsDomain, T0);
    h.apply('announcement.published', publish('market', 'normal', { targets: { screens: ['led-dong-kinh'] } }));
    h.apply('announcement.published', publish('city', 'normal', { targets: {} }));
    const items = new Map(h.out.get('ticker.items').map((item) => [item.id, item]));
    expect(items.get('market')?.targets).toEqual({ screens: ['led-dong-kinh'], groups: [] });
    expect(items.get('city')).not.toHaveProperty('targets');
  });

  it('refuses bad targets and severities naming the field', () => {
    const h = domainHarness(announcementsDomain, T0);
    expect(h.errors('announcement.published', publish('a', 'emergency', { severity: 'apocalyptic' }))[0]).toMatch(
      /^\/severity/,
    );
    expect(
      h.errors('announcement.published', publish('a', 'emergency', { targets: { screens: ['Main Wall'] } }))[0],
    ).toMatch(/^\/targets\/screens\/0/);
    expect(h.errors('announcement.published', publish('a', 'emergency', { targets: { rooms: ['a'] } })).join()).toMatch(
      /additional/,
    );
    expect(
      h.errors(
        'announcement.published',
        publish('a', 'emergency', { targets: { groups: Array.from({ length: 51 }, (_, i) => `g${i}`) } }),
      )[0],
    ).toMatch(/^\/targets\/groups/);
  });
});
