import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { socialDomain } from './index';
import type { SamplePostFixture, TopicDefinitionFixture } from './schema';
import { createSocialAggregator, listTitle } from './aggregator';
import { domainHarness, RecordingWriter } from '../../test-support/domain-harness';
import { loadFixtures } from '../../fixtures/fixtures';
import { startTestApp, type TestApp } from '../../test-support/test-app';
import { startOfHour } from '../calendar';
import type { ListItem, SocialSummary } from '../../protocol/topics';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const TZ = 'Asia/Ho_Chi_Minh';
// 10:00 on 28/11/2026 in Hà Nội.
const T0 = Date.UTC(2026, 10, 28, 3, 0, 0);

const post = (id: string, at: number, extra: Record<string, unknown> = {}) => ({
  postId: id,
  platform: 'facebook',
  author: 'nguoidung_mp_1234',
  text: 'Chợ Đông Kinh hôm nay đông vui',
  publishedAt: at,
  sentiment: 'positive',
  score: 0.6,
  topics: ['cho-dong-kinh'],
  reach: 100,
  ...extra,
});

function harness(start = T0) {
  const h = domainHarness(socialDomain, start);
  const add = (id: string, at: number, extra: Record<string, unknown> = {}) =>
    h.apply('social.post', post(id, at, extra), at);
  const summary = () => h.out.get('social.summary') as SocialSummary;
  const hourlyTotal = () => summary().hourly.lines[0]!.values.reduce<number>((sum, value) => sum + (value ?? 0), 0);
  return { h, add, summary, hourlyTotal };
}

describe('social: schema', () => {
  const h = domainHarness(socialDomain, T0);
  const errors = (extra: Record<string, unknown>) => h.errors('social.post', post('p', T0, extra));

  it('takes a well-formed post, with the publication time as ISO or epoch ms', () => {
    expect(errors({})).toEqual([]);
    expect(
      errors({ publishedAt: '2026-11-28T09:15:00+07:00', url: 'https://www.facebook.com/some/post/1', reach: 0 }),
    ).toEqual([]);
    expect(errors({ reach: undefined, topics: [] })).toEqual([]);
  });

  it('refuses bad fields, naming them', () => {
    expect(errors({ platform: 'myspace' })[0]).toMatch(/^\/platform /);
    expect(errors({ sentiment: 'angry' })[0]).toMatch(/^\/sentiment /);
    expect(errors({ text: '' })[0]).toMatch(/^\/text /);
    expect(errors({ text: 'x'.repeat(2001) })[0]).toMatch(/^\/text /);
    expect(errors({ text: 'x'.repeat(2000) })).toEqual([]);
    expect(errors({ author: 'a'.repeat(101) })[0]).toMatch(/^\/author /);
    expect(errors({ score: 1.5 })).toEqual(['/score must be <= 1']);
    expect(errors({ score: -1.01 })).toEqual(['/score must be >= -1']);
    expect(errors({ topics: ['Ngập Úng'] })[0]).toMatch(/^\/topics\/0 /);
    expect(errors({ topics: ['ngap-ung', 'ngap-ung'] })[0]).toMatch(/^\/topics .*duplicate/);
    expect(errors({ topics: Array.from({ length: 11 }, (_, i) => `chu-de-${i}`) })[0]).toMatch(/^\/topics /);
    expect(errors({ reach: -1 })).toEqual(['/reach must be >= 0']);
    expect(errors({ reach: 1.5 })[0]).toMatch(/^\/reach /);
    expect(errors({ url: 'javascript:alert(1)' })[0]).toMatch(/^\/url /);
    expect(errors({ publishedAt: 'hôm qua' })[0]).toMatch(/^\/publishedAt /);
    expect(errors({ phone: '0912345678' }).join()).toMatch(/additional/);
    expect(h.errors('social.post', { ...post('p', T0), author: undefined }).join()).toMatch(/author/);
  });
});

