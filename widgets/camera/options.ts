import Type, { type Static } from 'typebox';

const Name = Type.String({ minLength: 1, maxLength: 60 });
/** An absolute http(s) address, or a path on this server (behind the same proxy). */
const StreamUrl = Type.String({ pattern: '^(https?://[^\\s]+|/[^\\s]*)$', maxLength: 1000 });
const common = {
  /** Stable within the placement: the tile keeps its state across a config reload. */
  id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }),
  name: Type.Object({ vi: Name, en: Name }, { additionalProperties: false }),
};

/**
 * One camera: an HLS stream (`.m3u8`), with an MJPEG address as a fallback for a browser that can
 * play no HLS; or an MJPEG stream alone (an older camera).
 */
export const Camera = Type.Union([
  Type.Object(
    { ...common, hls: StreamUrl, mjpeg: Type.Optional(StreamUrl) },
    { additionalProperties: false, title: 'HLS camera' },
  ),
  Type.Object({ ...common, mjpeg: StreamUrl }, { additionalProperties: false, title: 'MJPEG camera' }),
]);
export type Camera = Static<typeof Camera>;

/**
 * Live camera streams as a mosaic of 1, 4 or 9 tiles, each with its name, and "Mất tín hiệu / No
 * signal" since when a stream stops; the streams start after the rest of the screen and retry
 * with a growing wait. Never on an LED panel (the config check refuses it there).
 */
export const options = Type.Object(
  {
    cameras: Type.Array(Camera, { minItems: 1, maxItems: 9 }),
    /** Tiles: 1, 4 (2×2) or 9 (3×3); unset, the smallest that holds every camera. */
    mosaic: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(4), Type.Literal(9)])),
    /** A stream whose picture has not moved this long is shown as lost (and retried). */
    stallSeconds: Type.Integer({ minimum: 2, maximum: 120, default: 8 }),
    /** The longest wait between two attempts to reach a lost camera (the first is 2 s, then doubling). */
    maxRetrySeconds: Type.Integer({ minimum: 2, maximum: 600, default: 60 }),
  },
  { additionalProperties: false },
);
export type CameraOptions = Static<typeof options>;
