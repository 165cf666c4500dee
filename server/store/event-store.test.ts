import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openDatabase, migrate, readMigrations } from './database';
import { EventStore, type NewEvent } from './event-store';
import type { EventLog } from './event-log';
import { openPgPool } from './pg/pg-database';
import { PgEventStore } from './pg/pg-event-store';
import { freshPgSchema, type TestSchema } from '../test-support/pg-schema';
import { pgPlans, sqlitePlans } from '../test-support/query-plans';

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

/** A backend: a fresh empty store, and the same store opened again (as after a restart). */
interface Backend {
  name: string;
  open(): Promise<{ store: EventLog; reopen(): Promise<EventLog>; done(): Promise<void> }>;
}

const schemas: TestSchema[] = [];
afterAll(async () => {
  for (const schema of schemas.splice(0)) await schema.drop();
});

const backends: Backend[] = [
  {
    name: 'SQLite',
    open: async () => {
      const file = tempFile();
      const dbs = [openDatabase(file)];
      return {
        store: new EventStore(dbs[0]!),
        reopen: async () => {
          dbs.push(openDatabase(file));
          return new EventStore(dbs.at(-1)!);
        },
        done: async () => dbs.forEach((db) => db.open && db.close()),
      };
    },
  },
  {
    name: 'PostgreSQL',
    open: async () => {
      const schema = freshPgSchema();
      schemas.push(schema);
      const stores: PgEventStore[] = [new PgEventStore(await openPgPool(schema))];
      return {
        store: stores[0]!,
        reopen: async () => {
          stores.push(new PgEventStore(await openPgPool(schema)));
          return stores.at(-1)!;
        },
        done: async () => {
          for (const store of stores) await store.close();
        },
      };
    },
  },
];

async function all(store: EventLog): Promise<Array<{ key: string | null; data: unknown; seq: number }>> {
  return (await store.readAfter(0, 1000)).map((e) => ({ key: e.idempotencyKey, data: e.data, seq: e.seq }));
}

describe('EventStore (SQLite)', () => {
  it('runs each numbered migration once and uses WAL', () => {
    const db = openDatabase(tempFile());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(migrate(db, readMigrations())).toEqual([]);
    db.close();
  });
});

