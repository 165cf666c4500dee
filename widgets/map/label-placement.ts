/**
 * Which names the map draws: a name that would overlap one already placed is left out, most
 * important first (ward names, then the places that matter most, then landmarks). On a wall a
 * heap of names over each other reads as nothing; fewer names, each legible, read from the room.
 *
 * Done here on the main thread with the map's own projection rather than on the GPU (deck.gl's
 * collision filter): the choice is a pure function, tested, and the same on every screen.
 */

export interface LabelBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** An average bold letter is about 0.62 of the type size wide; a line is 1.2 high. */
const LETTER_EM = 0.62;
const LINE_EM = 1.2;

/**
 * The screen box of a name at `x, y` (pixels) in type of `sizePx`: centred on the point, or
 * starting `belowPx` under it (names set under their symbol).
 */
export function labelBox(
  text: string,
  x: number,
  y: number,
  sizePx: number,
  placement: { belowPx: number } | 'centred',
): LabelBox {
  const width = text.length * LETTER_EM * sizePx;
  const height = LINE_EM * sizePx;
  const top = placement === 'centred' ? y - height / 2 : y + placement.belowPx;
  return { left: x - width / 2, top, right: x + width / 2, bottom: top + height };
}

function overlaps(a: LabelBox, b: LabelBox, marginPx: number): boolean {
  return (
    a.left < b.right + marginPx &&
    b.left < a.right + marginPx &&
    a.top < b.bottom + marginPx &&
    b.top < a.bottom + marginPx
  );
}

/**
 * Keeps, in the order given, each candidate whose box overlaps none kept before it and none of
 * the `taken` boxes (names already set, markers). A candidate without a box (off the map) is left
 * out. Returns the kept candidates in their order.
 */
export function placeLabels<T>(
  candidates: readonly T[],
  boxOf: (candidate: T) => LabelBox | null,
  marginPx = 2,
  taken: readonly LabelBox[] = [],
): T[] {
  const kept: T[] = [];
  const boxes: LabelBox[] = [...taken];
  for (const candidate of candidates) {
    const box = boxOf(candidate);
    if (!box || boxes.some((other) => overlaps(box, other, marginPx))) continue;
    kept.push(candidate);
    boxes.push(box);
  }
  return kept;
}

/** Moves a box down (positive) or up by `dy` pixels. */
const shifted = (box: LabelBox, dy: number): LabelBox => ({ ...box, top: box.top + dy, bottom: box.bottom + dy });

/**
 * Names that must all be shown (every ward and commune): none is left out. One that would cover
 * a name set before it moves up or down, by half a line at a time up to two lines, to the first
 * place where it covers none; if there is none, it stays where it is. Returns each name's
 * vertical shift in pixels, in the order given.
 */
export function placeRequiredLabels(boxes: readonly LabelBox[], marginPx = 2): number[] {
  const set: LabelBox[] = [];
  return boxes.map((box) => {
    const line = box.bottom - box.top;
    const tries = [0, 0.5, -0.5, 1, -1, 1.5, -1.5, 2, -2].map((lines) => lines * line);
    const shift = tries.find((dy) => !set.some((other) => overlaps(shifted(box, dy), other, marginPx))) ?? 0;
    set.push(shifted(box, shift));
    return shift;
  });
}

/** The square a round marker of `radiusPx` covers at `x, y`. */
export function markerBox(x: number, y: number, radiusPx: number): LabelBox {
  return { left: x - radiusPx, top: y - radiusPx, right: x + radiusPx, bottom: y + radiusPx };
}

/**
 * Where a marker goes so that it sits on no name: where it is when it covers none, else just
 * above or just below the name it covers (the nearer side), again until it is clear. Names win:
 * a marker moved this way is a few pixels off its true place, a name under a marker is unread.
 */
export function clearOfLabels(
  x: number,
  y: number,
  radiusPx: number,
  labels: readonly LabelBox[],
  marginPx = 2,
): { x: number; y: number } {
  let at = y;
  // The side chosen at the first name is kept: going back would land on that name again.
  let direction: 'up' | 'down' | null = null;
  // Each step clears one name; a marker between two stacked names needs at most a few.
  for (let step = 0; step <= labels.length; step++) {
    const covered = labels.find((box) => overlaps(markerBox(x, at, radiusPx), box, marginPx));
    if (!covered) return { x, y: at };
    const up = covered.top - marginPx - radiusPx - 1;
    const down = covered.bottom + marginPx + radiusPx + 1;
    direction ??= at - up <= down - at ? 'up' : 'down';
    at = direction === 'up' ? up : down;
  }
  return { x, y: at };
}
