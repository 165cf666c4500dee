/**
 * The leader's routes read the aggregators that lead. A process of several starts paused and, on
 * taking the lease, builds fresh aggregators (`DomainRuntime.lead`); routes that kept the read
 * model they found at their registration read the never-applied ones: on a process that took the
 * lead from another, the dispatch board was empty while the wall showed the report.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTwoServers, type TwoServers } from '../test-support/two-servers';
import { waitUntil } from '../test-support/wait-until';

const systems: TwoServers[] = [];
afterEach(async () => {
  for (const system of systems.splice(0)) await system.close();
}, 60_000);

describe('read models on the leader of two servers', () => {
  it(
    "after a failover, the new leader's dispatch board answers from the aggregators that lead",
    { timeout: 90_000 },
    async () => {
      const system = await startTwoServers();
      systems.push(system);
      const { a: first, b: a } = system;
      await waitUntil(() => first.ioc.app.scaleout?.leading() === true, 'the first leads');
      await first.close();
      await waitUntil(() => a.ioc.app.scaleout?.leading() === true, 'the second takes the lead');
      const posted = await a.post({
        domain: 'reports',
        kind: 'report.created',
        data: {
          reportId: 'lead-1',
          category: 'road-damage',
          title: 'Ổ gà',
          description: 'Mô tả',
          lat: 21.855,
          lon: 106.749,
        },
      });
      expect(posted.status, JSON.stringify(posted.body)).toBe(200);
      await waitUntil(
        () =>
          ((a.ioc.hub.current('reports.recent') as Array<{ id: string }> | null) ?? []).some(
            (item) => item.id === 'lead-1',
          ),
        'the wall shows the report',
      );
      const { cookie, csrfToken } = await a.signIn('operator');
      const response = await fetch(`${a.url}/api/v1/reports/dispatch`, {
        headers: { cookie, 'x-csrf-token': csrfToken },
      });
      expect(response.status).toBe(200);
      const board = (await response.json()) as { items: Array<{ id: string }> };
      expect(board.items.map((item) => item.id)).toContain('lead-1');
    },
  );
});
