/** The exceptions model: baselines, thresholds, plan, direction, since-when, feed silence, ranking. */
import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { ExceptionRule, type AnomalyRule, type ThresholdRule } from '../../config/schema/exceptions';
import { daysBefore, median, sameWeekdayBaseline, type DailyRow } from './baseline';
import { evaluate, type ExceptionInputs } from './evaluate';
import type { FeedSilence } from './feed-silence';
import { rankExceptions } from './rank';
import type { ExceptionItem } from '../protocol/topics/exceptions';

const TZ = 'Asia/Ho_Chi_Minh';
// 10:00 on Friday 4/12/2026 in Hà Nội.
const NOW = Date.UTC(2026, 11, 4, 3, 0, 0);
const TODAY = '2026-12-04';

const threshold = (rule: Partial<ThresholdRule>): ThresholdRule =>
  Value.Default(ExceptionRule, {
    id: 'rule',
    kind: 'threshold',
    label: { vi: 'Chỉ tiêu', en: 'Indicator' },
    topic: 't.summary',
    field: 'value',
    direction: 'higher-is-bad',
    ...rule,
  }) as ThresholdRule;

const anomaly = (rule: Partial<AnomalyRule> = {}): AnomalyRule =>
  Value.Default(ExceptionRule, {
    id: 'today',
    kind: 'anomaly',
    label: { vi: 'Phản ánh hôm nay', en: 'Reports today' },
    topic: 'reports.history',
    field: 'days',
    valueField: 'received',
    direction: 'higher-is-bad',
    alarmFactor: 4,
    ...rule,
  }) as AnomalyRule;

const inputs = (topics: Record<string, unknown>, feeds: FeedSilence[] = []): ExceptionInputs => ({
  topic: (name) => topics[name],
  feeds,
});

/** A daily series: `days` days up to today, each weekday's usual from `usual`, today's `today`. */
function series(days: number, usual: (date: string) => number, today: number) {
  return {
    days: Array.from({ length: days }, (_, i) => {
      const date = daysBefore(TODAY, days - 1 - i);
      return { date, received: date === TODAY ? today : usual(date) };
    }),
  };
}

describe('baseline: the median of the same weekday over 8 weeks', () => {
  it('takes the same weekday only, over the weeks asked', () => {
    const rows: DailyRow[] = [];
    for (let day = 1; day <= 70; day++)
      rows.push({ date: daysBefore(TODAY, day), value: day % 7 === 0 ? 30 + day : 5 });
    // Fridays 7, 14, … 56 days before: 37, 44, … 86; the median of 8 is (58 + 65) / 2.
    expect(sameWeekdayBaseline(rows, TODAY, 8, 4)).toEqual({ median: 61.5, days: 8 });
    expect(median([3, 1, 2])).toBe(2);
    expect(daysBefore('2026-03-01', 1)).toBe('2026-02-28');
  });

  it('too little history: no baseline, so no flag however large today is', () => {
    const twoWeeks = series(15, () => 25, 500);
    expect(
      sameWeekdayBaseline(
        twoWeeks.days.map((d) => ({ date: d.date, value: d.received })),
        TODAY,
        8,
        4,
      ),
    ).toBe(null);
    expect(evaluate([anomaly()], inputs({ 'reports.history': twoWeeks }), NOW, TZ, new Map()).items).toEqual([]);
  });

  it('147 against a usual of 25 is an alarm; 60 an anomaly; 40 nothing; a surge in the past does not raise the bar', () => {
    // One Friday four weeks back had 400: the median stays at the usual.
    const usual = (date: string) => (date === daysBefore(TODAY, 28) ? 400 : 25);
    const judge = (today: number) =>
      evaluate([anomaly()], inputs({ 'reports.history': series(57, usual, today) }), NOW, TZ, new Map()).items;
    expect(judge(147)).toEqual([
      expect.objectContaining({ id: 'today', severity: 'alarm', basis: 'baseline', value: 147, reference: 25 }),
    ]);
    expect(judge(60)).toEqual([expect.objectContaining({ severity: 'anomaly', value: 60, reference: 25 })]);
    expect(judge(40)).toEqual([]);
  });

  it('a weekday is compared with its own kind: a busy Monday pattern does not make a Friday unusual', () => {
    const mondaysBusy = (date: string) => (new Date(`${date}T12:00:00Z`).getUTCDay() === 1 ? 120 : 20);
    const items = evaluate(
      [anomaly()],
      inputs({ 'reports.history': series(57, mondaysBusy, 100) }),
      NOW,
      TZ,
      new Map(),
    ).items;
    expect(items).toEqual([expect.objectContaining({ reference: 20, severity: 'alarm' })]);
  });
});

