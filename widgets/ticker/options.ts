import Type, { type Static } from 'typebox';

export const options = Type.Object(
  {
    /** Scroll speed in text heights per second: the same reading pace at any screen size. */
    speed: Type.Number({ exclusiveMinimum: 0, maximum: 20, default: 3 }),
    /** Show an active emergency in place of the ticker (in red). */
    showEmergency: Type.Boolean({ default: true }),
    /**
     * Internal screens only: run each alarm of "Needs attention" (`exceptions.alarms`, the alert
     * lane) first, in red, from the moment it starts until it ends.
     */
    showAlarms: Type.Boolean({ default: false }),
  },
  { additionalProperties: false },
);
export type TickerOptions = Static<typeof options>;
