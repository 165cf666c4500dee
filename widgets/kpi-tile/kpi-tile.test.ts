import { describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import { Value } from 'typebox/value';
import KpiTile from './KpiTile.svelte';
import manifest from './manifest';
import { bindKpiTile, sparklinePoints } from './bind';
import { options, type KpiTileOptions } from './options';
import type { KpiValue, ReportSummary } from '../../server/protocol/topics';
import type { TopicData } from '../widget';

const kpi: KpiValue = {
  id: 'retail-sales',
  name: { vi: 'Tổng mức bán lẻ', en: 'Retail sales' },
  unit: { vi: 'tỷ đồng', en: 'billion VND' },
  period: '2026-11',
  value: 1523.4,
  target: 1450,
  previous: 1400,
  standing: 'very_good',
  history: [1300, 1350, 1523.4],
  historyPeriods: [],
  source: 'test',
  updatedAt: 0,
  periodKind: 'month',
  periodFrom: '2026-11-01',
  periodTo: '2026-11-30',
  percentOfPlan: 1523.4 / 1450,
  changeVsLastYear: 123.4 / 1400,
  organisation: 'test',
  higherIsBetter: true,
  running: false,
  cumulative: false,
  annualTarget: 18988.5,
};
const defaults = (extra: Partial<KpiTileOptions>) => Value.Default(options, { ...extra }) as KpiTileOptions;

describe('kpi-tile', () => {
  it('binds a KPI by code and a summary field', () => {
    expect(bindKpiTile({ 'kpi.values': [kpi] }, defaults({ code: 'retail-sales' }))).toMatchObject({
      value: 1523.4,
      standing: 'very_good',
      previous: 1400,
    });
    expect(bindKpiTile({ 'kpi.values': [kpi] }, defaults({ code: 'nope' }))).toBeNull();
    expect(bindKpiTile({}, defaults({ code: 'retail-sales' }))).toBeNull();
    const summary = { onTimeRate: 0.62 } as ReportSummary;
    const tile = bindKpiTile(
      { 'reports.summary': summary },
      defaults({ topic: 'reports.summary', field: 'onTimeRate', good: 0.9, bad: 0.7 }),
    );
    expect(tile).toMatchObject({ value: 0.62, standing: 'bad' });
    expect(manifest.topics(defaults({ topic: 'traffic.summary', field: 'deathsToday' }))).toEqual(['traffic.summary']);
  });

  it('reads a number at a dotted path of any topic, so a new domain needs no change here', () => {
    // A topic this widget has never heard of: the pair comes from the dashboard.
    const data = { 'tourism.summary': { visitors: { today: 1245, rate: 0.42 }, label: 'x' } } as unknown as TopicData;
    const o = defaults({ topic: 'tourism.summary', field: 'visitors.today', good: 1000, bad: 500 });
    expect(bindKpiTile(data, o)).toMatchObject({ value: 1245, standing: 'good', target: null, history: [] });
    expect(manifest.topics(o)).toEqual(['tourism.summary']);
    // Not there yet: waiting. There, but the path leads nowhere or to a non-number: "—", not a made-up 0.
    expect(bindKpiTile({}, o)).toBeNull();
    expect(bindKpiTile(data, defaults({ topic: 'tourism.summary', field: 'visitors.tomorrow' }))).toMatchObject({
      value: null,
      standing: null,
    });
    expect(bindKpiTile(data, defaults({ topic: 'tourism.summary', field: 'label' }))).toMatchObject({ value: null });
    expect(bindKpiTile(data, defaults({ topic: 'tourism.summary', field: 'visitors' }))).toMatchObject({ value: null });
  });

  it('accepts any topic name and a dotted field in its options, and refuses malformed ones', () => {
    const check = (extra: Record<string, unknown>) => Value.Check(options, Value.Default(options, { ...extra }));
    expect(check({ topic: 'tourism.summary', field: 'visitors.today' })).toBe(true);
    expect(check({ code: 'grdp-growth' })).toBe(true);
    expect(check({ topic: 'tourism', field: 'x' })).toBe(false);
    expect(check({ topic: 'tourism.summary', field: 'visitors..today' })).toBe(false);
    expect(check({ topic: 'tourism.summary', field: '__proto__' })).toBe(false);
  });

  it('draws the sparkline across the box', () => {
    expect(sparklinePoints([1, 2, 3])).toBe('0.0,28.0 50.0,15.0 100.0,2.0');
    expect(sparklinePoints([5])).toBe('');
  });

  it('renders the value in vi-VN with plan and year-on-year change', () => {
    const target = document.createElement('div');
    const o = defaults({ code: 'retail-sales', digits: 1 });
    const component = mount(KpiTile, {
      target,
      props: {
        input: bindKpiTile({ 'kpi.values': [kpi] }, o)!,
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
    expect(target.querySelector('.number')!.textContent).toBe('1.523,4');
    expect(target.querySelector('.unit')!.textContent).toBe('tỷ đồng');
    expect(target.textContent).toContain('105,1% kế hoạch tháng');
    expect(target.querySelector('.change')!.textContent).toContain('▲ +8,8% so với cùng kỳ');
    expect(target.querySelector('.period')!.textContent).toBe('T11/2026');
    expect(target.querySelector('.tile')!.classList.contains('meaning-met')).toBe(true);
    unmount(component);
  });

  it('compares like with like: a year-to-date sum with the annual plan, a running month as "so far" and unjudged', () => {
    const budget: KpiValue = {
      ...kpi,
      id: 'budget-revenue',
      value: 1236,
      target: 1370,
      annualTarget: 1370,
      cumulative: true,
      period: '2026-12',
      running: true,
      standing: 'bad',
    };
    const input = bindKpiTile({ 'kpi.values': [budget] }, defaults({ code: 'budget-revenue' }))!;
    expect(input.plan).toEqual({ ratio: 1236 / 1370, basis: 'year' });
    expect(input.meaning).toBe('neutral');
    expect(
      bindKpiTile({ 'kpi.values': [{ ...budget, running: false }] }, defaults({ code: 'budget-revenue' }))!.meaning,
    ).toBe('alarm');
    // A ceiling already passed is judged even while its period runs: 11 crashes against 6.
    const crashes: KpiValue = {
      ...kpi,
      id: 'crashes',
      value: 11,
      target: 6,
      higherIsBetter: false,
      running: true,
      standing: 'very_bad',
    };
    expect(bindKpiTile({ 'kpi.values': [crashes] }, defaults({ code: 'crashes' }))).toMatchObject({
      meaning: 'alarm',
      plan: { basis: 'limit' },
    });
    const target = document.createElement('div');
    const o = defaults({ code: 'budget-revenue' });
    const component = mount(KpiTile, {
      target,
      props: {
        input,
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
    expect(target.textContent).toContain('90,2% kế hoạch năm');
    expect(target.querySelector('.period')!.textContent).toBe('T12/2026 đến hiện tại');
    expect(target.querySelector('.tile')!.getAttribute('data-meaning')).toBe('neutral');
    unmount(component);
  });

  it('leaves the ratios to the target and to last year out where the dashboard says so (public panels), keeping unit and period', () => {
    const target = document.createElement('div');
    const trucks = {
      ...kpi,
      id: 'trucks-waiting',
      unit: { vi: 'xe', en: 'trucks' },
      value: 849,
      target: 350,
      previous: 700,
    };
    const o = defaults({ code: 'trucks-waiting', higherIsBetter: false, compare: false });
    const component = mount(KpiTile, {
      target,
      props: {
        input: bindKpiTile({ 'kpi.values': [trucks] }, o)!,
        options: o,
        locale: 'vi',
        timeZone: 'Asia/Ho_Chi_Minh',
        profile: 'led',
        city: { center: [106.76, 21.85], zoom: 12, wardBoundariesSchematic: true },
        serverNow: Date.now,
        now: 0,
      },
    });
    flushSync();
    expect(target.querySelector('.number')!.textContent).toBe('849');
    expect(target.querySelector('.unit')!.textContent).toBe('xe');
    expect(target.textContent).not.toContain('%');
    expect(target.textContent).not.toContain('ngưỡng');
    expect(target.querySelector('.change')).toBeNull();
    expect(target.querySelector('.period')!.textContent).toBe('T11/2026');
    unmount(component);
  });
});
