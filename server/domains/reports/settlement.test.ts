/**
 * Settlement (issue 14): a report no longer open leaves the aggregator `settleAfterDays` after its
 * last change, so the state (and every snapshot) is bounded by the reports that can still change,
 * not by the years; its counts stay; an event on it is refused as archived; the read side folds
 * it again from its own events with the aggregator's own code.
 */
import { describe, expect, it } from 'vitest';
import type { DomainContext, StoredEvent } from '../domain';
import { loadFixtures } from '../../fixtures/fixtures';
import type { TopicName, TopicPayloads } from '../../protocol/topics';
import { reportsDomain } from './index';
import { isReportsAggregator, type ReportsAggregator } from './aggregator';
import { reportFinder } from './settled-reports';
import { openDatabase } from '../../store/database';
import { EventStore } from '../../store/event-store';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 5, 1, 0, 0);
const TAM_THANH = { lat: 21.855, lon: 106.749 };
const HASH = (n: number) => n.toString(16).padStart(64, '0');

/** A reports aggregator on an injected clock, and a log of what was applied to it. */
function setup(settleAfterDays?: number) {
  const clock = { now: T0 };
  const context: DomainContext = {
    fixtures: loadFixtures(),
    timeZone: 'Asia/Ho_Chi_Minh',
    now: () => clock.now,
    ...(settleAfterDays === undefined ? {} : { reportsSettleAfterDays: settleAfterDays }),
  };
  const aggregator = reportsDomain.createAggregator(context);
  if (!isReportsAggregator(aggregator)) throw new Error('not the reports aggregator');
  // Value topics only: the shared recording writer keeps collections at O(n) a change, too slow here.
  const values = new Map<TopicName, unknown>();
  const out = {
    set: (topic: TopicName, value: unknown) => void values.set(topic, value),
    upsert() {},
    remove() {},
    replace() {},
    get: <N extends TopicName>(topic: N) => values.get(topic) as TopicPayloads[N],
  };
  const log: StoredEvent[] = [];
  const apply = (kind: string, data: Record<string, unknown>, time = clock.now) => {
    const event: StoredEvent = {
      seq: log.length + 1,
      domain: 'reports',
      kind,
      time,
      source: 'test',
      simulated: false,
      idempotencyKey: null,
      data,
    };
    log.push(event);
    aggregator.apply(event, out);
  };
  return { clock, aggregator, out, log, apply };
}

/**
 * `days` simulated days of `perDay` reports, each approved, assigned, answered and closed within
 * three days (every fifth rated, every seventh rejected at once), ticking every 6 hours.
 */
function runDays(
  s: ReturnType<typeof setup>,
  days: number,
  perDay: number,
  onDay?: (day: number, aggregator: ReportsAggregator) => void,
) {
  const pending: Array<{ at: number; kind: string; data: Record<string, unknown> }> = [];
  let n = 0;
  for (let day = 1; day <= days; day++) {
    for (let quarter = 0; quarter < 4; quarter++) {
      const until = s.clock.now + 6 * HOUR;
      for (let i = 0; i < perDay / 4; i++) {
        const id = `r-${++n}`;
        const at = s.clock.now + i * 60_000;
        s.apply(
          'report.created',
          {
            reportId: id,
            category: 'waste',
            title: `Rác ${id}`,
            description: 'Rác ở đầu ngõ, đã mấy ngày chưa thu gom, mùi rất khó chịu cho cả xóm',
            ...TAM_THANH,
            reporter: { trackingCodeHash: HASH(n) },
          },
          at,
        );
        if (n % 7 === 0) {
          pending.push({ at: at + HOUR, kind: 'report.status', data: { reportId: id, status: 'rejected' } });
          continue;
        }
        pending.push({ at: at + HOUR, kind: 'report.status', data: { reportId: id, status: 'approved' } });
        pending.push({
          at: at + 2 * HOUR,
          kind: 'report.assigned',
          data: { reportId: id, department: 'moi-truong-do-thi' },
        });
        pending.push({ at: at + 5 * HOUR, kind: 'report.accepted', data: { reportId: id } });
        pending.push({
          at: at + (20 + (n % 60)) * HOUR,
          kind: 'report.responded',
          data: { reportId: id, text: 'Đã thu gom' },
        });
        if (n % 5 === 0)
          pending.push({ at: at + 70 * HOUR, kind: 'report.rated', data: { reportId: id, satisfied: true, score: 5 } });
        pending.push({ at: at + 72 * HOUR, kind: 'report.closed', data: { reportId: id } });
      }
      pending.sort((a, b) => a.at - b.at);
      while (pending.length > 0 && pending[0]!.at <= until) {
        const next = pending.shift()!;
        s.apply(next.kind, next.data, next.at);
      }
      s.clock.now = until;
      s.aggregator.tick(s.clock.now, s.out);
    }
    onDay?.(day, s.aggregator);
  }
}

