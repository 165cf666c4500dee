/**
 * Social media monitoring: mentions of the city per local hour, their sentiment, topics and
 * platforms, over a rolling window. Memory is bounded by time, not by volume: one bucket per
 * local hour for the last 48 hours (today and yesterday, for the same-time comparison), and a
 * small record per recent post so that a post reported again replaces its first count.
 */
import { closureSnapshot, refill } from '../snapshot-codec';
import type { Aggregator, DomainContext, StoredEvent, TopicWriter } from '../domain';
import type {
  Breakdown,
  BreakdownRow,
  ListItem,
  LocalizedText,
  Sentiment,
  Series,
  SocialPlatform,
  SocialSummary,
  Tone,
} from '../../protocol/topics';
import { dayKey, hourKey, startOfDay, startOfHour } from '../calendar';
import {
  PLATFORM_KEYS,
  PLATFORMS,
  SENTIMENT_KEYS,
  SENTIMENTS,
  type SocialPost,
  type TopicDefinitionFixture,
} from './schema';

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** Hour buckets kept: yesterday's midnight is at most 47 hours before the current hour starts. */
const KEPT_HOURS = 48;
const WINDOW_HOURS = 24;
const TRENDING_ROWS = 10;
/** Safety nets against a flood from a misbehaving feed; far above a city's real volume. */
const MAX_REMEMBERED_POSTS = 100_000;
const MAX_TOPICS_PER_HOUR = 500;
/** A wall list line: long posts are cut (the full text stays in the store). */
const TITLE_MAX_CHARS = 280;

const TONES: Record<Sentiment, Tone> = { positive: 'good', neutral: 'neutral', negative: 'bad' };
const MENTIONS: LocalizedText = { vi: 'lượt nhắc', en: 'mentions' };

interface HourBucket {
  start: number;
  key: string;
  day: string;
  /** Posts per minute of the hour: "the last 60 minutes" and "yesterday up to now" need them. */
  minutes: number[];
  sentiment: Record<Sentiment, number>;
  platforms: Record<SocialPlatform, number>;
  topics: Map<string, number>;
  reach: number;
}

/** What one post added, so that a second report of it can take it back. */
interface Counted {
  bucket: number;
  minute: number;
  sentiment: Sentiment;
  platform: SocialPlatform;
  topics: string[];
  reach: number;
}

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

