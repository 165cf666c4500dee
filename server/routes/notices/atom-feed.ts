/**
 * The notices as an Atom feed (RFC 4287), for feed readers and for gateways that poll rather than
 * take webhooks. Ids are `urn:` names of the notice's id, so an entry keeps its id across
 * corrections and restarts; `updated` moves with each correction.
 */
import type { PublicNotice } from '../../protocol/topics';
import { escapeXml as x } from './escape';
import { pageHref } from './notices-page';
import type { Labels, NoticeFilter } from './notice-list';

type Locale = 'vi' | 'en';

/** The most entries a feed carries: readers want the recent ones. */
const FEED_ENTRIES = 50;

const entryId = (id: string) => `urn:ioc-wall:notice:${encodeURIComponent(id)}`;

function feedId(filter: NoticeFilter, locale: Locale): string {
  let id = 'urn:ioc-wall:notices';
  if (filter.ward) id += `:ward:${filter.ward}`;
  if (filter.topic) id += `:topic:${filter.topic}`;
  return locale === 'en' ? `${id}:en` : id;
}

export interface AtomInput {
  notices: PublicNotice[];
  filter: NoticeFilter;
  locale: Locale;
  /** `https://host`, no trailing slash: Atom links are absolute. */
  origin: string;
  title: string;
  author: string;
  labels: Labels;
  /** When the feed is empty: its `updated`. */
  now: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Atom needs a title; a notice without one is named by the start of its text. */
function titleOf(notice: PublicNotice, locale: Locale): string {
  if (notice.title) return notice.title[locale];
  const text = notice.text[locale];
  return text.length <= 90 ? text : `${text.slice(0, 89).trimEnd()}…`;
}

export function renderAtom(input: AtomInput): string {
  const { locale, origin, labels } = input;
  const entries = input.notices.slice(0, FEED_ENTRIES);
  const lang = locale === 'en' ? 'en' : undefined;
  const updated = entries.reduce((latest, notice) => Math.max(latest, notice.updatedAt), 0) || input.now;
  const page = `${origin}${pageHref('/thong-bao', input.filter, { lang })}`;
  const self = `${origin}${pageHref('/thong-bao/atom.xml', input.filter, { lang })}`;
  const body = entries.map((notice) => {
    const alternate =
      notice.link ??
      `${origin}${pageHref('/thong-bao', { ward: null, topic: null }, { lang })}#n-${encodeURIComponent(notice.id)}`;
    const categories = [
      ...(notice.topic ? [{ term: `topic:${notice.topic}`, label: labels.topic(notice.topic)[locale] }] : []),
      ...notice.wards.map((code) => ({ term: `ward:${code}`, label: labels.ward(code)[locale] })),
    ];
    return `  <entry>
    <id>${x(entryId(notice.id))}</id>
    <title type="text">${x(titleOf(notice, locale))}</title>
    <updated>${iso(notice.updatedAt)}</updated>
    <published>${iso(notice.validFrom)}</published>
    <link rel="alternate" type="text/html" href="${x(alternate)}"/>
${categories.map((category) => `    <category term="${x(category.term)}" label="${x(category.label)}"/>`).join('\n')}
    <content type="text">${x(notice.text[locale])}</content>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}">
  <id>${x(feedId(input.filter, locale))}</id>
  <title type="text">${x(input.title)}</title>
  <updated>${iso(updated)}</updated>
  <author><name>${x(input.author)}</name></author>
  <link rel="self" type="application/atom+xml" href="${x(self)}"/>
  <link rel="alternate" type="text/html" href="${x(page)}"/>
${body.join('\n')}
</feed>
`;
}
