import Type, { type Static } from 'typebox';
import type { LocalizedText, Sentiment, SocialPlatform } from '../../protocol/topics';

export const PLATFORM_KEYS = [
  'facebook',
  'zalo',
  'tiktok',
  'youtube',
  'news',
  'forum',
] as const satisfies readonly SocialPlatform[];
export const SENTIMENT_KEYS = ['positive', 'neutral', 'negative'] as const satisfies readonly Sentiment[];

export const PLATFORMS: Record<SocialPlatform, LocalizedText> = {
  facebook: { vi: 'Facebook', en: 'Facebook' },
  zalo: { vi: 'Zalo', en: 'Zalo' },
  tiktok: { vi: 'TikTok', en: 'TikTok' },
  youtube: { vi: 'YouTube', en: 'YouTube' },
  news: { vi: 'Báo điện tử', en: 'Online news' },
  forum: { vi: 'Diễn đàn', en: 'Forums' },
};

export const SENTIMENTS: Record<Sentiment, LocalizedText> = {
  positive: { vi: 'Tích cực', en: 'Positive' },
  neutral: { vi: 'Trung lập', en: 'Neutral' },
  negative: { vi: 'Tiêu cực', en: 'Negative' },
};

/** A topic slug as the social-listening tool tags posts: `ngap-ung`, `cho-dong-kinh`. */
const TopicSlug = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' });

/**
 * A post that mentions the city, as a social-listening feed reports it. The author and the text
 * are written by the public: they stay on internal topics. Control and text-direction characters
 * are refused for every text field by the ingest path itself.
 */
export const SocialPost = Type.Object(
  {
    postId: Type.String({ minLength: 1, maxLength: 200 }),
    platform: Type.Enum(PLATFORM_KEYS),
    /** Internal only: the handle as the platform shows it. */
    author: Type.String({ minLength: 1, maxLength: 100 }),
    /** Plain text; any markup is shown as typed. */
    text: Type.String({ minLength: 1, maxLength: 2000 }),
    url: Type.Optional(Type.String({ minLength: 8, maxLength: 2000, pattern: '^https?://' })),
    publishedAt: Type.Union([
      Type.String({ format: 'date-time', maxLength: 40 }),
      Type.Integer({ minimum: 946_684_800_000 }),
    ]),
    sentiment: Type.Enum(SENTIMENT_KEYS),
    /** The tool's sentiment score, -1 (most negative) to 1. */
    score: Type.Number({ minimum: -1, maximum: 1 }),
    topics: Type.Array(TopicSlug, { maxItems: 10, uniqueItems: true }),
    /** Accounts the post reached (views, followers), as the tool estimates it. */
    reach: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000_000 })),
  },
  { additionalProperties: false },
);
export type SocialPost = Static<typeof SocialPost>;

export interface TopicDefinitionFixture {
  slug: string;
  label: LocalizedText;
  /** Share of mentions in the simulator. */
  weight: number;
  sentiment: Record<Sentiment, number>;
}

export interface SamplePostFixture {
  invented: true;
  platform: SocialPlatform;
  sentiment: Sentiment;
  score: number;
  topics: string[];
  text: string;
}
