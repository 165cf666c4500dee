/**
 * The screens (`app.screens`: config ones with operators' changes, and the paired ones) and the
 * pairing of new screens by code (`app.pairing`). A config reload merges the screens again.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { loadWidgetManifests } from '../config/load-config';
import { ScreenStore } from '../screens/screen-store';
import { ScreenRegistry } from '../screens/screen-registry';
import { PairingService } from '../screens/pairing';

declare module 'fastify' {
  interface FastifyInstance {
    screens: ScreenRegistry;
    pairing: PairingService;
  }
}

const screensService: FastifyPluginAsync = async (app) => {
  const { access, now } = app;
  const manifests = await loadWidgetManifests();
  const screens = new ScreenRegistry(
    new ScreenStore(app.db, now),
    () => app.config.current(),
    manifests,
    (message) => app.log.warn(message),
  );
  // Before anyone else hears of the reload: they read the screens merged again.
  app.config.onReload(() => screens.invalidate());
  const pairing = new PairingService({
    now,
    onAbandoned: (_screenId, tokenId) => void access.revokeScreenToken(tokenId, { actor: 'system' }),
  });
  app.decorate('screens', screens);
  app.decorate('pairing', pairing);
};

export default fp(screensService, {
  name: 'screens',
  fastify: '5.x',
  dependencies: ['clock', 'config', 'store', 'access'],
  decorators: { fastify: ['now', 'config', 'db', 'access'] },
});
