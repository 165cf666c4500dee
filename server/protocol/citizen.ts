/**
 * The citizens' channel over HTTP (`/api/citizen/…`, see `server/routes/citizen/CONTRACT.md`): one
 * TypeBox schema each, declared by the routes and imported as types by the phone app `/phan-anh`.
 * Browser-safe: `typebox` only. Nothing here ever carries personal data or unmoderated text.
 */
import Type, { type Static } from 'typebox';
import { LocalizedText, Nullable } from './topics/shared';
import { ReportStatus } from './topics/reports';

/** `GET /api/citizen/services`: every category, sensitive or not (a citizen may report anything). */
export const CitizenServices = Type.Object({
  services: Type.Array(Type.Object({ code: Type.String(), name: LocalizedText })),
});
export type CitizenServices = Static<typeof CitizenServices>;

/** `GET /api/citizen/challenge`: the proof of work asked before a submission. */
export const CitizenChallenge = Type.Object({
  challenge: Type.String({ description: 'Opaque, signed by the server; usable once, until `expiresAt`' }),
  difficulty: Type.Integer({
    minimum: 0,
    maximum: 32,
    description: 'Leading zero bits wanted in SHA-256(UTF-8 of `${challenge}:${nonce}`)',
  }),
  expiresAt: Type.Number({ description: 'Epoch ms' }),
});
export type CitizenChallenge = Static<typeof CitizenChallenge>;

/** `201` of `POST /api/citizen/reports` (also the answer to a retry with the same `clientId`). */
export const CitizenReceipt = Type.Object({
  code: Type.String({ description: 'The tracking code, e.g. `LS-7K3M-Q9XD`: a secret, it allows rating' }),
  url: Type.String({ description: '`/phan-anh/<code>`' }),
  link: Type.Optional(
    Type.String({
      description: 'The same page as an absolute link, when the server knows its address (`citizen.publicUrl`)',
    }),
  ),
  reportId: Type.String({ description: 'The public report id (as in Open311)' }),
});
export type CitizenReceipt = Static<typeof CitizenReceipt>;

/** The report already filed for the same thing: `409` of `POST /api/citizen/reports`. */
export const CitizenDuplicate = Type.Object(
  {
    statusCode: Type.Literal(409),
    error: Type.String(),
    message: Type.String(),
    messageVi: Type.String(),
    field: Nullable(Type.String()),
    duplicate: Type.Object({
      reportId: Type.String(),
      title: Type.String({ description: 'The moderated public title, or the category name before moderation' }),
      status: ReportStatus,
      url: Type.String({ description: '`/phan-anh/theo-doi/<reportId>`' }),
    }),
  },
  {
    additionalProperties: false,
    description: 'Already reported: an open report of the same category nearby, to follow instead',
  },
);
export type CitizenDuplicate = Static<typeof CitizenDuplicate>;

/** The multipart text fields of `POST /api/citizen/reports` (files: `photo` ×0–3), as documented. */
export const CitizenSubmissionFields = Type.Object({
  clientId: Type.String({ format: 'uuid', description: 'Made on the phone; the same id twice stores one report' }),
  category: Type.String({ minLength: 1, maxLength: 64 }),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
  lat: Type.Optional(Type.String({ description: 'Decimal degrees; with `lon`' })),
  lon: Type.Optional(Type.String({ description: 'Decimal degrees; with `lat`' })),
  address: Type.Optional(Type.String({ maxLength: 300 })),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  contact: Type.Optional(Type.String({ maxLength: 200, description: 'A phone number or an email' })),
  consent: Type.Optional(Type.String({ description: '`1` when a contact is given' })),
  deviceId: Type.Optional(Type.String({ maxLength: 200 })),
  website: Type.Optional(Type.String({ maxLength: 0, description: 'Honeypot: must stay empty' })),
  challenge: Type.String(),
  nonce: Type.String({ pattern: '^[0-9]{1,20}$' }),
});

const Place = Type.Object({
  lat: Nullable(Type.Number({ description: 'Rounded to about 100 m, as Open311' })),
  lon: Nullable(Type.Number()),
  wardName: Nullable(Type.String()),
  address: Type.Optional(Type.String()),
});

/** `GET /api/citizen/reports/:ref`: by the tracking code (the owner) or the public id (a follower). */
export const CitizenReportView = Type.Object({
  reportId: Type.String(),
  category: Type.Object({ code: Type.String(), name: LocalizedText }),
  status: ReportStatus,
  statusText: LocalizedText,
  createdAt: Type.Number({ description: 'Epoch ms' }),
  updatedAt: Type.Number({ description: 'Epoch ms' }),
  place: Place,
  description: Nullable(Type.String({ description: 'The masked public text; null until a moderator approves' })),
  photos: Type.Array(Type.String(), { description: 'Public photo URLs (`/media/photos/<id>.jpg`), after moderation' }),
  timeline: Type.Array(Type.Object({ at: Type.Number(), text: LocalizedText })),
  response: Nullable(
    Type.Object({
      text: Type.String(),
      photos: Type.Array(Type.String()),
      at: Type.Number({ description: 'Epoch ms' }),
    }),
  ),
  rating: Nullable(Type.Object({ score: Type.Integer({ minimum: 1, maximum: 5 }), at: Type.Number() })),
  canRate: Type.Boolean({ description: 'The owner (by code), once resolved and not yet rated' }),
});
export type CitizenReportView = Static<typeof CitizenReportView>;

/** `POST /api/citizen/reports/:code/rating`. */
export const CitizenRating = Type.Object(
  {
    score: Type.Integer({ minimum: 1, maximum: 5 }),
    comment: Type.Optional(Type.String({ maxLength: 1000, description: 'Internal: read by the city, never public' })),
    reopen: Type.Optional(Type.Boolean({ description: 'With a score of 1 or 2: the report goes back to handling' })),
  },
  { additionalProperties: false },
);
export type CitizenRating = Static<typeof CitizenRating>;

export const CitizenRated = Type.Object({ ok: Type.Boolean(), reopened: Type.Boolean() });
export type CitizenRated = Static<typeof CitizenRated>;
