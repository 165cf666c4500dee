import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { startTestApp, type TestApp } from '../test-support/test-app';
import { OPENAPI_PATH } from './openapi';
import { domains } from '../domains/index';

interface Operation {
  summary?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  responses?: Record<string, unknown>;
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Record<string, unknown>>;
    securitySchemes: Record<string, Record<string, unknown>>;
  };
}

/**
 * Routes that are not the HTTP API, each with the reason. Everything else the app registers must
 * be in the document.
 */
const NOT_THE_API: Array<{ path: RegExp; why: string }> = [
  { path: /^\/$/, why: 'a redirect to the default wall page' },
  { path: /^\/(wall|view|console|briefing|entry|pair)(\/\*)?$/, why: 'pages of the single-page app (index.html)' },
  { path: /^\/phan-anh(\/.*)?$/, why: "the citizens' app: its pages and PWA files (display/citizen)" },
  { path: /^\/huong-dan(\/.*)?$/, why: 'the guides per role: HTML pages and their pictures (server/routes/guides)' },
  { path: /^\/geodata\/\*$/, why: 'static map files served by @fastify/static' },
  { path: /^\/\*$/, why: 'the built display assets (static files)' },
  { path: /^\/socket\.io\//, why: 'Socket.IO: its contract is `server/protocol/index.ts`' },
];

let app: TestApp;
let document: OpenApiDocument;
const routes: Array<{ method: string; url: string }> = [];

/** `/api/v1/keys/:id` → `/api/v1/keys/{id}`, as OpenAPI writes it (`:a.:b` too). */
const openapiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

beforeAll(async () => {
  // Every route of the app as Fastify adds it, independently of the swagger plugin.
  app = await startTestApp({
    onRoute: (route) => {
      for (const method of [route.method].flat())
        if (method !== 'HEAD') routes.push({ method: method.toLowerCase(), url: route.url });
    },
  });
  const response = await fetch(`${app.url}${OPENAPI_PATH}`);
  expect(response.status).toBe(200);
  document = (await response.json()) as OpenApiDocument;
});

afterAll(async () => {
  await app?.dispose();
});

describe('GET /api/v1/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(document as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
  });

  it('is public: anybody may read it', async () => {
    const response = await fetch(`${app.url}${OPENAPI_PATH}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });
});

describe('the document', () => {
  it('has every route the app serves, except the pages, static files and the socket (each excluded with its reason)', () => {
    expect(routes.length).toBeGreaterThan(40);
    const missing = routes
      .filter((route) => !NOT_THE_API.some((excluded) => excluded.path.test(route.url)))
      .filter((route) => document.paths[openapiPath(route.url)]?.[route.method] === undefined)
      .map((route) => `${route.method.toUpperCase()} ${route.url}`);
    expect(missing).toEqual([]);
    // And nothing excluded slipped in.
    expect(
      Object.keys(document.paths).filter((path) =>
        NOT_THE_API.some((excluded) => excluded.path.test(path.replace(/\{\*\}/, '*'))),
      ),
    ).toEqual([]);
  });

  it('says of every operation what it does, its tag, who may call it and its answers', () => {
    const undescribed: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const responses = Object.entries(operation.responses ?? {}) as Array<
          [string, { description: string; content?: Record<string, unknown> }]
        >;
        const answers = responses.some(
          ([status, response]) => status.startsWith('2') && response.content !== undefined,
        );
        const refusalsSaid = responses.every(
          ([status, response]) => status.startsWith('2') || response.description !== 'Default Response',
        );
        const ok =
          Boolean(operation.summary) &&
          (operation.tags?.length ?? 0) > 0 &&
          (operation.security?.length ?? 0) > 0 &&
          answers &&
          refusalsSaid;
        if (!ok) undescribed.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(undescribed).toEqual([]);
  });

  it('names the auth schemes: the session cookie with its CSRF header, feed keys, screen tokens', () => {
    const schemes = document.components.securitySchemes;
    expect(schemes.sessionCookie).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'ioc_session' });
    expect(schemes.csrfToken).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-csrf-token' });
    expect(schemes.feedKey).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'iock_…' });
    expect(schemes.feedKeyHeader).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-api-key' });
    expect(schemes.screenToken).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'iocs_…' });
    expect(document.paths['/api/v1/events']!.post!.security).toEqual([
      { feedKey: [] },
      { feedKeyHeader: [] },
      { sessionCookie: [], csrfToken: [] },
    ]);
    expect(document.paths['/api/v1/keys']!.post!.security).toEqual([{ sessionCookie: [], csrfToken: [] }]);
  });

  it('describes the error body once and refers to it from the error answers', () => {
    expect(document.components.schemas.ErrorBody).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['statusCode', 'error', 'message', 'messageVi', 'field']),
    });
    const refused = document.paths['/api/v1/events']!.post!.responses!['400'] as {
      content: Record<string, { schema: unknown }>;
    };
    expect(refused.content['application/json']!.schema).toEqual({ $ref: '#/components/schemas/ErrorBody' });
  });

  it("gives the events body as one event or a batch, each one of every domain's event kinds with the schema of its data", () => {
    const body = document.paths['/api/v1/events']!.post!.requestBody!.content['application/json']!.schema as {
      oneOf: [
        { oneOf: Array<{ properties: { domain: { const: string }; kind: { const: string }; data: unknown } }> },
        { type: 'array'; items: unknown },
      ];
    };
    const [event, batch] = body.oneOf;
    expect(batch.type).toBe('array');
    expect(batch.items).toEqual(event);
    const documented = event.oneOf.map(
      (variant) => `${variant.properties.domain.const} ${variant.properties.kind.const}`,
    );
    const registered = domains.flatMap((domain) => Object.keys(domain.events).map((kind) => `${domain.name} ${kind}`));
    expect(documented).toEqual(registered);
    const kpi = event.oneOf.find((variant) => variant.properties.kind.const === 'kpi.value')!;
    expect(kpi.properties.data).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['code', 'period', 'value']),
    });
  });
});
