import { describe, expect, it } from 'vitest';
import { kpiDomain } from './index';
import { domainHarness } from '../../test-support/domain-harness';
import { percentOfPlan, samePeriodLastYear, standingOf } from './standing';

const T0 = Date.UTC(2026, 10, 28, 3, 0, 0);

describe('kpi domain', () => {
  it('validates periods, codes and values', () => {
    const h = domainHarness(kpiDomain, T0);
    expect(h.errors('kpi.value', { code: 'retail-sales', period: '2026-11', value: 1 })).toEqual([]);
    expect(h.errors('kpi.value', { code: 'retail-sales', period: '2026-Q4', value: 1 })).toEqual([]);
    expect(h.errors('kpi.value', { code: 'retail-sales', period: '2026-11-15', value: 1 })).toEqual([]);
    expect(h.errors('kpi.value', { code: 'retail-sales', period: '2026-13', value: 1 })[0]).toMatch(/^\/period/);
    expect(h.errors('kpi.value', { code: 'Retail Sales', period: '2026', value: 1 })[0]).toMatch(/^\/code/);
    expect(h.errors('kpi.value', { code: 'x', period: '2026', value: 'much' })[0]).toMatch(/^\/value/);
  });

  it('computes % of plan and standing in both directions', () => {
    expect(percentOfPlan(105, 100, true)).toBeCloseTo(1.05);
    expect(percentOfPlan(250, 350, false)).toBeCloseTo(1.4); // fewer trucks waiting than the limit: good
    expect(percentOfPlan(10, null, true)).toBeNull();
    expect([1.06, 1.0, 0.96, 0.9, 0.5, null].map(standingOf)).toEqual(['very_good', 'good', 'fair', 'bad', 'very_bad', 'fair']);
    expect(samePeriodLastYear('2026-11')).toBe('2025-11');
    expect(samePeriodLastYear('2026-Q4')).toBe('2025-Q4');
    expect(samePeriodLastYear('2026')).toBe('2025');
  });

  it('starts from the fixtures and takes reported values, with last year’s same period', () => {
    const h = domainHarness(kpiDomain, T0);
    h.tick();
    const initial = h.out.get('kpi.values');
    expect(initial.map((kpi) => kpi.id).sort()).toEqual(
      ['border-trade', 'budget-revenue', 'grdp-growth', 'public-investment-disbursement', 'retail-sales', 'trucks-waiting'],
    );
    const retail = initial.find((kpi) => kpi.id === 'retail-sales')!;
    expect(retail.period).toBe('2026-10');
    expect(retail.history).toHaveLength(12);
    expect(retail.unit.vi).toBe('tỷ đồng');

    const lastYear = retail.history.length; // the fixtures hold 2025-11 already
    expect(lastYear).toBe(12);
    h.apply('kpi.value', { code: 'retail-sales', period: '2026-11', value: 1600, target: 1500 });
    h.flush();
    const updated = h.out.get('kpi.values').find((kpi) => kpi.id === 'retail-sales')!;
    expect(updated).toMatchObject({ period: '2026-11', value: 1600, target: 1500, standing: 'very_good' });
    expect(updated.previous).not.toBeNull();
    expect(updated.history.at(-1)).toBe(1600);

    h.apply('kpi.value', { code: 'trucks-waiting', period: '2026-11', value: 700 });
    h.flush();
    const trucks = h.out.get('kpi.values').find((kpi) => kpi.id === 'trucks-waiting')!;
    expect(trucks.target).toBeNull(); // no plan known for a new period without a target
    h.apply('kpi.value', { code: 'trucks-waiting', period: '2026-11', value: 700, target: 350 });
    h.flush();
    expect(h.out.get('kpi.values').find((kpi) => kpi.id === 'trucks-waiting')!.standing).toBe('very_bad');
  });

  it('ignores indicators the city has not defined', () => {
    const h = domainHarness(kpiDomain, T0);
    h.tick();
    const count = h.out.get('kpi.values').length;
    h.apply('kpi.value', { code: 'unknown-indicator', period: '2026-11', value: 1 });
    h.flush();
    expect(h.out.get('kpi.values')).toHaveLength(count);
  });
});
