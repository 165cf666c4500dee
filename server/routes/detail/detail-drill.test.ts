/**
 * Drill-down from a ranking row and from an exception (issue 14), against the real app: the
 * exception opens the indicator behind it with the exception's own facts; a ranking row opens with
 * the whole ranking; the audience rule is the topics' (public callers never get items).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testConfig, type TestApp } from '../../test-support/test-app';
import { waitUntil } from '../../test-support/wait-until';
import type { DetailAnswer } from '../../protocol/detail';
import type { ExceptionList } from '../../protocol/topics/exceptions';
import type { ExceptionRule } from '../../../config/schema/exceptions';

const NOW = Date.parse('2026-06-15T10:00:00+07:00');
const IN_TAM_THANH = { lat: 21.855, lon: 106.749 };

const RULES: ExceptionRule[] = [
  {
    id: 'qua-han-phuong-xa',
    kind: 'threshold',
    label: { vi: 'Phản ánh quá hạn', en: 'Overdue citizen reports' },
    measure: { vi: 'phản ánh', en: 'reports' },
    topic: 'reports.summary',
    each: 'byWard',
    field: 'overdue',
    unitField: 'name',
    keyField: 'ward',
    direction: 'higher-is-bad',
    warn: 1,
    alarm: 3,
    against: 'absolute',
    finalOnly: false,
  },
  {
    id: 'qua-han-don-vi',
    kind: 'threshold',
    label: { vi: 'Phản ánh quá hạn', en: 'Overdue citizen reports' },
    topic: 'reports.summary',
    each: 'byDepartment',
    field: 'overdue',
    unitField: 'name.vi',
    keyField: 'department',
    direction: 'higher-is-bad',
    warn: 1,
    alarm: 3,
    against: 'absolute',
    finalOnly: false,
  },
  {
    id: 'tong-qua-han',
    kind: 'threshold',
    label: { vi: 'Tổng quá hạn (không chi tiết)', en: 'All overdue (no detail)' },
    topic: 'reports.summary',
    field: 'byStatus.new',
    direction: 'higher-is-bad',
    warn: 1,
    alarm: 3,
    against: 'absolute',
    finalOnly: false,
  },
];

let app: TestApp;
let leader: { cookie: string };

async function detail(
  query: string,
  cookie?: string,
): Promise<{ status: number; body: DetailAnswer & { field: string | null; messageVi?: string; message?: string } }> {
  const response = await fetch(`${app.url}/api/v1/detail?${query}`, { headers: cookie ? { cookie } : {} });
  return { status: response.status, body: (await response.json()) as DetailAnswer & { field: string | null } };
}

const exceptions = () => (app.ioc.hub.snapshot('exceptions.now').data as ExceptionList | null)?.items ?? [];

beforeAll(async () => {
  const config = testConfig();
  config.exceptions = RULES;
  app = await startTestApp({ config, now: () => NOW });
  leader = await app.signIn('leader');
  // Four road reports in Tam Thanh, weeks old: overdue by now.
  for (let i = 1; i <= 4; i++) {
    const response = await app.post({
      domain: 'reports',
      kind: 'report.created',
      id: `drill-${i}`,
      time: `2026-05-0${i}T09:00:00+07:00`,
      data: {
        reportId: `r${i}`,
        category: 'road-damage',
        title: `Ổ gà số ${i}`,
        description: 'Mô tả',
        ...IN_TAM_THANH,
      },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  }
  app.ioc.runtime.tick();
  await waitUntil(() => exceptions().some((item) => item.rule === 'qua-han-phuong-xa'), 'the ward exception is judged');
});

afterAll(async () => {
  await app?.dispose();
});

describe('GET /api/v1/detail: an exception of "Needs attention"', () => {
  it('a ward exception opens the overdue reports of that ward, with the figure, the limit and since when', async () => {
    const item = exceptions().find((candidate) => candidate.rule === 'qua-han-phuong-xa')!;
    expect(item.unitKey).toBe('05986');
    const { status, body } = await detail(
      `topic=exceptions.now&field=${item.rule}&exception=${encodeURIComponent(item.id)}`,
      leader.cookie,
    );
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.exception).toMatchObject({ id: item.id, severity: 'alarm', value: 4, reference: 3, since: item.since });
    // The indicator behind it: overdue citizen reports in Tam Thanh, day by day, with the reports.
    expect(body.topic).toBe('reports.summary');
    expect(body.field).toBe('overdue');
    expect(body.unit).toBe('05986');
    expect(body.value).toBe(4);
    expect(body.history.length).toBe(14);
    expect(body.historyMissing).toBeNull();
    expect(body.items?.map((report) => report.id).sort()).toEqual(['r1', 'r2', 'r3', 'r4']);
  });

  it('a department exception opens that department', async () => {
    const item = exceptions().find((candidate) => candidate.rule === 'qua-han-don-vi')!;
    const { body } = await detail(
      `topic=exceptions.now&field=${item.rule}&exception=${encodeURIComponent(item.id)}`,
      leader.cookie,
    );
    expect(body.department).toBe('phong-kinh-te');
    expect(body.unit).toBeNull();
    expect(body.value).toBe(4);
  });

  it('an exception whose indicator is not counted again shows its own facts and says there is no history', async () => {
    const item = exceptions().find((candidate) => candidate.rule === 'tong-qua-han')!;
    const { status, body } = await detail(
      `topic=exceptions.now&field=${item.rule}&exception=${item.id}`,
      leader.cookie,
    );
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.exception?.id).toBe(item.id);
    expect(body.value).toBe(item.value);
    expect(body.history).toEqual([]);
    expect(body.historyMissing?.vi).toContain('chưa lưu diễn biến');
  });

  it('refusals: anonymous 401, a public page 403, an ended exception 404, no exception named 400 — never the reports', async () => {
    const item = exceptions()[0]!;
    const query = `topic=exceptions.now&field=${item.rule}&exception=${encodeURIComponent(item.id)}`;
    const anonymous = await detail(query);
    expect(anonymous.status).toBe(401);
    const publicPage = await detail(`${query}&dashboard=public`, leader.cookie);
    expect(publicPage.status).toBe(403);
    for (const refused of [anonymous, publicPage]) expect(JSON.stringify(refused.body)).not.toContain('Ổ gà');
    const ended = await detail('topic=exceptions.now&field=x&exception=khong-co', leader.cookie);
    expect(ended.status).toBe(404);
    expect(ended.body).toMatchObject({ field: 'exception', messageVi: expect.stringContaining('không còn cần chú ý') });
    const unnamed = await detail('topic=exceptions.now&field=x', leader.cookie);
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.field).toBe('exception');
  });
});

describe('GET /api/v1/detail: a row of a ranking', () => {
  it('a row of a Breakdown opens with its figure and the whole ranking; a public topic gives the public no items', async () => {
    // Every kind of incident is a row, none yet or not: the ranking's rows exist without events.
    const safety = app.ioc.hub.snapshot('traffic.safety').data as {
      byKind: { rows: Array<{ key: string; value: number }> };
    };
    const row = safety.byKind.rows[0]!;
    const asked = `topic=traffic.safety&field=byKind&row=${row.key}`;
    const { status, body } = await detail(asked, leader.cookie);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.value).toBe(row.value);
    expect(body.scope).not.toBeNull();
    const ranking = body.breakdowns.find((breakdown) => breakdown.by === 'ranking')!;
    expect(ranking.rows.map((candidate) => candidate.row).sort()).toEqual(safety.byKind.rows.map((r) => r.key).sort());
    expect(body.history).toEqual([]);
    expect(body.historyMissing?.en).toContain('only the present');
    const audience = app.ioc.hub.definition('traffic.safety')!.audience;
    const anonymous = await detail(asked);
    if (audience === 'public') {
      expect(anonymous.status).toBe(200);
      expect(anonymous.body.items).toBeNull();
      expect(anonymous.body.audience).toBe('public');
    } else expect(anonymous.status).toBe(401);
  });

  it.each([
    ['topic=traffic.safety&field=byKind&row=khong-co', 'row'],
    ['topic=traffic.safety&field=nothing&row=x', 'field'],
  ])('a bad row query %s is a 400 naming %s', async (query, field) => {
    const { status, body } = await detail(query, leader.cookie);
    expect(status).toBe(400);
    expect(body.field).toBe(field);
    expect(body.messageVi).toBeTruthy();
  });
});