describe('thresholds', () => {
  it('absolute, higher-is-bad: warn, alarm, and at the limit itself nothing', () => {
    const rule = threshold({ warn: 450, alarm: 600 });
    const judge = (value: number) => evaluate([rule], inputs({ 't.summary': { value } }), NOW, TZ, new Map()).items;
    expect(judge(450)).toEqual([]);
    expect(judge(451)).toEqual([expect.objectContaining({ severity: 'warn', reference: 450, basis: 'absolute' })]);
    expect(judge(700)).toEqual([expect.objectContaining({ severity: 'alarm', reference: 600, value: 700 })]);
  });

  it('lower-is-bad is a floor', () => {
    const rule = threshold({ direction: 'lower-is-bad', warn: 0.9, alarm: 0.7 });
    const judge = (value: number) => evaluate([rule], inputs({ 't.summary': { value } }), NOW, TZ, new Map()).items;
    expect(judge(0.95)).toEqual([]);
    expect(judge(0.8)).toEqual([expect.objectContaining({ severity: 'warn' })]);
    expect(judge(0.5)).toEqual([expect.objectContaining({ severity: 'alarm' })]);
  });

  it('against plan: trucks at 237 % of their ceiling are an alarm; budget at 94 % of plan in a running December is not', () => {
    const kpis = [
      { id: 'trucks-waiting', value: 829.5, target: 350, running: true },
      { id: 'budget-revenue', value: 1236, target: 1315, running: true },
    ];
    const rules = [
      threshold({ id: 'trucks', topic: 'kpi.values', item: 'trucks-waiting', against: 'plan', warn: 1.2, alarm: 1.5 }),
      threshold({
        id: 'budget',
        topic: 'kpi.values',
        item: 'budget-revenue',
        against: 'plan',
        direction: 'lower-is-bad',
        finalOnly: true,
        warn: 0.95,
        alarm: 0.9,
      }),
    ];
    const { items } = evaluate(rules, inputs({ 'kpi.values': kpis }), NOW, TZ, new Map());
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: 'trucks', severity: 'alarm', basis: 'plan', reference: 1.5 });
    expect(items[0]!.value).toBeCloseTo(2.37, 2);
    // The same 94 % once the month has ended, under a rule that says warn below 95 %: a warning, not an alarm.
    const ended = evaluate(rules, inputs({ 'kpi.values': [{ ...kpis[1], running: false }] }), NOW, TZ, new Map());
    expect(ended.items).toEqual([expect.objectContaining({ id: 'budget', severity: 'warn' })]);
  });

  it('per unit: each ward over its limit is its own exception, named and keyed', () => {
    const rule = threshold({
      id: 'overdue',
      topic: 'reports.summary',
      each: 'byWard',
      field: 'overdue',
      unitField: 'name',
      keyField: 'ward',
      warn: 8,
      alarm: 15,
    });
    const summary = {
      byWard: [
        { ward: '01', name: 'Phường Lương Văn Tri', overdue: 20 },
        { ward: '02', name: 'Phường Đông Kinh', overdue: 9 },
        { ward: '03', name: 'Xã Mai Pha', overdue: 2 },
      ],
    };
    const { items } = evaluate([rule], inputs({ 'reports.summary': summary }), NOW, TZ, new Map());
    expect(items.map((item) => [item.id, item.severity, item.unit, item.field])).toEqual([
      ['overdue:01', 'alarm', 'Phường Lương Văn Tri', 'byWard.overdue'],
      ['overdue:02', 'warn', 'Phường Đông Kinh', 'byWard.overdue'],
    ]);
  });

  it('a topic not yet published or a field missing gives nothing, not an error', () => {
    const rule = threshold({ warn: 1 });
    expect(evaluate([rule], inputs({}), NOW, TZ, new Map()).items).toEqual([]);
    expect(evaluate([rule], inputs({ 't.summary': { other: 3 } }), NOW, TZ, new Map()).items).toEqual([]);
  });
});

