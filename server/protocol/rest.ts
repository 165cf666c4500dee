/**
 * The shapes of the HTTP API's answers that clients read (the console, feeds): one TypeBox schema
 * per thing. The routes declare them as response schemas (so they appear in
 * `/api/v1/openapi.json` and the compiler checks each handler against them) and the display
 * imports their types (`import type`, so no run-time code reaches the browser bundle).
 */
import Type, { type Static } from 'typebox';
import { LocalizedText } from '../../config/schema/common';
import { PERMISSIONS, ROLES } from '../access/roles';
import { SCOPE_ROLES } from '../access/scope-roles';

/** The name of the error body among the document's shared schemas. */
export const ERROR_BODY_ID = 'ErrorBody';

/** Every error a client can cause or meet, in both languages, naming the field when there is one. */
export const ErrorBody = Type.Object(
  {
    statusCode: Type.Integer({ minimum: 400, maximum: 599 }),
    error: Type.String({ description: 'The HTTP reason phrase, e.g. `Bad Request`' }),
    message: Type.String({ description: 'English; starts with the field when there is one (`events[0].data.lat: …`)' }),
    messageVi: Type.String({ description: 'Vietnamese' }),
    field: Type.Union([Type.String(), Type.Null()], {
      description: 'The field at fault (`events[2].data.status`), or null',
    }),
  },
  {
    $id: ERROR_BODY_ID,
    additionalProperties: true,
    description: 'An error answer (some add detail, such as `problems`)',
  },
);
export type ErrorBody = Static<typeof ErrorBody>;

/** Done. */
export const Ok = Type.Object({ ok: Type.Boolean({ description: 'Always true' }) });

const Role = Type.Enum(ROLES);
const Permission = Type.Enum(PERMISSIONS);

/** One unit a person may act for, and in which role: what `PATCH /api/v1/users/:id` takes as `scopes`. */
export const UserScope = Type.Object(
  {
    role: Type.Enum(SCOPE_ROLES, {
      description:
        "entry: enter and submit figures (and field notes in a ward); approver: approve figures; handler: work a department's inbox",
    }),
    unit: Type.String({
      minLength: 1,
      maxLength: 64,
      description:
        'An administrative unit\'s code ("05986") or a department\'s id ("phong-kinh-te"), from config/units.yaml',
    }),
  },
  { additionalProperties: false },
);
export type UserScope = Static<typeof UserScope>;

/** A scope as the signed-in person sees it: with the unit's name, to pick one after one sign-in. */
export const NamedScope = Type.Object({
  role: Type.Enum(SCOPE_ROLES),
  unit: Type.String(),
  unitName: Type.String({
    description: 'Vietnamese, e.g. "Phường Tam Thanh"; the bare id when the config does not name the unit',
  }),
  unitNameEn: Type.String({ description: 'English, e.g. "Tam Thanh Ward"' }),
});
export type NamedScope = Static<typeof NamedScope>;

export const UserView = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  role: Role,
  mustChangePassword: Type.Boolean(),
  scopes: Type.Array(UserScope, { description: 'The units this person may act for, beside the base role' }),
});
export type UserView = Static<typeof UserView>;

/** An account in the administrators' list: disabled ones too, so that they can be enabled again. */
export const AccountView = Type.Object({
  ...UserView.properties,
  disabled: Type.Boolean({ description: 'Disabled: cannot sign in; PATCH `disabled: false` enables it again' }),
});
export type AccountView = Static<typeof AccountView>;

/** A unit a scope may name today, for the administrators' unit picker. */
export const ScopeUnit = Type.Object({
  unit: Type.String({ description: "An administrative unit's code or a department's id" }),
  name: Type.String(),
  nameEn: Type.String(),
  kind: Type.String({ description: "`department`, or the administrative unit's kind (`ward`, `commune`, `province`)" }),
});
export type ScopeUnit = Static<typeof ScopeUnit>;

/** `POST /api/v1/auth/login` and `GET /api/v1/auth/me`: who is signed in, and the CSRF token to send back. */
export const Me = Type.Object({
  user: UserView,
  csrfToken: Type.String({ description: 'Send it as `x-csrf-token` on every request that changes something' }),
  permissions: Type.Array(Permission),
  roles: Type.Optional(Type.Array(Role)),
  scopes: Type.Array(NamedScope, {
    description: 'The units this person may act for, with their names (the entry pages let them pick one)',
  }),
});
export type Me = Static<typeof Me>;

