/**
 * Public administration (hành chính công): the events of a dossier's life in the one-stop system,
 * and the monthly report of a closed month. No event carries the applicant: the wall needs counts,
 * not people, so a feed that sends a name is refused (`additionalProperties: false`) rather than
 * having it stored.
 */
import Type, { type Static } from 'typebox';
import type { LocalizedText } from '../../protocol/topics';

const Id = Type.String({ minLength: 1, maxLength: 100 });
/** A code of the agencies fixture (`tc-kh`, `ubnd-05971`) or of the source system. */
const Code = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*$' });
/** ISO 8601 or epoch ms (from 2000-01-01 to 2100-01-01). */
export const Instant = Type.Union([
  Type.String({ format: 'date-time', maxLength: 40 }),
  Type.Integer({ minimum: 946_684_800_000, maximum: 4_102_444_800_000 }),
]);
export type Instant = Static<typeof Instant>;

export const DossierReceived = Type.Object(
  {
    dossierId: Id,
    /** The procedure's code (`fixtures/admin/procedures.json`, or the source's own). */
    procedure: Code,
    /** The procedure's name as the source system calls it, for codes the fixture does not know. */
    procedureName: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    agency: Code,
    /** GSO code of the ward or commune the dossier belongs to; absent for applicants from elsewhere. */
    ward: Type.Optional(Type.String({ pattern: '^[0-9]{5}$' })),
    /** Online public service level of the procedure: full (toàn trình) or partial (một phần). */
    level: Type.Union([Type.Literal('full'), Type.Literal('partial')]),
    channel: Type.Union([Type.Literal('online'), Type.Literal('direct'), Type.Literal('postal')]),
    /** Fees and charges due, in VND (0: none). */
    feeVnd: Type.Integer({ minimum: 0, maximum: 10_000_000_000 }),
    paidOnline: Type.Boolean(),
    receivedAt: Instant,
    /** The date promised on the receipt (ngày hẹn trả kết quả). */
    dueAt: Instant,
  },
  { additionalProperties: false },
);
export type DossierReceived = Static<typeof DossierReceived>;

export const DossierResolved = Type.Object({ dossierId: Id, resolvedAt: Instant }, { additionalProperties: false });
export type DossierResolved = Static<typeof DossierResolved>;

export const RETURN_REASONS = {
  withdrawn: { vi: 'Người nộp rút hồ sơ', en: 'Withdrawn by the applicant' },
  ineligible: { vi: 'Trả lại hồ sơ không đủ điều kiện giải quyết', en: 'Returned as not eligible' },
} as const satisfies Record<string, LocalizedText>;
export type ReturnReason = keyof typeof RETURN_REASONS;

/** A dossier that leaves the process without a result: not pending any more, not in the on-time rate. */
export const DossierReturned = Type.Object(
  {
    dossierId: Id,
    returnedAt: Instant,
    reason: Type.Union((Object.keys(RETURN_REASONS) as ReturnReason[]).map((reason) => Type.Literal(reason))),
  },
  { additionalProperties: false },
);
export type DossierReturned = Static<typeof DossierReturned>;

/**
 * The city's figures of a closed month, as the one-stop system reports them each period: the
 * history of the monthly series before dossier-level data reached the wall. For a month with a
 * report the report is authoritative.
 */
export const MonthReport = Type.Object(
  {
    month: Type.String({ pattern: '^20[0-9]{2}-(0[1-9]|1[0-2])$' }),
    received: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
    receivedOnline: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
    resolved: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
    resolvedOnTime: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
  },
  { additionalProperties: false },
);
export type MonthReport = Static<typeof MonthReport>;

export const toMs = (instant: Instant): number => (typeof instant === 'number' ? instant : Date.parse(instant));

/** The fixtures' shapes. */
export interface Agency {
  code: string;
  kind: 'department' | 'police' | 'ward';
  ward?: string;
  name: LocalizedText;
  short: LocalizedText;
}

export interface Procedure {
  code: string;
  /** An agency code, or `ward`: the People's Committee of the dossier's ward. */
  agency: string;
  workingDays: number;
  online: 'full' | 'partial';
  feeVnd: number;
  weight: number;
  name: LocalizedText;
  basis: string;
}
