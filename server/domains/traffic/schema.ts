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

/**
 * One observation of the traffic on a road segment, after FIWARE `TrafficFlowObserved`
 * (smartdatamodels.org, Transportation). The observed time is `dateObserved`, or the end of the
 * `dateObservedFrom`–`dateObservedTo` interval, or else the event's own time.
 */
export const TrafficFlowObserved = Type.Object(
  {
    /** The segment's id in `fixtures/traffic/roads.json` (unknown ids are refused). */
    refRoadSegment: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*$' }),
    dateObserved: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
    dateObservedFrom: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
    dateObservedTo: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
    /** Vehicles per hour. */
    intensity: Type.Integer({ minimum: 0, maximum: 20_000 }),
    /** km/h. */
    averageVehicleSpeed: Type.Number({ minimum: 0, maximum: 200 }),
    /** Share of the time a detector is occupied, 0..1. */
    occupancy: Type.Number({ minimum: 0, maximum: 1 }),
    /** The source's own judgement. */
    congested: Type.Boolean(),
    /** Which way along the segment's path; absent when the sensor counts both. */
    laneDirection: Type.Optional(Type.Union([Type.Literal('forward'), Type.Literal('backward')])),
  },
  // An interval needs both ends.
  {
    additionalProperties: false,
    dependentRequired: { dateObservedFrom: ['dateObservedTo'], dateObservedTo: ['dateObservedFrom'] },
  },
);
export type TrafficFlowObserved = Static<typeof TrafficFlowObserved>;

/**
 * One count of the truck queue at a border gate, from the gate's operations centre: the trucks
 * waiting, how far the queue reaches, and the trucks cleared in the hour before.
 */
export const TrafficBorderQueue = Type.Object(
  {
    /** The gate's id in `fixtures/traffic/border-gates.json` (unknown ids are refused). */
    gate: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*$' }),
    trucksWaiting: Type.Integer({ minimum: 0, maximum: 50_000 }),
    /** km along the road. */
    queueKm: Type.Number({ minimum: 0, maximum: 200 }),
    clearedLastHour: Type.Integer({ minimum: 0, maximum: 10_000 }),
  },
  { additionalProperties: false },
);
export type TrafficBorderQueue = Static<typeof TrafficBorderQueue>;
