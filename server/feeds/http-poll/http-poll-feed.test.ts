/**
 * The HTTP polling feed against a real HTTP server on 127.0.0.1 (port 0), into the real app; its
 * timers are the test's own, so a poll, a timeout and a backoff happen when the test says.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load-config';
import type { HttpPollFeed } from '../../../config/schema/feed';
import type { Schedule } from '../pipeline/connector';
import { startTestApp, testConfig, type TestApp } from '../../test-support/test-app';
import { compareCursors, type HttpPoller } from './http-poller';
import { parseCsv } from './parse-body';

/** Timers that fire only when the test fires them. */
class ManualSchedule {
  readonly #pending: Array<{ run: () => unknown; ms: number }> = [];
  readonly schedule: Schedule = (run, ms) => {
    const timer = { run, ms };
    this.#pending.push(timer);
    return () => {
      const at = this.#pending.indexOf(timer);
      if (at >= 0) this.#pending.splice(at, 1);
    };
  };
  delays(): number[] {
    return this.#pending.map((timer) => timer.ms);
  }
  /** Fires the pending timer of this delay and waits for what it started. */
  async fire(ms: number): Promise<void> {
    const at = this.#pending.findIndex((timer) => timer.ms === ms);
    if (at < 0) throw new Error(`no timer of ${ms} ms pending (pending: ${this.delays().join(', ')})`);
    const [timer] = this.#pending.splice(at, 1);
    await timer!.run();
  }
}

interface Source {
  server: Server;
  url: string;
  requests: IncomingHttpHeaders[];
  answer: (headers: IncomingHttpHeaders) => { status: number; body?: string; type?: string } | 'hang';
}

const servers: Server[] = [];
const apps: TestApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.dispose()));
  servers.splice(0).forEach((server) => server.closeAllConnections());
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

