/**
 * A thumbnail of what the screen shows, drawn by the screen itself into a small canvas.
 *
 * Why this way: the browser will not screenshot a page for its own script (getDisplayMedia needs
 * a person to pick the screen), and serialising the DOM into an SVG `foreignObject` fails under
 * our CSP and with canvases (they come out blank). So the screen redraws a summary of itself:
 * each box's background and border, every canvas as it is (charts, and the map, whose WebGL
 * canvases keep their drawing buffer), inline SVGs (gauges) rasterised from a blob URL
 * (`img-src blob:` is allowed), images, and the text at its place, size and colour. It is not
 * pixel-exact (no shadows, gradients, rounded corners or letter spacing) but at thumbnail size it
 * reads as the screen: which dashboard, which figures, a takeover or a blanked screen.
 *
 * A screen that draws WebGL in software (no GPU: SwiftShader, llvmpipe) shows its canvases as
 * plain boxes: reading a canvas back waits for the software renderer to finish its frame, which
 * froze such a screen for seconds, long enough to drop its socket. Our own canvas is kept in CPU
 * memory (`willReadFrequently`) so that encoding it never waits for the GPU either.
 */

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

type Draw = ((context: CanvasRenderingContext2D) => void) & { picture?: boolean };

const MAX_OPERATIONS = 6000;
const EVERYWHERE: Box = { left: -Infinity, top: -Infinity, right: Infinity, bottom: Infinity };

function intersect(a: Box, b: DOMRect): Box {
  return {
    left: Math.max(a.left, b.left),
    top: Math.max(a.top, b.top),
    right: Math.min(a.right, b.right),
    bottom: Math.min(a.bottom, b.bottom),
  };
}

function isEmpty(box: Box): boolean {
  return box.right <= box.left || box.bottom <= box.top;
}

/**
 * Whether a computed colour paints. Only a fourth component is an alpha: `rgb(0, 0, 0)` (the
 * night veil's black, the takeover's #a30000) once read its blue as one and was left out, so a
 * black screen's thumbnail showed the picture under its veil.
 */
export function visibleColour(colour: string): boolean {
  if (!colour || colour === 'transparent') return false;
  const parts = /^rgba?\(([^)]*)\)$/
    .exec(colour.trim())?.[1]
    ?.split(/[\s,/]+/)
    .filter(Boolean);
  if (!parts || parts.length < 4) return true;
  const alpha = parts[3]!.endsWith('%') ? Number(parts[3]!.slice(0, -1)) / 100 : Number(parts[3]);
  return !(alpha <= 0.02);
}

function clipped(box: Box, alpha: number, draw: Draw, picture = false): Draw {
  const wrapped: Draw = (context) => {
    context.save();
    context.globalAlpha = alpha;
    if (Number.isFinite(box.left)) {
      context.beginPath();
      context.rect(box.left, box.top, box.right - box.left, box.bottom - box.top);
      context.clip();
    }
    draw(context);
    context.restore();
  };
  wrapped.picture = picture;
  return wrapped;
}

/**
 * Whether the page draws WebGL without a GPU, asked of a WebGL canvas it already has (creating a
 * context to ask would itself wait seconds for a busy software renderer). No WebGL canvas: not
 * known, and 2D canvases are read as usual.
 */
function softwareRendering(canvases: readonly HTMLCanvasElement[]): boolean {
  for (const canvas of canvases) {
    // On a canvas that has a context of another kind these return null: nothing is created.
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) continue;
    try {
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      const renderer = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
      return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer);
    } catch {
      return false;
    }
  }
  return false;
}

/** A canvas that cannot be read cheaply: a box with a few diagonal strokes, so it reads as "a picture here". */
function placeholder(rect: DOMRect): Draw {
  return (context) => {
    context.fillStyle = '#10233f';
    context.fillRect(rect.left, rect.top, rect.width, rect.height);
    context.strokeStyle = '#1f3a63';
    context.lineWidth = Math.max(2, rect.width / 120);
    context.beginPath();
    for (let x = -rect.height; x < rect.width; x += rect.width / 8 + 1) {
      context.moveTo(rect.left + Math.max(0, x), rect.top + Math.max(0, -x));
      context.lineTo(
        rect.left + Math.min(rect.width, x + rect.height),
        rect.top + Math.min(rect.height, rect.width - x),
      );
    }
    context.stroke();
  };
}

