import Type, { type Static } from 'typebox';
import { Identifier, LocalizedText, Version } from './common';

/** A time of day in the city's time zone, `HH:MM` (24 h). */
const TimeOfDay = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, city time' });

export const Weekday = Type.Union([
  Type.Literal('mon'),
  Type.Literal('tue'),
  Type.Literal('wed'),
  Type.Literal('thu'),
  Type.Literal('fri'),
  Type.Literal('sat'),
  Type.Literal('sun'),
]);
export type Weekday = Static<typeof Weekday>;

/**
 * When an item may play, in city time: from `from` (included) to `to` (excluded); `to` before
 * `from` runs over midnight (22:00–06:00). `days` limits it to some days of the week (the day the
 * clock shows at that moment).
 */
const Daypart = Type.Object(
  {
    from: TimeOfDay,
    to: TimeOfDay,
    days: Type.Optional(Type.Array(Weekday, { minItems: 1, maxItems: 7, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type Daypart = Static<typeof Daypart>;

/**
 * Values a dashboard reads through `{{name}}` placeholders in its title, its widgets' titles and
 * their text options: one dashboard shown for each ward (or each KPI) in turn.
 */
const PlaylistVariables = Type.Record(
  Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]{0,31}$' }),
  Type.String({ maxLength: 200 }),
  { maxProperties: 16 },
);
export type PlaylistVariables = Static<typeof PlaylistVariables>;

export const PlaylistItem = Type.Object(
  {
    dashboard: Identifier,
    /** How long the item stays, in seconds. */
    duration: Type.Integer({ minimum: 5, maximum: 86_400 }),
    daypart: Type.Optional(Daypart),
    variables: Type.Optional(PlaylistVariables),
  },
  { additionalProperties: false },
);
export type PlaylistItem = Static<typeof PlaylistItem>;

/**
 * `config/playlists/<id>.yaml`: dashboards in turn. Every screen showing a playlist computes the
 * current item from the server's clock alone, so the tiles of a wall change together.
 */
export const Playlist = Type.Object(
  {
    version: Version,
    id: Identifier,
    name: LocalizedText,
    items: Type.Array(PlaylistItem, { minItems: 1, maxItems: 100 }),
    /** Shown when no item's daypart holds (e.g. at night); the first item when absent. */
    fallback: Type.Optional(
      Type.Object(
        { dashboard: Identifier, variables: Type.Optional(PlaylistVariables) },
        { additionalProperties: false },
      ),
    ),
    /**
     * `fade`: a cross-fade of `transitionMs`; `cut`: the next item at once. LED panels always cut,
     * since a fade on an LED panel is slow and smears.
     */
    transition: Type.Union([Type.Literal('fade'), Type.Literal('cut')], { default: 'fade' }),
    transitionMs: Type.Integer({ minimum: 0, maximum: 5000, default: 800 }),
  },
  { additionalProperties: false, $id: 'playlist' },
);
export type Playlist = Static<typeof Playlist>;