async function source(answer: Source['answer']): Promise<Source> {
  const requests: IncomingHttpHeaders[] = [];
  const state: Source = { server: createServer(), url: '', requests, answer };
  state.server.on('request', (request, response) => {
    requests.push(request.headers);
    const reply = state.answer(request.headers);
    if (reply === 'hang') return;
    const headers: Record<string, string> = { 'content-type': reply.type ?? 'application/json' };
    if (reply.body) headers.etag = `"${createHash('sha1').update(reply.body).digest('hex')}"`;
    response.writeHead(reply.status, headers).end(reply.body);
  });
  await new Promise<void>((resolve) => state.server.listen(0, '127.0.0.1', resolve));
  servers.push(state.server);
  state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}/su-co`;
  return state;
}

/** Serves `items` as JSON with an ETag, and a 304 to a request that already has it. */
function jsonItems(items: Array<Record<string, unknown>>): Source['answer'] {
  return (headers) => {
    const body = JSON.stringify({ items });
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    return headers['if-none-match'] === etag ? { status: 304 } : { status: 200, body };
  };
}

const incident = (ma: string, capNhat: string) => ({
  ma,
  capNhat,
  loai: 'crash',
  mucDo: 'minor',
  viDo: '21.85',
  kinhDo: '106.76',
  diaDiem: 'Ngã tư Phai Vệ',
  soNguoiBiThuong: '1',
  soNguoiChet: '0',
});

async function startPoller(
  feedOverrides: Partial<HttpPollFeed>,
): Promise<{ app: TestApp; schedule: ManualSchedule; poller: HttpPoller }> {
  const example = (await loadConfig()).feeds.get('su-co-giao-thong-http') as HttpPollFeed;
  const feed: HttpPollFeed = { ...example, id: 'su-co', paused: false, ...feedOverrides };
  const config = testConfig();
  config.feeds.set(feed.id, feed);
  const schedule = new ManualSchedule();
  const app = await startTestApp({ config, feeds: { schedule: schedule.schedule } });
  apps.push(app);
  await app.ioc.startFeeds();
  return { app, schedule, poller: app.ioc.app.feeds.connector('su-co') as HttpPoller };
}

const stored = (app: TestApp) =>
  app.ioc.db
    .prepare("SELECT json_extract(payload, '$.incidentId') AS id FROM events WHERE source = 'feed:su-co' ORDER BY seq")
    .all() as Array<{ id: string }>;

describe('HTTP polling feed', () => {
  it('turns only records past the cursor into events, oldest first, and asks with the ETag', async () => {
    const items = [incident('sc-2', '2026-12-03T09:00:00+07:00'), incident('sc-1', '2026-12-03T08:00:00+07:00')];
    const http = await source(jsonItems(items));
    const { app, schedule } = await startPoller({ url: http.url });
    expect(schedule.delays()).toEqual([0]);

    await schedule.fire(0);
    expect(stored(app).map((row) => row.id)).toEqual(['sc-1', 'sc-2']);
    expect(app.ioc.app.feedStore.state('su-co').cursor).toBe('2026-12-03T09:00:00+07:00');
    // The next poll at the interval; the timeout was cancelled with the answer.
    expect(schedule.delays()).toEqual([60_000]);

    await schedule.fire(60_000);
    expect(http.requests[1]!['if-none-match']).toMatch(/^"[0-9a-f]{40}"$/);
    expect(stored(app)).toHaveLength(2);

    // A new record, the old ones still listed: only the new one becomes an event.
    items.push(incident('sc-3', '2026-12-03T10:00:00+07:00'));
    await schedule.fire(60_000);
    expect(stored(app).map((row) => row.id)).toEqual(['sc-1', 'sc-2', 'sc-3']);
    const health = app.ioc.app.feeds.health()[0]!;
    expect(health).toMatchObject({ connected: true, messages: 3, stored: 3, duplicates: 0, refusals: 0 });
  });

  it('reads CSV, and puts a refused record in the dead letters while the cursor moves on', async () => {
    const csv = [
      'ma,capNhat,loai,mucDo,viDo,kinhDo,diaDiem,soNguoiBiThuong,soNguoiChet',
      'sc-1,2026-12-03T08:00:00+07:00,crash,minor,21.85,106.76,"Đường Bà Triệu, phường Lương Văn Tri",0,0',
      'sc-2,2026-12-03T09:00:00+07:00,meteor,minor,21.85,106.76,Phai Vệ,0,0',
    ].join('\r\n');
    const http = await source(() => ({ status: 200, body: csv, type: 'text/csv' }));
    const { app, schedule } = await startPoller({ url: http.url, format: 'csv', records: '$' });
    await schedule.fire(0);
    expect(stored(app).map((row) => row.id)).toEqual(['sc-1']);
    const [letter] = app.ioc.app.feedStore.deadLetters('su-co');
    expect(letter).toMatchObject({ stage: 'ingest', field: 'events[0].data.kind' });
    expect(JSON.parse(letter!.raw)).toMatchObject({ ma: 'sc-2', loai: 'meteor' });
    expect(app.ioc.app.feedStore.state('su-co').cursor).toBe('2026-12-03T09:00:00+07:00');
  });

  it('reads XML', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><danhSach>
      <suCo><ma>sc-1</ma><capNhat>2026-12-03T08:00:00+07:00</capNhat><loai>flooding</loai><mucDo>serious</mucDo>
        <viDo>21.85</viDo><kinhDo>106.76</kinhDo><diaDiem>Cầu Kỳ Cùng</diaDiem><soNguoiBiThuong>0</soNguoiBiThuong><soNguoiChet>0</soNguoiChet></suCo>
    </danhSach>`;
    const http = await source(() => ({ status: 200, body: xml, type: 'application/xml' }));
    const { app, schedule } = await startPoller({ url: http.url, format: 'xml', records: 'danhSach.suCo' });
    await schedule.fire(0);
    expect(stored(app).map((row) => row.id)).toEqual(['sc-1']);
  });

  it('waits longer after each failure, says why in plain words, and gives up on a silent server after the timeout', async () => {
    let answer: ReturnType<Source['answer']> = { status: 500 };
    const http = await source(() => answer);
    const { app, schedule } = await startPoller({ url: http.url });
    await schedule.fire(0);
    expect(app.ioc.app.feeds.health()[0]).toMatchObject({
      connected: false,
      lastError: { en: expect.stringMatching(/answered 500/), vi: expect.stringMatching(/trả lời lỗi 500/) },
    });
    expect(schedule.delays()).toEqual([120_000]);
    await schedule.fire(120_000);
    expect(schedule.delays()).toEqual([240_000]);

    answer = 'hang';
    const poll = schedule.fire(240_000);
    await expect.poll(() => http.requests.length).toBe(3);
    await schedule.fire(10_000); // the timeout
    await poll;
    expect(app.ioc.app.feeds.health()[0]!.lastError?.en).toMatch(/did not answer within 10 s/);
    expect(schedule.delays()).toEqual([480_000]);

    answer = { status: 200, body: JSON.stringify({ items: [] }) };
    await schedule.fire(480_000);
    expect(app.ioc.app.feeds.health()[0]!.connected).toBe(true);
    expect(schedule.delays()).toEqual([60_000]);
  });
});

describe('cursor and CSV details', () => {
  it('compares numbers as numbers and times as times', () => {
    expect(compareCursors('10', '9')).toBeGreaterThan(0);
    expect(compareCursors('2026-12-03T09:00:00+07:00', '2026-12-03T03:00:00Z')).toBeLessThan(0);
  });
  it('parses quoted CSV fields with commas, quotes and line breaks', () => {
    expect(parseCsv('a,b\r\n"x, ""y""","dòng\nhai"\n')).toEqual([{ a: 'x, "y"', b: 'dòng\nhai' }]);
  });
});