/** A feed key as listed (never its secret). */
export const ApiKeyView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  scopes: Type.Array(Type.String(), { description: 'The domains it may post to' }),
  createdAt: Type.Number(),
  createdBy: Type.String(),
  lastUsedAt: Type.Union([Type.Number(), Type.Null()]),
  revokedAt: Type.Union([Type.Number(), Type.Null()]),
});
export type ApiKeyView = Static<typeof ApiKeyView>;

/** A screen token as listed (never its secret). */
export const ScreenTokenView = Type.Object({
  id: Type.Integer(),
  screenId: Type.String(),
  createdAt: Type.Number(),
  createdBy: Type.String(),
  lastUsedAt: Type.Union([Type.Number(), Type.Null()]),
  revokedAt: Type.Union([Type.Number(), Type.Null()]),
});
export type ScreenTokenView = Static<typeof ScreenTokenView>;

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.Number(),
  actor: Type.String(),
  action: Type.String(),
  target: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});
export type AuditEntry = Static<typeof AuditEntry>;

const Audience = Type.Union([Type.Literal('internal'), Type.Literal('public')]);

/** `GET /api/v1/screens`: a screen as the console lists it. */
export const ScreenListItem = Type.Object({
  id: Type.String(),
  name: LocalizedText,
  profile: Type.String(),
  audience: Audience,
  dashboard: Type.Union([Type.String(), Type.Null()]),
  playlist: Type.Union([Type.String(), Type.Null()]),
  groups: Type.Array(Type.String()),
  tile: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
  resolution: Type.Array(Type.Integer(), { minItems: 2, maxItems: 2 }),
  location: Type.Union([Type.String(), Type.Null()]),
  source: Type.String({ description: '`config`, `edited` (config changed by an operator) or `paired`' }),
});
export type ScreenListItem = Static<typeof ScreenListItem>;

export const ScreenList = Type.Object({ timeZone: Type.String(), screens: Type.Array(ScreenListItem) });
export type ScreenList = Static<typeof ScreenList>;

/** `GET /api/v1/dashboards`: a dashboard this person may open. */
export const DashboardChoice = Type.Object({ id: Type.String(), title: LocalizedText, audience: Audience });
export type DashboardChoice = Static<typeof DashboardChoice>;

/** `GET /api/v1/playlists`: a playlist a screen can be given; `public` when every dashboard in it is. */
export const PlaylistChoice = Type.Object({
  id: Type.String(),
  name: LocalizedText,
  items: Type.Integer({ description: 'How many items it plays' }),
  dashboards: Type.Array(Type.String()),
  audience: Audience,
});
export type PlaylistChoice = Static<typeof PlaylistChoice>;

/** Something personal masked in a report's public text. */
export const PersonalDataFlag = Type.Object({
  kind: Type.Union([Type.Literal('phone'), Type.Literal('email'), Type.Literal('id-number')]),
  count: Type.Integer({ description: 'How many were masked' }),
  label: Type.Object({ vi: Type.String(), en: Type.String() }),
});
export type PersonalDataFlag = Static<typeof PersonalDataFlag>;

/** `POST /api/v1/reports/:id/public-preview`: what the public would read, and what was masked. */
export const PublicPreview = Type.Object({
  id: Type.String(),
  publicText: Type.String(),
  flags: Type.Array(PersonalDataFlag),
  public: Type.Boolean({ description: 'Whether the report is public now' }),
});
export type PublicPreview = Static<typeof PublicPreview>;

/** A webhook subscription as the console lists it: never its secret; its health beside it. */
export const WebhookView = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  kinds: Type.Array(Type.String(), { description: '`notice.published`, `notice.withdrawn`' }),
  wards: Type.Array(Type.String(), { description: 'Unit codes; empty: every notice' }),
  topics: Type.Array(Type.String(), { description: 'Notice topics; empty: every notice' }),
  description: Type.Union([Type.String(), Type.Null()]),
  enabled: Type.Boolean(),
  disabledReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.Number(),
  createdBy: Type.String(),
  lastSuccessAt: Type.Union([Type.Number(), Type.Null()]),
  lastFailureAt: Type.Union([Type.Number(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  health: Type.Object({ pending: Type.Integer(), delivered: Type.Integer(), dead: Type.Integer() }),
});
export type WebhookView = Static<typeof WebhookView>;

/** A delivery that failed every attempt (or whose receiver answered 410). */
export const DeadLetterView = Type.Object({
  id: Type.String({ description: 'The delivery id (`X-IOC-Delivery`)' }),
  subscriptionId: Type.Integer(),
  url: Type.String(),
  type: Type.String(),
  eventSeq: Type.Integer(),
  noticeId: Type.String(),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  lastAttemptAt: Type.Union([Type.Number(), Type.Null()]),
});
export type DeadLetterView = Static<typeof DeadLetterView>;
