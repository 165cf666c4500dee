/**
 * A report is created once (`Domain.unique`): the reports aggregator forgets a report that has
 * settled (closed and unchanged for `settleAfterDays`), so a second `report.created` with its id
 * used to be taken for a new report and counted again; ingest now asks the store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadFixtures } from '../fixtures/fixtures';
import { reportsDomain } from '../domains/reports/index';
import { DomainRuntime } from '../domains/runtime';
import { TopicHub } from '../realtime/topic-hub';
import { openDatabase } from '../store/database';
import { EventStore } from '../store/event-store';
import { IngestService } from './ingest-service';
import { InputError } from './ingest-error';

const DAY = 86_400_000;
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), 'ioc-unique-'));
  dirs.push(dir);
  const clock = { now: Date.UTC(2026, 9, 1, 2, 0, 0) };
  const context = {
    fixtures: loadFixtures(),
    timeZone: 'Asia/Ho_Chi_Minh',
    now: () => clock.now,
    reportsSettleAfterDays: 2,
  };
  const hub = new TopicHub({ emit: () => {} });
  const runtime = new DomainRuntime([reportsDomain], context, hub);
  const store = new EventStore(openDatabase(path.join(dir, 'ioc.sqlite')));
  const ingest = new IngestService(store, runtime, () => clock.now);
  const post = (kind: string, data: Record<string, unknown>, id?: string) =>
    ingest.ingest([{ domain: 'reports', kind, data, ...(id ? { id } : {}) }], {
      source: 'test',
      caller: { kind: 'system', name: 'test' },
    });
  const received = () => {
    runtime.tick(clock.now);
    hub.flush();
    return hub.snapshot('reports.summary').data.total;
  };
  return { clock, post, received, runtime, ingest };
}

const created = (reportId: string) => ({
  reportId,
  category: 'waste',
  title: 'Rác ở đầu ngõ',
  description: 'Rác để mấy ngày chưa thu gom',
  lat: 21.855,
  lon: 106.749,
});

async function refusal(attempt: Promise<unknown>): Promise<InputError> {
  const error = await attempt.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('a report is created once', () => {
  it('refuses a second creation of a report that has settled out of the aggregator, naming reportId', async () => {
    const s = setup();
    await s.post('report.created', created('R-1'));
    for (const status of ['approved', 'assigned', 'in_progress', 'resolved', 'closed'])
      await s.post('report.status', { reportId: 'R-1', status });
    expect(s.received()).toBe(1);
    s.clock.now += 3 * DAY;
    s.runtime.tick(s.clock.now); // R-1 settles: it leaves the aggregator, its count stays
    const error = await refusal(s.post('report.created', created('R-1')));
    expect(error.statusCode).toBe(409);
    expect(error.field).toBe('events[0].data.reportId');
    expect(error.message).toContain('R-1');
    expect(error.messageVi).toContain('đã có');
    expect(s.received()).toBe(1);
  });

  it('refuses it while the report is held too, and twice in one request; a retry with the same id is a duplicate, not an error', async () => {
    const s = setup();
    const first = await s.post('report.created', created('R-2'), 'feed-42');
    expect(first.accepted).toBe(1);
    expect((await refusal(s.post('report.created', created('R-2')))).field).toBe('events[0].data.reportId');
    const again = await s.post('report.created', created('R-2'), 'feed-42');
    expect(again).toMatchObject({ accepted: 0, duplicates: 1 });
    const twice = await refusal(
      s.ingest.ingest(
        [
          { domain: 'reports', kind: 'report.created', data: created('R-3') },
          { domain: 'reports', kind: 'report.created', data: created('R-3') },
        ],
        { source: 'test', caller: { kind: 'system', name: 'test' } },
      ),
    );
    expect(twice.field).toBe('events[1].data.reportId');
    // Nothing of the refused request was stored: R-3 is still free.
    await s.post('report.created', created('R-3'));
    expect(s.received()).toBe(2);
  });
});