/** The text as one line of a list: whitespace folded, long posts cut at a word. */
export function listTitle(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(line);
  if (chars.length <= TITLE_MAX_CHARS) return line;
  const cut = chars.slice(0, TITLE_MAX_CHARS).join('');
  const space = cut.lastIndexOf(' ');
  return `${space > TITLE_MAX_CHARS * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** What the aggregator holds, for the test that memory stays bounded. */
export interface SocialRetained {
  hours: number;
  posts: number;
}

export function createSocialAggregator(context: DomainContext): Aggregator & { retained(): SocialRetained } {
  const { timeZone } = context;
  const labels = new Map(
    context.fixtures
      .readJson<{ topics: TopicDefinitionFixture[] }>('social/topics.json')
      .topics.map((topic) => [topic.slug, topic.label]),
  );
  const buckets = new Map<number, HourBucket>();
  const counted = new Map<string, Counted>();
  let dirty = true;
  let lastMinute = -1;

  const bucketAt = (start: number): HourBucket => {
    let bucket = buckets.get(start);
    if (!bucket) {
      bucket = {
        start,
        key: hourKey(start, timeZone),
        day: dayKey(start, timeZone),
        minutes: new Array<number>(60).fill(0),
        sentiment: zeros(SENTIMENT_KEYS),
        platforms: zeros(PLATFORM_KEYS),
        topics: new Map(),
        reach: 0,
      };
      buckets.set(start, bucket);
    }
    return bucket;
  };
  const oldestKept = (now: number) => startOfHour(now, timeZone) - (KEPT_HOURS - 1) * HOUR;

  function add(entry: Counted, sign: 1 | -1): void {
    const bucket = sign === 1 ? bucketAt(entry.bucket) : buckets.get(entry.bucket);
    if (!bucket) return; // that hour has left the window already
    bucket.minutes[entry.minute]! += sign;
    bucket.sentiment[entry.sentiment] += sign;
    bucket.platforms[entry.platform] += sign;
    bucket.reach += sign * entry.reach;
    for (const topic of entry.topics) {
      const count = (bucket.topics.get(topic) ?? 0) + sign;
      if (count > 0) {
        if (bucket.topics.has(topic) || bucket.topics.size < MAX_TOPICS_PER_HOUR) bucket.topics.set(topic, count);
      } else bucket.topics.delete(topic);
    }
  }

  function applyPost(event: StoredEvent, out: TopicWriter): void {
    const post = event.data as SocialPost;
    const now = context.now();
    const published = typeof post.publishedAt === 'number' ? post.publishedAt : Date.parse(post.publishedAt);
    // A post cannot be published after it reached us: a source clock ahead is not believed.
    const at = Math.min(published, event.time, now);
    const before = counted.get(post.postId);
    if (before) {
      add(before, -1);
      counted.delete(post.postId);
    }
    dirty = true;
    if (at < oldestKept(now)) return; // too old to count or to list as "latest"
    const bucket = startOfHour(at, timeZone);
    const entry: Counted = {
      bucket,
      minute: Math.floor((at - bucket) / MINUTE),
      sentiment: post.sentiment,
      platform: post.platform,
      topics: post.topics,
      reach: post.reach ?? 0,
    };
    add(entry, 1);
    counted.set(post.postId, entry);
    if (counted.size > MAX_REMEMBERED_POSTS) counted.delete(counted.keys().next().value!);
    const item: ListItem = {
      id: post.postId,
      time: at,
      title: listTitle(post.text),
      meta: {
        vi: `${PLATFORMS[post.platform].vi} · ${SENTIMENTS[post.sentiment].vi}`,
        en: `${PLATFORMS[post.platform].en} · ${SENTIMENTS[post.sentiment].en}`,
      },
      tone: TONES[post.sentiment],
    };
    out.upsert('social.posts', [item]);
  }

  function summary(now: number): SocialSummary {
    const current = startOfHour(now, timeZone);
    const hours = Array.from({ length: WINDOW_HOURS }, (_, i) => current - (WINDOW_HOURS - 1 - i) * HOUR);
    const window = hours.map((start) => buckets.get(start));
    const before = Array.from({ length: WINDOW_HOURS }, (_, i) =>
      buckets.get(current - (2 * WINDOW_HOURS - 1 - i) * HOUR),
    );
    const x = hours.map((start) => buckets.get(start)?.key ?? hourKey(start, timeZone));
    const total = (bucket: HourBucket | undefined) =>
      bucket ? bucket.sentiment.positive + bucket.sentiment.neutral + bucket.sentiment.negative : 0;

    const minute = Math.floor((now - current) / MINUTE);
    const thisHour = buckets.get(current);
    const lastHour = buckets.get(current - HOUR);
    let mentionsLastHour = 0;
    for (let m = 0; m <= minute; m++) mentionsLastHour += thisHour?.minutes[m] ?? 0;
    for (let m = minute + 1; m < 60; m++) mentionsLastHour += lastHour?.minutes[m] ?? 0;

    const today = dayKey(now, timeZone);
    const yesterday = dayKey(startOfDay(now, timeZone) - 12 * HOUR, timeZone);
    const sameTimeYesterday = now - 24 * HOUR;
    const todaySentiment = zeros(SENTIMENT_KEYS);
    let reachToday = 0;
    let mentionsYesterdaySameTime = 0;
    for (const bucket of buckets.values()) {
      if (bucket.day === today) {
        for (const key of SENTIMENT_KEYS) todaySentiment[key] += bucket.sentiment[key];
        reachToday += bucket.reach;
      } else if (bucket.day === yesterday && bucket.start <= sameTimeYesterday) {
        const last = Math.min(59, Math.floor((sameTimeYesterday - bucket.start) / MINUTE));
        for (let m = 0; m <= last; m++) mentionsYesterdaySameTime += bucket.minutes[m]!;
      }
    }
    const mentionsToday = todaySentiment.positive + todaySentiment.neutral + todaySentiment.negative;
    const share = (count: number) => (mentionsToday === 0 ? null : count / mentionsToday);

    const topicCounts = (list: Array<HourBucket | undefined>) => {
      const counts = new Map<string, number>();
      for (const bucket of list)
        for (const [topic, count] of bucket?.topics ?? []) counts.set(topic, (counts.get(topic) ?? 0) + count);
      return counts;
    };
    const recent = topicCounts(window);
    const earlier = topicCounts(before);
    const trendingRows: BreakdownRow[] = [...recent]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, TRENDING_ROWS)
      .map(([slug, value]) => ({
        key: slug,
        label: labels.get(slug) ?? { vi: slug, en: slug },
        value,
        detail: earlier.get(slug) ?? 0,
      }));

    const platforms = zeros(PLATFORM_KEYS);
    for (const bucket of window) if (bucket) for (const key of PLATFORM_KEYS) platforms[key] += bucket.platforms[key];

    const series = (lines: Series['lines']): Series => ({ unit: MENTIONS, format: 'number', xKind: 'hour', x, lines });
    const breakdown = (rows: BreakdownRow[], extra: Partial<Breakdown> = {}): Breakdown => ({
      unit: MENTIONS,
      format: 'number',
      higherIsBetter: true,
      rows,
      ...extra,
    });
    return {
      mentionsLastHour,
      mentionsToday,
      mentionsYesterdaySameTime,
      positiveShare: share(todaySentiment.positive),
      neutralShare: share(todaySentiment.neutral),
      negativeShare: share(todaySentiment.negative),
      reachToday,
      hourly: series([{ key: 'mentions', label: { vi: 'Lượt nhắc', en: 'Mentions' }, values: window.map(total) }]),
      hourlyBySentiment: series(
        SENTIMENT_KEYS.map((key) => ({
          key,
          label: SENTIMENTS[key],
          values: window.map((bucket) => bucket?.sentiment[key] ?? 0),
        })),
      ),
      sentiment: breakdown(SENTIMENT_KEYS.map((key) => ({ key, label: SENTIMENTS[key], value: todaySentiment[key] }))),
      trending: breakdown(trendingRows, {
        detailUnit: { vi: 'lượt nhắc 24 giờ trước đó', en: 'mentions in the 24 hours before' },
      }),
      byPlatform: breakdown(PLATFORM_KEYS.map((key) => ({ key, label: PLATFORMS[key], value: platforms[key] }))),
    };
  }

  function publish(now: number, out: TopicWriter): void {
    dirty = false;
    out.set('social.summary', summary(now));
  }

  const snapshot = closureSnapshot(
    1,
    () => ({ buckets, counted, dirty, lastMinute }),
    (state) => {
      refill(buckets, state.buckets);
      refill(counted, state.counted);
      ({ dirty, lastMinute } = state);
    },
  );

  return {
    snapshot,
    retained: () => ({ hours: buckets.size, posts: counted.size }),
    apply(event, out) {
      if (event.kind === 'social.post') applyPost(event, out);
    },
    flush(out) {
      if (dirty) publish(context.now(), out);
    },
    tick(now, out) {
      const minute = Math.floor(now / MINUTE);
      if (minute !== lastMinute) {
        // The window moves by the minute: the last 60 minutes, yesterday up to this time, old hours out.
        lastMinute = minute;
        dirty = true;
        const oldest = oldestKept(now);
        let dropped = false;
        for (const start of buckets.keys()) {
          if (start < oldest) {
            buckets.delete(start);
            dropped = true;
          }
        }
        if (dropped) for (const [id, entry] of counted) if (entry.bucket < oldest) counted.delete(id);
      }
      if (dirty) publish(now, out);
    },
  };
}
