/**
 * The HTTP shapes of training (tập huấn): the trainer's console panel on the live system and the
 * trainee's page in the practice space. One TypeBox schema each, declared by the routes in
 * `server/routes/training/` and imported as types by the pages. Browser-safe: `typebox` only.
 */
import Type, { type Static } from 'typebox';
import { LocalizedText, Nullable } from './topics/shared';

const TraineeRoleName = Type.Union([
  Type.Literal('entry'),
  Type.Literal('handler'),
  Type.Literal('operator'),
  Type.Literal('leader'),
]);

export const NewTrainingSession = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: 'e.g. "Tập huấn phường Tam Thanh, đợt 1"' }),
    trainees: Type.Array(
      Type.Object(
        {
          displayName: Type.String({ minLength: 1, maxLength: 120 }),
          role: TraineeRoleName,
          /** A ward's or commune's code (entry), or a department's id (entry, handler). */
          unit: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);
export type NewTrainingSession = Static<typeof NewTrainingSession>;

export const TrainingSessionView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  day: Type.String(),
  createdAt: Type.Number(),
  createdBy: Type.String(),
  trainees: Type.Integer(),
});
export type TrainingSessionView = Static<typeof TrainingSessionView>;

export const TrainingOverview = Type.Object({
  /** Where trainees open the practice pages; null while the practice space is not running. */
  practiceUrl: Nullable(Type.String()),
  sessions: Type.Array(TrainingSessionView),
  exercises: Type.Array(Type.Object({ id: Type.String(), title: LocalizedText, roles: Type.Array(TraineeRoleName) })),
});
export type TrainingOverview = Static<typeof TrainingOverview>;

export const OpenedSession = Type.Object({
  session: TrainingSessionView,
  practiceUrl: Type.String(),
  /** Shown once, to be printed for the hall. */
  accounts: Type.Array(Type.Object({ username: Type.String(), password: Type.String(), displayName: Type.String() })),
});
export type OpenedSession = Static<typeof OpenedSession>;

export const ExerciseStatusView = Type.Object({
  id: Type.String(),
  title: LocalizedText,
  task: LocalizedText,
  page: Type.String(),
  question: Nullable(LocalizedText),
  /** The keyboard a phone shows for the answer: a figure, or a code with letters (a tracking code). */
  answerInput: Nullable(Type.Union([Type.Literal('decimal'), Type.Literal('text')])),
  answer: Nullable(Type.String()),
  done: Type.Boolean(),
  found: Type.Array(LocalizedText),
  missing: Type.Array(LocalizedText),
  completedAt: Nullable(Type.Number()),
});
export type ExerciseStatusView = Static<typeof ExerciseStatusView>;

const TraineeProgressView = Type.Object({
  username: Type.String(),
  displayName: Type.String(),
  role: TraineeRoleName,
  unit: Nullable(Type.String()),
  exercises: Type.Array(ExerciseStatusView),
});

export const SessionProgress = Type.Object({
  session: TrainingSessionView,
  trainees: Type.Array(TraineeProgressView),
});
export type SessionProgress = Static<typeof SessionProgress>;

/** The trainee's own page in the practice space. */
export const MyTraining = Type.Object({
  session: Type.Object({ id: Type.Integer(), name: Type.String(), day: Type.String() }),
  trainee: Type.Object({
    username: Type.String(),
    displayName: Type.String(),
    role: TraineeRoleName,
    roleName: LocalizedText,
  }),
  exercises: Type.Array(ExerciseStatusView),
  /** The city's time zone (config): the times on the page are the city's. */
  timeZone: Type.String(),
});
export type MyTraining = Static<typeof MyTraining>;
