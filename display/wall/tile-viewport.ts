/**
 * A tile of a video wall: its browser lays out the whole canvas (all tiles and the bezels between
 * them) and shows only its own part, so every tile draws the same layout and the picture runs on
 * across the frames. Pure geometry, tested without a browser.
 */
import type { TilePosition, VideoWall } from '../../config/schema/screen';

export interface TileGeometry {
  /** The whole wall in CSS pixels, bezels included. */
  canvasWidth: number;
  canvasHeight: number;
  /** Where this tile's part starts on the canvas. */
  offsetX: number;
  offsetY: number;
  tileWidth: number;
  tileHeight: number;
}

export function tileGeometry(
  wall: Pick<VideoWall, 'columns' | 'rows' | 'tileSize' | 'bezel'>,
  tile: Pick<TilePosition, 'column' | 'row'>,
): TileGeometry {
  const [tileWidth, tileHeight] = wall.tileSize;
  const { x: bezelX, y: bezelY } = wall.bezel;
  // The bezel is a strip of the picture hidden behind the frames: it belongs to the canvas.
  return {
    canvasWidth: wall.columns * tileWidth + (wall.columns - 1) * bezelX,
    canvasHeight: wall.rows * tileHeight + (wall.rows - 1) * bezelY,
    offsetX: (tile.column - 1) * (tileWidth + bezelX),
    offsetY: (tile.row - 1) * (tileHeight + bezelY),
    tileWidth,
    tileHeight,
  };
}

/**
 * The root font size of a canvas, the rule `theme.css` applies to a single screen (0.9 vw, 1.6 vh,
 * the smaller): a tile sizes its type by the whole wall, not by its own viewport.
 */
export function canvasFontPx(canvasWidth: number, canvasHeight: number): number {
  return Math.min(canvasWidth * 0.009, canvasHeight * 0.016);
}

/** A tile whose browser window is not exactly the configured size (scaling, a wrong mode) still fits. */
export function tileScale(viewportWidth: number, viewportHeight: number, geometry: TileGeometry): number {
  return Math.min(viewportWidth / geometry.tileWidth, viewportHeight / geometry.tileHeight);
}
