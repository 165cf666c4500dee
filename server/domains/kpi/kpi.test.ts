import { describe, expect, it } from 'vitest';
import { kpiDomain } from './index';
import { domainHarness } from '../../test-support/domain-harness';
import {
  customPeriodContaining,
  derivedTarget,
  nextPeriod,
  percentOfPlan,
  periodBounds,
  periodKindOf,
  samePeriodLastYear,
  standingOf,
} from './standing';
import type { KpiDefinition } from './schema';

const T0 = Date.UTC(2026, 10, 28, 3, 0, 0);

function started() {
  const h = domainHarness(kpiDomain, T0);
  h.tick();
  const kpi = (code: string) => h.out.get('kpi.values').find((value) => value.id === code)!;
  return { h, kpi };
}

describe('kpi domain', () => {
  it('validates periods, codes and values', () => {
    const h = domainHarness(kpiDomain, T0);
    expect(h.errors('kpi.value', { code: 'retail-sales', period: '2026-11', value: 1 })).toEqual([]);
    expect(
      h.errors('kpi.value', { code: 'retail-sales', period: '2026-Q4', value: 1, target: 2, previous: 0.5 }),
    ).toEqual([]);
    expect(h.errors('kpi.value', { code: 'retail-sales', period: '2026', value: 1 })).toEqual([]);
    expect(h.errors('kpi.value', { code: 'retail-sales', period: '2026-11-15', value: 1 })).toEqual([]);
    expect(h.errors('kpi.value', { code: 'retail-sales', period: '2026-13', value: 1 })[0]).toMatch(/^\/period/);
    expect(h.errors('kpi.value', { code: 'retail-sales', period: '2026-Q5', value: 1 })[0]).toMatch(/^\/period/);
    expect(h.errors('kpi.value', { code: 'Retail Sales', period: '2026', value: 1 })[0]).toMatch(/^\/code/);
    expect(h.errors('kpi.value', { code: 'x', period: '2026', value: 'much' })[0]).toMatch(/^\/value/);
    expect(h.errors('kpi.value', { code: 'x', period: '2026', value: 1, previous: 'last year' })[0]).toMatch(
      /^\/previous/,
    );
    expect(h.errors('kpi.value', { code: 'x', period: '2026', value: 1e13 })[0]).toMatch(/^\/value/);
    expect(h.errors('kpi.value', { code: 'x', period: '2026', value: 1, unit: '%' }).join()).toMatch(/additional/);
  });

  it('computes % of plan and standing in both directions', () => {
    expect(percentOfPlan(105, 100, true)).toBeCloseTo(1.05);
    expect(percentOfPlan(250, 350, false)).toBeCloseTo(1.4); // fewer trucks waiting than the limit: good
    expect(percentOfPlan(700, 350, false)).toBe(0.5);
    expect(percentOfPlan(0, 350, false)).toBe(Number.POSITIVE_INFINITY); // no truck waiting at all
    expect(standingOf(percentOfPlan(0, 350, false))).toBe('very_good');
    expect(percentOfPlan(10, null, true)).toBeNull();
    expect(percentOfPlan(10, 0, true)).toBeNull();
    expect([1.06, 1.05, 1.0, 0.99, 0.96, 0.95, 0.9, 0.85, 0.84, 0.5, null].map(standingOf)).toEqual([
      'very_good',
      'very_good',
      'good',
      'fair',
      'fair',
      'fair',
      'bad',
      'bad',
      'very_bad',
      'very_bad',
      'fair',
    ]);
    expect(samePeriodLastYear('2026-11')).toBe('2025-11');
    expect(samePeriodLastYear('2026-Q4')).toBe('2025-Q4');
    expect(samePeriodLastYear('2026')).toBe('2025');
    expect(['2026', '2026-Q4', '2026-11', '2026-11-15'].map(periodKindOf)).toEqual(['year', 'quarter', 'month', 'day']);
  });

  it('knows custom periods: the traffic-safety month from the 15th to the 14th', () => {
    expect(customPeriodContaining('2026-11-29', 15)).toBe('2026-11-15/2026-12-14');
    expect(customPeriodContaining('2026-11-14', 15)).toBe('2026-10-15/2026-11-14');
    expect(customPeriodContaining('2026-01-03', 15)).toBe('2025-12-15/2026-01-14');
    expect(nextPeriod('2026-12-15/2027-01-14')).toBe('2027-01-15/2027-02-14');
    expect(nextPeriod('2026-12')).toBe('2027-01');
    expect(samePeriodLastYear('2026-11-15/2026-12-14')).toBe('2025-11-15/2025-12-14');
    expect(periodKindOf('2026-11-15/2026-12-14')).toBe('custom');
    expect(periodBounds('2026-Q1')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(periodBounds('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(periodBounds('2026')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('refuses custom periods that cannot be, naming the period', () => {
    const h = domainHarness(kpiDomain, T0);
    expect(
      h.errors('kpi.value', { code: 'traffic-safety-crashes', period: '2026-11-15/2026-12-14', value: 3 }),
    ).toEqual([]);
    expect(h.errors('kpi.value', { code: 'traffic-safety-crashes', period: '2026-11-15/', value: 3 })[0]).toMatch(
      /^\/period/,
    );
    const aggregator = kpiDomain.createAggregator({
      fixtures: h.context.fixtures,
      timeZone: 'Asia/Ho_Chi_Minh',
      now: () => T0,
    });
    const check = (period: string) =>
      aggregator.check!([{ kind: 'kpi.value', data: { code: 'traffic-safety-crashes', period, value: 3 } }]);
    expect(check('2026-11-15/2026-12-14')).toBeNull();
    expect(check('2026-12-15/2026-01-14')).toMatchObject({
      index: 0,
      field: 'period',
      en: expect.stringContaining('ends before it starts'),
    });
    expect(check('2026-02-30')).toMatchObject({ field: 'period', en: expect.stringContaining('does not exist') });
    expect(check('2025-01-01/2026-06-01')).toMatchObject({
      field: 'period',
      en: expect.stringContaining('longer than a year'),
    });
  });

  it('shows the custom-period indicator with its interval, ceiling and last year’s same period', () => {
    const { h, kpi } = started();
    expect(kpi('traffic-safety-crashes')).toMatchObject({
      period: '2026-10-15/2026-11-14',
      periodKind: 'custom',
      periodFrom: '2026-10-15',
      periodTo: '2026-11-14',
      target: 6,
    });
    h.apply('kpi.value', { code: 'traffic-safety-crashes', period: '2026-11-15/2026-12-14', value: 3 });
    h.flush();
    const current = kpi('traffic-safety-crashes');
    expect(current).toMatchObject({ period: '2026-11-15/2026-12-14', value: 3, standing: 'very_good' }); // 3 crashes under a ceiling of 6
    expect(current.target).toBe(6); // derived: last year's ceiling × (2026 plan ÷ 2025 plan) = 7 × 6 / 7
    expect(current.previous).not.toBeNull();
  });

  it('derives a missing target from last year’s and the annual plans', () => {
    const annual = { '2025': 1280, '2026': 1370 };
    const targets: Record<string, number> = { '2025-11': 1173.3, '2025-Q4': 1280 };
    expect(derivedTarget('2026-11', annual, (p) => targets[p], 1)).toBe(1255.8); // 1173.3 × 1370 / 1280
    expect(derivedTarget('2026-Q4', annual, (p) => targets[p], 1)).toBe(1370);
    expect(derivedTarget('2026', annual, (p) => targets[p], 1)).toBe(1370);
    expect(derivedTarget('2027-01', annual, (p) => targets[p], 1)).toBeNull(); // no plan for 2027 yet
    expect(derivedTarget('2026-05', annual, (p) => targets[p], 1)).toBeNull(); // nothing known of 2025-05
  });

  it('starts from the fixtures: latest month, target, standing, last year’s same month, 12-month history', () => {
    const { h, kpi } = started();
    expect(
      h.out
        .get('kpi.values')
        .map((value) => value.id)
        .sort(),
    ).toEqual([
      'border-trade',
      'budget-revenue',
      'grdp-growth',
      'public-investment-disbursement',
      'retail-sales',
      'traffic-safety-crashes',
      'trucks-waiting',
    ]);
    expect(kpi('retail-sales')).toMatchObject({
      name: { vi: 'Tổng mức bán lẻ hàng hóa và dịch vụ', en: 'Retail sales of goods and services' },
      unit: { vi: 'tỷ đồng', en: 'billion VND' },
      period: '2026-10',
      value: 1452.2,
      target: 1489.3,
      previous: 1374.3,
      standing: 'fair', // 1452.2 / 1489.3 = 97.5 %
      history: [1360.7, 1635.4, 1942.9, 1844.5, 1542.4, 1467.6, 1542.3, 1442.3, 1559.2, 1424.3, 1448.4, 1452.2],
      historyPeriods: [
        '2025-11',
        '2025-12',
        '2026-01',
        '2026-02',
        '2026-03',
        '2026-04',
        '2026-05',
        '2026-06',
        '2026-07',
        '2026-08',
        '2026-09',
        '2026-10',
      ],
      source: 'Phòng Kinh tế thành phố',
      periodKind: 'month',
      periodFrom: '2026-10-01',
      periodTo: '2026-10-31',
    });
    expect(kpi('retail-sales').percentOfPlan).toBeCloseTo(1452.2 / 1489.3, 6);
    expect(kpi('retail-sales').changeVsLastYear).toBeCloseTo((1452.2 - 1374.3) / 1374.3, 6);
    expect(kpi('retail-sales').organisation).toMatch(/^Phòng/);
    // GRDP is released per quarter: the third quarter's figure, against the same quarter last year.
    expect(kpi('grdp-growth')).toMatchObject({
      period: '2026-Q3',
      periodKind: 'quarter',
      periodFrom: '2026-07-01',
      periodTo: '2026-09-30',
      value: 7.61,
      target: 8,
      previous: 6.86,
      standing: 'fair',
      running: false,
    }); // 95.1 %
    expect(kpi('grdp-growth').historyPeriods.slice(-3)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
    // Lower is better: 244 trucks against a limit of 350 is 143 % of plan.
    expect(kpi('trucks-waiting')).toMatchObject({ value: 244, target: 350, previous: 290, standing: 'very_good' });
  });

  it("says when the fixtures' figures were updated, whenever the aggregator was made (a restart agrees with a full replay)", () => {
    const early = domainHarness(kpiDomain, T0);
    const late = domainHarness(kpiDomain, T0 + 3 * 86_400_000);
    for (const h of [early, late]) h.tick(T0 + 4 * 86_400_000);
    const updatedAt = (h: typeof early) => Object.fromEntries(h.out.get('kpi.values').map((v) => [v.id, v.updatedAt]));
    expect(updatedAt(late)).toEqual(updatedAt(early));
    // Monthly history up to October 2026: known from 1/11/2026 00:00 in Hà Nội (UTC+7).
    expect(updatedAt(early)['retail-sales']).toBe(Date.UTC(2026, 9, 31, 17, 0, 0));
    // Quarterly up to 2026-Q3: from 1/10/2026.
    expect(updatedAt(early)['grdp-growth']).toBe(Date.UTC(2026, 8, 30, 17, 0, 0));
  });

  it('applies reported values on top: standing, same period last year, history, derived targets', () => {
    const { h, kpi } = started();
    h.apply('kpi.value', { code: 'retail-sales', period: '2026-11', value: 1600, target: 1500 });
    h.flush();
    expect(kpi('retail-sales')).toMatchObject({
      period: '2026-11',
      value: 1600,
      target: 1500,
      previous: 1360.7,
      standing: 'very_good',
      updatedAt: T0,
    });
    expect(kpi('retail-sales').history).toEqual([
      1635.4, 1942.9, 1844.5, 1542.4, 1467.6, 1542.3, 1442.3, 1559.2, 1424.3, 1448.4, 1452.2, 1600,
    ]);

    // No target sent: the plan comes from last November's and the annual plans (350 × 350 / 350).
    h.apply('kpi.value', { code: 'trucks-waiting', period: '2026-11', value: 700 });
    h.flush();
    expect(kpi('trucks-waiting')).toMatchObject({
      period: '2026-11',
      value: 700,
      target: 350,
      previous: 387,
      standing: 'very_bad',
    });
    // Year to date: the prorated plan, 1173.3 × 1370 / 1280.
    h.apply('kpi.value', { code: 'budget-revenue', period: '2026-11', value: 1250 });
    h.flush();
    expect(kpi('budget-revenue')).toMatchObject({ target: 1255.8, previous: 1161.9, standing: 'fair' }); // 99.5 %
    // A revision without a target keeps the one already known for that period.
    h.apply('kpi.value', { code: 'retail-sales', period: '2026-11', value: 1400 });
    h.flush();
    expect(kpi('retail-sales')).toMatchObject({ value: 1400, target: 1500, standing: 'bad' }); // 93.3 %
    expect(kpi('retail-sales').history.at(-1)).toBe(1400);
    expect(kpi('retail-sales').history).toHaveLength(12);
  });

  it('takes last year’s value from the source when the history does not have it, else the history', () => {
    const { h, kpi } = started();
    h.apply('kpi.value', { code: 'grdp-growth', period: '2027-Q4', value: 8.2, target: 8.5, previous: 7.4 });
    h.flush();
    expect(kpi('grdp-growth')).toMatchObject({ period: '2027-Q4', previous: 7.4, standing: 'fair' }); // 96.5 %
    h.apply('kpi.value', { code: 'grdp-growth', period: '2026-Q4', value: 7.3 });
    h.flush();
    expect(kpi('grdp-growth').previous).toBe(7.3); // the history now has 2026-Q4: it wins over the reported 7.4
  });

  it('keeps other period kinds apart: a quarterly figure neither replaces the month nor enters its history', () => {
    const { h, kpi } = started();
    h.apply('kpi.value', { code: 'border-trade', period: '2026-Q4', value: 2100 });
    h.flush();
    expect(kpi('border-trade')).toMatchObject({ period: '2026-10', value: 673 });
    expect(kpi('border-trade').history).not.toContain(2100);
  });

  it('says which period is still running in the city calendar, and gives a year-to-date figure its annual plan', () => {
    const { h, kpi } = started();
    // 28 November: October has ended, so its figures are final and judged.
    expect(kpi('retail-sales')).toMatchObject({
      period: '2026-10',
      running: false,
      cumulative: false,
      higherIsBetter: true,
    });
    expect(kpi('budget-revenue')).toMatchObject({ cumulative: true, annualTarget: 1370, target: 1141.7 });
    expect(kpi('trucks-waiting')).toMatchObject({ higherIsBetter: false });
    h.apply('kpi.value', { code: 'retail-sales', period: '2026-11', value: 900 });
    h.flush();
    expect(kpi('retail-sales')).toMatchObject({ period: '2026-11', running: true });
    // 1 December, 00:30 in Lạng Sơn (17:30 UTC on 30 November): November is over, without a new event.
    h.tick(Date.UTC(2026, 10, 30, 17, 30));
    expect(kpi('retail-sales')).toMatchObject({ period: '2026-11', running: false });
  });

  it('ignores indicators the city has not defined', () => {
    const { h } = started();
    const before = h.out.changes.length;
    h.apply('kpi.value', { code: 'unknown-indicator', period: '2026-11', value: 1 });
    h.flush();
    expect(h.out.get('kpi.values')).toHaveLength(7);
    expect(h.out.changes.length).toBe(before);
  });

  it('defines every indicator with names, units, plans, source and a year-to-date flag that its history obeys', () => {
    const { h } = started();
    const definitions = h.context.fixtures.readJson<{ indicators: KpiDefinition[] }>('kpi/definitions.json').indicators;
    for (const definition of definitions) {
      expect(
        definition.name.vi &&
          definition.name.en &&
          definition.unit.vi &&
          definition.unit.en &&
          definition.source &&
          definition.organisation,
      ).toBeTruthy();
      expect(Object.keys(definition.annualTarget)).toEqual(['2023', '2024', '2025', '2026']);
      // Three years and more: 36 months, or 12 quarters for a quarterly release (GRDP).
      expect(definition.history.length).toBeGreaterThanOrEqual(definition.periodKind === 'quarter' ? 12 : 36);
      if (!definition.cumulative) continue;
      // Year to date never falls within a year, and ends near the annual plan.
      for (let i = 1; i < definition.history.length; i++) {
        const [previous, current] = [definition.history[i - 1]!, definition.history[i]!];
        if (previous.period.slice(0, 4) === current.period.slice(0, 4))
          expect(current.value, current.period).toBeGreaterThan(previous.value);
      }
    }
    expect(definitions.filter((definition) => definition.cumulative).map((definition) => definition.code)).toEqual([
      'budget-revenue',
      'public-investment-disbursement',
    ]);
    expect(definitions.find((definition) => definition.code === 'trucks-waiting')!.higherIsBetter).toBe(false);
  });

  it('refuses a year-to-date figure that would fall within a year, naming the value in both languages', () => {
    const { h } = started();
    h.apply('kpi.value', { code: 'budget-revenue', period: '2026-11', value: 1270 });
    const check = (...values: Array<[string, number]>) =>
      h.aggregator.check!(
        values.map(([period, value]) => ({ kind: 'kpi.value', data: { code: 'budget-revenue', period, value } })),
      );
    // November 2026 stood at 1,270; the December report said 1,236 and the wall showed the fall.
    const falling = check(['2026-12', 1236]);
    expect(falling).toMatchObject({ index: 0, field: 'value' });
    expect(falling!.vi).toMatch(/lũy kế/);
    expect(falling!.en).toMatch(/never falls/);
    expect(check(['2026-12', 1290])).toBeNull();
    // Lowering November below October (as stored) is refused too, and a batch sees its own months.
    expect(check(['2026-10', 1300])).toMatchObject({ field: 'value' });
    expect(check(['2026-11', 1300], ['2026-12', 1280])).toMatchObject({ index: 1, field: 'value' });
    // January starts a new sum; an indicator that is not year-to-date may fall.
    expect(check(['2027-01', 90])).toBeNull();
    expect(
      h.aggregator.check!([{ kind: 'kpi.value', data: { code: 'retail-sales', period: '2026-12', value: 1 } }]),
    ).toBeNull();
  });

  it("simulates year-to-date figures that never fall, whatever the simulator's random draws", () => {
    const now = Date.UTC(2026, 11, 3, 3, 0, 0);
    for (let seed = 1; seed <= 40; seed++) {
      const h = domainHarness(kpiDomain, now);
      const simulator = kpiDomain.createSimulator!(h.context, mulberry32(seed));
      const events = simulator.seed(now);
      // Every seeded month is accepted by the aggregator's own rule, in order.
      for (const event of events) {
        expect(h.aggregator.check!([event]), `seed ${seed} ${JSON.stringify(event.data)}`).toBeNull();
        h.apply(event.kind, event.data as Record<string, unknown>);
      }
      for (let step = 0; step < 200; step++) {
        for (const event of simulator.step(now + step * 40_000, 40_000, 1)) {
          expect(h.aggregator.check!([event]), `seed ${seed} step ${step}`).toBeNull();
          h.apply(event.kind, event.data as Record<string, unknown>);
        }
      }
    }
  });
});

describe('kpi simulator: GRDP is a quarterly release', () => {
  it('releases each quarter once, after it ends, and never moves it between releases', () => {
    const grdp = (events: Array<{ data: unknown }>) =>
      events
        .map((event) => event.data as { code: string; period: string; value: number })
        .filter((d) => d.code === 'grdp-growth');
    // 3 December 2026: the fourth quarter is running; the third (in the fixtures) stands.
    const december = Date.UTC(2026, 11, 3, 3, 0, 0);
    const simulator = kpiDomain.createSimulator!(domainHarness(kpiDomain, december).context, mulberry32(5));
    expect(grdp(simulator.seed(december))).toEqual([]);
    const stepped: Array<{ data: unknown }> = [];
    for (let step = 0; step < 1000; step++) stepped.push(...simulator.step(december + step * 40_000, 40_000, 1));
    expect(stepped.length).toBeGreaterThan(50); // the other indicators did move
    expect(grdp(stepped)).toEqual([]);
    // 2 January 2027: the fourth quarter has ended and is released, once.
    const january = Date.UTC(2027, 0, 2, 3, 0, 0);
    const later: Array<{ data: unknown }> = [];
    for (let step = 0; step < 1000; step++) later.push(...simulator.step(january + step * 40_000, 40_000, 1));
    expect(grdp(later).map((d) => d.period)).toEqual(['2026-Q4']);
    // Seeded from scratch in February 2027, the released quarters are filled in, none running.
    const february = Date.UTC(2027, 1, 10, 3, 0, 0);
    const fresh = kpiDomain.createSimulator!(domainHarness(kpiDomain, february).context, mulberry32(5));
    expect(grdp(fresh.seed(february)).map((d) => d.period)).toEqual(['2026-Q4']);
  });
});

describe('kpi simulator after a restart', () => {
  it('leaves a year-to-date figure alone rather than guess it below what it stored before', () => {
    const now = Date.UTC(2026, 11, 3, 3, 0, 0);
    const h = domainHarness(kpiDomain, now);
    // A restarted server does not seed again: the simulator knows only the fixture history.
    const simulator = kpiDomain.createSimulator!(h.context, mulberry32(7));
    const codes = new Set<string>();
    for (let step = 0; step < 500; step++)
      for (const event of simulator.step(now + step * 40_000, 40_000, 1))
        codes.add((event.data as { code: string }).code);
    expect(codes.size).toBeGreaterThan(3);
    expect([...codes].filter((code) => code === 'budget-revenue' || code === 'public-investment-disbursement')).toEqual(
      [],
    );
  });
});

/** A small seeded random generator, so that each draw sequence can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
