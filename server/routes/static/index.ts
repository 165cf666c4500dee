/**
 * The built SPA (`dist/`) with history-API routes, its service worker, the build it is (screens
 * update themselves when it changes), and the geodata the offline map draws. Access: anybody.
 */
import type { ScreenProfile } from '../../../config/schema/screen';
import type { FastifyPluginAsync } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Type from 'typebox';
import { errorBody } from '../../http/error-handler';
import { errors, PUBLIC } from '../../http/route-docs';
import { VERSION as version } from '../../version';
import { resolveCare, type KioskInfo } from '../../../config/schema/display-care';

export interface StaticRoutesOptions {
  /** The built display (`dist/`): this area's own setting, not a service (tests give an empty folder). */
  distDir: string;
}

const PROFILES = ['wall', '4k', '1080p', 'briefing', 'led'] as const satisfies readonly ScreenProfile[];

/**
 * The id of the build in `dist/` (`build.json`, written by `vite build`). Read again when the
 * file changes: a redeployed build is served without a restart, and screens must hear of it.
 */
function buildReader(distDir: string): () => string | null {
  const file = path.join(distDir, 'build.json');
  let seen: { mtimeMs: number; build: string | null } | null = null;
  return () => {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      return null;
    }
    if (seen?.mtimeMs !== mtimeMs) {
      let build: string | null;
      try {
        const parsed = JSON.parse(readFileSync(file, 'utf8')) as { build?: unknown };
        build = typeof parsed.build === 'string' ? parsed.build : null;
      } catch {
        // Half-written during a deploy: ask again next time.
        return seen?.build ?? null;
      }
      seen = { mtimeMs, build };
    }
    return seen.build;
  };
}

/** Client-side routes of the SPA: each serves index.html. */
const SPA_ROUTES = ['/wall/*', '/view/*', '/console', '/console/*', '/briefing', '/entry', '/entry/*', '/pair'];

const staticRoutes: FastifyPluginAsync<StaticRoutesOptions> = async (app, { distDir }) => {
  const build = buildReader(distDir);
  const geodataDir = path.join(app.domainContext.fixtures.dir, 'geodata');
  // The `display` settings follow config reloads.
  const care = () => app.config.current().app.display;
  app.get(
    '/api/v1/version',
    {
      schema: {
        summary: "The server's version and the build of the display it serves (screens reload when it changes)",
        tags: ['system'],
        security: PUBLIC,
        response: { 200: Type.Object({ version: Type.String(), build: Type.Union([Type.String(), Type.Null()]) }) },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return { version, build: build() };
    },
  );
  app.get<{ Params: { profile: string } }>(
    '/api/v1/kiosk/:profile',
    {
      schema: {
        summary:
          'What a kiosk of a screen profile needs: the build, and the display care (night schedule, pixel shift)',
        tags: ['system'],
        security: PUBLIC,
        params: Type.Object({ profile: Type.String({ description: PROFILES.join(', ') }) }),
        response: {
          200: Type.Object({
            version: Type.String(),
            build: Type.Union([Type.String(), Type.Null()]),
            care: Type.Unknown(),
          }),
          ...errors(404),
        },
      },
    },
    async (request, reply) => {
      const profile = PROFILES.find((name) => name === request.params.profile);
      if (!profile) {
        return reply
          .code(404)
          .send(
            errorBody(
              404,
              `no screen profile ${request.params.profile} (${PROFILES.join(', ')})`,
              `không có loại màn hình ${request.params.profile} (${PROFILES.join(', ')})`,
              'profile',
            ),
          );
      }
      reply.header('cache-control', 'no-store');
      const info: KioskInfo = { version, build: build(), care: resolveCare(care(), profile) };
      return info;
    },
  );

  await app.register(fastifyStatic, {
    root: geodataDir,
    prefix: '/geodata/',
    decorateReply: false,
    allowedPath: (pathName) => pathName.endsWith('.geojson') || pathName.endsWith('.json') || pathName.endsWith('.md'),
    maxAge: '1h',
  });

  const built = existsSync(path.join(distDir, 'index.html'));
  if (built) {
    // Hashed assets never change under the same name; index.html, the service worker and the
    // build id keep their names from build to build and must always be revalidated.
    const unhashed = new Set(['index.html', 'sw.js', 'build.json']);
    await app.register(fastifyStatic, {
      // Wildcard: files are looked up per request, so a redeployed build is served without a restart.
      root: distDir,
      prefix: '/',
      wildcard: true,
      index: false,
      // The build keeps .br and .gz beside each text file (vite.config.ts, `precompress`): sent to a
      // browser that accepts them, with `Vary: Accept-Encoding`, never compressed per request.
      preCompressed: true,
      setHeaders: (reply, file) => {
        reply.header(
          'cache-control',
          unhashed.has(path.basename(file)) ? 'no-cache' : 'public, max-age=31536000, immutable',
        );
        // At the root already, so its scope is the whole site; said explicitly for proxies that serve it elsewhere.
        if (path.basename(file) === 'sw.js') reply.header('service-worker-allowed', '/');
      },
    });
  }
  const sendIndex = async (_request: unknown, reply: import('fastify').FastifyReply) => {
    if (!built) {
      return reply
        .code(503)
        .send(
          errorBody(
            503,
            'the display is not built: run npm run build',
            'giao diện chưa được build: chạy npm run build',
          ),
        );
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html', distDir);
  };
  // Pages, not the API: left out of `/api/v1/openapi.json`.
  for (const route of SPA_ROUTES) app.get(route, { schema: { hide: true } }, sendIndex);
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/wall/main'));
};

export default staticRoutes;