describe('social: fixtures', () => {
  it('has invented samples for every topic, each valid as a post, with a score that fits its sentiment', () => {
    const fixtures = loadFixtures();
    const topics = fixtures.readJson<{ topics: TopicDefinitionFixture[] }>('social/topics.json').topics;
    const samples = fixtures.readJson<{ posts: SamplePostFixture[] }>('social/sample-posts.json').posts;
    const slugs = new Set(topics.map((topic) => topic.slug));
    const h = domainHarness(socialDomain, T0);
    for (const topic of topics) {
      expect(
        samples.some((sample) => sample.topics.includes(topic.slug)),
        topic.slug,
      ).toBe(true);
      expect(
        Object.values(topic.sentiment).reduce((a, b) => a + b, 0),
        topic.slug,
      ).toBeCloseTo(1);
    }
    for (const sample of samples) {
      expect(sample.invented).toBe(true);
      expect(
        sample.topics.every((topic) => slugs.has(topic)),
        sample.text,
      ).toBe(true);
      const { invented: _marked, ...fields } = sample;
      expect(h.errors('social.post', post('s', T0, fields)), sample.text).toEqual([]);
      // eslint-disable-next-line no-control-regex -- the samples must be free of control characters
      expect(sample.text).not.toMatch(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/);
      const [low, high] = { positive: [0.3, 1], neutral: [-0.2, 0.2], negative: [-1, -0.3] }[sample.sentiment];
      expect(sample.score, sample.text).toBeGreaterThanOrEqual(low!);
      expect(sample.score, sample.text).toBeLessThanOrEqual(high!);
    }
  });
});

