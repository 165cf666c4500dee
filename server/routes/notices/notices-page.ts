/**
 * `/thong-bao`: the city's notices to citizens as one server-rendered page. No script: it opens
 * at once on any phone and in Zalo's in-app browser, and the filters are a plain form. Every text
 * is escaped; only public notices reach it (the topic holds no other).
 */
import type { PublicNotice } from '../../protocol/topics';
import type { NoticeTopic } from '../../domains/domain';
import type { AdminUnit } from '../../units/admin-units';
import { formatDate, formatTime } from '../../protocol/format/format';
import { escapeMarkup as esc } from './escape';
import { PAGE_SIZE, type Labels, type NoticeFilter } from './notice-list';
import { HELP_LABEL, helpHref } from '../../guides/help-targets';

type Locale = 'vi' | 'en';
type Text = { vi: string; en: string };

const S = {
  heading: { vi: 'Thông báo', en: 'Notices' },
  from: { vi: 'Thông tin chính thức gửi người dân', en: 'Official information for residents' },
  ward: { vi: 'Phường, xã', en: 'Ward or commune' },
  allWards: { vi: 'Tất cả phường, xã', en: 'All wards and communes' },
  topic: { vi: 'Chủ đề', en: 'Topic' },
  allTopics: { vi: 'Tất cả chủ đề', en: 'All topics' },
  filter: { vi: 'Lọc', en: 'Filter' },
  wholeArea: { vi: 'Toàn địa bàn', en: 'Whole area' },
  more: { vi: 'Xem chi tiết', en: 'Read more' },
  none: { vi: 'Hiện không có thông báo nào.', en: 'There are no notices now.' },
  noneFiltered: { vi: 'Không có thông báo nào phù hợp với bộ lọc.', en: 'No notice matches the filter.' },
  newer: { vi: '‹ Mới hơn', en: '‹ Newer' },
  older: { vi: 'Cũ hơn ›', en: 'Older ›' },
  page: { vi: 'Trang', en: 'Page' },
  feed: { vi: 'Theo dõi qua Atom/RSS', en: 'Follow by Atom/RSS' },
  until: { vi: 'đến', en: 'until' },
  urgent: { vi: 'Khẩn cấp', en: 'Emergency' },
  important: { vi: 'Quan trọng', en: 'Important' },
  other: { vi: 'English', en: 'Tiếng Việt' },
} satisfies Record<string, Text>;

export interface NoticesPageInput {
  notices: PublicNotice[];
  /** 1-based. */
  page: number;
  filter: NoticeFilter;
  locale: Locale;
  timeZone: string;
  cityName: Text;
  wards: AdminUnit[];
  topics: readonly NoticeTopic[];
  labels: Labels;
}

