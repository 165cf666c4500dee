/** The draft dashboard of electronic documents reads what the domain really publishes. */
import { describe, expect, it } from 'vitest';
import { documentsDomain } from './index';
import { domains } from '../index';
import { domainHarness } from '../../test-support/domain-harness';
import { dashboardPath, dashboardProblems } from '../../test-support/dashboard-check';
import { seededRandom } from '../../feeds/simulator/random';

// 10:00 on Monday 30/11/2026 in Hà Nội.
const T0 = Date.UTC(2026, 10, 30, 3, 0, 0);

describe('documents dashboard', { timeout: 20_000 }, () => {
  it('documents.yaml reads existing topics and fields of the right shapes', () => {
    const h = domainHarness(documentsDomain, T0);
    const simulator = documentsDomain.createSimulator(h.context, seededRandom(6));
    for (const event of simulator.seed(T0).sort((a, b) => (a.time as number) - (b.time as number))) {
      h.apply(event.kind, event.data, event.time as number);
    }
    h.tick(T0);
    expect(
      dashboardProblems(dashboardPath('documents.yaml'), domains, {
        'documents.summary': h.out.get('documents.summary'),
      }),
    ).toEqual([]);
  });
});