describe('social: aggregation', () => {
  it('counts the last hour, today, yesterday up to this time, shares, reach, hours, topics and platforms', () => {
    const { h, add, summary } = harness();
    add('p1', T0 - 50 * MINUTE, { reach: 100 }); // 09:10 today
    add('p2', T0 - 1000, {
      platform: 'zalo',
      sentiment: 'negative',
      score: -0.5,
      topics: ['ngap-ung', 'giao-thong-do-thi'],
      reach: 50,
    }); // 09:59:59
    add('p3', T0 - 90 * MINUTE, { platform: 'tiktok', sentiment: 'neutral', score: 0, reach: 10 }); // 08:30
    add('p4', T0 - 24 * HOUR - 30 * MINUTE, {
      platform: 'news',
      sentiment: 'negative',
      score: -0.4,
      topics: ['ngap-ung'],
      reach: 1000,
    }); // 09:30 yesterday
    add('p5', T0 - 23 * HOUR - 30 * MINUTE, { platform: 'forum', topics: ['le-hoi'] }); // 10:30 yesterday: the hour 24 h ago
    add('p6', T0 - 22 * HOUR - 45 * MINUTE, {
      platform: 'youtube',
      sentiment: 'neutral',
      score: 0.1,
      topics: ['le-hoi'],
    }); // 11:15 yesterday
    h.flush();
    const s = summary();
    expect(s).toMatchObject({ mentionsLastHour: 2, mentionsToday: 3, mentionsYesterdaySameTime: 1, reachToday: 160 });
    expect(s.positiveShare).toBeCloseTo(1 / 3);
    expect(s.neutralShare).toBeCloseTo(1 / 3);
    expect(s.negativeShare).toBeCloseTo(1 / 3);
    expect(s.hourly.xKind).toBe('hour');
    expect(s.hourly.x).toHaveLength(24);
    expect(s.hourly.x[0]).toBe('2026-11-27T11');
    expect(s.hourly.x[23]).toBe('2026-11-28T10');
    const byHour = Object.fromEntries(s.hourly.x.map((x, i) => [x, s.hourly.lines[0]!.values[i]]));
    expect(byHour).toMatchObject({ '2026-11-27T11': 1, '2026-11-28T08': 1, '2026-11-28T09': 2, '2026-11-28T10': 0 });
    expect(s.hourly.lines[0]!.values.reduce<number>((a, b) => a + (b ?? 0), 0)).toBe(4);
    expect(s.hourlyBySentiment.lines.map((line) => line.key)).toEqual(['positive', 'neutral', 'negative']);
    expect(s.hourlyBySentiment.lines.map((line) => line.values[22])).toEqual([1, 0, 1]); // 09:00: p1 positive, p2 negative
    expect(s.sentiment.rows.map((row) => [row.key, row.value])).toEqual([
      ['positive', 1],
      ['neutral', 1],
      ['negative', 1],
    ]);
    expect(s.trending.rows.map((row) => [row.key, row.value, row.detail])).toEqual([
      ['cho-dong-kinh', 2, 0],
      ['giao-thong-do-thi', 1, 0],
      ['le-hoi', 1, 1],
      ['ngap-ung', 1, 1],
    ]);
    expect(s.trending.rows[0]!.label).toEqual({ vi: 'Chợ Đông Kinh', en: 'Đông Kinh market' });
    expect(Object.fromEntries(s.byPlatform.rows.map((row) => [row.key, row.value]))).toEqual({
      facebook: 1,
      zalo: 1,
      tiktok: 1,
      youtube: 1,
      news: 0,
      forum: 0,
    });
  });

  it('splits days at midnight in Hà Nội: 16:59:59Z is the 28th, 17:00:00Z the 29th', () => {
    const { h, add, summary } = harness(Date.UTC(2026, 10, 28, 16, 59, 59));
    add('late', Date.UTC(2026, 10, 28, 16, 59, 59));
    h.tick();
    expect(summary()).toMatchObject({ mentionsToday: 1, mentionsLastHour: 1 });
    h.tick(Date.UTC(2026, 10, 28, 17, 0, 0));
    expect(summary()).toMatchObject({ mentionsToday: 0, mentionsLastHour: 1, positiveShare: null });
    expect(summary().hourly.x[23]).toBe('2026-11-29T00');
    add('midnight', Date.UTC(2026, 10, 28, 17, 0, 0));
    // Yesterday (the 28th) up to 00:30: its first 31 minutes, 00:30 included, 00:31 not.
    add('y-0000', Date.UTC(2026, 10, 27, 17, 0, 0));
    add('y-0030', Date.UTC(2026, 10, 27, 17, 30, 0));
    add('y-0031', Date.UTC(2026, 10, 27, 17, 31, 0));
    add('d-2359', Date.UTC(2026, 10, 27, 16, 59, 59)); // the 27th: the day before yesterday
    h.tick(Date.UTC(2026, 10, 28, 17, 30, 0));
    expect(summary()).toMatchObject({
      mentionsToday: 1,
      mentionsYesterdaySameTime: 2,
      mentionsLastHour: 2,
      positiveShare: 1,
    });
  });

  it('moves its 24-hour window with the clock and drops each hour as it passes', () => {
    const { h, add, summary, hourlyTotal } = harness();
    const at = T0 + 20 * MINUTE; // 10:20
    h.setNow(at);
    add('p', at, { topics: ['le-hoi'] });
    const hourStart = startOfHour(at, TZ);
    for (let now = at; now <= at + 50 * HOUR; now += 10 * MINUTE) {
      h.tick(now);
      const s = summary();
      const inWindow = now - hourStart < 24 * HOUR;
      expect(hourlyTotal(), new Date(now).toISOString()).toBe(inWindow ? 1 : 0);
      expect(s.hourly.x[23]).toBe(new Date(startOfHour(now, TZ) + 7 * HOUR).toISOString().slice(0, 13));
      expect(s.trending.rows.map((row) => row.key)).toEqual(inWindow ? ['le-hoi'] : []);
      expect(s.byPlatform.rows.find((row) => row.key === 'facebook')!.value).toBe(inWindow ? 1 : 0);
      expect(s.mentionsLastHour).toBe(now - at < HOUR ? 1 : 0);
    }
  });

  it('minute edges: the last 60 minutes, yesterday up to this minute, the 24 hours before a trend; two days on, nothing is left', () => {
    const { h, add, summary, hourlyTotal } = harness();
    const at = T0 + 20 * MINUTE; // 10:20
    h.setNow(at);
    add('p', at, { topics: ['le-hoi'] });
    h.tick(at + 59 * MINUTE);
    expect(summary().mentionsLastHour).toBe(1);
    h.tick(at + HOUR);
    expect(summary().mentionsLastHour).toBe(0);
    h.tick(at + 24 * HOUR - MINUTE);
    expect(summary()).toMatchObject({ mentionsToday: 0, mentionsYesterdaySameTime: 0 });
    h.tick(at + 24 * HOUR);
    expect(summary()).toMatchObject({ mentionsToday: 0, mentionsYesterdaySameTime: 1 });
    expect(summary().trending.rows).toEqual([]);
    // 24–48 hours ago, it is the "before" figure of a topic that trends again.
    add('q', at + 24 * HOUR, { topics: ['le-hoi'] });
    h.flush();
    expect(summary().trending.rows).toEqual([expect.objectContaining({ key: 'le-hoi', value: 1, detail: 1 })]);
    h.tick(at + 72 * HOUR);
    expect(summary()).toMatchObject({
      mentionsLastHour: 0,
      mentionsToday: 0,
      mentionsYesterdaySameTime: 0,
      reachToday: 0,
    });
    expect(summary().trending.rows).toEqual([]);
    expect(hourlyTotal()).toBe(0);
  });

  it('keeps memory bounded: 48 hour buckets and the posts of those hours, however long it runs', () => {
    let now = T0;
    const context = { fixtures: loadFixtures(), timeZone: TZ, now: () => now };
    const aggregator = createSocialAggregator(context);
    const out = new RecordingWriter();
    let seq = 0;
    for (let i = 0; i < 5 * 24 * 12; i++) {
      now += 5 * MINUTE; // a post every 5 minutes for 5 days
      const data = post(`m${i}`, now, { topics: [`chu-de-${i % 50}`] });
      aggregator.apply(
        {
          seq: ++seq,
          domain: 'social',
          kind: 'social.post',
          time: now,
          source: 'test',
          simulated: false,
          idempotencyKey: null,
          data,
        },
        out,
      );
      aggregator.tick(now, out);
    }
    expect(aggregator.retained().hours).toBe(48);
    expect(aggregator.retained().posts).toBeLessThanOrEqual(48 * 12);
    expect(aggregator.retained().posts).toBeGreaterThanOrEqual(47 * 12);
    expect((out.get('social.summary') as SocialSummary).mentionsToday).toBeGreaterThan(0);
  });

  it('counts a post reported again once, with its latest sentiment, topics and reach', () => {
    const { h, add, summary } = harness();
    add('p', T0 - 5 * MINUTE, { sentiment: 'negative', score: -0.7, topics: ['ngap-ung'], reach: 10 });
    add('p', T0 - 5 * MINUTE, { sentiment: 'positive', score: 0.4, topics: ['le-hoi'], reach: 900 });
    h.flush();
    expect(summary()).toMatchObject({
      mentionsToday: 1,
      mentionsLastHour: 1,
      positiveShare: 1,
      negativeShare: 0,
      reachToday: 900,
    });
    expect(summary().trending.rows.map((row) => row.key)).toEqual(['le-hoi']);
    expect(h.out.get('social.posts')).toEqual([expect.objectContaining({ id: 'p', tone: 'good' })]);
  });

  it('counts a post from a clock ahead at its arrival, and leaves out posts more than two days old', () => {
    const { h, add, summary } = harness();
    h.apply('social.post', post('ahead', T0 + 2 * HOUR), T0);
    add('old', T0 - 49 * HOUR);
    h.flush();
    expect(summary()).toMatchObject({ mentionsToday: 1, mentionsLastHour: 1, mentionsYesterdaySameTime: 0 });
    expect(h.out.get('social.posts').map((item) => item.id)).toEqual(['ahead']);
    expect(h.out.get('social.posts')[0]!.time).toBe(T0);
  });

  it('lists a post as plain text with its platform and sentiment, toned by sentiment', () => {
    const { h, add } = harness();
    add('n', T0 - MINUTE, {
      platform: 'news',
      sentiment: 'negative',
      score: -0.6,
      text: 'Ngập   sâu\nđường Bà Triệu <b>hôm nay</b>',
    });
    add('z', T0, { platform: 'zalo', sentiment: 'neutral', score: 0 });
    const items = h.out.get('social.posts') as ListItem[];
    expect(items.find((item) => item.id === 'n')).toEqual({
      id: 'n',
      time: T0 - MINUTE,
      title: 'Ngập sâu đường Bà Triệu <b>hôm nay</b>',
      meta: { vi: 'Báo điện tử · Tiêu cực', en: 'Online news · Negative' },
      tone: 'bad',
    });
    expect(items.find((item) => item.id === 'z')).toMatchObject({
      meta: { vi: 'Zalo · Trung lập', en: 'Zalo · Neutral' },
      tone: 'neutral',
    });
    // No author on the list line.
    expect(JSON.stringify(items)).not.toContain('nguoidung_mp_1234');
  });

  it('cuts a long post at a word for the list line', () => {
    const words = Array.from({ length: 100 }, (_, i) => `từ${i}`).join(' ');
    const title = listTitle(words);
    expect(title.endsWith('…')).toBe(true);
    expect(Array.from(title).length).toBeLessThanOrEqual(281);
    expect(words.startsWith(title.slice(0, -1))).toBe(true);
    expect(title.slice(0, -1).endsWith(' ')).toBe(false);
    expect(listTitle('  ngắn\t\tgọn  ')).toBe('ngắn gọn');
  });
});

