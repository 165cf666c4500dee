/**
 * The guides as pages (`/huong-dan`, `/huong-dan/<role>`): plain HTML written on the server from
 * the same data as the PDFs, no script, so a phone on a slow line or a wall's browser shows it at
 * once. Vietnamese first, English beneath in a lighter type. Type grows with the window, so the
 * same page reads on a phone (390 px) and from five metres on a wall.
 */
import type { LocalizedText } from '../protocol/topics';
import type { Guide } from './guide-schema';

const escapeHtml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Vietnamese, and English beneath it. */
const both = (text: LocalizedText, tag: 'h1' | 'h2' | 'h3' | 'p' = 'p') =>
  `<${tag}>${escapeHtml(text.vi)}<span class="en" lang="en">${escapeHtml(text.en)}</span></${tag}>`;

const STYLE = `
:root { color-scheme: light; --ink: #0f172a; --muted: #475569; --line: #cbd5e1; --accent: #1d4ed8; --band: #b91c1c; }
* { box-sizing: border-box; }
html { font-size: clamp(17px, 0.55rem + 0.85vw, 40px); }
body { margin: 0; font-family: 'Noto Sans', 'Segoe UI', Roboto, Arial, sans-serif; color: var(--ink); background: #f8fafc; line-height: 1.45; }
header.top { background: var(--band); color: #fff; padding: 0.8rem 1rem; }
header.top a { color: #fff; }
header.top .crumbs { font-size: 0.85rem; opacity: 0.9; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: 0.2rem 0; line-height: 1.2; }
h2 { font-size: 1.3rem; margin: 1.6rem 0 0.4rem; border-top: 2px solid var(--line); padding-top: 1rem; }
h3 { font-size: 1.05rem; margin: 0 0 0.3rem; }
.en { display: block; font-size: 0.8em; font-weight: 400; color: var(--muted); }
header.top .en { color: #fee2e2; }
p { margin: 0.3rem 0; }
a { color: var(--accent); }
.actions { display: flex; flex-wrap: wrap; gap: 0.6rem; margin: 0.8rem 0; }
.button { display: inline-block; min-height: 2.75rem; padding: 0.55rem 1rem; border-radius: 0.5rem; background: var(--accent); color: #fff; text-decoration: none; font-weight: 700; }
nav.toc ol, ol.guides { padding-left: 1.2rem; }
nav.toc li, ol.guides li { margin: 0.35rem 0; }
ol.guides a { font-weight: 700; }
ol.steps { list-style: none; padding: 0; margin: 0; counter-reset: step; }
ol.steps > li { counter-increment: step; display: grid; grid-template-columns: 1fr; gap: 0.8rem; background: #fff; border: 1px solid var(--line); border-radius: 0.75rem; padding: 0.9rem; margin: 0.8rem 0; }
ol.steps > li h3::before { content: counter(step) '. '; color: var(--band); }
.where { font-size: 0.9rem; }
.where code { background: #e2e8f0; padding: 0.05rem 0.3rem; border-radius: 0.25rem; }
.press { font-weight: 700; }
figure { margin: 0; }
figure img { display: block; max-width: 100%; height: auto; max-height: 34rem; border: 1px solid var(--line); border-radius: 0.4rem; }
@media (min-width: 900px) { ol.steps > li.has-image { grid-template-columns: 1fr 1fr; align-items: start; } }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<div id="app">
${body}
</div>
</body>
</html>
`;
}

export function guideIndexHtml(guides: readonly Guide[]): string {
  const items = guides
    .map(
      (guide) =>
        `<li data-guide="${guide.role}"><a href="/huong-dan/${guide.role}">${escapeHtml(guide.title.vi)}</a>` +
        `<span class="en" lang="en">${escapeHtml(guide.title.en)}</span>` +
        `<p>${escapeHtml(guide.who.vi)}</p></li>`,
    )
    .join('\n');
  return page(
    'Hướng dẫn sử dụng — IOC Lạng Sơn',
    `<header class="top">${both({ vi: 'Hướng dẫn sử dụng IOC Lạng Sơn', en: 'Lạng Sơn IOC user guides' }, 'h1')}</header>
<main data-guide-index>
${both({ vi: 'Chọn hướng dẫn theo vai trò của bạn. Mỗi hướng dẫn có bản PDF để in cho buổi tập huấn.', en: 'Pick the guide for your role. Each guide has a PDF to print for training.' })}
<ol class="guides">
${items}
</ol>
</main>`,
  );
}

export function guidePageHtml(guide: Guide): string {
  const toc = guide.sections
    .map((section) => `<li><a href="#${section.id}">${escapeHtml(section.title.vi)}</a></li>`)
    .join('');
  const sections = guide.sections
    .map((section) => {
      const steps = section.steps
        .map((step, index) => {
          const figure = step.image
            ? `<figure><img src="/huong-dan/anh/${step.image}" alt="${escapeHtml(`Ảnh màn hình ${step.page} / Screenshot of ${step.page}`)}" loading="lazy" data-guide-image="${step.image}" /></figure>`
            : '';
          return `<li id="${section.id}-${index + 1}"${step.image ? ' class="has-image"' : ''} data-step>
<div>
${both(step.title, 'h3')}
<p class="where">Trang / Page: <a href="${escapeHtml(step.page)}"><code>${escapeHtml(step.page)}</code></a></p>
<p class="press">Thao tác / Action: ${escapeHtml(step.press.vi)}<span class="en" lang="en">${escapeHtml(step.press.en)}</span></p>
${both(step.text)}
</div>
${figure}
</li>`;
        })
        .join('\n');
      return `<section id="${section.id}" data-section>
${both(section.title, 'h2')}
${both(section.intro)}
<ol class="steps">
${steps}
</ol>
</section>`;
    })
    .join('\n');
  return page(
    `${guide.title.vi} — IOC Lạng Sơn`,
    `<header class="top">
<p class="crumbs"><a href="/huong-dan">Hướng dẫn sử dụng / User guides</a></p>
${both(guide.title, 'h1')}
</header>
<main data-guide="${guide.role}">
${both(guide.who)}
<div class="actions"><a class="button" href="/api/v1/guides/${guide.role}.pdf" download>Tải bản in (PDF) / Printable PDF</a></div>
<nav class="toc" aria-label="Mục lục / Contents"><ol>${toc}</ol></nav>
${sections}
</main>`,
  );
}
