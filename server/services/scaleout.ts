/**
 * Several server processes as one system (`IOC_DATABASE_URL` and `IOC_REDIS_URL` both set): every
 * process ingests into the shared PostgreSQL store, serves HTTP and its own sockets; exactly one,
 * the holder of the leader lease (`scaleout/leader-lease.ts`), aggregates and publishes topics,
 * which the others copy (`scaleout/topic-relay.ts`). When the leader goes, another takes the lease
 * within `retryMs`, rebuilds from the store under a new epoch, and screens take snapshots.
 * A follower keeps its own read models for the routes (`scaleout/follower-read-models.ts`).
 * In one process (no Redis) this service does nothing: `app.scaleout` is null.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { LeaderLease } from '../scaleout/leader-lease';
import { TopicRelay } from '../scaleout/topic-relay';
import { startSnapshot } from '../replay/snapshot-writer';
import { buildShadowReadModels, type ShadowReadModels } from '../scaleout/follower-read-models';

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
  const { io, hub, runtime, store, database, redis, snapshots, snapshotWriter, domainContext } = app;
  if (!database || !redis) {
    app.decorate('scaleout', null);
    return;
  }
  const retryMs = options.retryMs ?? 1000;
  // Each gain or loss of the lease is a generation: a rebuild finishing after the lease was lost
  // publishes nothing, and a follower's read models finishing after it was gained are dropped.
  let generation = 0;
  let closing = false;
  /** A follower's read models (until built: null; on gaining the lease, kept until the rebuild is done). */
  let shadow: ShadowReadModels | null = null;
  let building: Promise<void> | null = null;
  const dropShadow = () => {
    runtime.readFrom(null);
    shadow?.close();
    shadow = null;
  };
  /** While following: builds the read models once (again after a failed try, at the next poll). */
  const keepReadModels = (): Promise<void> => {
    if (closing || lease.leading || shadow) return Promise.resolve();
    building ??= (async () => {
      const mine = generation;
      try {
        const built = await buildShadowReadModels({
          domains: runtime.domains,
          context: domainContext,
          store,
          history: app.wholeLog,
          snapshots,
        });
        if (mine !== generation || closing) {
          built.close();
          return;
        }
        shadow = built;
        runtime.readFrom(built.runtime);
        app.log.info(
          { replayed: built.replayed, fromSnapshot: built.fromSnapshot, lastSeq: built.runtime.lastSeq },
          "scale-out: following, with this process's own read models",
        );
      } catch (error) {
        if (!closing) app.log.error({ err: error }, 'scale-out: read models not built, trying again at the next poll');
      } finally {
        building = null;
      }
    })();
    return building;
  };
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
      // A follower's read models serve the routes while the rebuild runs (`DomainRuntime.aggregator`).
      const replayed = await runtime.lead(store, app.wholeLog, snapshot);
      if (mine !== generation) return;
      // The leader's own aggregators are the read models from now on.
      dropShadow();
      rebuilt = mine;
      hub.flush();
      hub.goLive();
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
      void keepReadModels();
    },
    // The leader's aggregators or, following, the read models' (`DomainRuntime.catchUp`).
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
    void keepReadModels();
    void runtime.catchUp();
  }, retryMs);
  poll.unref();

  await lease.start();
  if (!lease.leading) {
    await relay.sync();
    // Ready only with its read models, as one process is only after its rebuild.
    await keepReadModels();
  }
  app.decorate('scaleout', {
    lease,
    relay,
    leading: () => lease.leading,
    aggregating: () => lease.leading && rebuilt === generation,
  });

  app.addHook('preClose', async () => {
    closing = true;
    clearInterval(poll);
    redis.off('ready', resync);
    relay.close();
    // Ending the lock's session lets another process lead at its next try.
    await lease.close();
    await snapshotWriter.stop();
    runtime.pause();
    // A build under way is dropped when it ends (`closing`): the store it reads closes after this.
    dropShadow();
  });
};

export default fp(scaleoutService, {
  name: 'scaleout',
  fastify: '5.x',
  dependencies: ['store', 'socket-io', 'domains'],
  decorators: {
    fastify: [
      'io',
      'hub',
      'runtime',
      'store',
      'wholeLog',
      'database',
      'redis',
      'snapshots',
      'snapshotWriter',
      'domainContext',
    ],
  },
});
