/**
 * Retention on a schedule (`config/app.yaml` `retention`): every `everyHours` the server moves the
 * events older than `hotMonths` to the monthly archives (server/store/archive/retention.ts),
 * behind the newest snapshot that fits the code. SQLite only, one process: on PostgreSQL the
 * events stay (its start replays the whole log; `pg_dump` is the backup there).
 * `app.retention.run()` runs it now (the clock is the app's, injectable).
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { runRetention, type RetentionResult } from '../store/archive/retention';
import { startSnapshot } from '../replay/snapshot-writer';

declare module 'fastify' {
  interface FastifyInstance {
    retention: { run(): Promise<RetentionResult | null> };
  }
}

const retentionService: FastifyPluginAsync<{ dataDir: string }> = async (app, { dataDir }) => {
  let running: Promise<RetentionResult | null> | null = null;
  const run = (): Promise<RetentionResult | null> => {
    const { retention, city } = app.config.current().app;
    if (!retention.enabled || app.database) return Promise.resolve(null);
    // One run at a time: two would append to the same month's file.
    running ??= (async () => {
      const covered = startSnapshot(app.runtime, app.snapshots).snapshot?.seq ?? 0;
      const result = await runRetention(app.db, {
        dataDir,
        policy: retention,
        timeZone: city.timeZone,
        now: app.now(),
        coveredSeq: covered,
      });
      if (result.archived > 0) app.log.info(result, 'events archived (retention)');
      return result;
    })().finally(() => {
      running = null;
    });
    return running;
  };
  app.decorate('retention', { run });

  const everyMs = app.config.current().app.retention.everyHours * 3_600_000;
  const timer = setInterval(() => {
    run().catch((error: unknown) => app.log.error({ err: error }, 'retention failed; the events stay hot'));
  }, everyMs);
  timer.unref();
  app.addHook('preClose', async () => {
    clearInterval(timer);
    await running?.catch(() => null);
  });
};

export default fp(retentionService, {
  name: 'retention',
  fastify: '5.x',
  dependencies: ['domains'],
  decorators: { fastify: ['now', 'config', 'db', 'runtime', 'snapshots'] },
});