describe.each(backends)('event store on $name', (backend) => {
  it("finds one report's own events in seq order (eventsAbout), and a creation by a nested field (findFirst)", async () => {
    const { store, done } = await backend.open();
    const report = (kind: string, data: Record<string, unknown>, domain = 'reports'): NewEvent => ({
      domain,
      kind,
      time: 1_700_000_000_000,
      source: 'test',
      simulated: false,
      idempotencyKey: null,
      data,
    });
    const hash = 'a'.repeat(64);
    await store.append([
      report('report.created', { reportId: 'r1', title: 'x', reporter: { trackingCodeHash: hash } }),
      report('report.created', { reportId: 'r2', title: 'y' }),
      report('report.status', { reportId: 'r1', status: 'approved' }),
      report('other.thing', { reportId: 'r1' }, 'kpi'),
      report('report.closed', { reportId: 'r1' }),
    ]);
    const own = await store.eventsAbout('reports', 'reportId', 'r1');
    expect(own.map((event) => event.kind)).toEqual(['report.created', 'report.status', 'report.closed']);
    expect(own.map((event) => event.seq)).toEqual([...own.map((event) => event.seq)].sort((a, b) => a - b));
    expect(await store.eventsAbout('reports', 'reportId', 'nope')).toEqual([]);
    expect((await store.findFirst('reports', 'report.created', 'reporter.trackingCodeHash', hash))?.data).toMatchObject(
      { reportId: 'r1' },
    );
    // Names go into the SQL as literals (the partial index needs them): anything else is refused.
    await expect(
      Promise.resolve().then(() => store.eventsAbout("reports' OR 1=1 --", 'reportId', 'r1')),
    ).rejects.toThrow(/plain name/);
    await done();
  });

  it('commits requests of one turn together and gives each its own seqs', async () => {
    const { store, done } = await backend.open();
    const [a, b] = await Promise.all([store.append([event('a'), event('b')]), store.append([event('c')])]);
    expect(a.stored.map((e) => e.seq)).toEqual([1, 2]);
    expect(b.stored.map((e) => e.seq)).toEqual([3]);
    expect((await all(store)).map((e) => e.key)).toEqual(['a', 'b', 'c']);
    expect(await store.lastSeq()).toBe(3);
    await done();
  });

  it('acknowledges a repeated idempotency key without storing it twice, also within one batch', async () => {
    const { store, done } = await backend.open();
    await store.append([event('k1')]);
    const again = await store.append([event('k1'), event('k2'), event('k2'), event(null), event(null)]);
    expect(again.duplicates).toBe(2);
    expect(again.stored.map((e) => e.idempotencyKey)).toEqual(['k2', null, null]);
    expect(await store.count()).toBe(4);
    expect([...(await store.knownKeys(['k1', 'k2', 'k3']))].sort()).toEqual(['k1', 'k2']);
    await done();
  });

  it('stores a request all or nothing and lets the other requests of the group through', async () => {
    const { store, done } = await backend.open();
    const bad = { ...event('x'), data: undefined as unknown as Record<string, unknown> }; // payload NOT NULL fails
    const results = await Promise.allSettled([
      store.append([event('ok1')]),
      store.append([event('y'), bad]),
      store.append([event('ok2')]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await all(store)).map((e) => e.key)).toEqual(['ok1', 'ok2']);
    expect(await store.knownKeys(['y'])).toEqual(new Set());
    await done();
  });

  it('stores an act (`once`) whole or not at all: a repeat of any of its keys stores none, in one group too', async () => {
    const { store, done } = await backend.open();
    await store.append([event('rating')]);
    // The same act again with one more event (a reopening): nothing of it is stored.
    const repeated = await store.append([event('rating'), event('rating:reopen')], { once: true });
    expect(repeated).toEqual({ stored: [], duplicates: 2 });
    expect(await store.knownKeys(['rating:reopen'])).toEqual(new Set());
    // Two processes' acts at the same moment land in one commit here: the first stores, the second none.
    const [first, second, other] = await Promise.all([
      store.append([event('act'), event('act:reopen')], { once: true }),
      store.append([event('act')], { once: true }),
      store.append([event('other')], { once: true }),
    ]);
    expect(first.stored.map((e) => e.idempotencyKey)).toEqual(['act', 'act:reopen']);
    expect(second).toEqual({ stored: [], duplicates: 1 });
    expect(other.stored).toHaveLength(1);
    // Without `once`, a feed's retry of a partly stored batch stores what is new.
    const retry = await store.append([event('rating'), event('rating:reopen')]);
    expect(retry.stored.map((e) => e.idempotencyKey)).toEqual(['rating:reopen']);
    await done();
  });

  it('reads after a seq page by page, finds the first event by a data field, knows its sources', async () => {
    const { store, done } = await backend.open();
    await store.append([
      { ...event('r1'), domain: 'reports', kind: 'report.created', data: { reportId: 'R-1', text: 'một' } },
      { ...event('r2'), domain: 'reports', kind: 'report.created', data: { reportId: 'R-2', text: 'hai' } },
      { ...event('r3'), domain: 'reports', kind: 'report.created', data: { reportId: 'R-2', text: 'lặp' } },
      { ...event('s1'), source: 'simulator', simulated: true },
    ]);
    expect((await store.readAfter(1, 2)).map((e) => e.seq)).toEqual([2, 3]);
    expect(await store.readAfter(4, 10)).toEqual([]);
    const found = await store.findFirst('reports', 'report.created', 'reportId', 'R-2');
    expect(found).toMatchObject({ seq: 2, data: { reportId: 'R-2', text: 'hai' }, time: 1_700_000_000_001 });
    expect(await store.findFirst('reports', 'report.created', 'reportId', 'R-9')).toBeNull();
    expect(await store.hasSource('simulator')).toBe(true);
    expect(await store.hasSource('nobody')).toBe(false);
    expect((await store.readAfter(3, 1))[0]).toMatchObject({ simulated: true, source: 'simulator' });
    await done();
  });

  it('keeps every acknowledged event across a close and reopen', async () => {
    const { store, reopen, done } = await backend.open();
    const pending = store.append([event('p1'), event('p2', 2)]);
    await store.close(); // flushes what is pending
    await pending;
    const reopened = await reopen();
    expect((await all(reopened)).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(await reopened.lastSeq()).toBe(2);
    await expect(store.append([event('late')])).rejects.toThrow(/closed/);
    await done();
  });

  it('is healthy while it writes', async () => {
    const { store, done } = await backend.open();
    await store.append([event('h')]);
    expect(store.health).toEqual({ ok: true });
    await done();
  });
});

describe('finding a report by its id or a citizen by a tracking code', () => {
  // Before: the field went into the SQL as a parameter, the planner could not see which partial
  // expression index applies, and each look-up read every report ever created (340 ms at 200,000
  // reports here; a wrong tracking code cost the same, and any citizen can send one).
  const LOOKUPS = [
    ['reportId', 'r1', 'events_by_report'],
    ['reporter.trackingCodeHash', 'a'.repeat(64), 'events_by_tracking_code'],
  ] as const;

  it('uses the partial indexes on SQLite (the query plan)', () => {
    const db = openDatabase(tempFile());
    const store = new EventStore(db);
    const plans = sqlitePlans(db);
    for (const [field, value, index] of LOOKUPS) {
      store.findFirst('reports', 'report.created', field, value);
      expect(plans.plan(value), field).toContain(`USING INDEX ${index}`);
    }
    db.close();
  });

  it('uses the partial indexes on PostgreSQL (the query plan)', async () => {
    const schema = freshPgSchema();
    schemas.push(schema);
    const pool = await openPgPool(schema);
    const store = new PgEventStore(pool);
    const plans = pgPlans(pool);
    try {
      for (const [field, value, index] of LOOKUPS) {
        await store.findFirst('reports', 'report.created', field, value);
        expect(await plans.plan(), field).toContain(index);
      }
    } finally {
      await store.close();
    }
  });
});
