/**
 * The event store (`app.store`): on the SQLite file of the data folder by default, on PostgreSQL
 * when `database` is given (`IOC_DATABASE_URL`), shared then by every server on that database.
 * The data folder's SQLite file (`app.db`) holds the rest either way; on PostgreSQL the screens
 * registry, screen tokens, pairing codes, accounts, sessions, feed keys, the audit log, sign-in
 * failures, the webhook outbox, photos, the citizens' proof of work and limits and the moderation
 * holds are shared too (`app.shared`).
 * Closed last, after everything that writes to it.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import type pg from 'pg';
import type { SqliteDatabase } from '../store/database';
import { openDataStore } from '../store/data-folder';
import { EventStore } from '../store/event-store';
import type { EventLog, PastLog, WholeLog } from '../store/event-log';
import { openPgPool, type PgOptions } from '../store/pg/pg-database';
import { PgEventStore } from '../store/pg/pg-event-store';
import { PgEventHistory } from '../store/pg/pg-event-history';
import { PgNotifications } from '../store/pg/pg-notifications';

/** The PostgreSQL every server of one system shares, beside the event store. */
export interface SharedDatabase {
  pool: pg.Pool;
  /** Tells the other processes what changed (and hears what they changed). */
  notifications: PgNotifications;
}
import { EventHistory } from '../store/archive/event-history';
import { recordArchivedKeys } from '../store/archive/archive-files';
import { SqliteSnapshotStore, type SnapshotStore } from '../replay/snapshot-store';
import { PgSnapshotStore } from '../replay/pg-snapshot-store';

declare module 'fastify' {
  interface FastifyInstance {
    db: SqliteDatabase;
    store: EventLog;
    /** The PostgreSQL the event store is on, or null on SQLite (one process). */
    database: PgOptions | null;
    /** The pool and notifications of that PostgreSQL, or null on SQLite. */
    shared: SharedDatabase | null;
    /** The whole log, its archived months included (retention), as the replay of a past moment reads it. */
    history: PastLog;
    /** The aggregators' snapshots, beside the event store (SQLite's file or PostgreSQL). */
    snapshots: SnapshotStore;
    /** The whole log, archived months included, on either store: rebuilds and look-ups of old events. */
    wholeLog: WholeLog;
  }
}

const storeService: FastifyPluginAsync<{ dataDir: string; database?: PgOptions }> = async (
  app,
  { dataDir, database },
) => {
  const db = openDataStore(dataDir);
  let store: EventLog;
  let shared: SharedDatabase | null = null;
  try {
    if (database) {
      const pool = await openPgPool(database);
      store = new PgEventStore(pool);
      const notifications = new PgNotifications(database, pool);
      shared = { pool, notifications };
      await notifications.start().catch(async (error: unknown) => {
        await store.close();
        throw error;
      });
    } else {
      store = new EventStore(db);
    }
  } catch (error) {
    db.close();
    throw error;
  }
  app.decorate('db', db);
  app.decorate('store', store);
  app.decorate('database', database ?? null);
  app.decorate('shared', shared);
  const sqliteSnapshots = new SqliteSnapshotStore(db);
  let history: PastLog & WholeLog;
  let snapshots: SnapshotStore;
  if (shared && store instanceof PgEventStore) {
    history = new PgEventHistory(shared.pool, dataDir, store);
    snapshots = new PgSnapshotStore(shared.pool);
  } else if (store instanceof EventStore) {
    history = new EventHistory(db, dataDir, store, sqliteSnapshots);
    snapshots = sqliteSnapshots;
  } else {
    throw new Error('event store of an unknown kind');
  }
  app.decorate('history', history);
  app.decorate('snapshots', snapshots);
  const wholeLog: WholeLog = history;
  app.decorate('wholeLog', wholeLog);
  // Batches archived before their keys were kept (migration 014): ingest must know those keys.
  if (store instanceof EventStore) {
    try {
      const keys = recordArchivedKeys(db, dataDir);
      if (keys > 0) app.log.info({ keys }, 'idempotency keys of archived events recorded');
    } catch (error) {
      app.log.error(
        { err: error },
        'archived idempotency keys not read; a retry of an archived event may be stored again',
      );
    }
  }
  // A write refused by the disk anywhere (a session, a key's last use) makes health say degraded.
  app.addHook('onError', async (_request, _reply, error) => store.noteFailure(error));
  // Registered first, so closed last (onClose runs in reverse order of registration).
  app.addHook('onClose', async () => {
    await shared?.notifications.close();
    await store.close();
    db.close();
  });
};

export default fp(storeService, { name: 'store', fastify: '5.x' });
