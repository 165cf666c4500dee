/**
 * Simulated social listening: invented posts about the city (from the fixture's samples), more by
 * day than by night, tagged with topics, sentiment and platform; now and then a post seen again
 * with a larger reach, as listening tools re-crawl.
 */
import type { DomainContext, IngestEvent, SimulatorGenerator } from '../domain';
import type { Sentiment, SocialPlatform } from '../../protocol/topics';
import { hourKey } from '../calendar';
import type { SamplePostFixture, TopicDefinitionFixture } from './schema';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Posts per local hour at rate 1: quiet at night, peaks in the morning and the evening. */
const PER_HOUR = [6, 4, 2, 2, 2, 4, 10, 20, 28, 30, 28, 24, 22, 24, 26, 28, 26, 26, 30, 36, 40, 34, 22, 12];
const SEED_HOURS = 48;
const RECENT_SAMPLES = 25;
/** Reach by platform: [least, most], drawn log-uniformly. */
const REACH: Record<SocialPlatform, [number, number]> = {
  facebook: [200, 20_000],
  zalo: [50, 2_000],
  tiktok: [500, 100_000],
  youtube: [100, 50_000],
  news: [1_000, 50_000],
  forum: [50, 5_000],
};
const SCORE_RANGE: Record<Sentiment, [number, number]> = {
  positive: [0.3, 1],
  neutral: [-0.2, 0.2],
  negative: [-1, -0.3],
};

export function createSocialSimulator(context: DomainContext, random: () => number): SimulatorGenerator {
  const topics = context.fixtures.readJson<{ topics: TopicDefinitionFixture[] }>('social/topics.json').topics;
  const samples = context.fixtures.readJson<{ posts: SamplePostFixture[] }>('social/sample-posts.json').posts;
  const totalWeight = topics.reduce((sum, topic) => sum + topic.weight, 0);
  const run = Math.floor(random() * 36 ** 6).toString(36);
  const recentSamples: number[] = [];
  const recentPosts: Array<{ event: IngestEvent; reach: number }> = [];
  let count = 0;
  let untilNext = 30_000;

  const perHour = (at: number) => PER_HOUR[Number(hourKey(at, context.timeZone).slice(11, 13))]!;

  function pickSample(): number {
    let roll = random() * totalWeight;
    const topic = topics.find((candidate) => (roll -= candidate.weight) < 0) ?? topics[0]!;
    let mood = random();
    const sentiment =
      (Object.keys(topic.sentiment) as Sentiment[]).find((key) => (mood -= topic.sentiment[key]) < 0) ?? 'neutral';
    const ofTopic = samples
      .map((sample, index) => ({ sample, index }))
      .filter(({ sample }) => sample.topics.includes(topic.slug));
    const matching = ofTopic.filter(({ sample }) => sample.sentiment === sentiment);
    const pool = (matching.length > 0 ? matching : ofTopic).map(({ index }) => index);
    // Avoid showing the same invented text twice in a short list.
    const fresh = pool.filter((index) => !recentSamples.includes(index));
    const candidates = fresh.length > 0 ? fresh : pool;
    const chosen = candidates[Math.floor(random() * candidates.length)]!;
    recentSamples.push(chosen);
    if (recentSamples.length > RECENT_SAMPLES) recentSamples.shift();
    return chosen;
  }

  function post(at: number): IngestEvent {
    const sample = samples[pickSample()]!;
    const id = `sim-social-${run}-${++count}`;
    const [least, most] = REACH[sample.platform];
    const reach = Math.round(least * (most / least) ** random());
    const [low, high] = SCORE_RANGE[sample.sentiment];
    const score = Math.min(high, Math.max(low, Math.round((sample.score + (random() - 0.5) * 0.2) * 100) / 100));
    const author =
      sample.platform === 'news'
        ? `bao-mo-phong-${1 + Math.floor(random() * 12)}`
        : `nguoidung_mp_${1000 + Math.floor(random() * 9000)}`;
    const event: IngestEvent = {
      domain: 'social',
      kind: 'social.post',
      id,
      time: at,
      source: 'simulator',
      simulated: true,
      data: {
        postId: id,
        platform: sample.platform,
        author,
        text: sample.text,
        url: `https://mo-phong.invalid/${sample.platform}/${id}`,
        // Listening tools find a post some minutes after it went out.
        publishedAt: at - Math.floor(random() * 10 * MINUTE),
        sentiment: sample.sentiment,
        score,
        topics: sample.topics,
        reach,
      },
    };
    recentPosts.push({ event, reach });
    if (recentPosts.length > 20) recentPosts.shift();
    return event;
  }

  /** The same post crawled again: same post id, a larger reach, a new event id. */
  function recrawl(at: number): IngestEvent | null {
    const seen = recentPosts[Math.floor(random() * recentPosts.length)];
    if (!seen) return null;
    seen.reach = Math.round(seen.reach * (1.2 + random()));
    return {
      ...seen.event,
      id: `sim-social-${run}-${++count}`,
      time: at,
      data: { ...seen.event.data, reach: seen.reach },
    };
  }

  return {
    seed(now) {
      const events: IngestEvent[] = [];
      const start = now - SEED_HOURS * HOUR;
      for (let hour = start; hour < now; hour += HOUR) {
        const n = Math.round(perHour(hour + HOUR / 2) * (0.7 + random() * 0.6));
        for (let i = 0; i < n; i++) {
          const at = hour + Math.floor(random() * HOUR);
          if (at < now) events.push(post(at));
        }
      }
      return events.sort((a, b) => (a.time as number) - (b.time as number));
    },
    step(now, elapsedMs, rate) {
      const events: IngestEvent[] = [];
      untilNext -= elapsedMs * rate;
      while (untilNext <= 0) {
        untilNext += (HOUR / perHour(now)) * (0.5 + random());
        const again = random() < 0.05 ? recrawl(now) : null;
        events.push(again ?? post(now));
      }
      return events;
    },
  };
}