describe('social: over Socket.IO and HTTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.dispose();
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 60));
  const event = (data: Record<string, unknown>) => ({ domain: 'social', kind: 'social.post', data });

  it('refuses bad posts with HTTP 400 naming the field, control and bidi characters included', async () => {
    const now = Date.now();
    for (const [data, field] of [
      [post('b1', now, { text: 'Tin \u202enóng' }), 'events[0].data.text'],
      [post('b2', now, { author: 'a\u0000b' }), 'events[0].data.author'],
      [post('b3', now, { platform: 'myspace' }), 'events[0].data.platform'],
      [post('b4', now, { score: 2 }), 'events[0].data.score'],
      [{ ...post('b5', now), author: undefined }, 'events[0].data.author'],
      [post('b6', now, { email: 'x@y.vn' }), 'events[0].data.email'],
    ] as const) {
      const response = await app.post(event(data));
      expect(response.status, field).toBe(400);
      expect(response.body.field).toBe(field);
    }
  });

  it('gives an internal client the summary and the posts; a public one neither, and never the text or the author', async () => {
    const publicSocket = await app.connect();
    const seen: string[] = [];
    publicSocket.on('topic:delta', (message) => seen.push(JSON.stringify(message)));
    const publicTopics = app.ioc.runtime.domains
      .flatMap((domain) => domain.topics)
      .filter((topic) => topic.audience === 'public')
      .map((topic) => topic.name);
    for (const topic of publicTopics) seen.push(JSON.stringify(await app.subscribe(publicSocket, { topic })));
    for (const topic of ['social.summary', 'social.posts'] as const) {
      const refused = await app.subscribe(publicSocket, { topic });
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }

    const marker = 'ZqSocialMarker';
    expect(
      (
        await app.post(
          event(post('s1', Date.now() - 5000, { text: `${marker} chợ Kỳ Lừa`, author: `${marker}Author` })),
        )
      ).status,
    ).toBe(200);
    await settle();

    const ops = await app.connect({ role: 'operator' });
    const summary = await app.subscribe(ops, { topic: 'social.summary' });
    if (!summary.ok || summary.mode !== 'snapshot') throw new Error('expected a snapshot');
    expect((summary.snapshot.data as SocialSummary).mentionsToday).toBeGreaterThanOrEqual(1);
    const posts = await app.subscribe(ops, { topic: 'social.posts' });
    expect(JSON.stringify(posts)).toContain(`${marker} chợ Kỳ Lừa`);

    expect(seen.join('\n')).not.toContain(marker);
    expect(seen.join('\n')).not.toContain('social.');
    expect((await fetch(`${app.url}/api/v1/topics/social.summary`)).status).toBe(401);
    expect((await fetch(`${app.url}/api/v1/topics/social.posts`)).status).toBe(401);
  });
});
