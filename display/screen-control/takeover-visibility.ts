/**
 * Can a person read the takeover now? A takeover's acknowledgement means exactly that, so the
 * screen looks before it says so: the takeover is in the page, the page is in sight, nothing on
 * the way from it to the root dims it (opacity, filter, visibility), and at the centre of the
 * viewport and of its Vietnamese text the topmost thing painted is the takeover itself — no veil
 * of the night schedule, no operator's dim or blank, no identify overlay, nothing else above it.
 *
 * Veils and overlays do not take the pointer (`pointer-events: none`), and hit testing skips
 * such elements: for the look, every element takes the pointer for one synchronous call
 * (style recalculated, nothing painted in between).
 */
import type { TakeoverVisibility } from '../../server/protocol/index';
import type { LocalizedText } from '../../server/protocol/topics';

export interface VisibilityOptions {
  /** The elements at a point, topmost first (`document.elementsFromPoint`, counting veils too). */
  elementsAt?: (x: number, y: number) => Element[];
}

/** Below this an ancestor's opacity reads as dimmed: the takeover is drawn at full brightness or it is not. */
const FULL_OPACITY = 0.99;
/** A background fainter than this paints nothing worth the name. */
const PAINTS_ALPHA = 0.02;

const hidden = (reason: LocalizedText): TakeoverVisibility => ({ visible: false, reason });

export function checkTakeoverVisible(
  doc: Document,
  takeoverId: string | null = null,
  options: VisibilityOptions = {},
): TakeoverVisibility {
  const view = doc.defaultView;
  const selector =
    takeoverId === null ? '[data-takeover]' : `[data-takeover="${takeoverId.replace(/["\\]/g, '\\$&')}"]`;
  const takeover = doc.querySelector(selector);
  if (!takeover || !view)
    return hidden({ vi: 'thông báo chưa được vẽ trên trang', en: 'the takeover is not drawn in the page' });
  if (doc.visibilityState === 'hidden')
    return hidden({
      vi: 'trang đang bị ẩn (trình duyệt thu nhỏ hoặc chuyển thẻ)',
      en: 'the page is hidden (browser minimised or on another tab)',
    });

  const dimmed = dimmedOnTheWay(takeover, view);
  if (dimmed) return hidden(dimmed);

  const elementsAt = options.elementsAt ?? ((x: number, y: number) => elementsAtCountingVeils(doc, x, y));
  const points: Array<[number, number]> = [[view.innerWidth / 2, view.innerHeight / 2]];
  const text = takeover.querySelector('[lang="vi"]');
  if (text) {
    const box = text.getBoundingClientRect();
    const x = box.left + box.width / 2;
    const y = box.top + box.height / 2;
    if (box.width > 0 && box.height > 0 && x >= 0 && y >= 0 && x < view.innerWidth && y < view.innerHeight)
      points.push([x, y]);
  }
  for (const [x, y] of points) {
    const stack = elementsAt(x, y);
    const at = stack.findIndex((element) => takeover === element || takeover.contains(element));
    if (at < 0)
      return hidden({
        vi: 'thông báo không nằm ở giữa màn hình',
        en: 'the takeover is not at the centre of the screen',
      });
    const above = stack.slice(0, at).find((element) => paints(element, view));
    if (above) return hidden(coveredBy(above, view));
  }
  return { visible: true };
}

/** Opacity, filters or visibility on the takeover or any ancestor: drawn, but not as it should be read. */
function dimmedOnTheWay(takeover: Element, view: Window): LocalizedText | null {
  const own = view.getComputedStyle(takeover);
  if (own.visibility === 'hidden' || own.visibility === 'collapse')
    return { vi: 'thông báo bị ẩn (visibility)', en: 'the takeover is hidden (visibility)' };
  let opacity = 1;
  for (let element: Element | null = takeover; element; element = element.parentElement) {
    const style = view.getComputedStyle(element);
    if (style.display === 'none')
      return { vi: 'thông báo bị ẩn (display: none)', en: 'the takeover is hidden (display: none)' };
    opacity *= Number(style.opacity || 1);
    const filter = style.filter;
    if (filter && filter !== 'none')
      return { vi: `thông báo bị bộ lọc làm tối (${filter})`, en: `a filter dims the takeover (${filter})` };
  }
  if (opacity < FULL_OPACITY) {
    const percent = Math.round(opacity * 100);
    return { vi: `thông báo bị làm mờ (độ rõ ${percent} %)`, en: `the takeover is faded (opacity ${percent} %)` };
  }
  return null;
}

function elementsAtCountingVeils(doc: Document, x: number, y: number): Element[] {
  const style = doc.createElement('style');
  style.textContent = '*, *::before, *::after { pointer-events: auto !important; }';
  if (typeof doc.elementsFromPoint !== 'function') return [];
  (doc.head ?? doc.documentElement).append(style);
  try {
    return doc.elementsFromPoint(x, y);
  } finally {
    style.remove();
  }
}

function alphaOf(colour: string): number {
  if (!colour || colour === 'transparent') return 0;
  const match = /rgba?\(([^)]*)\)/.exec(colour);
  if (!match) return 1;
  const parts = match[1]!.split(/[\s,/]+/).filter(Boolean);
  return parts.length >= 4 ? Number(parts[3]) : 1;
}

/** Whether an element above the takeover puts anything on the glass there. */
function paints(element: Element, view: Window): boolean {
  const style = view.getComputedStyle(element);
  if (style.visibility === 'hidden') return false;
  let opacity = 1;
  for (let node: Element | null = element; node; node = node.parentElement)
    opacity *= Number(view.getComputedStyle(node).opacity || 1);
  if (opacity < PAINTS_ALPHA) return false;
  if (alphaOf(style.backgroundColor) > PAINTS_ALPHA || /url\(|gradient\(/.test(style.backgroundImage)) return true;
  if (/^(CANVAS|IMG|VIDEO|IFRAME|svg)$/i.test(element.tagName)) return true;
  return [...element.childNodes].some((child) => child.nodeType === 3 && (child.textContent ?? '').trim() !== '');
}

/** The reason, naming the layer above the takeover when it is one of ours. */
function coveredBy(element: Element, view: Window): LocalizedText {
  // The page root carries the care mode too (for widgets): only the veil itself names it.
  const found = element.closest('[data-care-mode], [data-display-mode], [data-identify]');
  const layer = found === element.ownerDocument.documentElement ? null : found;
  const care = layer?.getAttribute('data-care-mode');
  if (care === 'blank')
    return { vi: 'bị lớp tắt màn hình theo lịch đêm che', en: 'covered by the night schedule’s blank' };
  if (care) {
    const brightness = Math.round((1 - Number(view.getComputedStyle(layer!).opacity || 0)) * 100);
    return {
      vi: `bị lớp giảm sáng theo lịch đêm che (độ sáng ${brightness} %)`,
      en: `dimmed by the night schedule (${brightness} % brightness)`,
    };
  }
  const mode = layer?.getAttribute('data-display-mode');
  if (mode === 'blank') return { vi: 'bị lệnh tắt hình của người vận hành che', en: 'covered by an operator’s blank' };
  if (mode) return { vi: 'bị lệnh làm mờ của người vận hành che', en: 'dimmed by an operator’s dim' };
  if (layer?.hasAttribute('data-identify'))
    return { vi: 'bị lớp nhận diện màn hình che', en: 'covered by the identify overlay' };
  const name = `${element.tagName.toLowerCase()}${[...element.classList]
    .slice(0, 2)
    .map((name) => `.${name}`)
    .join('')}`;
  return { vi: `bị phần tử khác che (${name})`, en: `covered by another element (${name})` };
}
