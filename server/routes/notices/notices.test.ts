import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { startTestApp, type TestApp } from '../../test-support/test-app';

const T0 = Date.UTC(2026, 11, 1, 1, 0, 0); // 08:00 in Lạng Sơn
const HOUR = 3_600_000;
let now = T0;
let app: TestApp;

const publish = (id: string, extra: Record<string, unknown> = {}) => ({
  domain: 'announcements',
  kind: 'announcement.published',
  id: `test-${id}-${JSON.stringify(extra).length}`,
  data: {
    announcementId: id,
    text: { vi: `Nội dung ${id}`, en: `Text ${id}` },
    priority: 'normal',
    audience: 'public',
    ...extra,
  },
});

async function post(...events: unknown[]) {
  const response = await app.post(events);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}
const page = async (query = '') => {
  const response = await fetch(`${app.url}/thong-bao${query}`);
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    csp: response.headers.get('content-security-policy'),
    html: await response.text(),
  };
};
const noticeIds = (html: string) => [...html.matchAll(/data-notice="([^"]+)"/g)].map((match) => match[1]);

beforeAll(async () => {
  app = await startTestApp({ now: () => now });
  await post(
    publish('road', {
      title: { vi: 'Cấm đường Bà Triệu', en: 'Bà Triệu Street closed' },
      wards: ['05983'],
      topic: 'giao-thong',
      link: 'https://langson.gov.vn/tin/1?a=1&b=2',
      image: '/anh/cam-duong.jpg',
      validFrom: T0 - 2 * HOUR,
    }),
    publish('vaccine', { topic: 'y-te', validFrom: T0 - HOUR }),
    publish('xss', {
      title: { vi: '<script>alert("vi")</script>', en: '<script>alert("en")</script>' },
      text: { vi: 'A & B <b>đậm</b>', en: 'A & B' },
      wards: ['05977'],
      validFrom: T0 - 3 * HOUR,
    }),
    publish('secret', { audience: 'internal', text: { vi: 'Nội bộ: họp giao ban', en: 'Internal: staff meeting' } }),
    publish('expired', { validFrom: T0 - 5 * HOUR, validTo: T0 - HOUR }),
    publish('withdrawn'),
    { domain: 'announcements', kind: 'announcement.withdrawn', data: { announcementId: 'withdrawn' } },
  );
  // The expiry is the aggregator's clock: one tick at the injected time.
  app.ioc.runtime.tick(now);
});
afterAll(() => app?.dispose());

describe('/thong-bao', () => {
  it('lists the public notices valid now, newest first, with escaped text, and never an internal one', async () => {
    const { status, type, html, csp } = await page();
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/html/);
    expect(noticeIds(html)).toEqual(['vaccine', 'road', 'xss']);
    expect(html).not.toMatch(/Nội bộ|họp giao ban|secret/);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;vi&quot;)&lt;/script&gt;');
    expect(html).toContain('A &amp; B &lt;b&gt;đậm&lt;/b&gt;');
    // Time in the city's zone, vi-VN; labels of the ward and topic; the link and image.
    expect(html).toContain('06:00 01/12/2026');
    expect(html).toMatch(/<span class="chip topic">Giao thông<\/span><span class="chip">Phường Lương Văn Tri<\/span>/);
    expect(html).toContain('href="https://langson.gov.vn/tin/1?a=1&amp;b=2"');
    expect(html).toContain('<img src="/anh/cam-duong.jpg"');
    expect(html).toContain('<link rel="alternate" type="application/atom+xml"');
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).not.toMatch(/script-src/);
  });

  it('filters by ward (a notice for the whole area is in every ward) and by topic, with links that keep the filter', async () => {
    expect(noticeIds((await page('?ward=05983')).html)).toEqual(['vaccine', 'road']);
    expect(noticeIds((await page('?ward=05977')).html)).toEqual(['vaccine', 'xss']);
    expect(noticeIds((await page('?topic=y-te')).html)).toEqual(['vaccine']);
    expect(noticeIds((await page('?ward=05983&topic=y-te&lang=en')).html)).toEqual(['vaccine']);
    // A select's "all" sends an empty value.
    expect(noticeIds((await page('?ward=&topic=')).html)).toEqual(['vaccine', 'road', 'xss']);
    const { html } = await page('?ward=05983&topic=giao-thong');
    expect(html).toContain('<option value="05983" selected>');
    expect(html).toContain('href="/thong-bao/atom.xml?ward=05983&amp;topic=giao-thong"');
    expect((await page('?ward=Tam%20Thanh')).status).toBe(400);
  });

  it('speaks English with ?lang=en', async () => {
    const { html } = await page('?lang=en');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Bà Triệu Street closed');
    expect(html).toContain('Luong Van Tri Ward');
    expect(html).toContain('>Traffic<');
    expect(html).not.toContain('Cấm đường Bà Triệu');
  });

  it('has the "?" of its screen: the citizens\' guide on notices, named in both languages', async () => {
    const { html } = await page();
    expect(html).toMatch(
      /<a class="help" href="\/huong-dan\/citizen#thong-bao" target="_blank" rel="noopener" aria-label="Hướng dẫn \/ Help" title="Hướng dẫn \/ Help">\?<\/a>/,
    );
  });

  it('pages twenty at a time', async () => {
    await post(
      ...Array.from({ length: 25 }, (_, i) =>
        publish(`many-${String(i).padStart(2, '0')}`, { topic: 'moi-truong', validFrom: T0 - 10 * HOUR - i * 60_000 }),
      ),
    );
    const first = await page('?topic=moi-truong');
    expect(noticeIds(first.html)).toHaveLength(20);
    expect(first.html).toContain('Trang 1/2');
    expect(first.html).toContain('href="/thong-bao?topic=moi-truong&amp;page=2"');
    const second = await page('?topic=moi-truong&page=2');
    expect(noticeIds(second.html)).toEqual(['many-20', 'many-21', 'many-22', 'many-23', 'many-24']);
  });
});