/** An inline SVG as an image: its computed colours inlined, since page CSS does not follow it. */
async function rasterise(svg: SVGSVGElement, rect: DOMRect): Promise<HTMLImageElement | null> {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...svg.querySelectorAll('*')];
  const copies = [copy, ...copy.querySelectorAll('*')];
  originals.forEach((element, index) => {
    const style = getComputedStyle(element);
    const target = copies[index] as SVGElement | undefined;
    if (!target) return;
    for (const property of [
      'fill',
      'stroke',
      'stroke-width',
      'stroke-dasharray',
      'stroke-linecap',
      'opacity',
      'font-size',
      'font-family',
      'font-weight',
      'text-anchor',
      'dominant-baseline',
    ]) {
      target.style.setProperty(property, style.getPropertyValue(property));
    }
  });
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(rect.width));
  copy.setAttribute('height', String(rect.height));
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(copy)], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    return image;
  } catch {
    return null;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Draws a text node at its lines' places, wrapping its words over them as the page did. */
function textDraw(node: Text, style: CSSStyleDeclaration, clip: Box, alpha: number): Draw | null {
  let text = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
  if (!text) return null;
  if (style.textTransform === 'uppercase') text = text.toUpperCase();
  const range = document.createRange();
  range.selectNodeContents(node);
  const lines = [...range.getClientRects()].filter((rect) => rect.width > 0 && rect.height > 0);
  if (lines.length === 0) return null;
  const font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  return clipped(clip, alpha, (context) => {
    context.font = font;
    context.fillStyle = style.color;
    context.textBaseline = 'middle';
    const words = text.split(' ');
    let next = 0;
    lines.forEach((line, index) => {
      let content: string;
      if (index === lines.length - 1) {
        content = words.slice(next).join(' ');
      } else {
        let end = next + 1;
        while (end < words.length && context.measureText(words.slice(next, end + 1).join(' ')).width <= line.width + 1)
          end++;
        content = words.slice(next, end).join(' ');
        next = end;
      }
      context.fillText(content, line.left, line.top + line.height / 2, Math.max(line.width, 1) * 1.05);
    });
  });
}

/**
 * Where a draw goes in the paint order: compared element by element, a shorter key first when
 * one is the other's start. Each stacking context adds `[z-index, phase, tree order]`; its own
 * box comes first, then negative z, the normal flow (phase 0), positioned boxes in tree order
 * (z 0 or auto, phase 1), then positive z. Document order alone put the night veil over the
 * takeover that is drawn above it (and the identify overlay too): the thumbnail must show what
 * the glass shows.
 */
type PaintKey = number[];
interface Placed {
  key: PaintKey;
  draw: Draw;
}

function comparePaintKeys(a: PaintKey, b: PaintKey): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

const OWN_BOX = -1e9;

function createsStackingContext(style: CSSStyleDeclaration, zIndex: number | null, parentLaysOut: boolean): boolean {
  if (zIndex !== null && (style.position !== 'static' || parentLaysOut)) return true;
  if (style.position === 'fixed' || style.position === 'sticky') return true;
  if (Number(style.opacity || 1) < 1) return true;
  for (const property of ['transform', 'filter', 'translate', 'scale', 'rotate'] as const) {
    const value = style[property];
    if (value && value !== 'none') return true;
  }
  return style.isolation === 'isolate';
}

/** Walks the page and collects its draws in paint order (stacking contexts and z-index, as the browser paints). */
async function collect(root: Element): Promise<Draw[]> {
  const placed: Placed[] = [];
  const pending: Array<Promise<void>> = [];
  const software = softwareRendering(
    [...root.querySelectorAll('canvas')].filter((canvas) => canvas.width > 0 && canvas.height > 0),
  );
  let order = 0;

  const visit = (
    element: Element,
    clip: Box,
    parentAlpha: number,
    context: PaintKey,
    layer: PaintKey,
    parentLaysOut: boolean,
  ): void => {
    if (placed.length > MAX_OPERATIONS) return;
    const style = getComputedStyle(element);
    if (style.display === 'none') return;
    const alpha = parentAlpha * Number(style.opacity || 1);
    if (alpha < 0.02) return;
    const seq = ++order;
    const zIndex = style.zIndex === 'auto' || style.zIndex === '' ? null : Number(style.zIndex) || 0;
    let own: PaintKey;
    let childContext = context;
    let childLayer = layer;
    if (createsStackingContext(style, zIndex, parentLaysOut)) {
      const stacked = [...context, zIndex ?? 0, 1, seq];
      own = [...stacked, OWN_BOX, 0];
      childContext = stacked;
      childLayer = [...stacked, 0, 0];
    } else if (style.position !== 'static') {
      own = [...context, 0, 1, seq];
      childLayer = own;
    } else {
      own = layer;
    }
    const push = (draw: Draw): Placed => {
      const entry = { key: [...own, ++order], draw };
      placed.push(entry);
      return entry;
    };
    const rect = element.getBoundingClientRect();
    const hidden = style.visibility === 'hidden';
    if (!hidden && rect.width > 0 && rect.height > 0) {
      const inside = intersect(clip, rect);
      if (!isEmpty(inside)) {
        if (visibleColour(style.backgroundColor)) {
          push(
            clipped(clip, alpha, (context2d) => {
              context2d.fillStyle = style.backgroundColor;
              context2d.fillRect(rect.left, rect.top, rect.width, rect.height);
            }),
          );
        }
        const border = parseFloat(style.borderTopWidth) || 0;
        if (border > 0 && visibleColour(style.borderTopColor) && style.borderTopStyle !== 'none') {
          push(
            clipped(clip, alpha, (context2d) => {
              context2d.strokeStyle = style.borderTopColor;
              context2d.lineWidth = border;
              context2d.strokeRect(
                rect.left + border / 2,
                rect.top + border / 2,
                rect.width - border,
                rect.height - border,
              );
            }),
          );
        }
        if (element instanceof HTMLCanvasElement && element.width > 0 && element.height > 0) {
          push(
            software
              ? clipped(clip, alpha, placeholder(rect))
              : clipped(
                  clip,
                  alpha,
                  (context2d) => context2d.drawImage(element, rect.left, rect.top, rect.width, rect.height),
                  true,
                ),
          );
        } else if (element instanceof HTMLImageElement && element.complete && element.naturalWidth > 0) {
          push(
            clipped(
              clip,
              alpha,
              (context2d) => context2d.drawImage(element, rect.left, rect.top, rect.width, rect.height),
              true,
            ),
          );
        } else if (element instanceof SVGSVGElement) {
          // Drawn in its place once rasterised: the entry keeps the paint order.
          const entry = push(() => {});
          pending.push(
            rasterise(element, rect).then((image) => {
              if (image)
                entry.draw = clipped(
                  clip,
                  alpha,
                  (context2d) => context2d.drawImage(image, rect.left, rect.top, rect.width, rect.height),
                  true,
                );
            }),
          );
          return;
        }
      }
    }
    const overflowClips =
      style.overflow !== 'visible' || style.overflowX !== 'visible' || style.overflowY !== 'visible';
    const childClip = overflowClips ? intersect(clip, rect) : clip;
    if (isEmpty(childClip)) return;
    const laysOut = /flex|grid/.test(style.display);
    for (const child of element.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        if (hidden) continue;
        const draw = textDraw(child as Text, style, childClip, alpha);
        if (draw) push(draw);
      } else if (child instanceof Element) {
        // A fixed box escapes its ancestors' overflow (none of ours sits under a transform).
        const fixed = getComputedStyle(child).position === 'fixed';
        visit(child, fixed ? clip : childClip, alpha, childContext, childLayer, laysOut);
      }
    }
  };

  visit(root, EVERYWHERE, 1, [], [0, 0], false);
  await Promise.all(pending);
  return placed.sort((a, b) => comparePaintKeys(a.key, b.key)).map((entry) => entry.draw);
}

/**
 * The page, `width` pixels wide (the height follows the viewport), as a JPEG data URL. When a
 * picture would taint the canvas (none of ours does; a basemap from a server without CORS could),
 * the pictures are left out rather than the whole thumbnail.
 */
export async function renderThumbnail(root: Element, width: number, quality = 0.72): Promise<string> {
  const viewWidth = Math.max(1, window.innerWidth);
  const viewHeight = Math.max(1, window.innerHeight);
  const scale = width / viewWidth;
  const draws = await collect(root);
  const paint = (skipPictures: boolean): string => {
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width);
    canvas.height = Math.max(1, Math.round(viewHeight * scale));
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('no 2D canvas');
    context.scale(scale, scale);
    context.fillStyle = getComputedStyle(document.body).backgroundColor || '#000';
    context.fillRect(0, 0, viewWidth, viewHeight);
    for (const draw of draws) if (!(skipPictures && draw.picture)) draw(context);
    return canvas.toDataURL('image/jpeg', quality);
  };
  try {
    return paint(false);
  } catch {
    return paint(true);
  }
}
