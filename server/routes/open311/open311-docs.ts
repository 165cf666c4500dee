/**
 * How the Open311 routes appear in `/api/v1/openapi.json`. GeoReport v2 answers in JSON or XML
 * (`.json`, `.xml`) and refuses with its own error list, not the API's error body. Query and form
 * fields are documented only: the routes check them themselves and answer in Open311's format.
 */
import Type, { type TSchema } from 'typebox';
import type { FastifySchema, RouteShorthandOptions } from 'fastify';
import type { SwaggerTransform } from '@fastify/swagger';
import { PUBLIC } from '../../http/route-docs';

const Open311Errors = Type.Array(Type.Object({ code: Type.Integer(), description: Type.String() }), {
  description: 'Refused: GeoReport v2 errors (`<errors>` in XML)',
});

const FORMAT = Type.String({ description: '`json` or `xml`' });

function answer(description: string) {
  return Type.Unknown({ description: `${description} (JSON or XML, after the format in the path)` });
}

export interface Open311Doc {
  summary: string;
  params: Record<string, TSchema>;
  /** Documented, not validated: the route answers a bad value with an Open311 error. */
  querystring?: Record<string, TSchema>;
  /** Form (or JSON) fields of a submission, documented only. */
  body?: Record<string, TSchema>;
  ok: { status: 200 | 201; description: string };
  refusals: number[];
}

/** The route options that describe an Open311 route without changing what it accepts. */
export function open311Doc(
  doc: Open311Doc,
): Pick<RouteShorthandOptions, 'schema'> & { config: { swaggerTransform: SwaggerTransform } } {
  const response: Record<number, TSchema> = { [doc.ok.status]: answer(doc.ok.description) };
  for (const status of doc.refusals) response[status] = Open311Errors;
  const schema: FastifySchema = {
    summary: doc.summary,
    tags: ['open311'],
    security: PUBLIC,
    produces: ['application/json', 'text/xml'],
    response,
  };
  const documented: FastifySchema = {
    ...schema,
    params: Type.Object({ format: FORMAT, ...doc.params }),
    ...(doc.querystring ? { querystring: Type.Object(doc.querystring) } : {}),
    ...(doc.body
      ? {
          body: Type.Object(doc.body, { additionalProperties: true }),
          consumes: ['application/x-www-form-urlencoded', 'application/json'],
        }
      : {}),
  };
  return { schema, config: { swaggerTransform: ({ url }) => ({ schema: documented, url }) } };
}

const text = (description: string) => Type.Optional(Type.String({ description }));

export const LIST_QUERY = {
  service_request_id: text('Comma-separated ids; overrides all other arguments'),
  service_code: text('Comma-separated service codes'),
  start_date: text('ISO 8601 (an unencoded `+07:00` is read as meant); at most 90 days before end_date'),
  end_date: text('ISO 8601; defaults to now'),
  status: text('`open`, `closed`, or both comma-separated'),
  page: text('From 1'),
  page_size: text('1 to 1000'),
  extensions: text('`true` adds ward, detailed status and history'),
};

export const UPDATES_QUERY = {
  start_date: text('ISO 8601; defaults to a day before end_date'),
  end_date: text('ISO 8601; defaults to now'),
};

export const SUBMISSION = {
  api_key: Type.String({ description: 'A feed key (`iock_…`) scoped to `reports`' }),
  service_code: Type.String({ description: 'One of `GET /open311/v2/services.json`' }),
  lat: text(
    'Latitude, with `long` (inside the wards served: Tam Thanh, Lương Văn Tri, Kỳ Lừa, Đông Kinh); or give `address_string` or `address_id`',
  ),
  long: text('Longitude, with `lat`'),
  description: text('Up to 4,000 characters; public once a moderator approves it'),
  address_string: text('The address as the citizen gave it (a location when there is no lat & long)'),
  address_id: text('An address id (kept as given: this city has no master address list)'),
  'attribute[code]': text(
    "An answer to a question of the service's definition (`attribute[code][]` for a multivaluelist)",
  ),
  media_url: text('A photo'),
  first_name: text('Reporter (never public)'),
  last_name: text('Reporter (never public)'),
  phone: text('Reporter (never public)'),
  email: text('Reporter (never public)'),
  device_id: text("Reporter's device"),
  account_id: text("Reporter's account in the citizen app"),
};
