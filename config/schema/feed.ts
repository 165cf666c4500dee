/**
 * A connector to a system the IOC does not own (`config/feeds/*.yaml`): an MQTT subscription, an
 * HTTP endpoint polled at an interval, or a signed inbound webhook. Each turns the source's
 * messages into our events with a JSONata mapping. Secrets never appear here: only the names of
 * the environment variables that hold them.
 */
import Type, { type Static } from 'typebox';
import { Identifier, LocalizedText, Version } from './common';

/** The name of an environment variable holding a secret (the value never goes in a file). */
const EnvName = Type.String({
  pattern: '^[A-Z][A-Z0-9_]{1,63}$',
  description: 'Name of the environment variable that holds the secret (never the secret itself)',
});

const EventKindRef = Type.Object(
  {
    domain: Type.String({ minLength: 1, maxLength: 64, description: 'A domain of server/domains/' }),
    kind: Type.String({ minLength: 1, maxLength: 64, description: 'One of that domain’s event kinds' }),
  },
  { additionalProperties: false },
);

const common = {
  version: Version,
  id: Identifier,
  title: LocalizedText,
  paused: Type.Boolean({ default: true, description: 'A paused feed does not connect; resume it from the console' }),
  staleAfterSeconds: Type.Integer({
    minimum: 0,
    maximum: 7 * 86_400,
    default: 0,
    description: 'Alarm when the feed has been silent this long (0: never stale)',
  }),
  emits: Type.Array(EventKindRef, {
    minItems: 1,
    maxItems: 20,
    description: 'The (domain, kind) pairs the mapping may make; checked at load against the domains',
  }),
  mapping: Type.String({
    minLength: 1,
    maxLength: 20_000,
    description:
      'JSONata expression from one source message to an event or an array of events { domain, kind, id, data, time? }',
  }),
  deadLetterLimit: Type.Integer({
    minimum: 10,
    maximum: 100_000,
    default: 1000,
    description: 'Refused messages kept for inspection and replay (the oldest go first)',
  }),
};

export const MqttFeed = Type.Object(
  {
    ...common,
    kind: Type.Literal('mqtt'),
    url: Type.String({ pattern: '^mqtts?://', maxLength: 500, description: 'mqtt://host:1883 or mqtts://host:8883' }),
    topics: Type.Array(Type.String({ minLength: 1, maxLength: 500 }), {
      minItems: 1,
      maxItems: 50,
      description: 'Topic filters (+ and # wildcards)',
    }),
    clientId: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'Fixed, so the broker keeps the session (QoS 1 messages) across a restart',
    }),
    qos: Type.Union([Type.Literal(0), Type.Literal(1)], { default: 1 }),
    username: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    passwordEnv: Type.Optional(EnvName),
  },
  { additionalProperties: false },
);

export const HttpPollFeed = Type.Object(
  {
    ...common,
    kind: Type.Literal('http-poll'),
    url: Type.String({ pattern: '^https?://', maxLength: 2000 }),
    format: Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('xml')]),
    intervalSeconds: Type.Integer({ minimum: 1, maximum: 86_400, default: 60 }),
    timeoutSeconds: Type.Integer({ minimum: 1, maximum: 300, default: 10 }),
    records: Type.String({
      minLength: 1,
      maxLength: 2000,
      default: '$',
      description: 'JSONata expression from the parsed document to its records (an array); CSV gives rows',
    }),
    cursor: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'Field of a record that grows (a time or a number): only records past the last seen become events',
      }),
    ),
    tokenEnv: Type.Optional(EnvName),
  },
  { additionalProperties: false },
);

export const WebhookFeed = Type.Object(
  {
    ...common,
    kind: Type.Literal('webhook'),
    secretEnv: EnvName,
  },
  { additionalProperties: false },
);

export const Feed = Type.Union([MqttFeed, HttpPollFeed, WebhookFeed]);
/** The schema of each kind: a file is checked against its own kind's (a union names no field). */
export const FEED_KINDS = { mqtt: MqttFeed, 'http-poll': HttpPollFeed, webhook: WebhookFeed } as const;
export const FeedKind = Type.Object(
  { kind: Type.Union([Type.Literal('mqtt'), Type.Literal('http-poll'), Type.Literal('webhook')]) },
  { additionalProperties: true },
);
export type Feed = Static<typeof Feed>;
export type MqttFeed = Static<typeof MqttFeed>;
export type HttpPollFeed = Static<typeof HttpPollFeed>;
export type WebhookFeed = Static<typeof WebhookFeed>;
