/**
 * The envelope every feed posts to `POST /api/v1/events`; each domain adds the schema of `data`
 * for each of its event kinds (`Domain.events`).
 */
import Type, { type Static, type TSchema } from 'typebox';

export const EVENT_TIME_MIN = Date.UTC(2000, 0, 1);
/** Clocks drift; an event dated more than a day ahead is a mistake, not a forecast. */
export const EVENT_TIME_MAX_AHEAD_MS = 24 * 3_600_000;

export function ingestEventSchema(domainNames: string[]) {
  return Type.Object(
    {
      domain: Type.Union(
        domainNames.map((name) => Type.Literal(name)),
        { description: 'The domain of the event' },
      ),
      kind: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9_.-]*$' }),
      id: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Idempotency key' })),
      time: Type.Optional(
        Type.Union([Type.String({ format: 'date-time', maxLength: 40 }), Type.Number()], {
          description: 'ISO 8601 or epoch ms',
        }),
      ),
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

/** A domain as the ingest contract sees it: its name and the schema of `data` for each event kind. */
export interface DomainEvents {
  name: string;
  title: { vi: string; en: string };
  events: Record<string, TSchema>;
}

/**
 * The same body as a feed author reads it: one event or a batch, each event one of every domain's
 * event kinds with the schema of its `data`. Generated from the domains, so a new domain appears
 * by itself. For the document only: validation uses `ingestBodySchema` (the envelope) and then
 * each kind's schema, which name the field at fault better than a `oneOf` can.
 */
export function documentedIngestBody(domains: readonly DomainEvents[], maxBatch: number) {
  const envelope = ingestEventSchema(domains.map((domain) => domain.name)).properties;
  const variants = domains.flatMap((domain) =>
    Object.entries(domain.events).map(([kind, data]) =>
      Type.Object(
        {
          domain: Type.Literal(domain.name, { description: `${domain.title.en} (${domain.title.vi})` }),
          kind: Type.Literal(kind),
          id: envelope.id,
          time: envelope.time,
          source: envelope.source,
          simulated: envelope.simulated,
          data,
        },
        { additionalProperties: false, title: `${domain.name} ${kind}` },
      ),
    ),
  );
  // `oneOf`: each event is exactly one (domain, kind), and a body is either one event or a batch.
  const event = Type.Unsafe<IngestEventBody>({
    oneOf: variants,
    description: 'One event: its domain, its kind and the `data` of that kind',
  });
  const batch = Type.Array(event, {
    minItems: 1,
    maxItems: maxBatch,
    description: `A batch of 1 to ${maxBatch} events, stored all or nothing`,
  });
  return Type.Unsafe<IngestEventBody | IngestEventBody[]>({ oneOf: [event, batch] });
}
