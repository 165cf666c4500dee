/**
 * The trainee's own page in the practice space: their exercises, each checked now against what
 * they did here, and their answers to the exercises that ask to read a figure off a dashboard.
 * Any signed-in practice account that belongs to a session; others get a 403 that says so.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { refuse } from '../../http/auth-plugin';
import { errors } from '../../http/route-docs';
import { ExerciseStatusView, MyTraining } from '../../protocol/training';
import { TRAINEE_ROLE_NAMES } from '../../training/roles';
import type { Training } from '../../training/training';
import { areaAccess } from '../area-access';
import { statusView } from './trainer';

const trainee: FastifyPluginAsync<{ training: Training }> = async (fastify, { training }) => {
  areaAccess(fastify, { signedIn: true });
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const traineeOf = (request: FastifyRequest) =>
    request.identity.kind === 'user' ? training.records.trainee(request.identity.session.user.username) : null;
  const notTrainee = {
    en: 'this account is not a trainee of a training session',
    vi: 'tài khoản này không phải học viên của buổi tập huấn nào',
  };

  app.get(
    '/api/v1/training/me',
    {
      schema: {
        summary: "The trainee's exercises, each checked now against what they did in the practice space",
        tags: ['training'],
        response: { 200: MyTraining, ...errors(401, 403) },
      },
    },
    async (request, reply) => {
      const me = traineeOf(request);
      if (!me) return refuse(reply, notTrainee.en, notTrainee.vi);
      const session = training.records.session(me.sessionId)!;
      return {
        session: { id: session.id, name: session.name, day: session.day },
        trainee: {
          username: me.username,
          displayName: me.displayName,
          role: me.role,
          roleName: TRAINEE_ROLE_NAMES[me.role],
        },
        exercises: training.check(me).map(statusView),
        timeZone: app.config.current().app.city.timeZone,
      };
    },
  );

  app.post(
    '/api/v1/training/me/answers/:exercise',
    {
      schema: {
        summary: 'Answers a question exercise (a figure read off a dashboard, or a tracking code); checked at once',
        tags: ['training'],
        params: Type.Object({ exercise: Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-z0-9-]+$' }) }),
        body: Type.Object({ answer: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }),
        response: { 200: ExerciseStatusView, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const me = traineeOf(request);
      if (!me) return refuse(reply, notTrainee.en, notTrainee.vi);
      return statusView(training.answer(me, request.params.exercise, request.body.answer.trim()));
    },
  );
};

export default trainee;
