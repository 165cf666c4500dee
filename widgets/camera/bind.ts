import type { Camera, CameraOptions } from './options';

export interface CameraInput {
  /** The cameras shown, at most the mosaic's tiles (the first ones of the list). */
  cameras: Camera[];
  /** Tiles per side: 1, 2 or 3. */
  side: 1 | 2 | 3;
}

/** The smallest mosaic that holds `count` cameras. */
export function mosaicFor(count: number): 1 | 4 | 9 {
  return count <= 1 ? 1 : count <= 4 ? 4 : 9;
}

/** Never null: the cameras are in the config, so the mosaic is drawn from the first frame. */
export function bindCamera(_data: unknown, options: CameraOptions): CameraInput {
  const tiles = options.mosaic ?? mosaicFor(options.cameras.length);
  const side = tiles === 1 ? 1 : tiles === 4 ? 2 : 3;
  return { cameras: options.cameras.slice(0, tiles), side };
}
