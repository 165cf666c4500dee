/**
 * A guide (hướng dẫn sử dụng) for one role: sections for the screens that role works on, each a
 * few steps naming the page, what to press and what follows, with a screenshot taken by the
 * browser tests (`e2e/guides.test.ts`). One schema gives the type, the check of every guide
 * (`guides.test.ts`) and the route's JSON Schema. Browser-safe: `typebox` and protocol shapes only.
 */
import Type, { type Static } from 'typebox';
import { LocalizedText } from '../protocol/topics/shared';

/** Whom a guide is for: the six roles of the plan's training and the citizens. */
export const GUIDE_ROLES = [
  'operator',
  'department-officer',
  'ward-officer',
  'approver',
  'leader',
  'admin',
  'citizen',
] as const;
export type GuideRole = (typeof GUIDE_ROLES)[number];

export function isGuideRole(value: string): value is GuideRole {
  return (GUIDE_ROLES as readonly string[]).includes(value);
}

/** A screenshot under `docs/guides/img/`, written there by `e2e/guides.test.ts`. */
const ImageName = Type.String({ pattern: '^[a-z0-9-]+\\.(jpg|png)$' });

const GuideStep = Type.Object(
  {
    title: LocalizedText,
    /** The page the step happens on, as its address (`/entry/hop-thu`). */
    page: Type.String({ pattern: '^/[a-z0-9/#?=._-]*$' }),
    /** What to press or fill in, in the words the page shows. */
    press: LocalizedText,
    /** What happens then, and why it matters. */
    text: LocalizedText,
    image: Type.Optional(ImageName),
  },
  { additionalProperties: false },
);

const GuideSection = Type.Object(
  {
    /** The anchor of `/huong-dan/<role>#<id>`: the "?" of a screen links here. */
    id: Type.String({ pattern: '^[a-z0-9-]+$' }),
    title: LocalizedText,
    intro: LocalizedText,
    steps: Type.Array(GuideStep, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export const Guide = Type.Object(
  {
    role: Type.Enum(GUIDE_ROLES),
    title: LocalizedText,
    /** Who this is for, in one sentence. */
    who: LocalizedText,
    sections: Type.Array(GuideSection, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type Guide = Static<typeof Guide>;
