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
 * Keeps, in the order given, each candidate whose box overlaps none kept before it. A candidate
 * without a box (off the map) is left out. Returns the kept candidates in their order.
 */
export function placeLabels<T>(candidates: readonly T[], boxOf: (candidate: T) => LabelBox | null, marginPx = 2): T[] {
  const kept: T[] = [];
  const boxes: LabelBox[] = [];
  for (const candidate of candidates) {
    const box = boxOf(candidate);
    if (!box || boxes.some((other) => overlaps(box, other, marginPx))) continue;
    kept.push(candidate);
    boxes.push(box);
  }
  return kept;
}
