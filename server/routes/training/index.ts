/**
 * Training (tập huấn). On the live system, the trainer's routes (`users.manage`: opening a
 * session makes accounts); in the practice space, the trainee's own page. Never both: the
 * practice space trains nobody, and the live system has no trainees.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Training } from '../../training/training';
import trainer from './trainer';
import trainee from './trainee';

const trainingArea: FastifyPluginAsync<{ practiceOf: Training | null }> = async (app, { practiceOf }) => {
  if (practiceOf) await app.register(trainee, { training: practiceOf });
  else if (app.training) await app.register(trainer, { training: app.training });
};

export default trainingArea;
