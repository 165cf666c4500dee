/**
 * The envelope every feed posts to `POST /api/v1/events`; each domain adds the schema of `data`
 * for each of its event kinds (`Domain.events`).
 */
import Type, { type Static } from 'typebox';

export const EVENT_TIME_MIN = Date.UTC(2000, 0, 1);
/** Clocks drift; an event dated more than a day ahead is a mistake, not a forecast. */
export const EVENT_TIME_MAX_AHEAD_MS = 24 * 3_600_000;

export function ingestEventSchema(domainNames: string[]) {
  return Type.Object(
    {
      domain: Type.Union(domainNames.map((name) => Type.Literal(name)), { description: 'The domain of the event' }),
      kind: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9_.-]*$' }),
      id: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Idempotency key' })),
      time: Type.Optional(Type.Union([Type.String({ format: 'date-time', maxLength: 40 }), Type.Number()], { description: 'ISO 8601 or epoch ms' })),
      source: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
      simulated: Type.Optional(Type.Boolean()),
      data: Type.Object({}, { additionalProperties: true }),
    },
    { additionalProperties: false },
  );
}

export type IngestEventBody = Static<ReturnType<typeof ingestEventSchema>>;

export function ingestBodySchema(domainNames: string[], maxBatch: number) {
  return Type.Array(ingestEventSchema(domainNames), { minItems: 1, maxItems: maxBatch });
}
