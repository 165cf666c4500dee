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

/** An https address; a notice's link and image go to citizens' phones, never over plain http. */
const HttpsUrl = Type.String({ minLength: 9, maxLength: 2000, pattern: '^https://[^\\s/?#@]+(?:[/?#][^\\s]*)?$' });
/** A path on this site (`/anh/x.jpg`), not `//host` nor `/\\host` (both another site to a browser). */
const SameSitePath = Type.String({ minLength: 2, maxLength: 500, pattern: '^/(?![/\\\\])[^\\s\\\\]*$' });
/** A unit code of `config/units.yaml` (GSO code); which ones exist is checked at publication. */
const UnitCode = Type.String({ minLength: 1, maxLength: 10, pattern: '^[0-9]{1,10}$' });
/** A notice topic id of `config/app.yaml` (`notices.topics`). */
const TopicId = Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9][a-z0-9-]{0,39}$' });

/** Who may read it: `public` notices are on `/thong-bao`, its Atom feed and the webhooks; `internal` only on screens. */
const NoticeAudience = Type.Union([Type.Literal('public'), Type.Literal('internal')]);

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
    /** Absent in events stored before notices existed: those stay `internal` (screens only). */
    audience: Type.Optional(NoticeAudience),
    /** A heading for the public page and the feed; the text stands alone without it. */
    title: Type.Optional(Text(200)),
    link: Type.Optional(HttpsUrl),
    image: Type.Optional(Type.Union([HttpsUrl, SameSitePath])),
    /** The units it concerns; none: the whole area. */
    wards: Type.Optional(Type.Array(UnitCode, { maxItems: 50 })),
    topic: Type.Optional(TopicId),
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
