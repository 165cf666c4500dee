/** The built SPA (`dist/`) with history-API routes, and the geodata the offline map draws. */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { errorBody } from './error-handler';

export interface StaticRoutesOptions {
  distDir: string;
  geodataDir: string;
}

/** Client-side routes of the SPA: each serves index.html. */
const SPA_ROUTES = ['/wall/*', '/view/*', '/console', '/console/*', '/briefing', '/entry', '/pair'];

const staticRoutes: FastifyPluginAsync<StaticRoutesOptions> = async (app, { distDir, geodataDir }) => {
  await app.register(fastifyStatic, {
    root: geodataDir,
    prefix: '/geodata/',
    decorateReply: false,
    allowedPath: (pathName) => pathName.endsWith('.geojson') || pathName.endsWith('.json') || pathName.endsWith('.md'),
    maxAge: '1h',
  });

  const built = existsSync(path.join(distDir, 'index.html'));
  if (built) {
    // Hashed assets never change under the same name; index.html must always be revalidated.
    await app.register(fastifyStatic, {
      // Wildcard: files are looked up per request, so a redeployed build is served without a restart.
      root: distDir, prefix: '/', wildcard: true, index: false,
      setHeaders: (reply, file) => {
        reply.header('cache-control', file.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
      },
    });
  }
  const sendIndex = async (_request: unknown, reply: import('fastify').FastifyReply) => {
    if (!built) {
      return reply.code(503).send(errorBody(503, 'the display is not built: run npm run build', 'giao diện chưa được build: chạy npm run build'));
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html', distDir);
  };
  for (const route of SPA_ROUTES) app.get(route, sendIndex);
  app.get('/', async (_request, reply) => reply.redirect('/wall/main'));
};

export default fp(staticRoutes, { name: 'static-routes' });
