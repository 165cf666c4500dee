/**
 * The trainer's routes on the live system: the sessions, opening one (a practice account per
 * trainee, passwords shown once for the sheets handed out in the hall), each trainee's progress,
 * the session's record as .xlsx or CSV, and resetting the practice space. `users.manage`.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { actorOf } from '../../access/identity';
import { errorBody } from '../../http/error-handler';
import { errors } from '../../http/route-docs';
import { Ok } from '../../protocol/rest';
import {
  NewTrainingSession,
  OpenedSession,
  SessionProgress,
  TrainingOverview,
  type ExerciseStatusView,
  type TrainingSessionView,
} from '../../protocol/training';
import { unitDirectoryOf } from '../../access/unit-directory';
import { EXERCISES } from '../../training/exercises';
import { sessionRecordCsv, sessionRecordXlsx } from '../../training/session-record';
import type { ExerciseStatus, Training } from '../../training/training';
import type { TrainingSession } from '../../training/training-store';
import { areaAccess } from '../area-access';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const RecordParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  format: Type.Union([Type.Literal('xlsx'), Type.Literal('csv')]),
});

/** What the pages get of a checked exercise (the same for the trainer and the trainee). */
export const statusView = (status: ExerciseStatus): ExerciseStatusView => ({
  id: status.id,
  title: status.title,
  task: status.task,
  page: status.page,
  question: status.question,
  answerInput: status.answerInput,
  answer: status.answer,
  done: status.result.done,
  found: status.result.found,
  missing: status.result.missing,
  completedAt: status.completedAt,
});

const trainer: FastifyPluginAsync<{ training: Training }> = async (fastify, { training }) => {
  areaAccess(fastify, { permission: 'users.manage' });
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const sessionView = (session: TrainingSession): TrainingSessionView => ({
    ...session,
    trainees: training.records.trainees(session.id).length,
  });
  const noSession = (id: number) =>
    errorBody(404, `id: no training session ${id}`, `id: không có buổi tập huấn ${id}`, 'id');

  app.get(
    '/api/v1/training',
    {
      schema: {
        summary: 'The training sessions, the exercises, and where the practice space is',
        tags: ['training'],
        response: { 200: TrainingOverview, ...errors(401, 403) },
      },
    },
    async () => ({
      practiceUrl: training.space.url,
      sessions: training.records.sessions().map(sessionView),
      exercises: EXERCISES.map((exercise) => ({ id: exercise.id, title: exercise.title, roles: [...exercise.roles] })),
    }),
  );

  app.post(
    '/api/v1/training/sessions',
    {
      schema: {
        summary: 'Opens a training session: a practice account per trainee (passwords shown this once)',
        tags: ['training'],
        body: NewTrainingSession,
        response: { 201: OpenedSession, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const opened = await training.openSession(request.body, actorOf(request.identity));
      app.access.audit({ actor: actorOf(request.identity), ip: request.ip }, 'training.open', opened.session.name, {
        trainees: opened.accounts.length,
      });
      return reply
        .code(201)
        .send({ session: sessionView(opened.session), practiceUrl: training.space.url!, accounts: opened.accounts });
    },
  );

  app.get(
    '/api/v1/training/sessions/:id',
    {
      schema: {
        summary: "A session's trainees and each one's exercises, checked now against the practice space",
        tags: ['training'],
        params: IdParams,
        response: { 200: SessionProgress, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const session = training.records.session(request.params.id);
      if (!session) return reply.code(404).send(noSession(request.params.id));
      return {
        session: sessionView(session),
        trainees: training.progress(session.id).map((trainee) => ({
          ...trainee,
          exercises: trainee.exercises.map(statusView),
        })),
      };
    },
  );

  app.get(
    '/api/v1/training/sessions/:id/record.:format',
    {
      schema: {
        summary: "The session's record for the plan: who completed what, when (.xlsx or .csv)",
        tags: ['training'],
        params: RecordParams,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'],
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const session = training.records.session(request.params.id);
      if (!session) return reply.code(404).send(noSession(request.params.id));
      const config = app.config.current();
      const directory = unitDirectoryOf(config);
      const unitName = (unit: string) => directory.lookup(unit)?.name ?? unit;
      const progress = training.progress(session.id);
      const name = `tap-huan-${session.id}-${session.day}`;
      if (request.params.format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}.csv"`)
          .send(await sessionRecordCsv(session, progress, unitName, config.app.city.timeZone));
      }
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}.xlsx"`)
        .send(await sessionRecordXlsx(session, progress, unitName, config.app.city.timeZone));
    },
  );

  app.post(
    '/api/v1/training/reset',
    {
      schema: {
        summary: 'Throws the practice data away and starts again from fresh practice data (accounts and records stay)',
        tags: ['training'],
        response: { 200: Ok, ...errors(401, 403) },
      },
    },
    async (request) => {
      await training.space.reset();
      app.access.audit({ actor: actorOf(request.identity), ip: request.ip }, 'training.reset');
      return { ok: true };
    },
  );
};

export default trainer;
