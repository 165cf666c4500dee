import Type, { type Static } from 'typebox';
import { Identifier, LocalizedText, Version } from './common';

/**
 * The kind of physical display: it sets type sizes and motion. `wall` is the control room,
 * `briefing` a meeting-room screen, `led` a public LED panel read from the street.
 */
export const ScreenProfile = Type.Union([Type.Literal('wall'), Type.Literal('briefing'), Type.Literal('led')]);
export type ScreenProfile = Static<typeof ScreenProfile>;

/** `config/screens/<id>.yaml`. */
export const Screen = Type.Object(
  {
    version: Version,
    id: Identifier,
    name: LocalizedText,
    location: Type.Optional(Type.String({ maxLength: 200 })),
    profile: ScreenProfile,
    /** Native resolution in CSS pixels, for the console and the layout checks. */
    resolution: Type.Tuple([Type.Integer({ minimum: 64, maximum: 16_384 }), Type.Integer({ minimum: 32, maximum: 8192 })]),
    audience: Type.Union([Type.Literal('internal'), Type.Literal('public')]),
    dashboard: Identifier,
  },
  { additionalProperties: false, $id: 'screen' },
);
export type Screen = Static<typeof Screen>;
