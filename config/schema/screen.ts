import Type, { type Static } from 'typebox';
import { Identifier, LocalizedText, Version } from './common';

/**
 * The kind of physical display: it sets type sizes and motion.
 * - `wall`: the control room, one screen or a tile of a tiled video wall;
 * - `4k`, `1080p`: single screens of that size in offices and halls;
 * - `briefing`: a meeting-room screen read from the table;
 * - `led`: a public LED panel read from the street (no needless motion, cuts instead of fades).
 */
export const ScreenProfile = Type.Union([
  Type.Literal('wall'),
  Type.Literal('4k'),
  Type.Literal('1080p'),
  Type.Literal('briefing'),
  Type.Literal('led'),
]);
export type ScreenProfile = Static<typeof ScreenProfile>;

/**
 * What the glass physically is, for what must be read or scanned from a distance (the QR code on
 * an LED panel): the distance between two LEDs' centres, and how far the people it is meant for
 * stand. One CSS pixel is one LED on a panel (its `resolution` is the controller's).
 */
export const PhysicalSize = Type.Object(
  {
    pixelPitchMm: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
    viewingDistanceM: Type.Number({ exclusiveMinimum: 0, maximum: 500 }),
  },
  { additionalProperties: false },
);
export type PhysicalSize = Static<typeof PhysicalSize>;

/**
 * When a screen does not say: an outdoor LED panel of the common P6 class (6 mm pitch), read by
 * someone on the pavement 5 m away. Indoor screens have no default: nothing on them is sized for a
 * distance.
 */
const PHYSICAL_DEFAULTS: Partial<Record<ScreenProfile, PhysicalSize>> = {
  led: { pixelPitchMm: 6, viewingDistanceM: 5 },
};

export function physicalSizeOf(screen: Pick<Screen, 'profile' | 'physical'>): PhysicalSize | null {
  return screen.physical ?? PHYSICAL_DEFAULTS[screen.profile] ?? null;
}

/** Where a screen sits in a tiled wall: 1-based column and row of `config/walls/<wall>.yaml`. */
export const TilePosition = Type.Object(
  {
    wall: Identifier,
    column: Type.Integer({ minimum: 1, maximum: 16 }),
    row: Type.Integer({ minimum: 1, maximum: 16 }),
  },
  { additionalProperties: false },
);
export type TilePosition = Static<typeof TilePosition>;

/**
 * What a screen shows and how: the part an operator may change from the console (and that a
 * pairing sets). A screen shows either one `dashboard` or a `playlist`, never both.
 */
const ScreenAssignment = {
  profile: ScreenProfile,
  /** Groups the console acts on together ("all public panels", "the IOC room"). */
  groups: Type.Array(Identifier, { maxItems: 16, uniqueItems: true, default: [] }),
  dashboard: Type.Optional(Identifier),
  playlist: Type.Optional(Identifier),
};

/** `config/screens/<id>.yaml`, and the screens paired through the console (kept in the store). */
export const Screen = Type.Object(
  {
    version: Version,
    id: Identifier,
    name: LocalizedText,
    location: Type.Optional(Type.String({ maxLength: 200 })),
    ...ScreenAssignment,
    /** Native resolution in CSS pixels, for the console and the layout checks. */
    resolution: Type.Tuple([
      Type.Integer({ minimum: 64, maximum: 16_384 }),
      Type.Integer({ minimum: 32, maximum: 8192 }),
    ]),
    audience: Type.Union([Type.Literal('internal'), Type.Literal('public')]),
    /** Pitch and viewing distance; LED panels have a default (`physicalSizeOf`). */
    physical: Type.Optional(PhysicalSize),
    /** When the screen is one tile of a tiled wall. */
    tile: Type.Optional(TilePosition),
  },
  { additionalProperties: false, $id: 'screen' },
);
export type Screen = Static<typeof Screen>;

/**
 * `config/walls/<id>.yaml`: several screens side by side forming one canvas. Each tile's browser
 * draws the whole canvas and shows its own part; `bezel` is the width in pixels hidden behind the
 * frames between two tiles, so that a line crossing a bezel stays straight.
 */
export const VideoWall = Type.Object(
  {
    version: Version,
    id: Identifier,
    name: LocalizedText,
    columns: Type.Integer({ minimum: 1, maximum: 16 }),
    rows: Type.Integer({ minimum: 1, maximum: 16 }),
    /** Size of one tile in CSS pixels. */
    tileSize: Type.Tuple([Type.Integer({ minimum: 64, maximum: 8192 }), Type.Integer({ minimum: 32, maximum: 8192 })]),
    bezel: Type.Object(
      {
        x: Type.Integer({ minimum: 0, maximum: 200, default: 0 }),
        y: Type.Integer({ minimum: 0, maximum: 200, default: 0 }),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false, $id: 'wall' },
);
export type VideoWall = Static<typeof VideoWall>;
