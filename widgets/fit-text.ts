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