describe('since when', () => {
  it('is the first evaluation that saw it, kept while it lasts, and starts again after it ended', () => {
    const rule = threshold({ alarm: 10 });
    const at = (value: number, now: number, since: Map<string, number>) =>
      evaluate([rule], inputs({ 't.summary': { value } }), now, TZ, since);
    const first = at(12, NOW, new Map());
    expect(first.items[0]!.since).toBe(NOW);
    const later = at(30, NOW + 60_000, first.since);
    expect(later.items[0]!.since).toBe(NOW);
    const gone = at(5, NOW + 120_000, later.since);
    expect(gone.items).toEqual([]);
    expect(at(12, NOW + 180_000, gone.since).items[0]!.since).toBe(NOW + 180_000);
  });
});

describe('a feed silent past its limit (injected clock)', () => {
  const feed: FeedSilence = {
    id: 'dem-xe-mqtt',
    title: { vi: 'Trạm đếm xe (MQTT)', en: 'Traffic counters (MQTT)' },
    staleAfterSeconds: 900,
    lastHeardAt: NOW - 15 * 60_000,
    paused: false,
  };
  const at = (now: number, f: FeedSilence = feed) => evaluate([], inputs({}, [f]), now, TZ, new Map()).items;

  it('within its limit: nothing; one second past it: an alarm saying since when, in the city’s time', () => {
    expect(at(NOW)).toEqual([]);
    const [item] = at(NOW + 1000);
    expect(item).toMatchObject({
      id: 'feed:dem-xe-mqtt',
      severity: 'alarm',
      basis: 'silence',
      value: 15,
      reference: 15,
      label: {
        vi: 'Nguồn dữ liệu “Trạm đếm xe (MQTT)” im lặng từ 09:45',
        en: 'Feed “Traffic counters (MQTT)” silent since 09:45',
      },
    });
    expect(at(NOW + 45 * 60_000)[0]!.value).toBe(60);
  });

  it('a paused feed, a feed without a limit or one not yet listening is never stale', () => {
    expect(at(NOW + 3_600_000, { ...feed, paused: true })).toEqual([]);
    expect(at(NOW + 3_600_000, { ...feed, staleAfterSeconds: 0 })).toEqual([]);
    expect(at(NOW + 3_600_000, { ...feed, lastHeardAt: null })).toEqual([]);
  });

  it('silent since another day says the date', () => {
    expect(at(NOW + 86_400_000)[0]!.label.vi).toBe('Nguồn dữ liệu “Trạm đếm xe (MQTT)” im lặng từ 09:45 04/12/2026');
  });
});

describe('ranking', () => {
  it('alarm before warn before anomaly, then the oldest first', () => {
    const item = (id: string, severity: ExceptionItem['severity'], since: number): ExceptionItem => ({
      id,
      rule: id,
      severity,
      basis: 'absolute',
      label: { vi: id, en: id },
      topic: 't',
      field: 'f',
      unit: null,
      unitKey: null,
      value: 1,
      reference: 1,
      ratio: 1,
      measure: null,
      since,
    });
    const ranked = rankExceptions([
      item('a', 'anomaly', 1),
      item('w-new', 'warn', 50),
      item('al-new', 'alarm', 40),
      item('w-old', 'warn', 10),
      item('al-old', 'alarm', 20),
    ]);
    expect(ranked.map((i) => i.id)).toEqual(['al-old', 'al-new', 'w-old', 'w-new', 'a']);
  });
});
