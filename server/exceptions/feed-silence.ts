/**
 * A feed that should speak and has been silent past its limit (`staleAfterSeconds` in its file) is
 * an alarm: the figures it brings are standing still on every screen, and nothing on them says so.
 */
import type { LocalizedText } from '../protocol/topics/shared';
import type { ExceptionItem } from '../protocol/topics/exceptions';
import { formatDate, formatTime } from '../protocol/format/format';
import { dayKey } from '../domains/calendar';

/** What the evaluator needs of a feed: its limit and when it was last heard (or began listening). */
export interface FeedSilence {
  id: string;
  title: LocalizedText;
  staleAfterSeconds: number;
  /** The last message, or when it started listening if nothing came yet; null before it started. */
  lastHeardAt: number | null;
  paused: boolean;
}

const MINUTE = 60_000;

export function silentFeed(feed: FeedSilence, now: number, timeZone: string): Omit<ExceptionItem, 'since'> | null {
  if (feed.paused || feed.staleAfterSeconds <= 0 || feed.lastHeardAt === null) return null;
  const silentMs = now - feed.lastHeardAt;
  if (silentMs <= feed.staleAfterSeconds * 1000) return null;
  // "từ 08:05", or "từ 08:05 03/12/2026" when the silence began on another day.
  const at = (locale: 'vi' | 'en') => {
    const time = formatTime(feed.lastHeardAt!, locale, timeZone);
    return dayKey(feed.lastHeardAt!, timeZone) === dayKey(now, timeZone)
      ? time
      : `${time} ${formatDate(feed.lastHeardAt!, locale, timeZone)}`;
  };
  const limitMinutes = feed.staleAfterSeconds / 60;
  return {
    id: `feed:${feed.id}`,
    rule: 'feed-silence',
    severity: 'alarm',
    basis: 'silence',
    label: {
      vi: `Nguồn dữ liệu “${feed.title.vi}” im lặng từ ${at('vi')}`,
      en: `Feed “${feed.title.en}” silent since ${at('en')}`,
    },
    topic: 'feeds',
    field: feed.id,
    unit: null,
    unitKey: null,
    value: Math.floor(silentMs / MINUTE),
    reference: limitMinutes,
    ratio: silentMs / MINUTE / limitMinutes,
    measure: { vi: 'phút', en: 'min' },
  };
}
