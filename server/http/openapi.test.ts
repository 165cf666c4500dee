import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { startTestApp, type TestApp } from '../test-support/test-app';
import { OPENAPI_PATH } from './openapi';

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
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, Record<string, unknown>> };
}

/**
 * Routes that are not the HTTP API, each with the reason. Everything else the app registers must
 * be in the document.
 */
const NOT_THE_API: Array<{ path: RegExp; why: string }> = [
  { path: /^\/$/, why: 'a redirect to the default wall page' },
  { path: /^\/(wall|view|console|briefing|entry|pair)(\/\*)?$/, why: 'pages of the single-page app (index.html)' },
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
  app = await startTestApp();
  // Every route of the app, read back from Fastify's router (independent of the swagger plugin).
  const printed = app.ioc.app.printRoutes({ commonPrefix: false, includeMeta: false, method: undefined });
  void printed;
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
