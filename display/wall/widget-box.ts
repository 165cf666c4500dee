/**
 * The size in pixels of a widget's body on a screen, worked out from the screen's resolution, its
 * profile's type size and the dashboard's grid, as `theme.css`, `WallPage.svelte` and
 * `WidgetFrame.svelte` lay it out. The server's config check uses it before any browser draws the
 * page (the QR code's fit); it errs small, and `e2e/led-qr.test.ts` checks it against the drawn page.
 */
import type { ScreenProfile } from '../../config/schema/screen';
import type { Dashboard, WidgetPlacement } from '../../config/schema/dashboard';
import { TWO_LINE_TITLE_ROOM } from '../../widgets/fit-text';

/** The root type size of `theme.css` for a profile, in px. */
function rootFontPx(profile: ScreenProfile, width: number, height: number): number {
  if (profile === 'led') return Math.max(12, Math.min(0.032 * width, 0.06 * height));
  if (profile === 'briefing') return Math.min(0.01 * width, 0.018 * height);
  return Math.min(0.009 * width, 0.016 * height);
}

export function widgetBodyBox(
  resolution: readonly [number, number],
  profile: ScreenProfile,
  grid: Dashboard['grid'],
  placement: Pick<WidgetPlacement, 'area' | 'title'>,
): { width: number; height: number; fontPx: number } {
  const [width, height] = resolution;
  const rem = rootFontPx(profile, width, height);
  const gap = 0.55 * rem;
  // The header: one line (LED) or the emblem's two (others), its padding and its 2 px rule, rounded up.
  const header = (profile === 'led' ? 1.9 : 3.8) * rem + 2;
  const stageWidth = width - 2 * gap;
  const stageHeight = height - 3 * gap - header;
  const cell = (room: number, count: number, span: number) =>
    ((room - (count - 1) * gap) / count) * span + (span - 1) * gap;
  const frameWidth = cell(stageWidth, grid.columns, placement.area.columns);
  const frameHeight = cell(stageHeight, grid.rows, placement.area.rows);
  // The frame: 1 px border, 0.55em × 0.75em padding, and its title when it has one. A title takes a
  // second line (`fitTitle`) when it does not fit on one and the frame is tall enough: which it
  // takes depends on the text as drawn, so a frame that may take two is reckoned with two (errs small).
  const titleLine = 0.95 * 1.2 * rem;
  const titleLines = frameHeight - 2 >= TWO_LINE_TITLE_ROOM * titleLine ? 2 : 1;
  const title = placement.title ? (titleLines === 2 ? titleLine + 1.7 * rem : 1.7 * rem) : 0;
  return {
    width: Math.floor(frameWidth - 2 - 1.5 * rem),
    height: Math.floor(frameHeight - 2 - 1.1 * rem - title),
    fontPx: rem,
  };
}
