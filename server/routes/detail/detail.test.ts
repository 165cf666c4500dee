/** The drill-down endpoint against the real app: audiences, refusals naming the field, the crosswalk. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test-support/test-app';
import type { DetailAnswer } from '../../protocol/detail';

// Mid-June 2026: the same month last year lies before the July 2025 change of units.
const NOW = Date.parse('2026-06-15T10:00:00+07:00');
const IN_TAM_THANH = { lat: 21.855, lon: 106.749 };
// Centres of pre-2025 units: the old Tam Thanh ward, Hoàng Đồng commune (both now in Tam Thanh), Chi Lăng.
const OLD_TAM_THANH = { lat: 21.855, lon: 106.749 };
const OLD_HOANG_DONG = { lat: 21.885, lon: 106.74 };
const OLD_CHI_LANG = { lat: 21.84, lon: 106.749 };

let app: TestApp;
let leader: { cookie: string };

async function report(id: string, time: string, place: { lat: number; lon: number }): Promise<void> {
  const response = await app.post({
    domain: 'reports',
    kind: 'report.created',
    id: `detail-${id}`,
    time,
    data: { reportId: id, category: 'road-damage', title: `Ổ gà ${id}`, description: 'Mô tả', ...place },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

async function detail(
  query: string,
  cookie?: string,
): Promise<{ status: number; body: DetailAnswer & { field: string | null; messageVi?: string; message?: string } }> {
  const response = await fetch(`${app.url}/api/v1/detail?${query}`, { headers: cookie ? { cookie } : {} });
  return { status: response.status, body: (await response.json()) as DetailAnswer & { field: string | null } };
}

beforeAll(async () => {
  app = await startTestApp({ now: () => NOW });
  leader = await app.signIn('leader');
  await report('old-1', '2025-06-10T09:00:00+07:00', OLD_TAM_THANH);
  await report('old-2', '2025-06-11T09:00:00+07:00', OLD_TAM_THANH);
  await report('old-3', '2025-06-12T09:00:00+07:00', OLD_HOANG_DONG);
  await report('old-4', '2025-06-12T10:00:00+07:00', OLD_CHI_LANG);
  await report('prev-1', '2026-05-20T09:00:00+07:00', IN_TAM_THANH);
  for (let i = 1; i <= 5; i++) await report(`now-${i}`, `2026-06-0${i}T09:00:00+07:00`, IN_TAM_THANH);
});

afterAll(async () => {
  await app?.dispose();
});

describe('GET /api/v1/detail', () => {
  it('a leader opens a ward and compares with last year: the old units that make it up are summed, and the panel says so', async () => {
    const { status, body } = await detail(
      'topic=reports.summary&field=received&unit=05986&compare=year',
      leader.cookie,
    );
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.period).toBe('2026-06');
    expect(body.value).toBe(5);
    expect(body.compare.period).toBe('2025-06');
    // Old Tam Thanh (2) + Hoàng Đồng (1); Chi Lăng went into Lương Văn Tri, not here.
    expect(body.compare.value).toBe(3);
    expect(body.compare.change).toBeCloseTo(2 / 3);
    expect(body.compare.crosswalk?.vi).toContain('So sánh theo địa giới mới');
    expect(body.compare.crosswalk?.vi).toContain('Xã Hoàng Đồng');
    expect(body.history.at(-1)).toEqual({ period: '2026-06', value: 5 });
    expect(body.items?.map((item) => item.id).sort()).toEqual(['now-1', 'now-2', 'now-3', 'now-4', 'now-5']);
    expect(body.itemsTotal).toBe(5);
    expect(body.audience).toBe('internal');

    const luongVanTri = await detail('topic=reports.summary&field=received&unit=05983&compare=year', leader.cookie);
    expect(luongVanTri.body.compare.value).toBe(1);
    expect(luongVanTri.body.compare.crosswalk?.vi).toContain('Phường Chi Lăng');
  });

  it('compares with the previous period, without the crosswalk when both periods are after the change', async () => {
    const { body } = await detail('topic=reports.summary&field=received&unit=05986&compare=previous', leader.cookie);
    expect(body.compare.period).toBe('2026-05');
    expect(body.compare.value).toBe(1);
    expect(body.compare.crosswalk).toBeNull();
  });

  it('the city-wide figure is broken down by ward and by department', async () => {
    const { body } = await detail('topic=reports.summary&field=received', leader.cookie);
    const byWard = body.breakdowns.find((breakdown) => breakdown.by === 'ward')!;
    expect(byWard.rows.find((row) => row.unit === '05986')?.value).toBe(5);
    const byDepartment = body.breakdowns.find((breakdown) => breakdown.by === 'department')!;
    expect(byDepartment.rows[0]).toMatchObject({ department: 'phong-kinh-te', value: 5 });
  });

  it('a KPI: its history and plan for anybody, and no items for a public audience', async () => {
    const anonymous = await detail('topic=kpi.values&field=budget-revenue&compare=plan');
    expect(anonymous.status, JSON.stringify(anonymous.body)).toBe(200);
    expect(anonymous.body.audience).toBe('public');
    expect(anonymous.body.items).toBeNull();
    expect(anonymous.body.history.length).toBeGreaterThan(1);
    expect(anonymous.body.plan?.value).toBeGreaterThan(0);
    expect(anonymous.body.compare.value).toBe(anonymous.body.plan?.value);

    const signedIn = await detail('topic=kpi.values&field=budget-revenue', leader.cookie);
    expect(signedIn.body.audience).toBe('internal');
    // From a public dashboard's page, public data only, whoever asks.
    const fromPublicPage = await detail('topic=kpi.values&field=budget-revenue&dashboard=public', leader.cookie);
    expect(fromPublicPage.body.audience).toBe('public');
    expect(fromPublicPage.body.items).toBeNull();
  });

  it('internal indicators are refused to the public: anonymous 401, a public page 403, never the items', async () => {
    const anonymous = await detail('topic=reports.summary&field=received');
    expect(anonymous.status).toBe(401);
    expect(JSON.stringify(anonymous.body)).not.toContain('Ổ gà');
    const publicPage = await detail('topic=reports.summary&field=received&dashboard=public', leader.cookie);
    expect(publicPage.status).toBe(403);
    expect(publicPage.body.field).toBe('topic');
    expect(JSON.stringify(publicPage.body)).not.toContain('Ổ gà');
  });

  it.each([
    ['topic=no.such&field=x', 'topic'],
    ['topic=reports.summary&field=nonsense', 'field'],
    ['topic=kpi.values&field=no-such-kpi', 'field'],
    ['topic=reports.summary&field=received&unit=99999', 'unit'],
    ['topic=reports.summary&field=received&department=no-such', 'department'],
    ['topic=reports.summary&field=received&compare=tomorrow', 'compare'],
    ['field=received', 'topic'],
  ])('a bad query %s is a 400 naming %s in Vietnamese and English', async (query, field) => {
    const { status, body } = await detail(query, leader.cookie);
    expect(status).toBe(400);
    // Schema refusals name it as `querystring.<field>`, like every route's.
    expect(body.field).toMatch(new RegExp(`(^|\\.)${field}$`));
    expect(body.messageVi).toBeTruthy();
    expect(body.message).toBeTruthy();
  });
});
