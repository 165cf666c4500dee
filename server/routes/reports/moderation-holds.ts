/**
 * Moderation decisions waiting out their undo window, in the database (`moderation_holds`), so a
 * restart keeps them: a decision taken back stays taken back, one past its window is stored by
 * whichever process runs then, and nothing is stored early. The data folder's SQLite with one
 * process; PostgreSQL when several share the system, so a decision held through one process is
 * taken back through any other, and is stored once (claimed by one process, `claimDue`).
 */
import type pg from 'pg';
import type { SqliteDatabase } from '../../store/database';

export interface Hold {
  reportId: string;
  decision: 'approve' | 'reject';
  commitsAt: number;
  /** The moderator, by account: their rights are checked again when the decision is stored. */
  userId: number;
  ip: string;
}

export interface ModerationHolds {
  get(reportId: string): Promise<Hold | null>;
  all(): Promise<Hold[]>;
  /** Holds a decision; false when one is already held for the report. */
  hold(hold: Hold, at: number): Promise<boolean>;
  /**
   * Takes a decision back while its window is open at `at`: the hold taken out, or null when there
   * was none or its window had closed (then it is stored, or is being stored, by a claimant).
   */
  takeBack(reportId: string, at: number): Promise<Hold | null>;
  /**
   * Takes out every decision whose window has closed at `at`, for the caller to store: each one is
   * returned to one caller only, whichever process asks at the same moment.
   */
  claimDue(at: number): Promise<Hold[]>;
}

interface Row {
  report_id: string;
  decision: 'approve' | 'reject';
  commits_at: number | string;
  user_id: number | string;
  ip: string;
}

const holdOf = (row: Row): Hold => ({
  reportId: row.report_id,
  decision: row.decision,
  commitsAt: Number(row.commits_at),
  userId: Number(row.user_id),
  ip: row.ip,
});

const COLUMNS = 'report_id, decision, commits_at, user_id, ip';

export class SqliteModerationHolds implements ModerationHolds {
  readonly #db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.#db = db;
  }

  async get(reportId: string): Promise<Hold | null> {
    const row = this.#db.prepare(`SELECT ${COLUMNS} FROM moderation_holds WHERE report_id = ?`).get(reportId) as
      Row | undefined;
    return row ? holdOf(row) : null;
  }

  async all(): Promise<Hold[]> {
    return (this.#db.prepare(`SELECT ${COLUMNS} FROM moderation_holds ORDER BY commits_at`).all() as Row[]).map(holdOf);
  }

  async hold(hold: Hold, at: number): Promise<boolean> {
    const info = this.#db
      .prepare(
        `INSERT INTO moderation_holds (report_id, decision, commits_at, user_id, ip, held_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (report_id) DO NOTHING`,
      )
      .run(hold.reportId, hold.decision, hold.commitsAt, hold.userId, hold.ip, at);
    return info.changes === 1;
  }

  async takeBack(reportId: string, at: number): Promise<Hold | null> {
    const row = this.#db
      .prepare(`DELETE FROM moderation_holds WHERE report_id = ? AND commits_at > ? RETURNING ${COLUMNS}`)
      .get(reportId, at) as Row | undefined;
    return row ? holdOf(row) : null;
  }

  async claimDue(at: number): Promise<Hold[]> {
    const rows = this.#db
      .prepare(`DELETE FROM moderation_holds WHERE commits_at <= ? RETURNING ${COLUMNS}`)
      .all(at) as Row[];
    return rows.map(holdOf).sort((a, b) => a.commitsAt - b.commitsAt);
  }
}

export class PgModerationHolds implements ModerationHolds {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async get(reportId: string): Promise<Hold | null> {
    const { rows } = await this.#pool.query<Row>(`SELECT ${COLUMNS} FROM moderation_holds WHERE report_id = $1`, [
      reportId,
    ]);
    return rows[0] ? holdOf(rows[0]) : null;
  }

  async all(): Promise<Hold[]> {
    const { rows } = await this.#pool.query<Row>(`SELECT ${COLUMNS} FROM moderation_holds ORDER BY commits_at`);
    return rows.map(holdOf);
  }

  async hold(hold: Hold, at: number): Promise<boolean> {
    const { rowCount } = await this.#pool.query(
      `INSERT INTO moderation_holds (report_id, decision, commits_at, user_id, ip, held_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (report_id) DO NOTHING`,
      [hold.reportId, hold.decision, hold.commitsAt, hold.userId, hold.ip, at],
    );
    return rowCount === 1;
  }

  async takeBack(reportId: string, at: number): Promise<Hold | null> {
    // One statement: an undo and a claim of the same row cannot both have it (the row lock decides).
    const { rows } = await this.#pool.query<Row>(
      `DELETE FROM moderation_holds WHERE report_id = $1 AND commits_at > $2 RETURNING ${COLUMNS}`,
      [reportId, at],
    );
    return rows[0] ? holdOf(rows[0]) : null;
  }

  async claimDue(at: number): Promise<Hold[]> {
    // SKIP LOCKED: two claimants at once split the due rows instead of waiting on each other; a
    // row is deleted, and so returned, by one of them only.
    const { rows } = await this.#pool.query<Row>(
      `DELETE FROM moderation_holds WHERE report_id IN (
         SELECT report_id FROM moderation_holds WHERE commits_at <= $1 ORDER BY commits_at FOR UPDATE SKIP LOCKED)
       RETURNING ${COLUMNS}`,
      [at],
    );
    return rows.map(holdOf).sort((a, b) => a.commitsAt - b.commitsAt);
  }
}
