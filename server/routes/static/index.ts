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
import { withPracticeBand } from '../../training/practice-band';

export interface StaticRoutesOptions {
  /** The built display (`dist/`): this area's own setting, not a service (tests give an empty folder). */
  distDir: string;
  /** This is the practice space: every page wears the training band (server/training/practice-band.ts). */
  practiceBand?: boolean;
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

/** The citizens' app's files at fixed names under `/phan-anh/` (see vite.config.ts). */
const CITIZEN_FILES = ['sw.js', 'manifest.webmanifest', 'icon-192.png', 'icon-512.png'] as const;

/** The citizens' app's pages: each serves `citizen/index.html`, its own entry (no wall code). */
const CITIZEN_ROUTES = ['/phan-anh', '/phan-anh/', '/phan-anh/:ref', '/phan-anh/theo-doi/:reportId'];

/**
 * The site-wide policy switches geolocation off; the report form asks for the phone's location
 * (only when the citizen taps "Dùng vị trí của tôi"). Photos come from a file input, not the camera API.
 */
const CITIZEN_PERMISSIONS_POLICY =
  'camera=(), microphone=(), geolocation=(self), payment=(), usb=(), display-capture=(), fullscreen=(self), screen-wake-lock=(self)';

const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Client-side routes of the SPA: each serves index.html. */
const SPA_ROUTES = ['/wall/*', '/view/*', '/console', '/console/*', '/briefing', '/entry', '/entry/*', '/pair'];

const staticRoutes: FastifyPluginAsync<StaticRoutesOptions> = async (app, { distDir, practiceBand = false }) => {
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
        // The name the browser asked for: `sw.js` is sent as `sw.js.br`, and must still be revalidated.
        const name = path.basename(file).replace(/\.(br|gz)$/, '');
        reply.header('cache-control', unhashed.has(name) ? 'no-cache' : 'public, max-age=31536000, immutable');
        // At the root already, so its scope is the whole site; said explicitly for proxies that serve it elsewhere.
        if (name === 'sw.js')
          reply.header(
            'service-worker-allowed',
            path.resolve(path.dirname(file)) === path.resolve(distDir) ? '/' : '/phan-anh',
          );
      },
    });
  }
  const notBuilt = (reply: import('fastify').FastifyReply) =>
    reply
      .code(503)
      .send(
        errorBody(503, 'the display is not built: run npm run build', 'giao diện chưa được build: chạy npm run build'),
      );
  const sendIndex = async (_request: unknown, reply: import('fastify').FastifyReply) => {
    if (!built) return notBuilt(reply);
    if (practiceBand) {
      const html = readFileSync(path.join(distDir, 'index.html'), 'utf8');
      return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(withPracticeBand(html));
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html', distDir);
  };
  // Pages, not the API: left out of `/api/v1/openapi.json`.
  for (const route of SPA_ROUTES) app.get(route, { schema: { hide: true } }, sendIndex);
  // The service worker keeps `/index.html` for offline starts: in the practice space, banded too.
  if (practiceBand) app.get('/index.html', { schema: { hide: true } }, sendIndex);

  const citizenPage = path.join(distDir, 'citizen', 'index.html');
  // The city's settings written into the page: its time zone for dates, its map view.
  const sendCitizenPage = async (_request: unknown, reply: import('fastify').FastifyReply) => {
    let html: string;
    try {
      html = readFileSync(citizenPage, 'utf8');
    } catch {
      return notBuilt(reply);
    }
    const { timeZone, center, zoom, wardBoundaries } = app.config.current().app.city;
    const city = JSON.stringify({ timeZone, center, zoom, wardBoundaries: `/${wardBoundaries.replace(/^\/+/, '')}` });
    if (practiceBand) html = withPracticeBand(html);
    return reply
      .header('cache-control', 'no-cache')
      .header('permissions-policy', CITIZEN_PERMISSIONS_POLICY)
      .type('text/html; charset=utf-8')
      .send(
        html.replace(
          '<meta name="ioc-city" content="" />',
          `<meta name="ioc-city" content="${escapeAttribute(city)}" />`,
        ),
      );
  };
  for (const route of CITIZEN_ROUTES) app.get(route, { schema: { hide: true } }, sendCitizenPage);
  for (const file of CITIZEN_FILES) {
    app.get(`/phan-anh/${file}`, { schema: { hide: true } }, async (_request, reply) => {
      if (!existsSync(path.join(distDir, 'phan-anh', file)))
        return reply
          .code(404)
          .send(errorBody(404, `no ${file}: run npm run build`, `không có ${file}: chạy npm run build`));
      // Unhashed names: always revalidated. The worker's scope is the app's pages, `/phan-anh` included.
      reply.header('cache-control', 'no-cache');
      if (file === 'sw.js') reply.header('service-worker-allowed', '/phan-anh');
      if (file === 'manifest.webmanifest') reply.type('application/manifest+json');
      return reply.sendFile(path.join('phan-anh', file), distDir);
    });
  }
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/wall/main'));
};

export default staticRoutes;
