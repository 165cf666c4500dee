/**
 * The photo store over HTTP. Access: staff routes (`/api/v1/photos…`) need a signed-in person;
 * the public route (`/media/photos/…`) answers only for photos of public reports. Without the
 * reports domain no photo is public, so only the staff routes are served.
 */
import type { FastifyPluginAsync } from 'fastify';
import { reportsReadModel } from '../../domains/reports/aggregator';
import { reportFinder } from '../../domains/reports/settled-reports';
import staffPhotos from './staff-photos';
import publicPhotos from './public-photos';

const photosArea: FastifyPluginAsync = async (app) => {
  await app.register(staffPhotos);
  const reports = reportsReadModel(app.runtime);
  // A public settled report's photo is still served: its report is folded from the store.
  if (reports) await app.register(publicPhotos, { reports: reportFinder(reports, app.wholeLog) });
};

export default photosArea;
