/**
 * The draft dashboards of public administration read what the domain really publishes: every
 * topic and field they name exists, holds the shape its widget expects, and the public dashboard
 * reads public topics only.
 */
import { describe, expect, it } from 'vitest';
import { adminDomain } from './index';
import { domains } from '../index';
import { domainHarness } from '../../test-support/domain-harness';
import { dashboardPath, dashboardProblems } from '../../test-support/dashboard-check';
import { seededRandom } from '../../feeds/simulator/random';

// 10:00 on Monday 30/11/2026 in Hà Nội.
const T0 = Date.UTC(2026, 10, 30, 3, 0, 0);

function simulatedTopics() {
  const h = domainHarness(adminDomain, T0);
  const simulator = adminDomain.createSimulator(h.context, seededRandom(6));
  for (const event of simulator.seed(T0).sort((a, b) => (a.time as number) - (b.time as number))) {
    h.apply(event.kind, event.data, event.time as number);
  }
  h.tick(T0);
  return {
    'admin.summary': h.out.get('admin.summary'),
    'admin.public-summary': h.out.get('admin.public-summary'),
    'admin.overdue': h.out.get('admin.overdue'),
  };
}

describe('admin dashboards', { timeout: 20_000 }, () => {
  const data = simulatedTopics();

  it.each(['admin.yaml', 'admin-public.yaml'])('%s reads existing topics and fields of the right shapes', (file) => {
    expect(dashboardProblems(dashboardPath(file), domains, data)).toEqual([]);
  });

  it('colours the wards by a breakdown keyed by ward code', () => {
    const wards = new Set(domainHarness(adminDomain, T0).context.fixtures.wards.map((ward) => ward.code));
    expect(data['admin.summary'].byWard.rows.map((row) => row.key).sort()).toEqual([...wards].sort());
    expect(data['admin.public-summary'].byWard.rows.every((row) => wards.has(row.key))).toBe(true);
  });

  it('the check itself catches a missing field and an internal topic on a public dashboard', () => {
    const missing = dashboardProblems(dashboardPath('admin.yaml'), domains, { ...data, 'admin.summary': undefined });
    expect(missing).toContain('received-today: admin.summary.receivedToday: not a number (undefined)');
    const internalOnly = domains.map((domain) => ({
      ...domain,
      topics: domain.topics.map((topic) => ({ ...topic, audience: 'internal' as const })),
    }));
    expect(dashboardProblems(dashboardPath('admin-public.yaml'), internalOnly, data)).toContain(
      'agencies: admin.public-summary.byAgency: an internal topic on a public dashboard',
    );
  });
});
