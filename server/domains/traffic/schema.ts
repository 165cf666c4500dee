import Type, { type Static } from 'typebox';

export const INCIDENT_KINDS = {
  crash: { vi: 'Va chạm giao thông', en: 'Crash' },
  congestion: { vi: 'Ùn tắc', en: 'Congestion' },
  breakdown: { vi: 'Xe hỏng', en: 'Breakdown' },
  flooding: { vi: 'Ngập đường', en: 'Flooded road' },
  roadworks: { vi: 'Thi công', en: 'Roadworks' },
} as const;
export type IncidentKind = keyof typeof INCIDENT_KINDS;

export const TrafficIncidentReported = Type.Object(
  {
    incidentId: Type.String({ minLength: 1, maxLength: 100 }),
    kind: Type.Union((Object.keys(INCIDENT_KINDS) as IncidentKind[]).map((kind) => Type.Literal(kind))),
    severity: Type.Union([Type.Literal('minor'), Type.Literal('serious'), Type.Literal('fatal')]),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    place: Type.String({ minLength: 1, maxLength: 200 }),
    injuries: Type.Integer({ minimum: 0, maximum: 1000 }),
    deaths: Type.Integer({ minimum: 0, maximum: 1000 }),
  },
  { additionalProperties: false },
);
export type TrafficIncidentReported = Static<typeof TrafficIncidentReported>;

export const TrafficIncidentCleared = Type.Object(
  { incidentId: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);
export type TrafficIncidentCleared = Static<typeof TrafficIncidentCleared>;
