import { afterEach, describe, expect, it } from 'vitest';
import { checkTakeoverVisible } from './takeover-visibility';

/** A page with a takeover (and its Vietnamese line) and whatever else the test adds. */
function page(extra = ''): { takeover: HTMLElement; text: HTMLElement } {
  document.body.innerHTML = `
    <div class="viewport" id="viewport">
      <div class="takeover" data-takeover="t1" style="position: fixed; inset: 0; background: rgb(163, 0, 0)">
        <div class="content"><p class="vi" lang="vi">Lũ quét</p><p class="en" lang="en">Flash flood</p></div>
      </div>
    </div>
    ${extra}`;
  return { takeover: document.querySelector('[data-takeover]')!, text: document.querySelector('[lang="vi"]')! };
}

const byId = (id: string) => document.getElementById(id)!;
/** The hit-test stack, topmost first, as `elementsFromPoint` gives it (the same at every point here). */
const stack = (...elements: Element[]) => ({
  elementsAt: () => [...elements, document.body, document.documentElement],
});

afterEach(() => {
  document.body.innerHTML = '';
});

describe('checkTakeoverVisible', () => {
  it('is visible when the takeover is what is on top at the centre, at full brightness', () => {
    const { takeover, text } = page();
    expect(
      checkTakeoverVisible(document, 't1', stack(text, takeover.firstElementChild!, takeover, byId('viewport'))),
    ).toEqual({ visible: true });
  });

  it('names the night schedule’s blank and dim veils above it', () => {
    const blank = page(
      '<div id="veil" data-care-mode="blank" style="position: fixed; inset: 0; background: rgb(0, 0, 0); opacity: 1"></div>',
    );
    const blankResult = checkTakeoverVisible(document, 't1', stack(byId('veil'), blank.takeover));
    expect(blankResult).toEqual({
      visible: false,
      reason: { vi: 'bị lớp tắt màn hình theo lịch đêm che', en: 'covered by the night schedule’s blank' },
    });

    const dim = page(
      '<div id="veil" data-care-mode="night" style="position: fixed; inset: 0; background: rgb(0, 0, 0); opacity: 0.3"></div>',
    );
    const dimResult = checkTakeoverVisible(document, 't1', stack(byId('veil'), dim.takeover));
    expect(dimResult.visible).toBe(false);
    expect(dimResult.visible === false && dimResult.reason).toEqual({
      vi: 'bị lớp giảm sáng theo lịch đêm che (độ sáng 70 %)',
      en: 'dimmed by the night schedule (70 % brightness)',
    });
  });

  it('names an operator’s blank or dim and the identify overlay above it', () => {
    const { takeover } = page(`
      <div id="mode" data-display-mode="blank" style="background: rgb(0, 0, 0)"></div>
      <div id="identify" data-identify="3" style="background: rgba(0, 0, 0, 0.78)"><div id="number">3</div></div>`);
    const reason = (top: Element) => {
      const result = checkTakeoverVisible(document, 't1', stack(top, takeover));
      return result.visible ? null : result.reason.en;
    };
    expect(reason(byId('mode'))).toBe('covered by an operator’s blank');
    byId('mode').setAttribute('data-display-mode', 'dim');
    expect(reason(byId('mode'))).toBe('dimmed by an operator’s dim');
    expect(reason(byId('number'))).toBe('covered by the identify overlay');
  });

  it('names anything else above it, and ignores what paints nothing there', () => {
    const { takeover } = page(`
      <div id="cover" class="bubble update" style="background: rgb(255, 255, 255)"></div>
      <div id="empty" style="background: transparent"></div>
      <div id="faded" style="background: rgb(255, 255, 255); opacity: 0"></div>`);
    expect(checkTakeoverVisible(document, 't1', stack(byId('empty'), byId('faded'), takeover))).toEqual({
      visible: true,
    });
    expect(checkTakeoverVisible(document, 't1', stack(byId('empty'), byId('cover'), takeover))).toEqual({
      visible: false,
      reason: { vi: 'bị phần tử khác che (div.bubble.update)', en: 'covered by another element (div.bubble.update)' },
    });
    // At night the page root says so too: that does not make any cover the night veil.
    document.documentElement.dataset.careMode = 'blank';
    const atNight = checkTakeoverVisible(document, 't1', stack(byId('cover'), takeover));
    delete document.documentElement.dataset.careMode;
    expect(atNight.visible === false && atNight.reason.en).toBe('covered by another element (div.bubble.update)');
  });

  it('is not visible when an ancestor fades or filters it, or it is hidden', () => {
    const { takeover } = page();
    const top = stack(takeover);
    byId('viewport').style.opacity = '0.7';
    const faded = checkTakeoverVisible(document, 't1', top);
    expect(faded.visible === false && faded.reason.en).toBe('the takeover is faded (opacity 70 %)');
    byId('viewport').style.opacity = '';
    document.body.style.filter = 'brightness(0.7)';
    const filtered = checkTakeoverVisible(document, 't1', top);
    expect(filtered.visible === false && filtered.reason.en).toMatch(/^a filter dims the takeover/);
    document.body.style.filter = '';
    takeover.style.visibility = 'hidden';
    expect(checkTakeoverVisible(document, 't1', top).visible).toBe(false);
  });

  it('is not visible when the takeover is not drawn, or not at the centre', () => {
    page();
    expect(checkTakeoverVisible(document, 'other', stack()).visible).toBe(false);
    const result = checkTakeoverVisible(document, 't1', stack(byId('viewport')));
    expect(result.visible === false && result.reason.en).toBe('the takeover is not at the centre of the screen');
  });
});
