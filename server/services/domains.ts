/**
 * The data path from ingest to the hub: the domains' context (`app.domainContext`: fixtures, time
 * zone, clock), the topic hub (`app.hub`) emitting on Socket.IO, the domain runtime
 * (`app.runtime`) rebuilt from the store, the ingest service (`app.ingest`) and the simulator feed
 * (`app.simulator`, null when off).
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { TopicHub } from '../realtime/topic-hub';
import { DomainRuntime } from '../domains/runtime';
import { domains as allDomains } from '../domains/index';
import type { Domain, DomainContext } from '../domains/domain';
import { loadFixtures } from '../fixtures/fixtures';
import { IngestService } from '../ingest/ingest-service';
import { SimulatorFeed, type SimulatorOptions } from '../feeds/simulator/simulator-feed';
import { SnapshotWriter, startSnapshot } from '../replay/snapshot-writer';

declare module 'fastify' {
  interface FastifyInstance {
    domainContext: DomainContext;
    hub: TopicHub;
    runtime: DomainRuntime;
    ingest: IngestService;
    simulator: SimulatorFeed | null;
    /** Takes the aggregators' snapshots while this process aggregates (the leader, with several). */
    snapshotWriter: SnapshotWriter;
  }
}

export interface DomainsOptions {
  domains?: Domain[];
  /** Run the simulator feed (overrides `simulator.enabled` in config). */
  simulator?: boolean;
  simulatorOptions?: Partial<SimulatorOptions>;
  tickMs?: number;
  replayLimit?: number;
}

const domainsService: FastifyPluginAsync<DomainsOptions> = async (app, options) => {
  const { app: settings, units } = app.config.current();
  const { io, store, now } = app;
  const fixtures = loadFixtures(undefined, settings.city.wardBoundaries, units);
  // Templates are read at each use: a reload of config/reporting/ reaches the aggregator.
  const context: DomainContext = {
    fixtures,
    timeZone: settings.city.timeZone,
    now,
    reportsSettleAfterDays: settings.reports.settleAfterDays,
    reportingTemplates: () => [...app.config.current().reporting.values()],
    noticeTopics: () => app.config.current().app.notices.topics,
    exceptionRules: () => app.config.current().exceptions,
    topicState: (name) => hub.current(name),
    // The feeds service registers after this one: asked at each judgement, not now.
    feedSilences: () => (app.hasDecorator('feeds') ? app.feeds.silences() : []),
  };

  // Socket.IO exists already: the hub emits to it from its first tick.
  const hub = new TopicHub({
    // This process's screens only: other processes' screens hear a delta from their own copy of
    // the topics once it holds it (server/scaleout/topic-relay.ts), never straight from here.
    emit: (room, message) => io.local.to(room).emit('topic:delta', message),
    tickMs: options.tickMs,
    replayLimit: options.replayLimit,
    now,
  });
  const runtime = new DomainRuntime(options.domains ?? allDomains, context, hub);
  // A bounded start: the newest snapshot that fits this code, then only the events after it, on
  // either store (the snapshots live beside the log: `app.snapshots`).
  const { snapshots } = app;
  const snapshotWriter = new SnapshotWriter(runtime, snapshots, settings.snapshots, now);
  const startWriting = () =>
    snapshotWriter.start(1000, (error) =>
      app.log.error({ err: error }, 'snapshot not written: a start or replay will apply more events'),
    );
  if (app.database && app.redis) {
    // Several processes: the one that holds the leader lease aggregates and writes the snapshots
    // (services/scaleout.ts).
    runtime.pause();
  } else {
    const started = await startSnapshot(runtime, snapshots);
    // Through the whole log: a snapshot that does not fit the code (a new aggregator version), or
    // none yet, means replaying the archived months too.
    const replayed = await runtime.rebuild(app.wholeLog, started.snapshot);
    app.log.info(
      { replayed, fromSnapshot: started.snapshot?.seq ?? null, fullReplayBecause: started.reason },
      'topic states rebuilt from the event store',
    );
    runtime.startClock();
    // The past was state; from here each item of a burst reaches the screens (`TopicHub.goLive`).
    hub.goLive();
    snapshotWriter.restartFrom(runtime.lastSeq);
    startWriting();
  }

  const ingest = new IngestService(store, runtime, now);
  const simulator =
    (options.simulator ?? settings.simulator.enabled)
      ? new SimulatorFeed(runtime, context, ingest, store, { ...settings.simulator, ...options.simulatorOptions })
      : null;

  app.decorate('domainContext', context);
  app.decorate('hub', hub);
  app.decorate('runtime', runtime);
  app.decorate('ingest', ingest);
  app.decorate('simulator', simulator);
  app.decorate('snapshotWriter', snapshotWriter);

  app.addHook('preClose', async () => {
    simulator?.stop();
    runtime.stop();
    await snapshotWriter.stop();
  });
  // Before the store closes (onClose runs in reverse order of registration).
  app.addHook('onClose', async () => {
    hub.stop();
  });
};

export default fp(domainsService, {
  name: 'domains',
  fastify: '5.x',
  dependencies: ['clock', 'config', 'store', 'socket-io'],
  decorators: { fastify: ['now', 'config', 'store', 'wholeLog', 'snapshots', 'io'] },
});
