/**
 * The shapes places are drawn as, one per kind (theft, fire, drugs…): the shape tells the kind
 * apart, the colour only says what is meant (a tone of the palette of meanings). Ten shapes that
 * differ in outline, not in a glyph too small to read, so ten kinds of incident read as ten.
 * The same path draws the marker on the map (deck.gl's IconLayer, as a mask it tints) and the
 * swatch in the legend (inline SVG), so the two always match.
 */

/** 24×24 paths, filled; each fills most of its box so that they look the same size. */
export const SHAPE_PATHS = {
  circle: 'M12 2a10 10 0 1 0 0.001 0Z',
  square: 'M3 3h18v18H3Z',
  triangle: 'M12 1.5 23 21.5H1Z',
  diamond: 'M12 1 23 12 12 23 1 12Z',
  star: 'M12 1.2l3.2 7 7.6.8-5.7 5.2 1.6 7.5L12 17.9l-6.7 3.8 1.6-7.5L1.2 9l7.6-.8Z',
  cross: 'M8.5 2h7v6.5H22v7h-6.5V22h-7v-6.5H2v-7h6.5Z',
  hexagon: 'M6.5 2.5h11L23 12l-5.5 9.5h-11L1 12Z',
  invertedTriangle: 'M1 2.5h22L12 22.5Z',
  pentagon: 'M12 1.5 23 9.5 18.8 22H5.2L1 9.5Z',
  x: 'M5 1.5 12 8.5l7-7 3.5 3.5-7 7 7 7-3.5 3.5-7-7-7 7L1.5 19l7-7-7-7Z',
} as const;

export type ShapeName = keyof typeof SHAPE_PATHS;

/** In the order kinds get them: the plainest first. */
export const SHAPE_ORDER: readonly ShapeName[] = [
  'circle',
  'square',
  'triangle',
  'diamond',
  'star',
  'cross',
  'hexagon',
  'invertedTriangle',
  'pentagon',
  'x',
];

/** A white SVG of the shape: deck.gl draws it as a mask and tints it with the marker's colour. */
export function shapeDataUrl(shape: ShapeName): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 24 24"><path d="${SHAPE_PATHS[shape]}" fill="#fff"/></svg>`;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