const snapshotChars = (aggregator: ReportsAggregator) => JSON.stringify(aggregator.snapshot!.save()).length;
const SUMMARIES = ['reports.summary', 'reports.public-summary', 'reports.daily', 'reports.history'] as const;

describe('reports settle out of the aggregator (issue 14)', () => {
  it('keeps the state bounded: the snapshot after 200 days is within a small factor of day 60', () => {
    const s = setup(30);
    const sizes = new Map<number, number>();
    runDays(s, 200, 40, (day, aggregator) => {
      if (day === 60 || day === 200) sizes.set(day, snapshotChars(aggregator));
    });
    // Unbounded, day 200 holds 3.3 times day 60's reports; bounded, the same 30-odd days of them.
    expect(sizes.get(200)!).toBeLessThan(sizes.get(60)! * 1.3);
    expect([...s.aggregator.readModel.all()].length).toBeLessThan(40 * 40);
  }, 120_000);

  it('counts exactly as if nothing settled: the summary topics equal an unbounded run', () => {
    const bounded = setup(10);
    const unbounded = setup(3650);
    runDays(bounded, 45, 24);
    runDays(unbounded, 45, 24);
    expect([...bounded.aggregator.readModel.all()].length).toBeLessThan(
      [...unbounded.aggregator.readModel.all()].length / 2,
    );
    bounded.aggregator.flush(bounded.out);
    unbounded.aggregator.flush(unbounded.out);
    for (const topic of SUMMARIES) expect(bounded.out.get(topic), topic).toEqual(unbounded.out.get(topic));
    expect(bounded.out.get('reports.summary').total).toBe(45 * 24);
    // A snapshot restored on a fresh aggregator settles on as the live one: same topics after more days.
    const restored = setup(10);
    restored.aggregator.snapshot!.restore(bounded.aggregator.snapshot!.save());
    restored.clock.now = bounded.clock.now;
    runDays(restored, 15, 24);
    runDays(bounded, 15, 24);
    restored.aggregator.flush(restored.out);
    bounded.aggregator.flush(bounded.out);
    for (const topic of SUMMARIES) expect(restored.out.get(topic), topic).toEqual(bounded.out.get(topic));
    expect([...restored.aggregator.readModel.all()].map((report) => report.id)).toEqual(
      [...bounded.aggregator.readModel.all()].map((report) => report.id),
    );
  }, 120_000);

  it('folds a settled report again from its own events, equal to the record an unbounded aggregator holds', () => {
    const bounded = setup(10);
    const unbounded = setup(3650);
    runDays(bounded, 20, 8);
    runDays(unbounded, 20, 8);
    const model = bounded.aggregator.readModel;
    expect(model.get('r-5')).toBeUndefined();
    expect(model.byTrackingCodeHash(HASH(5))).toBeUndefined();
    const own = bounded.log.filter((event) => (event.data as { reportId: string }).reportId === 'r-5');
    const folded = model.rebuild('r-5', own);
    expect(folded).toEqual(unbounded.aggregator.readModel.get('r-5'));
    expect(folded).toMatchObject({ id: 'r-5', status: 'closed', rating: { score: 5 } });
    expect(model.rebuild('nope', [])).toBeUndefined();
  });

  it('settles a report once, however often it closed at the same moment (a restart from a snapshot agrees)', () => {
    const run = (restartBeforeSettling: boolean) => {
      const s = setup(1);
      s.apply('report.created', { reportId: 'r', category: 'waste', title: 'Rác', description: 'Rác', ...TAM_THANH });
      s.apply('report.status', { reportId: 'r', status: 'assigned' });
      // Answered, reopened and answered again in the same millisecond: the same settling time twice.
      for (const status of ['resolved', 'in_progress', 'resolved']) s.apply('report.status', { reportId: 'r', status });
      let aggregator = s.aggregator;
      if (restartBeforeSettling) {
        const saved = JSON.parse(JSON.stringify(aggregator.snapshot!.save())) as unknown;
        const fresh = reportsDomain.createAggregator({
          fixtures: loadFixtures(),
          timeZone: 'Asia/Ho_Chi_Minh',
          now: () => s.clock.now,
          reportsSettleAfterDays: 1,
        });
        if (!isReportsAggregator(fresh)) throw new Error('not the reports aggregator');
        fresh.snapshot!.restore(saved);
        aggregator = fresh;
      }
      const before = aggregator.readModel.version();
      s.clock.now += 25 * HOUR;
      aggregator.tick(s.clock.now, s.out);
      expect(aggregator.readModel.get('r')).toBeUndefined();
      return aggregator.readModel.version() - before;
    };
    expect(run(false)).toBe(1);
    expect(run(true)).toBe(1);
  });

  it('refuses any event on a settled report at the door, naming reportId, in Vietnamese and English', () => {
    const s = setup(10);
    runDays(s, 20, 8);
    const refusal = (kind: string, data: Record<string, unknown>) => s.aggregator.check!([{ kind, data }]);
    const archived = {
      index: 0,
      field: 'reportId',
      vi: expect.stringContaining('phản ánh đã lưu trữ'),
      en: expect.stringContaining('the report is archived'),
    };
    expect(refusal('report.rated', { reportId: 'r-5', satisfied: false, score: 1 })).toMatchObject(archived);
    expect(refusal('report.status', { reportId: 'r-5', status: 'in_progress' })).toMatchObject(archived);
    expect(refusal('report.moderated', { reportId: 'r-5', private: true })).toMatchObject(archived);
    expect(refusal('report.field-note', { reportId: 'r-5', text: 'muộn' })).toMatchObject(archived);
    // A report closed less than the window ago still changes (the last day's are held).
    const recent = [...s.aggregator.readModel.all()].find((report) => report.status === 'closed')!;
    expect(refusal('report.moderated', { reportId: recent.id, private: true })).toBeNull();
    // Replayed anyway (stored before it settled elsewhere), it changes no count.
    s.aggregator.flush(s.out);
    const before = s.out.get('reports.summary');
    s.apply('report.status', { reportId: 'r-5', status: 'in_progress' });
    s.apply('report.rated', { reportId: 'r-10', satisfied: false, score: 1 });
    s.aggregator.tick(s.clock.now, s.out);
    expect(s.out.get('reports.summary')).toEqual(before);
  });

  it('answers for a settled report from the store (SQLite): by id, by tracking code, and its public photo', async () => {
    const s = setup(10);
    const photo = 'b'.repeat(64);
    const hidden = 'c'.repeat(64);
    s.apply('report.created', {
      reportId: 'p-1',
      category: 'waste',
      title: 'Rác có ảnh',
      description: 'Có ảnh',
      ...TAM_THANH,
      photos: [photo],
      reporter: { trackingCodeHash: HASH(999_999) },
    });
    s.apply('report.created', {
      reportId: 'p-2',
      category: 'waste',
      title: 'Ẩn ảnh',
      description: 'x',
      ...TAM_THANH,
      photos: [hidden],
    });
    for (const id of ['p-1', 'p-2']) {
      s.apply('report.status', { reportId: id, status: 'approved' });
      s.apply('report.assigned', { reportId: id, department: 'moi-truong-do-thi' });
      s.apply('report.accepted', { reportId: id });
      s.apply('report.responded', { reportId: id, text: 'Đã thu gom' });
      s.apply('report.closed', { reportId: id });
    }
    s.apply('report.moderated', { reportId: 'p-2', hidePhoto: true });
    runDays(s, 12, 8);
    const model = s.aggregator.readModel;
    expect(model.get('p-1')).toBeUndefined();
    expect(model.withPhoto(photo)).toEqual([]);
    const db = openDatabase(path.join(mkdtempSync(path.join(tmpdir(), 'ioc-settled-')), 'ioc.sqlite'));
    const store = new EventStore(db);
    await store.append(
      s.log.map(({ seq: _seq, data, ...event }) => ({ ...event, data: data as Record<string, unknown> })),
    );
    const finder = reportFinder(model, store);
    expect(await finder.get('p-1')).toMatchObject({ id: 'p-1', status: 'closed', photos: [photo] });
    expect(await finder.byTrackingCodeHash(HASH(999_999))).toMatchObject({ id: 'p-1' });
    expect((await finder.withPhoto(photo)).map((report) => report.id)).toEqual(['p-1']);
    // A photo moderation hid is not kept for the public; an unknown one finds nothing.
    expect(await finder.withPhoto(hidden)).toEqual([]);
    expect(await finder.get('nope')).toBeUndefined();
    expect(await finder.byTrackingCodeHash(HASH(123_456_789))).toBeUndefined();
    store.close();
    db.close();
  });
});
