import Type, { type Static } from 'typebox';

/**
 * "Cần chú ý ngay / Needs attention": the exceptions now (`exceptions.now`), the worst and the
 * longest-lasting first. Fixed topic: the rules are in `config/exceptions.yaml`, not here.
 */
export const options = Type.Object(
  {
    /** At most this many rows; fewer when the tile is too short to show them whole ("+N more" says so). */
    rows: Type.Integer({ minimum: 1, maximum: 12, default: 6 }),
  },
  { additionalProperties: false },
);
export type AttentionOptions = Static<typeof options>;
