import Type, { type Static } from 'typebox';
import type { ReportStatus } from '../../protocol/topics';

export const REPORT_STATUSES: ReportStatus[] = [
  'new',
  'approved',
  'assigned',
  'in_progress',
  'resolved',
  'rated',
  'closed',
  'rejected',
  'duplicate',
  'not_responsible',
];

/** The code of an attribute (Open311 `attribute[code]`), also its key in `report.created.attributes`. */
const ATTRIBUTE_CODE = '^[a-z][a-z0-9_]{0,31}$';
const Id = Type.String({ minLength: 1, maxLength: 100 });
/**
 * A photo in the photo store (`server/photos/`), named by the SHA-256 (hex) of the bytes received
 * (so a retried upload is the same photo); what is stored and served is a re-encoded copy without metadata.
 */
export const PhotoId = Type.String({ pattern: '^[a-f0-9]{64}$' });

export const ReportCreated = Type.Object(
  {
    reportId: Id,
    category: Type.String({ minLength: 1, maxLength: 64 }),
    title: Type.String({ minLength: 1, maxLength: 120 }),
    /** Open311 allows up to 4,000 characters; optional there (empty string here). */
    description: Type.String({ maxLength: 4000 }),
    /**
     * The point, when known: both or neither. A report may give only its address (Open311 allows
     * `address_string` alone); then it counts for the city but in no ward until a point is known.
     */
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    address: Type.Optional(Type.String({ maxLength: 300 })),
    photoUrl: Type.Optional(Type.String({ maxLength: 1000, pattern: '^https?://' })),
    /** Photos kept by the city's photo store (`server/photos/`), by id. */
    photos: Type.Optional(Type.Array(PhotoId, { maxItems: 3 })),
    /** Answers to the category's questions (Open311 attributes), e.g. a street light's pole number. */
    attributes: Type.Optional(
      Type.Record(Type.String({ pattern: ATTRIBUTE_CODE }), Type.String({ maxLength: 200 }), {
        maxProperties: 20,
      }),
    ),
    /** Write-only: stored with the event, never put on any topic. */
    reporter: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String({ maxLength: 200 })),
          phone: Type.Optional(Type.String({ maxLength: 40 })),
          email: Type.Optional(Type.String({ maxLength: 200 })),
          deviceId: Type.Optional(Type.String({ maxLength: 200 })),
          accountId: Type.Optional(Type.String({ maxLength: 200 })),
          /** HMAC-SHA-256 (hex, server secret) of the tracking code the citizens' channel gave: whoever holds the code may rate. */
          trackingCodeHash: Type.Optional(Type.String({ pattern: '^[a-f0-9]{64}$' })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ReportCreated = Static<typeof ReportCreated>;

export const ReportStatusChanged = Type.Object(
  {
    reportId: Id,
    status: Type.Union(REPORT_STATUSES.map((status) => Type.Literal(status))),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    department: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type ReportStatusChanged = Static<typeof ReportStatusChanged>;

export const ReportRated = Type.Object(
  {
    reportId: Id,
    satisfied: Type.Boolean(),
    score: Type.Integer({ minimum: 1, maximum: 5 }),
    /** What the citizen wrote with the rating: internal, read by the city, never public. */
    comment: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type ReportRated = Static<typeof ReportRated>;

/** An approved extension of a report's deadline. */
export const ReportExtended = Type.Object(
  {
    reportId: Id,
    newDueAt: Type.Union([
      Type.String({ format: 'date-time', maxLength: 40 }),
      Type.Integer({ minimum: 946_684_800_000 }),
    ]),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type ReportExtended = Static<typeof ReportExtended>;

/** A moderator's decision on what the public may see of a report. */
export const ReportModerated = Type.Object(
  {
    reportId: Id,
    publicTitle: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    hidePhoto: Type.Optional(Type.Boolean()),
    private: Type.Optional(Type.Boolean()),
    /**
     * The publication decision taken apart from the handling status, for a report already
     * dispatched before a moderator saw it (a new report is approved or rejected by its status).
     */
    publication: Type.Optional(Type.Union([Type.Literal('approved'), Type.Literal('rejected')])),
  },
  { additionalProperties: false },
);
export type ReportModerated = Static<typeof ReportModerated>;

/** A department id (a slug, never a GSO code): see `departments.ts`. */
const DepartmentId = Type.String({ minLength: 1, maxLength: 80, pattern: '^[a-z][a-z0-9-]*$' });
const Reason = Type.String({ minLength: 1, maxLength: 2000 });
const PhotoUrls = Type.Array(Type.String({ maxLength: 1000, pattern: '^https?://' }), { maxItems: 10 });

/** Dispatch: the operator gives the report to a department (suggested from the category). */
export const ReportAssigned = Type.Object(
  { reportId: Id, department: DepartmentId, note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export type ReportAssigned = Static<typeof ReportAssigned>;

/** The department takes the report on: its handling starts. */
export const ReportAccepted = Type.Object(
  { reportId: Id, note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export type ReportAccepted = Static<typeof ReportAccepted>;

/** The department hands the report to another, saying why; the other must accept it. */
export const ReportTransferred = Type.Object(
  { reportId: Id, department: DepartmentId, reason: Reason },
  { additionalProperties: false },
);
export type ReportTransferred = Static<typeof ReportTransferred>;

/** The department asks for more time; the operator grants it with `report.extended`. */
export const ReportExtensionRequested = Type.Object(
  {
    reportId: Id,
    newDueAt: Type.Union([
      Type.String({ format: 'date-time', maxLength: 40 }),
      Type.Integer({ minimum: 946_684_800_000 }),
    ]),
    reason: Reason,
  },
  { additionalProperties: false },
);
export type ReportExtensionRequested = Static<typeof ReportExtensionRequested>;

/** The result of the handling: the official response the citizen reads, with photos. */
export const ReportResponded = Type.Object(
  {
    reportId: Id,
    text: Type.String({ minLength: 1, maxLength: 2000 }),
    /** Links to photos elsewhere (API senders). */
    photoUrls: Type.Optional(PhotoUrls),
    /** Photos in the photo store, public with the response once the report is public. */
    photos: Type.Optional(Type.Array(PhotoId, { maxItems: 3 })),
  },
  { additionalProperties: false },
);
export type ReportResponded = Static<typeof ReportResponded>;

export const ReportClosed = Type.Object(
  { reportId: Id, note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export type ReportClosed = Static<typeof ReportClosed>;

/** The report repeats another one: it is closed as a duplicate of `duplicateOf`. */
export const ReportMerged = Type.Object({ reportId: Id, duplicateOf: Id }, { additionalProperties: false });
export type ReportMerged = Static<typeof ReportMerged>;

/** Not the city's business (a private dispute, another authority's road…), with the reason. */
export const ReportNotResponsible = Type.Object({ reportId: Id, reason: Reason }, { additionalProperties: false });
export type ReportNotResponsible = Static<typeof ReportNotResponsible>;

/** A ward officer's note from the place; internal, never public. */
export const ReportFieldNote = Type.Object(
  { reportId: Id, text: Type.String({ minLength: 1, maxLength: 2000 }), photoUrls: Type.Optional(PhotoUrls) },
  { additionalProperties: false },
);
export type ReportFieldNote = Static<typeof ReportFieldNote>;

const LocalText = Type.Object(
  { vi: Type.String({ minLength: 1, maxLength: 200 }), en: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

/**
 * A question a category asks beyond the description (an Open311 service definition attribute),
 * e.g. the number painted on a street light's pole. Never a question about the person.
 */
export const CategoryAttribute = Type.Object(
  {
    code: Type.String({ pattern: ATTRIBUTE_CODE }),
    /** The question as the citizen reads it. */
    description: LocalText,
    datatype: Type.Union([
      Type.Literal('string'),
      Type.Literal('number'),
      Type.Literal('singlevaluelist'),
      Type.Literal('multivaluelist'),
    ]),
    required: Type.Boolean(),
    /** The choices of a list (`key` is what a client sends). */
    values: Type.Optional(
      Type.Array(
        Type.Object(
          { key: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,31}$' }), name: LocalText },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: 30 },
      ),
    ),
  },
  { additionalProperties: false },
);
export type CategoryAttribute = Static<typeof CategoryAttribute>;

export const ReportCategory = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-z0-9-]{0,63}$' }),
    name: LocalText,
    slaHours: Type.Number({ exclusiveMinimum: 0 }),
    department: LocalText,
    sensitive: Type.Boolean(),
    attributes: Type.Optional(Type.Array(CategoryAttribute, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type ReportCategory = Static<typeof ReportCategory>;

/** `fixtures/reports/categories.json`. */
export const CategoriesFile = Type.Object(
  { note: Type.Optional(Type.String()), categories: Type.Array(ReportCategory, { minItems: 1 }) },
  { additionalProperties: false },
);
