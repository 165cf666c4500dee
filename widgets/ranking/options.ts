import Type, { type Static } from 'typebox';
import { fieldOption, topicOption } from '../shapes';

/**
 * The top or bottom rows of a `Breakdown` (wards, agencies, schools…) at `topic` + `field`:
 * rank, name, value and a bar. "Best" follows the breakdown's own `higherIsBetter`.
 */
export const options = Type.Object(
  {
    topic: topicOption,
    /** The path to a Breakdown in the topic; none when the topic itself is one. */
    field: Type.Optional(fieldOption),
    order: Type.Union([Type.Literal('best'), Type.Literal('worst')], { default: 'best' }),
    /** At most this many rows; fewer when the tile is too short to show them whole. */
    rows: Type.Integer({ minimum: 1, maximum: 15, default: 5 }),
    bars: Type.Boolean({ default: true }),
    /**
     * Thresholds in the breakdown's own sense, as on a tile or the map's `targets`: with both, each
     * value is coloured by the palette of meanings (widgets/meaning.ts), the same as elsewhere.
     */
    good: Type.Optional(Type.Number()),
    bad: Type.Optional(Type.Number()),
  },
  { additionalProperties: false },
);
export type RankingOptions = Static<typeof options>;
