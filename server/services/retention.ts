/**
 * Retention on a schedule (`config/app.yaml` `retention`): every `everyHours` the server moves the
 * events older than `hotMonths` to the monthly archives (server/store/archive/retention.ts).
 * On SQLite, only what the newest snapshot that fits the code covers: a start never needs them.
 * On PostgreSQL, whichever server takes the retention lock archives (the others skip their turn),
 * whatever the snapshots cover: a start or a new leader whose snapshot does not fit replays the
 * whole log through `app.wholeLog`, archives included, and the replay of a past moment reads the
 * month files, so any server may have to read them: with several servers, `archiveDir` must be
 * one folder they all see.
 * `app.retention.run()` runs it now (the clock is the app's, injectable).
 */
import path from 'node:path';
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { runRetention, type RetentionResult } from '../store/archive/retention';
import { startSnapshot } from '../replay/snapshot-writer';
import { sqliteLedger } from '../store/archive/archive-ledger';
import { openPgArchiveLedger } from '../store/pg/pg-archive-ledger';

declare module 'fastify' {
  interface FastifyInstance {
    retention: { run(): Promise<RetentionResult | null> };
  }
}

const retentionService: FastifyPluginAsync<{ dataDir: string }> = async (app, { dataDir }) => {
  let running: Promise<RetentionResult | null> | null = null;
  const run = (): Promise<RetentionResult | null> => {
    const { retention, city } = app.config.current().app;
    if (!retention.enabled) return Promise.resolve(null);
    const where = { dataDir, policy: retention, timeZone: city.timeZone };
    // One run at a time: two would append to the same month's file.
    running ??= (async () => {
      let result: RetentionResult;
      if (app.shared) {
        const held = await openPgArchiveLedger(app.shared.pool);
        if (!held) return null; // another server is archiving
        try {
          result = await runRetention(held.ledger, { ...where, now: app.now(), coveredSeq: Number.MAX_SAFE_INTEGER });
        } finally {
          await held.release();
        }
      } else {
        const covered = (await startSnapshot(app.runtime, app.snapshots)).snapshot?.seq ?? 0;
        result = await runRetention(sqliteLedger(app.db, dataDir), { ...where, now: app.now(), coveredSeq: covered });
      }
      if (result.archived > 0) app.log.info(result, 'events archived (retention)');
      return result;
    })().finally(() => {
      running = null;
    });
    return running;
  };
  app.decorate('retention', { run });
  const { archiveDir, enabled } = app.config.current().app.retention;
  if (app.shared && enabled && !path.isAbsolute(archiveDir))
    app.log.warn(
      { archiveDir },
      'retention on PostgreSQL with an archive folder inside this data folder: other servers cannot rebuild through it; give an absolute path every server sees',
    );

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
  decorators: { fastify: ['now', 'config', 'db', 'shared', 'runtime', 'snapshots'] },
});
