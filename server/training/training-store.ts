/**
 * The plan's records of training (migration 016): sessions, their trainees, what each completed
 * and when, and the answers to question exercises. In the live database: the records outlive a
 * reset of the practice space, which holds everything the trainees did.
 */
import type { SqliteDatabase } from '../store/database';
import type { TraineeRole } from './roles';

export interface TrainingSession {
  id: number;
  name: string;
  day: string;
  createdAt: number;
  createdBy: string;
}

export interface Trainee {
  sessionId: number;
  username: string;
  displayName: string;
  role: TraineeRole;
  unit: string | null;
}

export interface Completion {
  username: string;
  exercise: string;
  completedAt: number;
}

interface TraineeRow {
  session_id: number;
  username: string;
  display_name: string;
  role: TraineeRole;
  unit: string | null;
}

const traineeOf = (row: TraineeRow): Trainee => ({
  sessionId: row.session_id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  unit: row.unit,
});

export class TrainingStore {
  readonly #db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.#db = db;
  }

  /** A session and its trainees, in one transaction: all or nothing. */
  createSession(
    input: { name: string; day: string; trainees: Omit<Trainee, 'sessionId'>[] },
    createdBy: string,
    now: number,
  ): TrainingSession {
    return this.#db.transaction(() => {
      const info = this.#db
        .prepare('INSERT INTO training_sessions (name, day, created_at, created_by) VALUES (?, ?, ?, ?)')
        .run(input.name, input.day, now, createdBy);
      const id = Number(info.lastInsertRowid);
      const insert = this.#db.prepare(
        'INSERT INTO training_trainees (session_id, username, display_name, role, unit) VALUES (?, ?, ?, ?, ?)',
      );
      for (const trainee of input.trainees)
        insert.run(id, trainee.username, trainee.displayName, trainee.role, trainee.unit);
      return { id, name: input.name, day: input.day, createdAt: now, createdBy };
    })();
  }

  sessions(): TrainingSession[] {
    return this.#db
      .prepare<[], { id: number; name: string; day: string; created_at: number; created_by: string }>(
        'SELECT id, name, day, created_at, created_by FROM training_sessions ORDER BY id DESC',
      )
      .all()
      .map((row) => ({
        id: row.id,
        name: row.name,
        day: row.day,
        createdAt: row.created_at,
        createdBy: row.created_by,
      }));
  }

  session(id: number): TrainingSession | null {
    return this.sessions().find((session) => session.id === id) ?? null;
  }

  trainees(sessionId: number): Trainee[] {
    return this.#db
      .prepare<[number], TraineeRow>(
        'SELECT session_id, username, display_name, role, unit FROM training_trainees WHERE session_id = ? ORDER BY rowid',
      )
      .all(sessionId)
      .map(traineeOf);
  }

  allTrainees(): Trainee[] {
    return this.#db
      .prepare<[], TraineeRow>(
        'SELECT session_id, username, display_name, role, unit FROM training_trainees ORDER BY rowid',
      )
      .all()
      .map(traineeOf);
  }

  trainee(username: string): Trainee | null {
    const row = this.#db
      .prepare<[string], TraineeRow>(
        'SELECT session_id, username, display_name, role, unit FROM training_trainees WHERE username = ?',
      )
      .get(username);
    return row ? traineeOf(row) : null;
  }

  usernameTaken(username: string): boolean {
    return this.trainee(username) !== null;
  }

  /** Records the first time an exercise was found done; later checks keep that time. */
  complete(sessionId: number, username: string, exercise: string, at: number): void {
    this.#db
      .prepare(
        'INSERT INTO training_completions (session_id, username, exercise, completed_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      )
      .run(sessionId, username, exercise, at);
  }

  completions(sessionId: number): Completion[] {
    return this.#db
      .prepare<[number], { username: string; exercise: string; completed_at: number }>(
        'SELECT username, exercise, completed_at FROM training_completions WHERE session_id = ? ORDER BY completed_at',
      )
      .all(sessionId)
      .map((row) => ({ username: row.username, exercise: row.exercise, completedAt: row.completed_at }));
  }

  saveAnswer(sessionId: number, username: string, exercise: string, answer: string, at: number): void {
    this.#db
      .prepare(
        `INSERT INTO training_answers (session_id, username, exercise, answer, at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (session_id, username, exercise) DO UPDATE SET answer = excluded.answer, at = excluded.at`,
      )
      .run(sessionId, username, exercise, answer, at);
  }

  answer(sessionId: number, username: string, exercise: string): string | null {
    const row = this.#db
      .prepare<[number, string, string], { answer: string }>(
        'SELECT answer FROM training_answers WHERE session_id = ? AND username = ? AND exercise = ?',
      )
      .get(sessionId, username, exercise);
    return row?.answer ?? null;
  }
}
