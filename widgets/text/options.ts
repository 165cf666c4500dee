import Type, { type Static } from 'typebox';

const Line = Type.String({ minLength: 1, maxLength: 600 });

/** Static text from the dashboard (hotlines, a heading, a notice): it reads no topic. */
export const options = Type.Object(
  {
    /** Plain text, never markup; a line break in the YAML starts a new line on screen. */
    text: Type.Object({ vi: Line, en: Line }, { additionalProperties: false }),
    size: Type.Union([Type.Literal('normal'), Type.Literal('large'), Type.Literal('huge')], { default: 'normal' }),
    align: Type.Union([Type.Literal('start'), Type.Literal('center')], { default: 'start' }),
  },
  { additionalProperties: false },
);
export type TextOptions = Static<typeof options>;
