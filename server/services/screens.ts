/**
 * The screens (`app.screens`: config ones with operators' changes, and the paired ones) and the
 * pairing of new screens by code (`app.pairing`). A config reload merges the screens again.
 * In the data folder's SQLite and in memory for one process; in PostgreSQL when several processes
 * share them (`app.shared`), each told by the others of what they change.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { loadWidgetManifests } from '../config/load-config';
import { SqliteScreenStore } from '../screens/screen-store';
import { PgScreenStore } from '../screens/pg-screen-store';
import { ScreenRegistry } from '../screens/screen-registry';
import { PairingService, type PairingCodes } from '../screens/pairing';
import { PgPairing } from '../screens/pg-pairing';

declare module 'fastify' {
  interface FastifyInstance {
    screens: ScreenRegistry;
    pairing: PairingCodes;
  }
}

const screensService: FastifyPluginAsync = async (app) => {
  const { access, now, shared } = app;
  const manifests = await loadWidgetManifests();
  const screens = new ScreenRegistry(
    shared ? await PgScreenStore.open(shared, now) : new SqliteScreenStore(app.db, now),
    () => app.config.current(),
    manifests,
    (message) => app.log.warn(message),
  );
  // Before anyone else hears of the reload: they read the screens merged again.
  app.config.onReload(() => screens.invalidate());
  const onAbandoned = (_screenId: string, tokenId: number) =>
    void access.revokeScreenToken(tokenId, { actor: 'system' }).catch((error: unknown) => {
      app.log.warn({ err: error, tokenId }, 'pairing: could not revoke an abandoned token');
    });
  const pairing: PairingCodes = shared
    ? new PgPairing(shared.pool, { now, onAbandoned })
    : new PairingService({ now, onAbandoned });
  app.decorate('screens', screens);
  app.decorate('pairing', pairing);
};

export default fp(screensService, {
  name: 'screens',
  fastify: '5.x',
  dependencies: ['clock', 'config', 'store', 'access'],
  decorators: { fastify: ['now', 'config', 'db', 'access', 'shared'] },
});
