/**
 * Screens: pairing by code (anybody), the list (`console.use`), managing them and their tokens,
 * and controlling them live (`screens.manage`). Each file says its access once, at its top.
 */
import type { FastifyPluginAsync } from 'fastify';
import pairing from './pairing';
import list from './list';
import manage from './manage';
import tokens from './tokens';
import control from './control';

const screensArea: FastifyPluginAsync = async (app) => {
  await app.register(pairing);
  await app.register(list);
  await app.register(manage);
  await app.register(tokens);
  await app.register(control);
};

export default screensArea;
