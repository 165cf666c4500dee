import { describe, expect, it } from 'vitest';
import { canvasFontPx, tileGeometry, tileScale } from './tile-viewport';

const wall = { columns: 4, rows: 2, tileSize: [1920, 1080] as [number, number], bezel: { x: 0, y: 0 } };

describe('tileGeometry', () => {
  it('makes one 7680×2160 canvas of 4×2 full-HD tiles and finds each tile in it', () => {
    expect(tileGeometry(wall, { column: 1, row: 1 })).toEqual({
      canvasWidth: 7680,
      canvasHeight: 2160,
      offsetX: 0,
      offsetY: 0,
      tileWidth: 1920,
      tileHeight: 1080,
    });
    expect(tileGeometry(wall, { column: 4, row: 2 })).toMatchObject({ offsetX: 5760, offsetY: 1080 });
  });

  it('adds the bezels to the canvas, so the picture runs on behind the frames', () => {
    const framed = { ...wall, bezel: { x: 12, y: 10 } };
    const tile = tileGeometry(framed, { column: 3, row: 2 });
    expect(tile).toMatchObject({
      canvasWidth: 7680 + 3 * 12,
      canvasHeight: 2160 + 10,
      offsetX: 2 * (1920 + 12),
      offsetY: 1080 + 10,
    });
    // The tile to its right starts exactly one tile and one bezel further.
    expect(tileGeometry(framed, { column: 4, row: 2 }).offsetX - tile.offsetX).toBe(1920 + 12);
  });
});

describe('canvas type and scale', () => {
  it('sizes type by the whole wall, as a single screen of that size would be', () => {
    expect(canvasFontPx(1920, 1080)).toBeCloseTo(17.28);
    expect(canvasFontPx(7680, 2160)).toBeCloseTo(34.56);
  });

  it('fits a tile whose window is not the configured size', () => {
    const geometry = tileGeometry(wall, { column: 1, row: 1 });
    expect(tileScale(1920, 1080, geometry)).toBe(1);
    expect(tileScale(1280, 720, geometry)).toBeCloseTo(2 / 3);
    expect(tileScale(3840, 2400, geometry)).toBe(2);
  });
});
