/** Public information push: announcements for tickers and LED panels, and the emergency lane. */
import type { Domain } from '../domain';
import Type from 'typebox';
import { EmergencyAlert, PublicNotice, TakeoverItem, TickerItem } from '../../protocol/topics/announcements';
import { AnnouncementPublished, AnnouncementWithdrawn } from './schema';
import { createAnnouncementsAggregator } from './aggregator';
import { createAnnouncementsSimulator } from './simulator';

export const announcementsDomain: Domain = {
  name: 'announcements',
  title: { vi: 'Thông tin công cộng', en: 'Public information' },
  events: {
    'announcement.published': AnnouncementPublished,
    'announcement.withdrawn': AnnouncementWithdrawn,
  },
  topics: [
    {
      name: 'ticker.items',
      payload: Type.Array(TickerItem),
      audience: 'public',
      kind: 'state',
      shape: 'collection',
      limit: 50,
      title: { vi: 'Thông báo', en: 'Announcements' },
      expectedIntervalMs: 6 * 3_600_000,
    },
    {
      name: 'alerts.emergency',
      payload: EmergencyAlert,
      audience: 'public',
      kind: 'alert',
      shape: 'value',
      // No emergency for weeks is the normal state, not stale data.
      title: { vi: 'Cảnh báo khẩn cấp', en: 'Emergency alert' },
      expectedIntervalMs: 0,
    },
    {
      // Every valid emergency with the screens it takes over; each change goes out at once.
      name: 'alerts.takeovers',
      payload: Type.Array(TakeoverItem),
      audience: 'public',
      kind: 'alert',
      shape: 'collection',
      limit: 20,
      title: { vi: 'Chiếm màn hình khẩn cấp', en: 'Emergency takeovers' },
      expectedIntervalMs: 0,
    },
    {
      // What citizens read on /thong-bao: public announcements valid now (never internal ones).
      name: 'announcements.notices',
      payload: Type.Array(PublicNotice),
      audience: 'public',
      kind: 'state',
      shape: 'collection',
      limit: 500,
      title: { vi: 'Thông báo cho người dân', en: 'Notices to citizens' },
      expectedIntervalMs: 0,
    },
  ],
  createAggregator: createAnnouncementsAggregator,
  createSimulator: createAnnouncementsSimulator,
};
