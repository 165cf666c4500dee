/**
 * Promotion (quảng bá): the wards' leaflets (anybody) and the promotion notice for loudspeakers and
 * Zalo groups (operators). Each file says who may call it.
 */
import type { FastifyPluginAsync } from 'fastify';
import leaflet from './leaflet';
import notice from './notice';

const promotionArea: FastifyPluginAsync = async (app) => {
  await app.register(leaflet);
  await app.register(notice);
};

export default promotionArea;
