/**
 * The photo store (`app.photos`): `<data folder>/photos/`, beside the database and backed up with
 * it; in PostgreSQL when the system is shared by several processes (`app.shared`), so every
 * process serves every photo. Bounds come from the `citizen` section of the config current at each upload.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import path from 'node:path';
import { PhotoStore } from '../photos/photo-store';
import { PgPhotos } from '../photos/pg-photos';

declare module 'fastify' {
  interface FastifyInstance {
    photos: PhotoStore;
  }
}

const photosService: FastifyPluginAsync<{ dataDir: string }> = async (app, { dataDir }) => {
  app.decorate(
    'photos',
    new PhotoStore(app.shared ? new PgPhotos(app.shared.pool, app.now) : path.join(dataDir, 'photos'), () => {
      const citizen = app.config.current().app.citizen;
      return {
        maxBytes: citizen.photoMaxBytes,
        minSide: citizen.photoMinSide,
        maxSide: citizen.photoMaxSide,
        publicSide: citizen.photoPublicSide,
      };
    }),
  );
};

export default fp(photosService, { name: 'photos', fastify: '5.x', dependencies: ['config', 'store', 'clock'] });