/** `/thong-bao?ward=…&topic=…&page=…&lang=…` with the values given; defaults left out. */
export function pageHref(path: string, filter: NoticeFilter, extra: { page?: number; lang?: Locale } = {}): string {
  const query = new URLSearchParams();
  if (filter.ward) query.set('ward', filter.ward);
  if (filter.topic) query.set('topic', filter.topic);
  if (extra.page && extra.page > 1) query.set('page', String(extra.page));
  if (extra.lang === 'en') query.set('lang', 'en');
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

const when = (ms: number, locale: Locale, timeZone: string) =>
  `${formatTime(ms, locale, timeZone)} ${formatDate(ms, locale, timeZone)}`;

function article(notice: PublicNotice, input: NoticesPageInput): string {
  const { locale, timeZone, labels } = input;
  const t = (text: Text) => esc(text[locale]);
  const badge =
    notice.priority === 'emergency'
      ? `<span class="badge urgent">${t(S.urgent)}</span>`
      : notice.priority === 'high'
        ? `<span class="badge high">${t(S.important)}</span>`
        : '';
  const topic = notice.topic ? `<span class="chip topic">${t(labels.topic(notice.topic))}</span>` : '';
  const wards =
    notice.wards.length === 0
      ? `<span class="chip">${t(S.wholeArea)}</span>`
      : notice.wards.map((code) => `<span class="chip">${t(labels.ward(code))}</span>`).join('');
  const until =
    notice.validTo === null ? '' : `<span>· ${t(S.until)} ${esc(when(notice.validTo, locale, timeZone))}</span>`;
  const image = notice.image
    ? `<img src="${esc(notice.image)}" alt="" loading="lazy" decoding="async" referrerpolicy="no-referrer">`
    : '';
  const link = notice.link
    ? `<a class="more" href="${esc(notice.link)}" rel="noopener noreferrer nofollow">${t(S.more)} →</a>`
    : '';
  return `<article class="notice ${notice.priority}" id="n-${esc(notice.id)}" data-notice="${esc(notice.id)}">
<p class="meta">${badge}<time datetime="${new Date(notice.validFrom).toISOString()}">${esc(when(notice.validFrom, locale, timeZone))}</time>${until}</p>
${notice.title ? `<h2>${t(notice.title)}</h2>` : ''}
<p class="text">${t(notice.text)}</p>
${image}
<p class="chips">${topic}${wards}</p>
${link}
</article>`;
}

function options(values: Array<{ value: string; label: string }>, selected: string | null, all: string): string {
  return [`<option value="">${esc(all)}</option>`]
    .concat(
      values.map(
        ({ value, label }) =>
          `<option value="${esc(value)}"${value === selected ? ' selected' : ''}>${esc(label)}</option>`,
      ),
    )
    .join('');
}

export function renderNoticesPage(input: NoticesPageInput): string {
  const { locale, filter, notices } = input;
  const t = (text: Text) => esc(text[locale]);
  const pages = Math.max(1, Math.ceil(notices.length / PAGE_SIZE));
  const page = Math.min(input.page, pages);
  const shown = notices.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const lang = locale === 'en' ? 'en' : undefined;
  const feed = pageHref('/thong-bao/atom.xml', filter, { lang });
  const filtered = filter.ward !== null || filter.topic !== null;
  const nav =
    pages <= 1
      ? ''
      : `<nav class="pages" aria-label="${t(S.page)}">${
          page > 1
            ? `<a rel="prev" href="${esc(pageHref('/thong-bao', filter, { page: page - 1, lang }))}">${t(S.newer)}</a>`
            : '<span></span>'
        }<span>${t(S.page)} ${page}/${pages}</span>${
          page < pages
            ? `<a rel="next" href="${esc(pageHref('/thong-bao', filter, { page: page + 1, lang }))}">${t(S.older)}</a>`
            : '<span></span>'
        }</nav>`;
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="dark">
<title>${t(S.heading)} — ${t(input.cityName)}</title>
<link rel="alternate" type="application/atom+xml" title="${t(S.heading)} — ${t(input.cityName)}" href="${esc(feed)}">
<style>${CSS}</style>
</head>
<body>
<header>
<div><h1>${t(S.heading)} <small>${t(input.cityName)}</small></h1><p>${t(S.from)}</p></div>
<div class="tools"><a class="lang" hreflang="${locale === 'vi' ? 'en' : 'vi'}" href="${esc(pageHref('/thong-bao', filter, { page, lang: locale === 'vi' ? 'en' : 'vi' }))}">${t(S.other)}</a>
<a class="help" href="${esc(helpHref('thong-bao'))}" target="_blank" rel="noopener" aria-label="${esc(HELP_LABEL)}" title="${esc(HELP_LABEL)}">?</a></div>
</header>
<main>
<form method="get" action="/thong-bao" class="filters">
<label>${t(S.ward)}<select name="ward">${options(
    input.wards.map((unit) => ({ value: unit.code, label: locale === 'vi' ? unit.name : unit.nameEn })),
    filter.ward,
    S.allWards[locale],
  )}</select></label>
<label>${t(S.topic)}<select name="topic">${options(
    input.topics.map((topic) => ({ value: topic.id, label: topic.name[locale] })),
    filter.topic,
    S.allTopics[locale],
  )}</select></label>
${lang ? '<input type="hidden" name="lang" value="en">' : ''}<button type="submit">${t(S.filter)}</button>
</form>
${shown.length === 0 ? `<p class="none">${t(filtered ? S.noneFiltered : S.none)}</p>` : shown.map((notice) => article(notice, input)).join('\n')}
${nav}
<p class="feed"><a href="${esc(feed)}" type="application/atom+xml">${t(S.feed)}</a></p>
</main>
</body>
</html>
`;
}

/** The colours of `display/theme.css`; sized for a phone held in one hand, larger screens get a column. */
const CSS = `
:root{--bg:#050b16;--panel:#0b1628;--line:#1c2e4a;--text:#e8eef8;--heading:#9fd3ff;--muted:#93a4bd;--accent:#38bdf8;--bad:#f87171;--warning:#fbbf24;color-scheme:dark}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--text);font:17px/1.5 'Be Vietnam Pro','Noto Sans','Segoe UI',system-ui,sans-serif}
header{display:flex;justify-content:space-between;align-items:flex-start;gap:.75rem;padding:1rem 1rem .5rem;max-width:44rem;margin:0 auto}
h1{margin:0;font-size:1.5rem;color:var(--heading);line-height:1.2}
h1 small{display:block;font-size:.95rem;color:var(--muted);font-weight:500}
header p{margin:.25rem 0 0;color:var(--muted);font-size:.9rem}
a{color:var(--accent)}
.tools{flex:none;display:flex;gap:.5rem;align-items:center}
.help{flex:none;width:44px;height:44px;display:inline-flex;align-items:center;justify-content:center;border:2px solid currentColor;border-radius:50%;font-weight:700;text-decoration:none}
.lang{flex:none;padding:.5rem .8rem;border:1px solid var(--line);border-radius:.5rem;text-decoration:none;min-height:44px;display:inline-flex;align-items:center}
main{max-width:44rem;margin:0 auto;padding:0 1rem 2rem}
.filters{display:grid;grid-template-columns:1fr 1fr;gap:.5rem;margin:.5rem 0 1rem;align-items:end}
.filters label{display:grid;gap:.2rem;font-size:.85rem;color:var(--muted)}
select,button{font:inherit;font-size:1rem;min-height:44px;border-radius:.5rem;border:1px solid var(--line);background:var(--panel);color:var(--text);padding:0 .5rem;width:100%}
button{grid-column:1/-1;background:var(--accent);color:#04121f;font-weight:700;border:0}
.notice{background:var(--panel);border:1px solid var(--line);border-left:4px solid var(--accent);border-radius:.6rem;padding:.8rem 1rem;margin:0 0 .8rem;overflow-wrap:anywhere}
.notice.high{border-left-color:var(--warning)}
.notice.emergency{border-left-color:var(--bad)}
.meta{margin:0;color:var(--muted);font-size:.85rem;display:flex;flex-wrap:wrap;gap:.4rem;align-items:center}
.badge{font-weight:700;border-radius:.3rem;padding:0 .4rem;color:#04121f}
.badge.urgent{background:var(--bad)}
.badge.high{background:var(--warning)}
h2{margin:.3rem 0 .2rem;font-size:1.15rem;line-height:1.3}
.text{margin:.3rem 0;white-space:pre-line}
.notice img{display:block;max-width:100%;height:auto;border-radius:.4rem;margin:.5rem 0}
.chips{display:flex;flex-wrap:wrap;gap:.35rem;margin:.5rem 0 0}
.chip{font-size:.8rem;border:1px solid var(--line);border-radius:1rem;padding:.05rem .6rem;color:var(--muted)}
.chip.topic{color:var(--heading);border-color:#1e4a72}
.more{display:inline-flex;align-items:center;min-height:44px;font-weight:600}
.none{color:var(--muted);padding:2rem 0;text-align:center}
.pages{display:flex;justify-content:space-between;align-items:center;gap:.5rem;margin:1rem 0}
.pages a{min-height:44px;display:inline-flex;align-items:center;padding:0 .8rem;border:1px solid var(--line);border-radius:.5rem;text-decoration:none}
.feed{font-size:.85rem;color:var(--muted);text-align:center}
@media (min-width:40rem){.filters{grid-template-columns:1fr 1fr auto}button{grid-column:auto;padding:0 1.2rem}}
`;
