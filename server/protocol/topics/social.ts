/** Payload of the social media summary (`social.summary`; posts are `ListItem`s). Browser-safe. */
import Type, { type Static } from 'typebox';
import { Breakdown, Nullable, Series } from './shared';

export const SocialPlatform = Type.Union([
  Type.Literal('facebook'),
  Type.Literal('zalo'),
  Type.Literal('tiktok'),
  Type.Literal('youtube'),
  Type.Literal('news'),
  Type.Literal('forum'),
]);
export type SocialPlatform = Static<typeof SocialPlatform>;
export const Sentiment = Type.Union([Type.Literal('positive'), Type.Literal('neutral'), Type.Literal('negative')]);
export type Sentiment = Static<typeof Sentiment>;

/** Social media monitoring (internal only: built from posts written by the public). */
export const SocialSummary = Type.Object({
  /** Posts published in the current minute and the 59 before. */
  mentionsLastHour: Type.Number(),
  /** Posts published since local midnight. */
  mentionsToday: Type.Number(),
  /** Posts published yesterday from local midnight up to this time of day: compares with `mentionsToday`. */
  mentionsYesterdaySameTime: Type.Number(),
  /** Shares 0..1 of today's posts by sentiment; null before the first post of the day. */
  positiveShare: Nullable(Type.Number()),
  neutralShare: Nullable(Type.Number()),
  negativeShare: Nullable(Type.Number()),
  /** Accounts reached by today's posts, as the listening tool estimates it. */
  reachToday: Type.Number(),
  /** Posts per local hour, the current hour and the 23 before (one line `mentions`). */
  hourly: Series,
  /** The same hours split by sentiment (lines `positive`, `neutral`, `negative`), for a stacked chart. */
  hourlyBySentiment: Series,
  /** Today's posts by sentiment (rows keyed `positive`, `neutral`, `negative`). */
  sentiment: Breakdown,
  /** The most mentioned topics of the last 24 hours (at most 10); `detail` = the 24 hours before. */
  trending: Breakdown,
  /** Posts of the last 24 hours by platform. */
  byPlatform: Breakdown,
});
export type SocialSummary = Static<typeof SocialSummary>;
