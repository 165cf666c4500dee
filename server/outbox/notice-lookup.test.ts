/**
 * The outbox asks, for every notice event it follows, what citizens had before it (so an edit or a
 * withdrawal is told as such). Before the `events_by_announcement` index (SQLite 019, PostgreSQL
 * 011) that question read every announcement's payload: 69 % of the server's CPU at 448 notices/s
 * in `bench:latency`, and growing with the log. Both stores must answer it from the index.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database';
import type { EventLog } from '../store/event-log';
import { EventStore, type NewEvent } from '../store/event-store';
import { openPgPool } from '../store/pg/pg-database';
import { PgEventStore } from '../store/pg/pg-event-store';
import { freshPgSchema, type TestSchema } from '../test-support/pg-schema';
import { pgPlans, sqlitePlans } from '../test-support/query-plans';
import { PgOutboxEvents } from './pg-outbox';
import { SqliteOutboxEvents } from './webhook-outbox';

const dirs: string[] = [];
const schemas: TestSchema[] = [];
afterAll(async () => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  for (const schema of schemas.splice(0)) await schema.drop();
});

const event = (kind: string, data: Record<string, unknown>): NewEvent => ({
  domain: 'announcements',
  kind,
  time: Date.UTC(2026, 11, 1),
  source: 'user:1',
  simulated: false,
  idempotencyKey: null,
  data,
});
const published = (announcementId: string, vi: string) =>
  event('announcement.published', {
    announcementId,
    audience: 'public',
    text: { vi, en: vi },
    priority: 'normal',
    validTo: new Date(Date.UTC(2026, 11, 2)).toISOString(),
  });
const withdrawn = (announcementId: string) => event('announcement.withdrawn', { announcementId });

/** Three appends, as three requests would: a1 and a2 published, a1 edited, a1 withdrawn. */
async function history(store: EventLog): Promise<{ first: number; edit: number; gone: number }> {
  const first = (await store.append([published('a1', 'Mất điện'), published('a2', 'Khác')])).stored[0]!.seq;
  const edit = (await store.append([published('a1', 'Mất điện đến 17 giờ')])).stored[0]!.seq;
  const gone = (await store.append([withdrawn('a1')])).stored[0]!.seq;
  return { first, edit, gone };
}

describe('what citizens had before a notice event', () => {
  it('is read from the index on SQLite (the query plan), and is the notice before it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ioc-notice-lookup-'));
    dirs.push(dir);
    const db = openDatabase(path.join(dir, 'ioc.sqlite'));
    const store = new EventStore(db);
    const { first, edit, gone } = await history(store);

    const plans = sqlitePlans(db);
    const events = new SqliteOutboxEvents(db);
    expect(events.noticeBefore('a1', first)).toBeNull();
    expect(events.noticeBefore('a1', edit)?.text.vi).toBe('Mất điện');
    expect(events.noticeBefore('a1', gone)?.text.vi).toBe('Mất điện đến 17 giờ');
    expect(events.noticeBefore('a1', gone + 1)).toBeNull();

    expect(plans.plan('a1', gone)).toContain('USING INDEX events_by_announcement');
    db.close();
  });

  it('is read from the index on PostgreSQL (the query plan), and is the notice before it', async () => {
    const schema = freshPgSchema();
    schemas.push(schema);
    const pool = await openPgPool(schema);
    const store = new PgEventStore(pool);
    try {
      const { first, edit, gone } = await history(store);

      const plans = pgPlans(pool);
      const events = new PgOutboxEvents(pool);
      expect(await events.noticeBefore('a1', first)).toBeNull();
      expect((await events.noticeBefore('a1', edit))?.text.vi).toBe('Mất điện');
      expect((await events.noticeBefore('a1', gone))?.text.vi).toBe('Mất điện đến 17 giờ');
      expect(await events.noticeBefore('a1', gone + 1)).toBeNull();

      expect(await plans.plan()).toContain('events_by_announcement');
    } finally {
      await store.close();
    }
  });
});
