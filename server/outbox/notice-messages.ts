/**
 * What the outbox sends for an event of the store: public notices published and withdrawn, as
 * citizens see them on `/thong-bao`. An internal announcement is never a message; withdrawing
 * one, or making a public one internal, is a `notice.withdrawn` only when citizens had it.
 */
import Type, { type Static } from 'typebox';
import type { PublicNotice } from '../protocol/topics';
import { LocalizedText, Nullable } from '../protocol/topics/shared';
import { noticeOf } from '../domains/announcements/aggregator';
import type { AnnouncementPublished, AnnouncementWithdrawn } from '../domains/announcements/schema';

export const MESSAGE_TYPES = ['notice.published', 'notice.withdrawn'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** `data` of a message: a public notice, times as ISO 8601. No personal data exists in it to leak. */
export const NoticeData = Type.Object({
  id: Type.String(),
  title: Nullable(LocalizedText),
  text: LocalizedText,
  priority: Type.String({ description: '`normal`, `high` or `emergency` (an emergency takeover for the public)' }),
  wards: Type.Array(Type.String(), { description: 'Unit codes of config/units.yaml; empty: the whole area' }),
  topic: Nullable(Type.String()),
  link: Nullable(Type.String()),
  image: Nullable(Type.String()),
  validFrom: Type.String({ format: 'date-time' }),
  validTo: Nullable(Type.String({ format: 'date-time' })),
});
export type NoticeData = Static<typeof NoticeData>;

/** The body of a delivery; `id` is the delivery's, the same on every retry. */
export interface WebhookMessage {
  id: string;
  type: MessageType;
  occurredAt: string;
  data: NoticeData;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function noticeData(notice: PublicNotice): NoticeData {
  return {
    id: notice.id,
    title: notice.title,
    text: notice.text,
    priority: notice.priority,
    wards: notice.wards,
    topic: notice.topic,
    link: notice.link,
    image: notice.image,
    validFrom: iso(notice.validFrom),
    validTo: notice.validTo === null ? null : iso(notice.validTo),
  };
}

export interface StoreEvent {
  seq: number;
  kind: string;
  time: number;
  data: unknown;
}

/** The message an event makes (without its delivery id), or null. */
export function messageOf(
  event: StoreEvent,
  /** The notice as citizens had it before this event (the last publication of that id), or null. */
  before: (announcementId: string, beforeSeq: number) => PublicNotice | null,
): { type: MessageType; occurredAt: string; notice: PublicNotice } | null {
  const occurredAt = iso(event.time);
  if (event.kind === 'announcement.published') {
    const data = event.data as AnnouncementPublished;
    const notice = noticeOf(data, event.time);
    if (notice) return { type: 'notice.published', occurredAt, notice };
    const previous = before(data.announcementId, event.seq);
    return previous ? { type: 'notice.withdrawn', occurredAt, notice: previous } : null;
  }
  if (event.kind === 'announcement.withdrawn') {
    const { announcementId } = event.data as AnnouncementWithdrawn;
    const previous = before(announcementId, event.seq);
    return previous ? { type: 'notice.withdrawn', occurredAt, notice: previous } : null;
  }
  return null;
}

export interface MessageFilter {
  kinds: readonly string[];
  wards: readonly string[];
  topics: readonly string[];
}

/** A notice for the whole area concerns every ward a subscription names. */
export function wants(filter: MessageFilter, type: MessageType, notice: PublicNotice): boolean {
  if (!filter.kinds.includes(type)) return false;
  if (filter.topics.length > 0 && (notice.topic === null || !filter.topics.includes(notice.topic))) return false;
  if (filter.wards.length > 0 && notice.wards.length > 0 && !notice.wards.some((ward) => filter.wards.includes(ward)))
    return false;
  return true;
}