describe('/thong-bao/atom.xml', () => {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    isArray: (name) => ['entry', 'link', 'category'].includes(name),
  });
  type Entry = {
    id: string;
    title: { '#text': string };
    updated: string;
    content: { '#text': string; '@type': string };
    link: Array<{ '@href': string }>;
  };
  const feed = async (query = '') => {
    const response = await fetch(`${app.url}/thong-bao/atom.xml${query}`);
    expect(response.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    const text = await response.text();
    expect(XMLValidator.validate(text)).toBe(true);
    return parser.parse(text).feed as {
      '@xmlns': string;
      id: string;
      title: { '#text': string };
      updated: string;
      author: { name: string };
      link: Array<{ '@rel': string; '@href': string }>;
      entry?: Entry[];
    };
  };

  it('is a valid Atom feed with the required elements, escaped, public notices only', async () => {
    const atom = await feed('?topic=giao-thong');
    expect(atom['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(atom.id).toBe('urn:ioc-wall:notices:topic:giao-thong');
    expect(atom.title['#text']).toMatch(/^Thông báo — /);
    expect(Date.parse(atom.updated)).toBeGreaterThan(0);
    expect(atom.author.name).toBeTruthy();
    expect(atom.link.map((link) => link['@rel']).sort()).toEqual(['alternate', 'self']);
    expect(atom.link.find((link) => link['@rel'] === 'self')!['@href']).toBe(
      `${app.url}/thong-bao/atom.xml?topic=giao-thong`,
    );
    expect(atom.entry!.map((entry) => entry.id)).toEqual(['urn:ioc-wall:notice:road']);
    const [road] = atom.entry!;
    expect(road!.title['#text']).toBe('Cấm đường Bà Triệu');
    expect(road!.content['@type']).toBe('text');
    expect(road!.link[0]!['@href']).toBe('https://langson.gov.vn/tin/1?a=1&b=2');
    expect(Date.parse(road!.updated)).toBe(T0);

    const all = await feed();
    const ids = all.entry!.map((entry) => entry.id);
    expect(ids).not.toContain('urn:ioc-wall:notice:secret');
    expect(ids).not.toContain('urn:ioc-wall:notice:withdrawn');
    expect(ids).not.toContain('urn:ioc-wall:notice:expired');
    const xss = all.entry!.find((entry) => entry.id === 'urn:ioc-wall:notice:xss')!;
    expect(xss.title['#text']).toBe('<script>alert("vi")</script>');
    expect(xss.content['#text']).toBe('A & B <b>đậm</b>');
  });

  it('keeps entry ids stable across a correction (which moves updated) and filters by ward', async () => {
    const before = (await feed('?ward=05977')).entry!.map((entry) => entry.id);
    expect(before).toContain('urn:ioc-wall:notice:xss');
    expect(before).not.toContain('urn:ioc-wall:notice:road');
    now = T0 + HOUR;
    await post({
      ...publish('xss', { wards: ['05977'], validFrom: T0 - 3 * HOUR }),
      id: 'test-xss-corrected',
      time: now,
    });
    const after = (await feed('?ward=05977')).entry!;
    expect(after.map((entry) => entry.id)).toEqual(before);
    expect(Date.parse(after.find((entry) => entry.id === 'urn:ioc-wall:notice:xss')!.updated)).toBe(T0 + HOUR);
  });
});
