import Type, { type Static } from 'typebox';
import type { ReportStatus } from '../../protocol/topics';

const REPORT_STATUSES: ReportStatus[] = [
  'new', 'approved', 'assigned', 'in_progress', 'resolved', 'rated', 'closed', 'rejected', 'duplicate', 'not_responsible',
];

const Id = Type.String({ minLength: 1, maxLength: 100 });

export const ReportCreated = Type.Object(
  {
    reportId: Id,
    category: Type.String({ minLength: 1, maxLength: 64 }),
    title: Type.String({ minLength: 1, maxLength: 120 }),
    description: Type.String({ maxLength: 2000 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    address: Type.Optional(Type.String({ maxLength: 300 })),
    photoUrl: Type.Optional(Type.String({ maxLength: 1000, pattern: '^https?://' })),
    /** Write-only: stored with the event, never put on any topic. */
    reporter: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String({ maxLength: 200 })),
          phone: Type.Optional(Type.String({ maxLength: 40 })),
          email: Type.Optional(Type.String({ maxLength: 200 })),
          deviceId: Type.Optional(Type.String({ maxLength: 200 })),
          accountId: Type.Optional(Type.String({ maxLength: 200 })),
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
  },
  { additionalProperties: false },
);
export type ReportRated = Static<typeof ReportRated>;

/** An approved extension of a report's deadline. */
export const ReportExtended = Type.Object(
  {
    reportId: Id,
    newDueAt: Type.Union([Type.String({ format: 'date-time', maxLength: 40 }), Type.Integer({ minimum: 946_684_800_000 })]),
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
  },
  { additionalProperties: false },
);
export type ReportModerated = Static<typeof ReportModerated>;

export interface ReportCategory {
  code: string;
  name: { vi: string; en: string };
  slaHours: number;
  department: { vi: string; en: string };
  sensitive: boolean;
}
