import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, migrate, readMigrations } from './database';
import { EventStore, type NewEvent } from './event-store';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ioc-store-'));
  dirs.push(dir);
  return path.join(dir, 'ioc.sqlite');
}
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function event(key: string | null, n = 1): NewEvent {
  return {
    domain: 'kpi',
    kind: 'kpi.value',
    time: 1_700_000_000_000 + n,
    source: 'test',
    simulated: false,
    idempotencyKey: key,
    data: { n },
  };
}

describe('EventStore', () => {
  it('runs each numbered migration once and uses WAL', () => {
    const db = openDatabase(tempFile());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(migrate(db, readMigrations())).toEqual([]);
    db.close();
  });

  it('commits requests of one turn together and gives each its own seqs', async () => {
    const db = openDatabase(tempFile());
    const store = new EventStore(db);
    const [a, b] = await Promise.all([store.append([event('a'), event('b')]), store.append([event('c')])]);
    expect(a.stored.map((e) => e.seq)).toEqual([1, 2]);
    expect(b.stored.map((e) => e.seq)).toEqual([3]);
    expect([...store.readAll()].map((e) => e.idempotencyKey)).toEqual(['a', 'b', 'c']);
    db.close();
  });

  it('acknowledges a repeated idempotency key without storing it twice, also within one batch', async () => {
    const db = openDatabase(tempFile());
    const store = new EventStore(db);
    await store.append([event('k1')]);
    const again = await store.append([event('k1'), event('k2'), event('k2'), event(null), event(null)]);
    expect(again.duplicates).toBe(2);
    expect(again.stored.map((e) => e.idempotencyKey)).toEqual(['k2', null, null]);
    expect(store.count()).toBe(4);
    db.close();
  });

  it('stores a request all or nothing and lets the other requests of the group through', async () => {
    const db = openDatabase(tempFile());
    const store = new EventStore(db);
    const bad = { ...event('x'), data: undefined as unknown as Record<string, unknown> }; // payload NOT NULL fails
    const results = await Promise.allSettled([
      store.append([event('ok1')]),
      store.append([event('y'), bad]),
      store.append([event('ok2')]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect([...store.readAll()].map((e) => e.idempotencyKey)).toEqual(['ok1', 'ok2']);
    db.close();
  });

  it('keeps every acknowledged event across a close and reopen', async () => {
    const file = tempFile();
    const db = openDatabase(file);
    const store = new EventStore(db);
    const pending = store.append([event('p1'), event('p2')]);
    store.close(); // flushes what is pending
    await pending;
    db.close();
    const reopened = new EventStore(openDatabase(file));
    expect([...reopened.readAll()].map((e) => e.data)).toEqual([{ n: 1 }, { n: 1 }]);
    expect(reopened.lastSeq()).toBe(2);
  });
});
