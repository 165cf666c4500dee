/**
 * What `/thong-bao` and its Atom feed list: the notices of the topic `announcements.notices` (the
 * aggregator's read model: public, valid now, not withdrawn), filtered by ward and topic, newest
 * first. Routes never read the store: the topic is the read model.
 */
import Type, { type Static } from 'typebox';
import type { TopicHub } from '../../realtime/topic-hub';
import type { PublicNotice } from '../../protocol/topics';
import type { NoticeTopic } from '../../domains/domain';
import type { AdminUnit } from '../../units/admin-units';
import { currentUnits, unitName } from '../../units/admin-units';

export const NOTICES_TOPIC = 'announcements.notices';
export const PAGE_SIZE = 20;

/** The query of the page and the feed; empty values (a select's "all") count as absent. */
export const NoticeQuery = Type.Object(
  {
    ward: Type.Optional(
      Type.String({ maxLength: 10, pattern: '^[0-9]{0,10}$', description: 'Unit code of config/units.yaml' }),
    ),
    topic: Type.Optional(
      Type.String({ maxLength: 40, pattern: '^([a-z0-9][a-z0-9-]{0,39})?$', description: 'A notice topic id' }),
    ),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1 })),
    lang: Type.Optional(Type.Union([Type.Literal('vi'), Type.Literal('en')], { default: 'vi' })),
  },
  { additionalProperties: false },
);
export type NoticeQuery = Static<typeof NoticeQuery>;

export interface NoticeFilter {
  ward: string | null;
  topic: string | null;
}

export const filterOf = (query: NoticeQuery): NoticeFilter => ({
  ward: query.ward || null,
  topic: query.topic || null,
});

/** A notice for the whole area (no wards) concerns every ward. */
function matches(notice: PublicNotice, filter: NoticeFilter): boolean {
  if (filter.topic !== null && notice.topic !== filter.topic) return false;
  if (filter.ward !== null && notice.wards.length > 0 && !notice.wards.includes(filter.ward)) return false;
  return true;
}

/** Newest first: by start, then by the latest correction, then by id so the order is stable. */
export function listNotices(hub: TopicHub, filter: NoticeFilter): PublicNotice[] {
  return hub
    .snapshot(NOTICES_TOPIC)
    .data.filter((notice) => matches(notice, filter))
    .sort((a, b) => b.validFrom - a.validFrom || b.updatedAt - a.updatedAt || a.id.localeCompare(b.id));
}

/** The wards and communes of today, for the filter and the labels. */
export function wardsOf(units: readonly AdminUnit[], now: number, timeZone: string): AdminUnit[] {
  return currentUnits(units, now, timeZone)
    .filter((unit) => unit.kind === 'ward' || unit.kind === 'commune')
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

export interface Labels {
  ward(code: string): { vi: string; en: string };
  topic(id: string): { vi: string; en: string };
}

export function labelsOf(units: readonly AdminUnit[], topics: readonly NoticeTopic[]): Labels {
  return {
    ward: (code) => unitName(units, code),
    topic: (id) => topics.find((topic) => topic.id === id)?.name ?? { vi: id, en: id },
  };
}
