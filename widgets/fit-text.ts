/**
 * A Svelte action: the largest font size at which the node's content fits the node, found by
 * bisection and redone when the node is resized or its text changes. Used by the takeover, whose
 * text must fill a 7680×2160 wall and still fit a 384×192 LED panel (`grow`), and by the text
 * widget, whose text keeps its configured size unless that would cut it (`grow: false`).
 * It lives in `widgets/`, the lower layer: widgets may not import the display's shell, and the
 * shell may import widgets.
 */
export interface FitTextParams {
  /** Anything that changes with the text: a new key fits again. */
  key: unknown;
  /** Grow up to half the node's height (true), or only shrink below the node's own size. */
  grow?: boolean;
}

export function fitText(
  node: HTMLElement,
  params: FitTextParams,
): { update(params: FitTextParams): void; destroy(): void } {
  const content = node.firstElementChild as HTMLElement | null;
  let grow = params.grow ?? true;
  const fit = () => {
    if (!content) return;
    // The room inside the padding (the takeover's frame is drawn there).
    const style = getComputedStyle(node);
    const width = node.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const height = node.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    const fits = (size: number) => {
      content.style.fontSize = `${size}px`;
      return content.scrollHeight <= height + 1 && content.scrollWidth <= width + 1;
    };
    let low = 6;
    let high = Math.max(low, grow ? height / 2 : parseFloat(style.fontSize) || low);
    if (!grow && fits(high)) {
      content.style.fontSize = '';
      return;
    }
    for (let step = 0; step < 14 && high - low > 0.5; step++) {
      const middle = (low + high) / 2;
      if (fits(middle)) low = middle;
      else high = middle;
    }
    content.style.fontSize = `${Math.floor(low)}px`;
  };
  fit();
  const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(fit) : null;
  observer?.observe(node);
  return {
    update: (next) => {
      grow = next.grow ?? true;
      fit();
    },
    destroy: () => observer?.disconnect(),
  };
}

/**
 * A frame's title may take a second line only when the frame is at least this many title lines
 * tall: the second line is taken from the widget's own room. The browser check uses the same rule.
 */
export const TWO_LINE_TITLE_ROOM = 6;

export interface TitleChoice {
  /** Which of the titles is shown: 0 the whole one, 1 the short one. */
  index: number;
  lines: 1 | 2;
  /** Nothing fits: the title is cut with an ellipsis (and its whole text is its tooltip). */
  cut: boolean;
}

/**
 * Which title a frame shows, in this order: the whole one on one line, the short one on one line,
 * the whole one over two lines where the frame has room, the short one over two; else the
 * shortest, cut.
 */
export function chooseTitle(
  titles: readonly string[],
  fits: (text: string, lines: 1 | 2) => boolean,
  twoLines: boolean,
): TitleChoice {
  if (titles.length === 0) return { index: 0, lines: 1, cut: false };
  // A short title is the dashboard's own choice for a narrow frame: it comes before a second line,
  // which takes height from the widget (a tile's figure).
  for (const [index, text] of titles.entries()) if (fits(text, 1)) return { index, lines: 1, cut: false };
  if (twoLines) for (const [index, text] of titles.entries()) if (fits(text, 2)) return { index, lines: 2, cut: false };
  return { index: Math.max(0, titles.length - 1), lines: twoLines ? 2 : 1, cut: true };
}

export interface FitTitleParams {
  /** The whole title, then its short form if it has one. */
  titles: readonly string[];
  onchoice: (choice: TitleChoice) => void;
}

/**
 * A Svelte action on a frame's heading: measures each title in a hidden copy of the heading (same
 * font, same width) and reports which to show; again when the frame is resized or the fonts load.
 */
export function fitTitle(
  node: HTMLElement,
  params: FitTitleParams,
): { update(params: FitTitleParams): void; destroy(): void } {
  let current = params;
  const frame = node.parentElement?.parentElement ?? node;
  const fit = () => {
    const width = node.clientWidth;
    if (width === 0) return;
    const probe = node.cloneNode(false) as HTMLElement;
    probe.removeAttribute('id');
    probe.setAttribute('aria-hidden', 'true');
    probe.classList.remove('two-lines');
    Object.assign(probe.style, {
      position: 'absolute',
      visibility: 'hidden',
      display: 'block',
      left: '0',
      top: '0',
      width: `${width}px`,
      overflow: 'visible',
      webkitLineClamp: 'none',
    });
    node.parentElement!.appendChild(probe);
    probe.textContent = 'X';
    probe.style.whiteSpace = 'nowrap';
    const line = probe.getBoundingClientRect().height;
    const fits = (text: string, lines: 1 | 2) => {
      probe.textContent = text;
      probe.style.whiteSpace = lines === 1 ? 'nowrap' : 'normal';
      return probe.scrollWidth <= width + 0.5 && probe.getBoundingClientRect().height <= lines * line + 0.5;
    };
    const choice = chooseTitle(current.titles, fits, frame.clientHeight >= TWO_LINE_TITLE_ROOM * line);
    probe.remove();
    current.onchoice(choice);
  };
  fit();
  const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(fit) : null;
  observer?.observe(frame);
  // The heading narrows without its frame changing when the frame's age appears beside it.
  observer?.observe(node);
  void document.fonts?.ready.then(fit);
  return {
    update: (next) => {
      current = next;
      fit();
    },
    destroy: () => observer?.disconnect(),
  };
}
