/**
 * Training as the trainer and the trainees use it: open a session (practice accounts for each
 * trainee, on paper for the hall), check each trainee's exercises against the practice space,
 * keep the plan's record of who completed what, and reset the practice space.
 *
 * Lives in the live system (its records are the plan's), and is handed to the practice system
 * for the trainees' own page: one object, so the trainer and the trainee always see the same result.
 */
import { dayKey } from '../domains/calendar';
import { InputError } from '../ingest/ingest-error';
import { scopeProblem } from '../access/scope-input';
import { unitDirectoryOf } from '../access/unit-directory';
import type { LoadedConfig } from '../config/load-config';
import type { LocalizedText } from '../protocol/topics';
import { exerciseById, exercisesFor, type CheckResult } from './exercises';
import type { TraineeRole } from './roles';
import { practiceAccountOf, practicePassword, type PracticeSpace } from './practice-space';
import type { Trainee, TrainingSession, TrainingStore } from './training-store';

export interface NewTrainee {
  displayName: string;
  role: TraineeRole;
  unit?: string;
}

export interface ExerciseStatus {
  id: string;
  title: LocalizedText;
  task: LocalizedText;
  page: string;
  question: LocalizedText | null;
  answerInput: 'decimal' | 'text' | null;
  answer: string | null;
  result: CheckResult;
  /** The first time it was found done (kept across resets of the practice space). */
  completedAt: number | null;
}

export interface TraineeProgress {
  username: string;
  displayName: string;
  role: TraineeRole;
  unit: string | null;
  exercises: ExerciseStatus[];
}

/** Accounts are named after their session, so the trainer's list and the sheets in the hall match. */
const usernameOf = (sessionId: number, index: number) => `tap-huan-${sessionId}-${String(index + 1).padStart(2, '0')}`;

export class Training {
  readonly records: TrainingStore;
  readonly space: PracticeSpace;
  readonly #now: () => number;
  readonly #config: () => LoadedConfig;

  constructor(records: TrainingStore, space: PracticeSpace, now: () => number, config: () => LoadedConfig) {
    this.records = records;
    this.space = space;
    this.#now = now;
    this.#config = config;
  }

  /**
   * A session and a practice account for each trainee. The units are checked first (400 naming
   * `trainees[i].unit`), so a refused session leaves neither records nor accounts behind.
   */
  async openSession(
    input: { name: string; trainees: NewTrainee[] },
    createdBy: string,
  ): Promise<{
    session: TrainingSession;
    accounts: Array<{ username: string; password: string; displayName: string }>;
  }> {
    const config = this.#config();
    const today = dayKey(this.#now(), config.app.city.timeZone);
    input.trainees.forEach((trainee, index) => {
      const needsUnit = trainee.role === 'entry' || trainee.role === 'handler';
      if (needsUnit && !trainee.unit) {
        throw new InputError({
          field: `trainees[${index}].unit`,
          en: `a ${trainee.role === 'entry' ? 'data entry officer' : 'handler'} practises for a unit: give its code or id`,
          vi: `${trainee.role === 'entry' ? 'cán bộ nhập số liệu' : 'cán bộ xử lý'} thực hành cho một đơn vị: hãy chọn đơn vị`,
        });
      }
      for (const scope of practiceAccountOf(trainee.role, trainee.unit ?? null).scopes) {
        const problem = scopeProblem(scope, unitDirectoryOf(config), today, `trainees[${index}].unit`);
        if (problem) throw problem;
      }
    });
    await this.space.start();
    const next = this.records.sessions().reduce((max, session) => Math.max(max, session.id), 0) + 1;
    const trainees = input.trainees.map((trainee, index) => ({
      username: usernameOf(next, index),
      displayName: trainee.displayName,
      role: trainee.role,
      unit: trainee.unit ?? null,
    }));
    const accounts = trainees.map((trainee) => ({
      username: trainee.username,
      displayName: trainee.displayName,
      password: practicePassword(),
    }));
    // The practice accounts first: if one cannot be made, no session is recorded.
    for (const [index, trainee] of trainees.entries())
      await this.space.addAccount(trainee.username, accounts[index]!.password, trainee.role, trainee.unit);
    const session = this.records.createSession({ name: input.name, day: today, trainees }, createdBy, this.#now());
    return { session, accounts };
  }

  /** A trainee's exercises, checked now; what is found done is recorded the first time. */
  check(trainee: Trainee): ExerciseStatus[] {
    const events = this.space.eventsOf(trainee.username);
    const topics = this.space.topics();
    const recorded = new Map(
      this.records
        .completions(trainee.sessionId)
        .filter((completion) => completion.username === trainee.username)
        .map((completion) => [completion.exercise, completion.completedAt]),
    );
    return exercisesFor(trainee.role).map((exercise) => {
      const answer = exercise.question ? this.records.answer(trainee.sessionId, trainee.username, exercise.id) : null;
      const result = exercise.check({
        events,
        unit: trainee.unit,
        answer,
        topics,
        citizenReport: this.space.citizenReportOf(answer),
      });
      let completedAt = recorded.get(exercise.id) ?? null;
      if (result.done && completedAt === null) {
        completedAt = this.#now();
        this.records.complete(trainee.sessionId, trainee.username, exercise.id, completedAt);
      }
      return {
        id: exercise.id,
        title: exercise.title,
        task: exercise.task,
        page: exercise.page,
        question: exercise.question ?? null,
        answerInput: exercise.question ? (exercise.answerInput ?? 'decimal') : null,
        answer,
        result,
        completedAt,
      };
    });
  }

  /** Saves a trainee's answer to a question exercise and checks it at once. */
  answer(trainee: Trainee, exerciseId: string, answer: string): ExerciseStatus {
    const exercise = exerciseById(exerciseId);
    if (!exercise || !exercise.roles.includes(trainee.role) || !exercise.question) {
      throw new InputError({
        field: 'exercise',
        en: `no question exercise ${exerciseId} for this trainee`,
        vi: `không có bài hỏi đáp ${exerciseId} cho học viên này`,
      });
    }
    this.records.saveAnswer(trainee.sessionId, trainee.username, exercise.id, answer, this.#now());
    return this.check(trainee).find((status) => status.id === exercise.id)!;
  }

  progress(sessionId: number): TraineeProgress[] {
    return this.records.trainees(sessionId).map((trainee) => ({
      username: trainee.username,
      displayName: trainee.displayName,
      role: trainee.role,
      unit: trainee.unit,
      exercises: this.check(trainee),
    }));
  }
}
