/** Social media monitoring: mentions of the city, sentiment, trending topics, the latest posts (internal only). */
import type { Domain } from '../domain';
import Type from 'typebox';
import { ListItem } from '../../protocol/topics/shared';
import { SocialSummary } from '../../protocol/topics/social';
import { SocialPost } from './schema';
import { createSocialAggregator } from './aggregator';
import { createSocialSimulator } from './simulator';

export const socialDomain: Domain = {
  name: 'social',
  title: { vi: 'Theo dõi mạng xã hội', en: 'Social media monitoring' },
  events: {
    'social.post': SocialPost,
  },
  // Both internal: the posts are written by the public (names, free text), and even the counts
  // and topics are a monitoring tool of the city, not published information.
  topics: [
    {
      name: 'social.summary',
      payload: SocialSummary,
      audience: 'internal',
      kind: 'state',
      shape: 'value',
      title: { vi: 'Mạng xã hội: lượt nhắc và sắc thái', en: 'Social media: mentions and sentiment' },
      expectedIntervalMs: 30 * 60_000,
    },
    {
      name: 'social.posts',
      payload: Type.Array(ListItem),
      audience: 'internal',
      kind: 'state',
      shape: 'collection',
      limit: 50,
      title: { vi: 'Bài đăng mới nhất', en: 'Latest posts' },
      expectedIntervalMs: 30 * 60_000,
    },
  ],
  createAggregator: createSocialAggregator,
  createSimulator: createSocialSimulator,
};
