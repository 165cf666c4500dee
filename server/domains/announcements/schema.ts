import Type, { type Static } from 'typebox';

const Text = (max: number) =>
  Type.Object(
    { vi: Type.String({ minLength: 1, maxLength: max }), en: Type.String({ minLength: 1, maxLength: max }) },
    { additionalProperties: false },
  );
const When = Type.Union([
  Type.String({ format: 'date-time', maxLength: 40 }),
  Type.Integer({ minimum: 946_684_800_000 }),
]);
/** A screen id or a group name, as in `config/screens/` (kebab-case). */
const Name = Type.String({ minLength: 1, maxLength: 63, pattern: '^[a-z0-9][a-z0-9-]{0,62}$' });

/** Which screens: ids and groups (profile, audience, named groups). None: every screen. */
const AnnouncementTargets = Type.Object(
  {
    screens: Type.Optional(Type.Array(Name, { maxItems: 200 })),
    groups: Type.Optional(Type.Array(Name, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type AnnouncementTargets = Static<typeof AnnouncementTargets>;

export const Severity = Type.Union([
  Type.Literal('extreme'),
  Type.Literal('severe'),
  Type.Literal('moderate'),
  Type.Literal('minor'),
]);

export const AnnouncementPublished = Type.Object(
  {
    announcementId: Type.String({ minLength: 1, maxLength: 100 }),
    text: Text(500),
    priority: Type.Union([Type.Literal('normal'), Type.Literal('high'), Type.Literal('emergency')]),
    validFrom: Type.Optional(When),
    validTo: Type.Optional(When),
    /** Only for priority `emergency` (a takeover); `severe` when not said. */
    severity: Type.Optional(Severity),
    targets: Type.Optional(AnnouncementTargets),
  },
  { additionalProperties: false },
);
export type AnnouncementPublished = Static<typeof AnnouncementPublished>;

export const AnnouncementWithdrawn = Type.Object(
  { announcementId: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);
export type AnnouncementWithdrawn = Static<typeof AnnouncementWithdrawn>;

export function toMs(value: string | number | undefined, fallback: number | null): number | null {
  if (value === undefined) return fallback;
  return typeof value === 'number' ? value : Date.parse(value);
}
