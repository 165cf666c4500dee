/**
 * What feeds keep in SQLite (migration 009): the dead letters (refused messages with the reason
 * and the raw message, bounded per feed) and each feed's state across restarts (an operator's
 * pause, a poller's cursor and HTTP validators).
 */
import type { SqliteDatabase } from '../../store/database';

export type RefusalStage = 'parse' | 'mapping' | 'ingest';

export interface DeadLetter {
  id: number;
  feed: string;
  at: number;
  stage: RefusalStage;
  field: string | null;
  reason: { vi: string; en: string };
  raw: string;
  context: Record<string, unknown> | null;
}

export interface NewDeadLetter {
  stage: RefusalStage;
  field: string | null;
  reason: { vi: string; en: string };
  raw: string;
  context?: Record<string, unknown>;
}

export interface FeedState {
  paused: boolean | null;
  cursor: string | null;
  etag: string | null;
  lastModified: string | null;
}

interface DeadLetterRow {
  id: number;
  feed: string;
  at: number;
  stage: RefusalStage;
  field: string | null;
  reason_en: string;
  reason_vi: string;
  raw: string;
  context: string | null;
}

export class FeedStore {
  readonly #db: SqliteDatabase;
  readonly #insert;
  readonly #trim;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    this.#insert = db.prepare(
      `INSERT INTO feed_dead_letters (feed, at, stage, field, reason_en, reason_vi, raw, context)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#trim = db.prepare(
      `DELETE FROM feed_dead_letters WHERE feed = ? AND id <= (
         SELECT id FROM feed_dead_letters WHERE feed = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`,
    );
  }

  /** Keeps a refused message; past `limit` for the feed, the oldest go. */
  addDeadLetter(feed: string, at: number, letter: NewDeadLetter, limit: number): number {
    const { lastInsertRowid } = this.#insert.run(
      feed,
      at,
      letter.stage,
      letter.field,
      letter.reason.en,
      letter.reason.vi,
      letter.raw,
      letter.context ? JSON.stringify(letter.context) : null,
    );
    this.#trim.run(feed, feed, limit);
    return Number(lastInsertRowid);
  }

  deadLetters(feed: string, limit = 100, beforeId = Number.MAX_SAFE_INTEGER): DeadLetter[] {
    const rows = this.#db
      .prepare('SELECT * FROM feed_dead_letters WHERE feed = ? AND id < ? ORDER BY id DESC LIMIT ?')
      .all(feed, beforeId, limit) as DeadLetterRow[];
    return rows.map(toDeadLetter);
  }

  deadLetterCount(feed: string): number {
    return (this.#db.prepare('SELECT count(*) AS n FROM feed_dead_letters WHERE feed = ?').get(feed) as { n: number })
      .n;
  }

  deadLetter(feed: string, id: number): DeadLetter | null {
    const row = this.#db.prepare('SELECT * FROM feed_dead_letters WHERE feed = ? AND id = ?').get(feed, id) as
      DeadLetterRow | undefined;
    return row ? toDeadLetter(row) : null;
  }

  removeDeadLetter(id: number): void {
    this.#db.prepare('DELETE FROM feed_dead_letters WHERE id = ?').run(id);
  }

  state(feed: string): FeedState {
    const row = this.#db.prepare('SELECT * FROM feed_state WHERE feed = ?').get(feed) as
      { paused: number | null; cursor: string | null; etag: string | null; last_modified: string | null } | undefined;
    return {
      paused: row?.paused === null || row?.paused === undefined ? null : row.paused === 1,
      cursor: row?.cursor ?? null,
      etag: row?.etag ?? null,
      lastModified: row?.last_modified ?? null,
    };
  }

  saveState(feed: string, change: Partial<FeedState>, at: number): void {
    const next = { ...this.state(feed), ...change };
    this.#db
      .prepare(
        `INSERT INTO feed_state (feed, paused, cursor, etag, last_modified, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (feed) DO UPDATE SET paused = excluded.paused, cursor = excluded.cursor, etag = excluded.etag,
           last_modified = excluded.last_modified, updated_at = excluded.updated_at`,
      )
      .run(feed, next.paused === null ? null : next.paused ? 1 : 0, next.cursor, next.etag, next.lastModified, at);
  }
}

function toDeadLetter(row: DeadLetterRow): DeadLetter {
  return {
    id: row.id,
    feed: row.feed,
    at: row.at,
    stage: row.stage,
    field: row.field,
    reason: { vi: row.reason_vi, en: row.reason_en },
    raw: row.raw,
    context: row.context ? (JSON.parse(row.context) as Record<string, unknown>) : null,
  };
}
