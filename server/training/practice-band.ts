/**
 * The band every page of the practice space wears: "TẬP HUẤN — dữ liệu thực hành". Written into
 * the HTML by the server as the page leaves, so no page can forget it and no page of the live
 * system can have it. It sits above everything (the pages' own layers included); the page's root
 * (`#app`) is moved below it and made the containing block of the page's fixed layers, so that
 * nothing hides beneath the band. On a phone the two languages stack on two lines.
 */
const BAND_HEIGHT_PX = 40;

const BAND = `<div data-practice-band role="status" style="position:fixed;inset:0 0 auto 0;height:${BAND_HEIGHT_PX}px;box-sizing:border-box;z-index:2147483647;display:flex;flex-wrap:wrap;align-content:center;align-items:center;justify-content:center;column-gap:.75em;padding:0 .5em;font:700 clamp(13px,3.4vw,17px)/1.15 'Noto Sans',system-ui,sans-serif;letter-spacing:.03em;text-align:center;color:#1a1200;background:repeating-linear-gradient(135deg,#ffc400 0 18px,#ffb000 18px 36px);border-bottom:2px solid #1a1200;pointer-events:none"><span>TẬP HUẤN — dữ liệu thực hành</span><span style="font-weight:500">TRAINING — practice data</span></div><style>#app{position:fixed;inset:${BAND_HEIGHT_PX}px 0 0 0;overflow:auto;transform:translateZ(0)}</style>`;

/** The page with the band right after its `<body>` tag. */
export function withPracticeBand(html: string): string {
  return html.replace(/<body([^>]*)>/i, (tag) => `${tag}${BAND}`);
}
