import { describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { Value } from 'typebox/value';
import Gauge from './Gauge.svelte';
import { arcPath, bindGauge } from './bind';
import { options, type GaugeOptions } from './options';
import type { KpiValue } from '../../server/protocol/topics';

const kpi: KpiValue = {
  id: 'public-investment-disbursement',
  name: { vi: 'Giải ngân', en: 'Disbursed' },
  unit: { vi: '% kế hoạch', en: '% of plan' },
  period: '2026-11',
  value: 72,
  target: 90,
  previous: null,
  standing: 'bad',
  history: [],
  historyPeriods: [],
  source: 't',
  updatedAt: 0,
  periodKind: 'month',
  periodFrom: '2026-11-01',
  periodTo: '2026-11-30',
  percentOfPlan: 0.8,
  changeVsLastYear: null,
  organisation: 't',
  higherIsBetter: true,
  running: false,
  cumulative: false,
  annualTarget: 1080,
};
/** A year-to-date sum: November's 980 against the year's plan of 1.370, with 1.255,8 due by now. */
const yearToDate: KpiValue = {
  ...kpi,
  id: 'budget-revenue',
  unit: { vi: 'tỷ đồng', en: 'billion VND' },
  value: 980,
  target: 1255.8,
  annualTarget: 1370,
  cumulative: true,
  standing: 'very_bad',
};
const o = Value.Default(options, { code: 'public-investment-disbursement' }) as GaugeOptions;

describe('gauge widget', () => {
  it('binds achievement against the plan of the same period, coloured by its meaning', () => {
    expect(bindGauge({ 'kpi.values': [kpi] }, o)).toMatchObject({
      ratio: 0.8,
      plan: 90,
      basis: 'period',
      meaning: 'alarm',
    });
    // Still running: a month's figure so far is not judged yet.
    expect(bindGauge({ 'kpi.values': [{ ...kpi, running: true }] }, o)).toMatchObject({ meaning: 'neutral' });
    expect(bindGauge({ 'kpi.values': [{ ...kpi, target: null }] }, o)).toBeNull();
    expect(bindGauge({}, o)).toBeNull();
  });

  it('compares a year-to-date sum with the annual plan, and marks where the plan stands by now', () => {
    const input = bindGauge({ 'kpi.values': [yearToDate] }, { ...o, code: 'budget-revenue' })!;
    expect(input).toMatchObject({ value: 980, plan: 1370, basis: 'year', meaning: 'alarm' });
    expect(input.ratio).toBeCloseTo(980 / 1370, 9);
    expect(input.dueByNow).toBeCloseTo(1255.8 / 1370, 9);
    // A ceiling is a limit, not a plan: 244 trucks against 350.
    const ceiling = {
      ...kpi,
      id: 'trucks',
      value: 244,
      target: 350,
      higherIsBetter: false,
      standing: 'very_good' as const,
    };
    expect(bindGauge({ 'kpi.values': [ceiling] }, { ...o, code: 'trucks' })).toMatchObject({
      basis: 'limit',
      meaning: 'met',
    });
  });

  it('draws the arc from the left end, clamped to the scale', () => {
    expect(arcPath(0)).toBe('M 10 50 A 40 40 0 0 1 10.00 50.00');
    expect(arcPath(1)).toBe('M 10 50 A 40 40 0 0 1 90.00 50.00');
    expect(arcPath(0.5)).toBe('M 10 50 A 40 40 0 0 1 50.00 10.00');
    expect(arcPath(7)).toBe(arcPath(1));
  });

  it('shows the percentage in vi-VN', () => {
    const target = document.createElement('div');
    const component = mount(Gauge, {
      target,
      props: {
        input: bindGauge({ 'kpi.values': [kpi] }, o)!,
        options: o,
        locale: 'vi',
        timeZone: 'Asia/Ho_Chi_Minh',
        profile: 'wall',
        city: { center: [106.76, 21.85], zoom: 12, wardBoundariesSchematic: true },
        serverNow: Date.now,
        now: 0,
      },
    });
    flushSync();
    expect(target.querySelector('.percent')!.textContent).toBe('80,0%');
    expect(target.textContent).toContain('72,0 / KH kỳ 90,0 % kế hoạch');
    expect(target.querySelector('.gauge')!.classList.contains('meaning-alarm')).toBe(true);
    unmount(component);
  });
});
