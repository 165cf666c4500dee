/**
 * The band every page of the practice space wears: "TẬP HUẤN — dữ liệu thực hành". Written into
 * the HTML by the server as the page leaves, so no page can forget it and no page of the live
 * system can have it. Fixed at the top above everything (the pages' own layers included), and
 * the page is pushed down by its height so that nothing hides beneath it.
 */
const BAND_HEIGHT_PX = 32;

const BAND = `<div data-practice-band role="status" style="position:fixed;inset:0 0 auto 0;height:${BAND_HEIGHT_PX}px;z-index:2147483647;display:flex;align-items:center;justify-content:center;gap:.75em;font:700 16px/1 'Noto Sans',system-ui,sans-serif;letter-spacing:.04em;color:#1a1200;background:repeating-linear-gradient(135deg,#ffc400 0 18px,#ffb000 18px 36px);border-bottom:2px solid #1a1200;pointer-events:none">TẬP HUẤN — dữ liệu thực hành<span style="font-weight:400">· TRAINING — practice data</span></div><style>html{scroll-padding-top:${BAND_HEIGHT_PX}px}body{padding-top:${BAND_HEIGHT_PX}px!important;box-sizing:border-box}</style>`;

/** The page with the band right after its `<body>` tag. */
export function withPracticeBand(html: string): string {
  return html.replace(/<body([^>]*)>/i, (tag) => `${tag}${BAND}`);
}
