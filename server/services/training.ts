/**
 * Training (`app.training`): the plan's records in the live database and the practice space, a
 * second system on its own data folder and port (see server/training/practice-space.ts). Null
 * when this app is not set up to train (tests, or the practice system itself).
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import type { IocApp } from '../app';
import type { LoadedConfig } from '../config/load-config';
import { PracticeSpace } from '../training/practice-space';
import { Training } from '../training/training';
import { TrainingStore } from '../training/training-store';

declare module 'fastify' {
  interface FastifyInstance {
    training: Training | null;
  }
}

export interface TrainingServiceOptions {
  /** Where the practice space keeps its own data, and where it listens; absent: no training here. */
  practice?: {
    dataDir: string;
    port: number;
    host: string;
    build: (options: { config: LoadedConfig; dataDir: string; training: Training }) => Promise<IocApp>;
  };
}

const trainingService: FastifyPluginAsync<TrainingServiceOptions> = async (app, { practice }) => {
  if (!practice) {
    app.decorate('training', null);
    return;
  }
  let training: Training | null = null;
  const space = new PracticeSpace({
    config: () => app.config.current(),
    dataDir: practice.dataDir,
    port: practice.port,
    host: practice.host,
    build: (options) => practice.build({ ...options, training: training! }),
  });
  training = new Training(
    new TrainingStore(app.db),
    space,
    () => app.now(),
    () => app.config.current(),
  );
  app.decorate('training', training);
  // A session opened before a restart: its trainees find the practice space where they left it.
  app.addHook('onReady', async () => {
    if (training.records.sessions().length > 0) await space.start();
  });
  app.addHook('onClose', async () => space.close());
};

export default fp(trainingService, { name: 'training', fastify: '5.x', dependencies: ['config', 'store', 'clock'] });
