/** Checks on a rendered screen that every browser test shares. */
import type { Page } from 'playwright-core';

/** Scrolling, widgets outside the viewport, collapsed widgets: each as a sentence. */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.scrollingElement!;
    if (root.scrollHeight > window.innerHeight || root.scrollWidth > window.innerWidth) problems.push('page scrolls');
    for (const frame of document.querySelectorAll<HTMLElement>('[data-widget-id]')) {
      const box = frame.getBoundingClientRect();
      if (box.left < 0 || box.top < 0 || box.right > window.innerWidth + 0.5 || box.bottom > window.innerHeight + 0.5) {
        problems.push(`${frame.dataset.widgetId} lies outside the screen`);
      }
      if (box.width < 20 || box.height < 20) problems.push(`${frame.dataset.widgetId} is collapsed`);
    }
    return problems;
  });
}

/** Widgets that show nothing: no drawing and no text besides their title. */
export async function emptyWidgets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-widget-id]')]
      .filter((frame) => {
        if (frame.querySelector('canvas, svg')) return false;
        const title = frame.querySelector('h2')?.innerText ?? '';
        return frame.innerText.replace(title, '').trim().length === 0;
      })
      .map((frame) => frame.dataset.widgetId ?? '?'),
  );
}
