/**
 * Several server processes as one system (`IOC_DATABASE_URL` and `IOC_REDIS_URL` both set): every
 * process ingests into the shared PostgreSQL store, serves HTTP and its own sockets; exactly one,
 * the holder of the leader lease (`scaleout/leader-lease.ts`), aggregates and publishes topics,
 * which the others copy (`scaleout/topic-relay.ts`). When the leader goes, another takes the lease
 * within `retryMs`, rebuilds from the store under a new epoch, and screens take snapshots.
 * In one process (no Redis) this service does nothing: `app.scaleout` is null.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { LeaderLease } from '../scaleout/leader-lease';
import { TopicRelay } from '../scaleout/topic-relay';
import { startSnapshot } from '../replay/snapshot-writer';

export interface ScaleOut {
  readonly lease: LeaderLease;
  readonly relay: TopicRelay;
  /** Whether this process aggregates now. */
  leading(): boolean;
  /**
   * Whether it leads and its aggregators have caught up with the store since it took the lease
   * (`leading()` turns true as the lease is taken, before the rebuild): what its read models say is current.
   */
  aggregating(): boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    scaleout: ScaleOut | null;
  }
}

export interface ScaleOutOptions {
  /** How often a follower tries to take the lease (and the leader polls the store besides NOTIFY). */
  retryMs?: number;
}

const scaleoutService: FastifyPluginAsync<ScaleOutOptions> = async (app, options) => {
  const { io, hub, runtime, store, database, redis, snapshots, snapshotWriter } = app;
  if (!database || !redis) {
    app.decorate('scaleout', null);
    return;
  }
  const retryMs = options.retryMs ?? 1000;
  // Each gain of the lease is a generation: a rebuild finishing after the lease was lost publishes nothing.
  let generation = 0;
  /** The generation whose rebuild has finished (the read models are current while it is the one). */
  let rebuilt = -1;
  const lease: LeaderLease = new LeaderLease({
    database,
    retryMs,
    onGained: async () => {
      const mine = ++generation;
      hub.restart();
      // The newest snapshot another leader (or this process, earlier) wrote: only the events after it.
      const { snapshot, reason } = await startSnapshot(runtime, snapshots);
      if (mine !== generation) return;
      const replayed = await runtime.lead(store, app.wholeLog, snapshot);
      if (mine !== generation) return;
      rebuilt = mine;
      hub.flush();
      relay.resetScreens();
      relay.announce();
      // Only the leader writes snapshots: the others' state is a copy of its topics, not aggregated.
      snapshotWriter.restartFrom(runtime.lastSeq);
      snapshotWriter.start(1000, (error) =>
        app.log.error({ err: error }, 'snapshot not written: a start or a new leader will apply more events'),
      );
      app.log.warn(
        { replayed, fromSnapshot: snapshot?.seq ?? null, fullReplayBecause: reason, epoch: hub.epoch },
        'scale-out: this process leads the aggregation',
      );
    },
    onLost: () => {
      generation++;
      void snapshotWriter.stop();
      runtime.pause();
      app.log.warn('scale-out: leader lease lost, following');
    },
    onEvents: () => void runtime.catchUp(),
  });
  const relay = new TopicRelay(
    io,
    hub,
    () => lease.leading,
    () => redis.isReady,
  );
  // Redis back after a break: what the leader sent meanwhile never came, so take its state again.
  const resync = () => {
    if (!lease.leading) void relay.sync();
  };
  redis.on('ready', resync);
  // NOTIFY is the fast path; a poll catches what a dropped notification would leave behind.
  const poll = setInterval(() => {
    if (lease.leading) void runtime.catchUp();
  }, retryMs);
  poll.unref();

  await lease.start();
  if (!lease.leading) await relay.sync();
  app.decorate('scaleout', {
    lease,
    relay,
    leading: () => lease.leading,
    aggregating: () => lease.leading && rebuilt === generation,
  });

  app.addHook('preClose', async () => {
    clearInterval(poll);
    redis.off('ready', resync);
    relay.close();
    // Ending the lock's session lets another process lead at its next try.
    await lease.close();
    await snapshotWriter.stop();
    runtime.pause();
  });
};

export default fp(scaleoutService, {
  name: 'scaleout',
  fastify: '5.x',
  dependencies: ['store', 'socket-io', 'domains'],
  decorators: {
    fastify: ['io', 'hub', 'runtime', 'store', 'wholeLog', 'database', 'redis', 'snapshots', 'snapshotWriter'],
  },
});
