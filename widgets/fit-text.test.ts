import { describe, expect, it } from 'vitest';
import { chooseTitle } from './fit-text';

/** A heading `width` letters wide: a text fits on n lines if its words, wrapped, take n lines or fewer. */
const fitsIn = (width: number) => (text: string, lines: 1 | 2) => {
  let used = 0;
  let line = 1;
  for (const word of text.split(' ')) {
    if (word.length > width) return false;
    if (used === 0) used = word.length;
    else if (used + 1 + word.length <= width) used += 1 + word.length;
    else {
      line++;
      used = word.length;
    }
  }
  return line <= lines;
};

describe('chooseTitle', () => {
  const titles = ['Thu ngân sách lũy kế', 'Thu NS lũy kế'];

  it('keeps the whole title on one line when it fits', () => {
    expect(chooseTitle(titles, fitsIn(30), true)).toEqual({ index: 0, lines: 1, cut: false });
  });

  it('prefers the short title on one line to a second line, which takes height from the widget', () => {
    expect(chooseTitle(titles, fitsIn(14), true)).toEqual({ index: 1, lines: 1, cut: false });
  });

  it('gives the whole title a second line where the frame has room and no short title fits', () => {
    expect(chooseTitle(titles, fitsIn(11), true)).toEqual({ index: 0, lines: 2, cut: false });
    expect(chooseTitle(['Thu ngân sách lũy kế'], fitsIn(14), true)).toEqual({ index: 0, lines: 2, cut: false });
  });

  it('shows the short title on one line when there is no room for two', () => {
    expect(chooseTitle(titles, fitsIn(14), false)).toEqual({ index: 1, lines: 1, cut: false });
  });

  it('cuts the shortest only when nothing fits, and a lone title stays itself', () => {
    expect(chooseTitle(titles, fitsIn(4), true)).toEqual({ index: 1, lines: 2, cut: true });
    expect(chooseTitle(['Thu ngân sách lũy kế'], fitsIn(10), false)).toEqual({ index: 0, lines: 1, cut: true });
    expect(chooseTitle([], fitsIn(10), true)).toEqual({ index: 0, lines: 1, cut: false });
  });
});
