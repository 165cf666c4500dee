/**
 * The event store (`app.store`) on the SQLite file of the data folder (`app.db`, which the access
 * and screen stores share). Closed last, after everything that writes to it.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import type { SqliteDatabase } from '../store/database';
import { openDataStore } from '../store/data-folder';
import { EventStore } from '../store/event-store';

declare module 'fastify' {
  interface FastifyInstance {
    db: SqliteDatabase;
    store: EventStore;
  }
}

const storeService: FastifyPluginAsync<{ dataDir: string }> = async (app, { dataDir }) => {
  const db = openDataStore(dataDir);
  const store = new EventStore(db);
  app.decorate('db', db);
  app.decorate('store', store);
  // A write refused by the disk anywhere (a session, a key's last use) makes health say degraded.
  app.addHook('onError', async (_request, _reply, error) => store.noteFailure(error));
  // Registered first, so closed last (onClose runs in reverse order of registration).
  app.addHook('onClose', async () => {
    store.close();
    db.close();
  });
};

export default fp(storeService, { name: 'store', fastify: '5.x' });
