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
      // Nothing of the body laid out over the title: a figure drawn on its heading reads as neither.
      // The box of the block holding each text, not the text's own line box (a large figure's
      // line box reaches above its block by the font's leading without any ink there).
      const heading = frame.querySelector<HTMLElement>(':scope > header > h2');
      const body = frame.querySelector<HTMLElement>(':scope > .body');
      if (!heading || !body || heading.getClientRects().length === 0) continue;
      const title = heading.getBoundingClientRect();
      const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        let block = node.parentElement;
        if (!node.textContent?.trim() || !block || getComputedStyle(block).visibility === 'hidden') continue;
        while (
          block !== body &&
          block.parentElement &&
          ['inline', 'contents'].includes(getComputedStyle(block).display)
        )
          block = block.parentElement;
        const box = block.getBoundingClientRect();
        const over =
          box.width > 0 &&
          box.bottom > title.top + 1 &&
          box.top < title.bottom - 1 &&
          box.right > title.left + 1 &&
          box.left < title.right - 1;
        if (over) {
          problems.push(`${frame.dataset.widgetId}: "${node.textContent.trim().slice(0, 40)}" lies over its title`);
          break;
        }
      }
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

export interface TextCheck {
  /** The smallest type allowed on this screen, in CSS pixels as shown (after any tile scaling). */
  minFontPx: number;
  /**
   * The box everything must lie in: the viewport, or for a tile of a wall the whole canvas
   * (`.wall`), since a tile lays out the wall and shows only its part.
   */
  bounds?: 'viewport' | 'canvas';
  /**
   * Per widget id, its titles as configured in the shown locale (the whole one, then the short
   * one): a title cut with an ellipsis is a problem when one of them would have fit, on one line,
   * or on two where the frame is at least `twoLineRoom` title lines tall.
   */
  titles?: Record<string, string[]>;
  twoLineRoom?: number;
}

/**
 * Every piece of visible text: inside the screen (or the wall's canvas), not cut off by a box it
 * sits in (overflow hidden without an ellipsis), and no smaller than the profile allows. The ticker's track
 * scrolls past its box by design, and the map draws its own labels: both are left out.
 */
