import Type, { type Static } from 'typebox';

const Text = (max: number) =>
  Type.Object(
    { vi: Type.String({ minLength: 1, maxLength: max }), en: Type.String({ minLength: 1, maxLength: max }) },
    { additionalProperties: false },
  );
const When = Type.Union([Type.String({ format: 'date-time', maxLength: 40 }), Type.Integer({ minimum: 946_684_800_000 })]);

export const AnnouncementPublished = Type.Object(
  {
    announcementId: Type.String({ minLength: 1, maxLength: 100 }),
    text: Text(500),
    priority: Type.Union([Type.Literal('normal'), Type.Literal('high'), Type.Literal('emergency')]),
    validFrom: Type.Optional(When),
    validTo: Type.Optional(When),
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
