import Type, { type Static } from 'typebox';

/** The city's time (from config, never the browser's), for screens without a header. */
export const options = Type.Object(
  {
    seconds: Type.Boolean({ default: true }),
    date: Type.Boolean({ default: true }),
  },
  { additionalProperties: false },
);
export type ClockOptions = Static<typeof options>;