export async function textProblems(page: Page, check: TextCheck): Promise<string[]> {
  return page.evaluate(
    ({ minFontPx, bounds, titles, twoLineRoom }) => {
      const problems: string[] = [];
      const canvas = bounds === 'canvas' ? document.querySelector<HTMLElement>('.wall')!.getBoundingClientRect() : null;
      const limit = canvas ?? { left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight };
      // Tiles are scaled to their window: measure type as it appears.
      const scale = canvas
        ? canvas.width / (document.querySelector<HTMLElement>('.wall')!.offsetWidth || canvas.width)
        : 1;
      const name = (el: Element) => {
        const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
        const frame = el.closest<HTMLElement>('[data-widget-id]')?.dataset.widgetId;
        return `${frame ? `${frame}: ` : ''}"${text}"`;
      };
      // The ticker's line runs past its box by design; the map's canvas labels are its own; the
      // connection banner comes and goes.
      const skip = (el: Element) => el.closest('[data-widget-type="ticker"] .body, .maplibregl-map, [role="status"]');
      const elements = [...document.querySelectorAll<HTMLElement>('body *')].filter((el) =>
        [...el.childNodes].some(
          (node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim().length > 0,
        ),
      );
      /** Per widget, each cut label as it reads on screen → the whole label. */
      const cutLabels = new Map<string, string>();
      /** The letters of a cut label that can be seen before its ellipsis. */
      const visiblePart = (el: HTMLElement): string => {
        const text = el.firstChild?.nodeType === Node.TEXT_NODE ? el.firstChild : null;
        const whole = (el.textContent ?? '').trim();
        if (!text) return whole;
        const right =
          el.getBoundingClientRect().left + el.clientWidth - parseFloat(getComputedStyle(el).fontSize) * 0.8;
        const range = document.createRange();
        let shown = 0;
        for (let i = 1; i <= (text.textContent ?? '').length; i++) {
          range.setStart(text, 0);
          range.setEnd(text, i);
          if (range.getBoundingClientRect().right > right) break;
          shown = i;
        }
        return (text.textContent ?? '').slice(0, shown).trim();
      };
      for (const el of elements) {
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || style.display === 'none' || el.getClientRects().length === 0) continue;
        if (skip(el)) continue;
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        // What can be seen of it: a span cut by its line's ellipsis may run on past the screen unseen.
        const seen = { left: box.left, top: box.top, right: box.right, bottom: box.bottom };
        for (let parent = el.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
          if (parent.classList.contains('viewport') || parent.classList.contains('wall')) break;
          const parentStyle = getComputedStyle(parent);
          if (parentStyle.overflowX === 'visible' && parentStyle.overflowY === 'visible') continue;
          const clip = parent.getBoundingClientRect();
          seen.left = Math.max(seen.left, clip.left);
          seen.top = Math.max(seen.top, clip.top);
          seen.right = Math.min(seen.right, clip.right);
          seen.bottom = Math.min(seen.bottom, clip.bottom);
        }
        if (seen.right <= seen.left || seen.bottom <= seen.top) continue;
        if (
          seen.left < limit.left - 1 ||
          seen.top < limit.top - 1 ||
          seen.right > limit.right + 1 ||
          seen.bottom > limit.bottom + 1
        ) {
          problems.push(`${name(el)} lies outside the ${bounds === 'canvas' ? 'wall' : 'screen'}`);
          continue;
        }
        // An ellipsis is a deliberate, visible cut (a citizen's long title in a table row); a box
        // that hides letters without one is not.
        if (el.scrollWidth > el.clientWidth + 1 && style.overflowX !== 'visible' && style.textOverflow !== 'ellipsis') {
          problems.push(`${name(el)} is cut off (${el.scrollWidth} px of text in ${el.clientWidth} px)`);
        }
        if (el.scrollWidth > el.clientWidth + 1 && style.textOverflow === 'ellipsis') {
          const frame = el.closest<HTMLElement>('[data-widget-id]');
          // A table's rows are citizens' own words: two may well start alike.
          if (frame && frame.dataset.widgetType !== 'table') {
            const seenText = visiblePart(el);
            const key = `${frame.dataset.widgetId}\u0000${seenText}`;
            const full = (el.textContent ?? '').trim();
            const other = cutLabels.get(key);
            if (other !== undefined && other !== full)
              problems.push(`${name(el)} and "${other.slice(0, 40)}" both read "${seenText}…" once cut`);
            cutLabels.set(key, full);
          }
        }
        for (let parent = el.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
          const parentStyle = getComputedStyle(parent);
          if (parentStyle.overflowX === 'visible' && parentStyle.overflowY === 'visible') continue;
          if (parentStyle.textOverflow === 'ellipsis') break;
          const clip = parent.getBoundingClientRect();
          if (parent.classList.contains('viewport') || parent.classList.contains('wall')) break;
          if (
            box.left < clip.left - 1 ||
            box.right > clip.right + 1 ||
            box.top < clip.top - 1 ||
            box.bottom > clip.bottom + 1
          ) {
            problems.push(`${name(el)} is cut off by its box`);
            break;
          }
        }
        const size = parseFloat(style.fontSize) * scale;
        if (size < minFontPx - 0.05)
          problems.push(`${name(el)} is set in ${size.toFixed(1)} px, under ${minFontPx} px`);
      }
      for (const frame of document.querySelectorAll<HTMLElement>('[data-widget-id]')) {
        const heading = frame.querySelector<HTMLElement>(':scope > header > h2');
        const candidates = titles[frame.dataset.widgetId ?? ''];
        if (!heading || !candidates || heading.getClientRects().length === 0) continue;
        const cut = heading.scrollWidth > heading.clientWidth + 1 || heading.scrollHeight > heading.clientHeight + 1;
        if (!cut) continue;
        // A copy of the heading, free to wrap, in the same font and width.
        const probe = document.createElement('div');
        const style = getComputedStyle(heading);
        for (const property of ['font', 'letterSpacing', 'textTransform', 'lineHeight'] as const)
          probe.style[property] = style[property];
        Object.assign(probe.style, { position: 'absolute', visibility: 'hidden', width: `${heading.clientWidth}px` });
        document.body.appendChild(probe);
        probe.textContent = 'X';
        probe.style.whiteSpace = 'nowrap';
        const line = probe.getBoundingClientRect().height;
        const room = frame.clientHeight >= twoLineRoom * line;
        const fitting = candidates.flatMap((text) => {
          probe.textContent = text;
          return ([1, 2] as const)
            .filter((lines) => lines === 1 || room)
            .filter((lines) => {
              probe.style.whiteSpace = lines === 1 ? 'nowrap' : 'normal';
              return (
                probe.scrollWidth <= heading.clientWidth + 1 && probe.getBoundingClientRect().height <= lines * line + 1
              );
            })
            .map((lines) => `"${text}" on ${lines} line${lines === 2 ? 's' : ''}`);
        });
        probe.remove();
        if (fitting.length) problems.push(`${frame.dataset.widgetId}: its title is cut though ${fitting[0]} would fit`);
        else if (candidates.length < 2)
          problems.push(`${frame.dataset.widgetId}: its title "${candidates[0]}" is cut and it has no short title`);
      }
      return problems;
    },
    {
      minFontPx: check.minFontPx,
      bounds: check.bounds ?? 'viewport',
      titles: check.titles ?? {},
      twoLineRoom: check.twoLineRoom ?? Infinity,
    },
  );
}

