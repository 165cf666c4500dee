import Type, { type Static } from 'typebox';
import type { LocalizedText } from '../../protocol/topics';

export const SECURITY_KINDS = {
  theft: { vi: 'Trộm cắp tài sản', en: 'Theft' },
  assault: { vi: 'Cố ý gây thương tích', en: 'Assault' },
  'public-disorder': { vi: 'Gây rối trật tự công cộng', en: 'Public disorder' },
  fire: { vi: 'Cháy, nổ', en: 'Fire and explosion' },
  drugs: { vi: 'Ma túy', en: 'Drugs' },
  smuggling: { vi: 'Buôn lậu, gian lận thương mại', en: 'Smuggling and trade fraud' },
  fraud: { vi: 'Lừa đảo chiếm đoạt tài sản', en: 'Fraud' },
  gambling: { vi: 'Đánh bạc', en: 'Gambling' },
  'urban-order': { vi: 'Vi phạm trật tự đô thị', en: 'Urban order violations' },
} as const satisfies Record<string, LocalizedText>;
export type SecurityKind = keyof typeof SECURITY_KINDS;
export const KIND_KEYS = [
  'theft',
  'assault',
  'public-disorder',
  'fire',
  'drugs',
  'smuggling',
  'fraud',
  'gambling',
  'urban-order',
] as const satisfies readonly SecurityKind[];

export const SEVERITIES = {
  minor: { vi: 'Ít nghiêm trọng', en: 'Minor' },
  serious: { vi: 'Nghiêm trọng', en: 'Serious' },
  critical: { vi: 'Rất nghiêm trọng', en: 'Critical' },
} as const satisfies Record<string, LocalizedText>;
export type SecuritySeverity = keyof typeof SEVERITIES;
export const SEVERITY_KEYS = ['minor', 'serious', 'critical'] as const satisfies readonly SecuritySeverity[];

/** In lifecycle order: a status never goes back. */
export const STATUSES = {
  reported: { vi: 'Mới tiếp nhận', en: 'Reported' },
  handling: { vi: 'Đang xử lý', en: 'Being handled' },
  handled: { vi: 'Đã xử lý', en: 'Handled' },
  closed: { vi: 'Đã kết thúc', en: 'Closed' },
} as const satisfies Record<string, LocalizedText>;
export type SecurityStatus = keyof typeof STATUSES;
export const STATUS_ORDER = ['reported', 'handling', 'handled', 'closed'] as const satisfies readonly SecurityStatus[];

const Id = Type.String({ minLength: 1, maxLength: 100 });

/**
 * An incident of security and public order, from the police's or the wards' system. The place is
 * a ward code, or coordinates (the ward is then found from them), or both. No names and no
 * description: the wall needs the kind, the place and the time, nothing about the people.
 */
export const SecurityIncident = Type.Object(
  {
    incidentId: Id,
    kind: Type.Enum(KIND_KEYS),
    /** GSO code of the ward or commune, e.g. `05980`. */
    ward: Type.Optional(Type.String({ pattern: '^[0-9]{5}$', maxLength: 5 })),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    /** A short name of the place for the operators' map, e.g. "Khu vực chợ Đông Kinh". */
    place: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    occurredAt: Type.Union([
      Type.String({ format: 'date-time', maxLength: 40 }),
      Type.Integer({ minimum: 946_684_800_000 }),
    ]),
    severity: Type.Enum(SEVERITY_KEYS),
    /** When the incident is first reported: `reported` if absent. */
    status: Type.Optional(Type.Enum(STATUS_ORDER)),
  },
  {
    additionalProperties: false,
    // A place is required: a ward, or both coordinates.
    dependentRequired: { lon: ['lat'], lat: ['lon'] },
    anyOf: [{ required: ['ward'] }, { required: ['lon', 'lat'] }],
  },
);
export type SecurityIncident = Static<typeof SecurityIncident>;

export const SecurityIncidentUpdated = Type.Object(
  {
    incidentId: Id,
    status: Type.Enum(['handling', 'handled', 'closed'] as const satisfies readonly SecurityStatus[]),
  },
  { additionalProperties: false },
);
export type SecurityIncidentUpdated = Static<typeof SecurityIncidentUpdated>;

/**
 * The counts of one past day from the police's statistics, for the days before incident-level data
 * reaches the IOC (a history backfill): by kind and ward, no incident, no time. A day's statistics
 * sent again replace the ones sent before; they add to the incidents of that day, if any.
 */
export const SecurityDailyStats = Type.Object(
  {
    day: Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$', maxLength: 10 }),
    counts: Type.Array(
      Type.Object(
        {
          kind: Type.Enum(KIND_KEYS),
          ward: Type.String({ pattern: '^[0-9]{5}$', maxLength: 5 }),
          count: Type.Integer({ minimum: 0, maximum: 100_000 }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);
export type SecurityDailyStats = Static<typeof SecurityDailyStats>;

/** `fixtures/security/kinds.json`: how often each kind happens, for the simulator. */
export interface KindRateFixture {
  kind: SecurityKind;
  perDay: number;
  severity: Record<SecuritySeverity, number>;
}

export interface PlaceFixture {
  name: string;
  lon: number;
  lat: number;
  ward: string;
  approximate: true;
}
