/**
 * Moderation decisions waiting out their undo window, in the database (`moderation_holds`), so a
 * restart keeps them: a decision taken back stays taken back, one past its window is stored by
 * whichever process runs then, and nothing is stored early.
 */
import type { SqliteDatabase } from '../../store/database';

export interface Hold {
  reportId: string;
  decision: 'approve' | 'reject';
  commitsAt: number;
  /** The moderator, by account: their rights are checked again when the decision is stored. */
  userId: number;
  ip: string;
}

interface Row {
  report_id: string;
  decision: 'approve' | 'reject';
  commits_at: number;
  user_id: number;
  ip: string;
}

const holdOf = (row: Row): Hold => ({
  reportId: row.report_id,
  decision: row.decision,
  commitsAt: row.commits_at,
  userId: row.user_id,
  ip: row.ip,
});

export class ModerationHolds {
  readonly #db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.#db = db;
  }

  get(reportId: string): Hold | null {
    const row = this.#db.prepare('SELECT * FROM moderation_holds WHERE report_id = ?').get(reportId) as Row | undefined;
    return row ? holdOf(row) : null;
  }

  all(): Hold[] {
    return (this.#db.prepare('SELECT * FROM moderation_holds ORDER BY commits_at').all() as Row[]).map(holdOf);
  }

  /** The decisions whose window has closed at `at`. */
  due(at: number): Hold[] {
    return (
      this.#db.prepare('SELECT * FROM moderation_holds WHERE commits_at <= ? ORDER BY commits_at').all(at) as Row[]
    ).map(holdOf);
  }

  /** Holds a decision; false when one is already held for the report. */
  hold(hold: Hold, at: number): boolean {
    const info = this.#db
      .prepare(
        `INSERT INTO moderation_holds (report_id, decision, commits_at, user_id, ip, held_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (report_id) DO NOTHING`,
      )
      .run(hold.reportId, hold.decision, hold.commitsAt, hold.userId, hold.ip, at);
    return info.changes === 1;
  }

  /** Takes a held decision out (to store it, or undone); false when someone else already took it. */
  take(reportId: string): boolean {
    return this.#db.prepare('DELETE FROM moderation_holds WHERE report_id = ?').run(reportId).changes === 1;
  }
}