/** The smallest type of each piece of visible text, for choosing a profile's minimum. */
export async function smallestText(page: Page, count = 8): Promise<string[]> {
  return page.evaluate((count) => {
    const found = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) =>
        [...el.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim()),
      )
      .filter((el) => el.getClientRects().length > 0 && !el.closest('.maplibregl-map'))
      .map((el) => ({
        size: parseFloat(getComputedStyle(el).fontSize),
        text: `${el.closest<HTMLElement>('[data-widget-id]')?.dataset.widgetId ?? ''}:${(el.textContent ?? '').trim().slice(0, 30)}`,
      }))
      .sort((a, b) => a.size - b.size);
    return found.slice(0, count).map((entry) => `${entry.size.toFixed(1)} ${entry.text}`);
  }, count);
}

/** Widgets showing an error in place of their content (an error boundary caught a failure). */
export async function failedWidgets(page: Page): Promise<string[]> {
  return page.$$eval('[data-widget-id]', (frames) =>
    frames
      .filter((frame) => frame.querySelector('.notice.error') || frame.getAttribute('data-state') === 'error')
      .map((frame) => frame.getAttribute('data-widget-id') ?? '?'),
  );
}

/**
 * Waits until the page's fonts are loaded and its widgets' boxes and text hold still between two
 * looks 100 ms apart (a chart fitting its labels, a tile fitting its figure), instead of a fixed
 * pause that a loaded machine can outrun.
 */
export async function steadyLayout(page: Page, timeout = 15_000): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.waitForFunction(
    () => {
      const look = [...document.querySelectorAll<HTMLElement>('[data-widget-id]')]
        .map((el) => {
          const box = el.getBoundingClientRect();
          const body = el.querySelector('.body')?.getBoundingClientRect();
          return `${box.width}x${box.height}/${body?.width ?? 0}x${body?.height ?? 0}/${el.querySelectorAll('*').length}`;
        })
        .join(',');
      const state = window as unknown as { __lastLook?: string };
      const steady = state.__lastLook === look;
      state.__lastLook = look;
      return steady;
    },
    null,
    { polling: 100, timeout },
  );
}

/**
 * Waits until every finite animation and transition on the page has finished (a cross-fade, a
 * takeover's entrance), so a picture or a measurement shows the settled page; endless ones (a
 * spinner, a ticker's crawl) are not waited for.
 */
export async function animationsDone(page: Page, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    () =>
      document
        .getAnimations()
        .every(
          (animation) =>
            animation.playState !== 'running' || animation.effect?.getComputedTiming().endTime === Infinity,
        ),
    null,
    { polling: 100, timeout },
  );
}

/**
 * Ranking names cut to `atMost` characters or fewer ("T…"): each as its whole name and what shows.
 * The characters counted are those drawn wholly inside the label's box, less the one the ellipsis covers.
 */
export async function cutRankingLabels(page: Page, atMost = 3): Promise<string[]> {
  return page.evaluate((atMost) => {
    const cut: string[] = [];
    for (const label of document.querySelectorAll<HTMLElement>('[data-widget-type="ranking"] .label')) {
      const text = label.firstChild;
      if (!(text instanceof Text) || label.scrollWidth <= label.clientWidth + 0.5) continue;
      const right = label.getBoundingClientRect().right;
      const range = document.createRange();
      let shown = 0;
      for (let i = 0; i < text.length; i++) {
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        if (range.getBoundingClientRect().right <= right + 0.5) shown = i + 1;
        else break;
      }
      const visible = Math.max(0, shown - 1);
      if (visible <= atMost) cut.push(`${label.title || text.data} shows "${text.data.slice(0, visible)}…"`);
    }
    return cut;
  }, atMost);
}
