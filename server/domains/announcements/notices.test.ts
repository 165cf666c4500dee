import { describe, expect, it } from 'vitest';
import { announcementsDomain } from './index';
import { domainHarness } from '../../test-support/domain-harness';

const T0 = Date.UTC(2026, 11, 1, 1, 0, 0);
const HOUR = 3_600_000;
const TOPICS = [
  { id: 'giao-thong', name: { vi: 'Giao thông', en: 'Traffic' } },
  { id: 'y-te', name: { vi: 'Y tế', en: 'Health' } },
];
const notice = (id: string, extra: Record<string, unknown> = {}) => ({
  announcementId: id,
  text: { vi: `Thông báo ${id}`, en: `Notice ${id}` },
  priority: 'normal',
  audience: 'public',
  ...extra,
});

function harness() {
  const h = domainHarness(announcementsDomain, T0);
  h.context.noticeTopics = () => TOPICS;
  return h;
}
const ids = (h: ReturnType<typeof harness>) => (h.out.get('announcements.notices') ?? []).map((item) => item.id).sort();

describe('citizens’ notices (announcements.notices)', () => {
  it('holds public announcements only, with their title, link, image, wards and topic', () => {
    const h = harness();
    h.tick();
    h.apply(
      'announcement.published',
      notice('road', {
        title: { vi: 'Cấm đường', en: 'Road closed' },
        link: 'https://langson.gov.vn/tin/1',
        image: '/anh/cam-duong.jpg',
        wards: ['05983', '05983'],
        topic: 'giao-thong',
      }),
    );
    h.apply('announcement.published', notice('staff-only', { audience: 'internal' }));
    // Stored before notices existed: no audience, so never shown to citizens.
    h.apply('announcement.published', { announcementId: 'old', text: { vi: 'Cũ', en: 'Old' }, priority: 'normal' });
    expect(ids(h)).toEqual(['road']);
    expect(h.out.get('announcements.notices')[0]).toEqual({
      id: 'road',
      title: { vi: 'Cấm đường', en: 'Road closed' },
      text: { vi: 'Thông báo road', en: 'Notice road' },
      priority: 'normal',
      wards: ['05983'],
      topic: 'giao-thong',
      link: 'https://langson.gov.vn/tin/1',
      image: '/anh/cam-duong.jpg',
      validFrom: T0,
      validTo: null,
      updatedAt: T0,
    });
    // Internal and old ones still go to the screens' ticker.
    expect(
      h.out
        .get('ticker.items')
        .map((item) => item.id)
        .sort(),
    ).toEqual(['old', 'road', 'staff-only']);
  });

  it('takes a notice off when withdrawn, when it expires, or when corrected to internal; a scheduled one comes on at its start', () => {
    const h = harness();
    h.tick();
    h.apply('announcement.published', notice('short', { validTo: T0 + HOUR }));
    h.apply('announcement.published', notice('later', { validFrom: T0 + 2 * HOUR }));
    h.apply('announcement.published', notice('gone'));
    h.apply('announcement.published', notice('private'));
    expect(ids(h)).toEqual(['gone', 'private', 'short']);
    h.apply('announcement.withdrawn', { announcementId: 'gone' });
    h.apply('announcement.published', notice('private', { audience: 'internal' }));
    expect(ids(h)).toEqual(['short']);
    h.tick(T0 + HOUR);
    expect(ids(h)).toEqual([]);
    h.tick(T0 + 2 * HOUR);
    expect(ids(h)).toEqual(['later']);
  });

  it('refuses wards that are not units valid at publication and topics not in the config, naming the field', () => {
    const h = harness();
    const check = (data: Record<string, unknown>) => h.aggregator.check!([{ kind: 'announcement.published', data }]);
    expect(check(notice('a', { wards: ['05983', '06187'], topic: 'y-te' }))).toBeNull();
    // 05971 (Hoàng Văn Thụ) ended on 2025-06-30: not a unit today…
    expect(check(notice('a', { wards: ['05971'] }))).toMatchObject({ field: 'wards', index: 0 });
    // …but it was one on a day before the merger.
    expect(check(notice('a', { wards: ['05971'], validFrom: '2025-03-01T08:00:00+07:00' }))).toBeNull();
    expect(check(notice('a', { wards: ['99999'] }))?.vi).toMatch(/99999/);
    expect(check(notice('a', { topic: 'thoi-trang' }))).toMatchObject({ field: 'topic' });
  });

  it('bounds the new fields: https links, same-site or https images, no other scheme', () => {
    const h = harness();
    const first = (extra: Record<string, unknown>) => h.errors('announcement.published', notice('a', extra))[0];
    expect(first({ link: 'http://langson.gov.vn' })).toMatch(/^\/link/);
    expect(first({ link: 'javascript:alert(1)' })).toMatch(/^\/link/);
    expect(first({ link: 'https://user@evil.example/' })).toMatch(/^\/link/);
    expect(first({ image: '//evil.example/x.png' })).toMatch(/^\/image/);
    expect(first({ image: '/\\evil.example/x.png' })).toMatch(/^\/image/);
    expect(first({ audience: 'everyone' })).toMatch(/^\/audience/);
    expect(first({ wards: ['Tam Thanh'] })).toMatch(/^\/wards\/0/);
    expect(first({ title: { vi: 'x'.repeat(201), en: 'x' } })).toMatch(/^\/title\/vi/);
    expect(h.errors('announcement.published', notice('a', { image: 'https://langson.gov.vn/a.jpg' }))).toEqual([]);
    expect(h.errors('announcement.published', notice('a', { image: '/anh/a.jpg' }))).toEqual([]);
  });
});
