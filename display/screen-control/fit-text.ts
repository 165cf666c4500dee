/**
 * A Svelte action: the largest font size at which the node's content fits the node, found by
 * bisection and redone when the node is resized or its text changes. Used by the takeover, whose
 * text must fill a 7680×2160 wall and still fit a 384×192 LED panel.
 */
export function fitText(node: HTMLElement, key: unknown): { update(key: unknown): void; destroy(): void } {
  const content = node.firstElementChild as HTMLElement | null;
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
    let high = Math.max(low, height / 2);
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
    update: fit,
    destroy: () => observer?.disconnect(),
  };
}
